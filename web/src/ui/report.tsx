import { type ReactNode, useState } from "react";
import { useI18n } from "../i18n/index.tsx";
import { navigate, useLocation } from "../router.tsx";
import { monthOf } from "../time.ts";
import { Button } from "./index.tsx";

// What the month-by-area reports (reliability indices, survey scorecards) have in common.

/** How many rows a report table shows before "show all". */
const SHOWN = 50;

/**
 * A report's choices, kept in the page's address so it can be shared: the
 * level (one of `levels`, else `fallback`), the month (this month unless
 * given) and `set` to change some of them ("" removes one).
 */
export function useReportQuery<L extends string>(path: string, levels: readonly L[], fallback: L) {
  const { query } = useLocation();
  const asked = query.get("level") ?? "";
  const level = (levels as readonly string[]).includes(asked) ? (asked as L) : fallback;
  const month = /^\d{4}-\d\d$/.test(query.get("month") ?? "") ? (query.get("month") as string) : monthOf();
  const set = (changes: Record<string, string>) => {
    const p = new URLSearchParams(query.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    navigate(`${path}?${p}`, true);
  };
  return { query, level, month, set };
}

/** The month a report is for, up to this one. */
export function MonthPicker({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string;
  onChange: (month: string) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <label className="check-inline" htmlFor={id}>
        {t("rel.month")}
      </label>
      <input
        id={id}
        type="month"
        value={value}
        max={monthOf()}
        onChange={(e) => e.target.value && onChange(e.target.value)}
      />
    </>
  );
}

/** The level of the areas a report compares (DC, sub-division, …). */
export function LevelPicker<L extends string>({
  id,
  levels,
  value,
  label,
  onChange,
}: {
  id: string;
  levels: readonly L[];
  value: L;
  label: (level: L) => string;
  onChange: (level: string) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <label className="check-inline" htmlFor={id}>
        {t("rel.level")}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {levels.map((l) => (
          <option key={l} value={l}>
            {label(l)}
          </option>
        ))}
      </select>
    </>
  );
}

/** The row of a report table that has no areas. */
export function NoRows({ columns, text }: { columns: number; text: string }) {
  return (
    <tr>
      <td colSpan={columns} className="muted">
        {text}
      </td>
    </tr>
  );
}

/** A long report table's first `SHOWN` rows, and while some are left out, the button that shows them all. */
export function useShown<T>(rows: T[]): { shown: T[]; more: ReactNode } {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  return {
    shown: all ? rows : rows.slice(0, SHOWN),
    more:
      !all && rows.length > SHOWN ? (
        <p>
          <Button variant="secondary" onClick={() => setAll(true)}>
            {t("rel.showAll", { count: rows.length })}
          </Button>
        </p>
      ) : null,
  };
}
