import { useEffect, useState } from "react";
import { api, errorText } from "../api.ts";
import { useI18n } from "../i18n/index.tsx";

/**
 * A GET kept while its `url` stands: the last answer (kept while the next
 * loads), the error, and whether one is on its way. An answer to a url since
 * left is dropped.
 */
export function useGet<T>(url: string): { data: T | undefined; error: string | undefined; busy: boolean } {
  const { t, lang } = useI18n();
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let alive = true;
    setBusy(true);
    api<T>("GET", url)
      .then((r) => {
        if (!alive) return;
        setData(r);
        setError(undefined);
      })
      .catch((err: unknown) => alive && setError(errorText(t, err, lang)))
      .finally(() => alive && setBusy(false));
    return () => {
      alive = false;
    };
  }, [url, t, lang]);
  return { data, error, busy };
}
