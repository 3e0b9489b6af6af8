import { TROUBLE_TAGS, type TroubleTag } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";

/** What a consumer may say went wrong (the server's TROUBLE_TAGS). */
export const TROUBLE = TROUBLE_TAGS;

/** A 1-5 rating as five large radio buttons; `ends` names the two ends under them. */
export function RatingStars({
  label,
  name,
  value,
  onChange,
  big = false,
  ends,
}: {
  label: string;
  name: string;
  value: number | undefined;
  onChange: (v: number) => void;
  big?: boolean;
  ends?: [string, string];
}) {
  return (
    <fieldset className={`stars${big ? " big-stars" : ""}`}>
      <legend>{label}</legend>
      {[1, 2, 3, 4, 5].map((v) => (
        <label key={v} className={`star${value === v ? " on" : ""}`}>
          <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} />
          {v}
        </label>
      ))}
      {ends ? (
        <div className="small muted star-legend">
          <span>{ends[0]}</span>
          <span>{ends[1]}</span>
        </div>
      ) : null}
    </fieldset>
  );
}

/** The trouble tick-boxes, the same on the callback screen and the consumer's page. */
export function TroubleChecks({
  legend,
  value,
  onChange,
}: {
  legend: string;
  value: TroubleTag[];
  onChange: (tags: TroubleTag[]) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      {TROUBLE.map((x) => (
        <label key={x} className="check">
          <input
            type="checkbox"
            checked={value.includes(x)}
            onChange={(e) => onChange(e.target.checked ? [...value, x] : value.filter((y) => y !== x))}
          />{" "}
          {t(`trouble.${x}` as MessageKey)}
        </label>
      ))}
    </fieldset>
  );
}
