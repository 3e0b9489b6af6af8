import { useEffect, useId, useState } from "react";
import { api } from "../api.ts";
import type { OrgUnit } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";

/** A search-as-you-type picker for an office in the user's jurisdiction. */
export function OrgPicker({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (code: string) => void;
  error?: string | undefined;
}) {
  const { t, name } = useI18n();
  const id = useId();
  const [text, setText] = useState(value);
  const [options, setOptions] = useState<OrgUnit[]>([]);

  useEffect(() => {
    const handle = setTimeout(() => {
      api<{ items: OrgUnit[] }>("GET", `/api/org-units?q=${encodeURIComponent(text)}&limit=20`)
        .then((r) => setOptions(r.items))
        .catch(() => setOptions([]));
    }, 200);
    return () => clearTimeout(handle);
  }, [text]);

  return (
    <div className={`field${error ? " field-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        list={`${id}-list`}
        value={text}
        placeholder={t("users.orgPicker")}
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value);
          const code = e.target.value.split(" ")[0]?.toUpperCase() ?? "";
          onChange(code);
        }}
        aria-invalid={error ? true : undefined}
      />
      <datalist id={`${id}-list`}>
        {options.map((o) => (
          <option key={o.code} value={`${o.code} ${name(o)}`}>
            {t(`kind.${o.kind}` as MessageKey)}
          </option>
        ))}
      </datalist>
      {error ? <small className="error-text">{error}</small> : null}
    </div>
  );
}
