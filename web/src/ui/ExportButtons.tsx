import { useI18n } from "../i18n/index.tsx";

/**
 * "CSV" and "Excel" downloads of a table exactly as filtered: `path` is the
 * export route (e.g. /api/complaints/export) and `query` the same filters the
 * table was read with. Plain links, so the browser streams the file to disk
 * and shows its own progress, and the session cookie goes along.
 */
export function ExportButtons({
  path,
  query,
  label,
}: {
  path: string;
  query?: URLSearchParams | Record<string, string | number | boolean | undefined>;
  /** What is exported, for screen readers ("complaints"). */
  label?: string;
}) {
  const { t } = useI18n();
  const params =
    query instanceof URLSearchParams
      ? new URLSearchParams(query)
      : new URLSearchParams(
          Object.entries(query ?? {})
            .filter(([, v]) => v !== undefined && v !== "")
            .map(([k, v]) => [k, String(v)]),
        );
  const href = (format: "csv" | "xlsx") => {
    const p = new URLSearchParams(params);
    p.set("format", format);
    p.delete("limit");
    p.delete("offset");
    return `${path}?${p}`;
  };
  return (
    <span
      className="export-buttons"
      title={label ? `${t("export.download")}: ${label}` : t("export.download")}
    >
      <a
        className="btn btn-ghost"
        href={href("csv")}
        download
        aria-label={`${t("export.download")} ${label ?? ""} ${t("export.csv")}`}
      >
        {t("export.csv")}
      </a>
      <a
        className="btn btn-ghost"
        href={href("xlsx")}
        download
        aria-label={`${t("export.download")} ${label ?? ""} ${t("export.xlsx")}`}
      >
        {t("export.xlsx")}
      </a>
    </span>
  );
}
