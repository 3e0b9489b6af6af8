import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { keys, useApiQuery } from "../query.ts";
import { Link, useLocation } from "../router.tsx";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice } from "../ui/errors.tsx";
import { Loading } from "../ui/index.tsx";

export function OrgTree() {
  const { t, name } = useI18n();
  const { query } = useLocation();
  const code = query.get("code") ?? "";
  const { data: node, error } = useApiQuery(
    [...keys.org, "tree", code],
    "GET /api/org-units/tree",
    { query: { code: code || undefined } },
    { keep: true },
  );

  return (
    <section className="page">
      <div className="page-head">
        <h1>{t("org.title")}</h1>
        {/* The office shown and every office below it. */}
        <ExportButtons
          path="/api/org-units/export"
          query={{ code: code || undefined }}
          label={t("org.title")}
        />
      </div>
      <ErrorNotice error={error} />
      {!node && !error ? <Loading text={t("common.loading")} /> : null}
      {node ? (
        <>
          <nav aria-label="breadcrumb" className="crumbs">
            {node.ancestors.map((a) => (
              <span key={a.code}>
                <Link href={`/org?code=${a.code}`}>{name(a)}</Link> ›{" "}
              </span>
            ))}
            <strong>{name(node.unit)}</strong>
          </nav>
          <p className="muted">
            {t(`kind.${node.unit.kind}` as MessageKey)} · <span className="mono">{node.unit.code}</span>
          </p>
          {node.children.length === 0 ? <p className="muted">{t("org.none")}</p> : null}
          <ul className="org-children">
            {node.children.map((c) => (
              <li key={c.code}>
                <Link href={`/org?code=${c.code}`}>
                  <strong>{name(c)}</strong>
                  <span className="muted small">
                    {t(`kind.${c.kind}` as MessageKey)} · {c.code}
                    {c.childCount ? ` · ${t("org.children", { count: c.childCount })}` : ""}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
