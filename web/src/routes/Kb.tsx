import { useState } from "react";
import { ARTICLE_STATUSES, type ArticleStatus, KB_CATEGORIES, type KbCategory } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { keys, useApiQuery, useDebounced } from "../query.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice } from "../ui/errors.tsx";
import { Button, Loading } from "../ui/index.tsx";
import { ArticleStatusBadge, articleHref, KbCategoryBadge, summaryOf, titleOf } from "../ui/kb.tsx";
import { cleanSnippet } from "../ui/kb-text.ts";

const PAGE_SIZE = 20;

/**
 * The knowledge base: the published articles by category or searched; editors also see drafts and
 * archived ones and write new ones.
 */
export function Kb() {
  const { t, lang, formatDateTime } = useI18n();
  const { can } = useSession();
  const editor = can("kb.edit") || can("kb.publish");
  const [category, setCategory] = useState<KbCategory | "">("");
  const [status, setStatus] = useState<ArticleStatus | "all">("published");
  const [text, setText] = useState("");
  const [page, setPage] = useState(1);
  const q = useDebounced(text.trim(), 250);
  const query = {
    ...(q ? { q } : {}),
    ...(category ? { category } : {}),
    ...(editor ? { status } : {}),
    page,
    pageSize: PAGE_SIZE,
  };
  const { data, error, isFetching } = useApiQuery(
    [...keys.kb, "list", query],
    "GET /api/kb/articles",
    { query },
    { keep: true },
  );
  const from = data ? (data.page - 1) * data.pageSize + 1 : 0;
  const to = data ? from + data.items.length - 1 : 0;

  return (
    <section className="page">
      <div className="page-head">
        <h1>{t("kb.title")}</h1>
        <ExportButtons
          path="/api/kb/articles/export"
          query={{ ...query, page: undefined, pageSize: undefined }}
          label={t("kb.title")}
        />
        {can("kb.edit") ? (
          <Link href="/kb/new" className="btn btn-primary">
            {t("kb.new")}
          </Link>
        ) : null}
      </div>
      <p className="muted">{t("kb.intro")}</p>
      <div className="filters kb-filters">
        <input
          type="search"
          aria-label={t("kb.search.label")}
          placeholder={t("kb.search.placeholder")}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setPage(1);
          }}
        />
        <select
          aria-label={t("kb.filter.category")}
          value={category}
          onChange={(e) => {
            setCategory(e.target.value as KbCategory | "");
            setPage(1);
          }}
        >
          <option value="">{t("kb.filter.allCategories")}</option>
          {KB_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`kb.category.${c}` as MessageKey)}
            </option>
          ))}
        </select>
        {editor ? (
          <select
            aria-label={t("kb.filter.status")}
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as ArticleStatus | "all");
              setPage(1);
            }}
          >
            {ARTICLE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`kb.status.${s}` as MessageKey)}
              </option>
            ))}
            <option value="all">{t("kb.filter.allStatuses")}</option>
          </select>
        ) : null}
        {isFetching ? <span className="muted small">{t("common.loading")}</span> : null}
      </div>
      <ErrorNotice error={error} />
      {!data && !error ? <Loading text={t("common.loading")} /> : null}
      {data && data.items.length === 0 ? <p className="muted">{t("kb.empty")}</p> : null}
      {data && data.items.length > 0 ? (
        <ul className="kb-list" data-testid="kb-list">
          {data.items.map((a) => (
            <li key={a.id} className="panel">
              <div className="kb-list-head">
                <Link href={articleHref(a.id)} className="kb-list-title">
                  {titleOf(a, lang)}
                </Link>
                <span className="kb-badges">
                  <KbCategoryBadge category={a.category} />
                  {editor ? <ArticleStatusBadge status={a.status} /> : null}
                </span>
              </div>
              <p className="small">{a.snippet ? cleanSnippet(a.snippet) : summaryOf(a, lang)}</p>
              <p className="muted small">
                {t("kb.updated", { when: formatDateTime(a.updatedAt), version: a.version })}
                {can("kb.edit") ? (
                  <>
                    {" · "}
                    <Link href={`/kb/${a.id}/edit`}>{t("kb.edit")}</Link>
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
      {data && data.total > data.pageSize ? (
        <div className="pager">
          <span className="muted small">{t("common.range", { from, to, total: data.total })}</span>
          <Button variant="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {t("common.previous")}
          </Button>
          <Button variant="secondary" disabled={to >= data.total} onClick={() => setPage(page + 1)}>
            {t("common.next")}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
