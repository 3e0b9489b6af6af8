import { useId, useState } from "react";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { keys, useApiQuery, useDebounced } from "../query.ts";

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
  const asked = useDebounced(text, 200);
  const found = useApiQuery(
    [...keys.org, "search", asked],
    "GET /api/org-units",
    { query: { q: asked, limit: 20 } },
    { keep: true },
  );
  const options = found.isError ? [] : (found.data?.items ?? []);

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
