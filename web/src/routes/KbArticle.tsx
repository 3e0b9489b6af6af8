import { useState } from "react";
import { ApiError } from "../api.ts";
import { type Lang, useI18n } from "../i18n/index.tsx";
import { keys, useApiQuery } from "../query.ts";
import { Link, useLocation } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useErrorText } from "../ui/errors.tsx";
import { Loading, Notice } from "../ui/index.tsx";
import { ArticleStatusBadge, KbCategoryBadge, SendBySms, useCaller } from "../ui/kb.tsx";

/**
 * An article as the agent reads it to the caller: the body in his language (a button shows the
 * other), the SMS summary with its parts, and "send by SMS" to the caller's mobile (from the
 * consumer card or the complaint form, passed in the link as ?mobile=).
 */
export function KbArticle({ id }: { id: number }) {
  const { t, lang, formatDateTime } = useI18n();
  const { can } = useSession();
  const explain = useErrorText();
  const { query } = useLocation();
  const mobile = query.get("mobile") ?? undefined;
  const consumerNo = query.get("consumer") ?? undefined;
  // Opened for a caller: the search overlay opened from here still offers his mobile.
  useCaller(mobile, consumerNo);
  const asked = query.get("lang");
  // The language he searched in (the overlay says it), else his screen's.
  const [shown, setShown] = useState<Lang | undefined>(asked === "hi" || asked === "en" ? asked : undefined);
  const reading: Lang = shown ?? lang;
  const other: Lang = reading === "hi" ? "en" : "hi";
  const { data: a, error } = useApiQuery([...keys.kb, "article", id], "GET /api/kb/articles/:id", {
    params: { id },
  });

  return (
    <section className="page kb-article-page">
      <p>
        <Link href="/kb">← {t("kb.back")}</Link>
      </p>
      {error ? (
        <Notice tone="error">
          {error instanceof ApiError && error.status === 404 ? t("kb.notFound") : explain(error)}
        </Notice>
      ) : null}
      {!a && !error ? <Loading text={t("common.loading")} /> : null}
      {a ? (
        <div className="kb-article-grid">
          <article className="panel kb-article" lang={reading} aria-labelledby="kb-article-title">
            <header className="kb-article-head">
              <div className="kb-badges">
                <KbCategoryBadge category={a.category} />
                {a.status !== "published" || a.publishedVersion !== a.version ? (
                  <ArticleStatusBadge status={a.status} />
                ) : null}
              </div>
              <button
                type="button"
                className="btn btn-secondary"
                onClick={() => setShown(other)}
                lang={other}
                data-testid="kb-lang"
              >
                {t(other === "hi" ? "kb.readHi" : "kb.readEn")}
              </button>
            </header>
            <h1 id="kb-article-title">{reading === "hi" ? a.titleHi : a.titleEn}</h1>
            <div
              className="kb-body"
              // The only raw HTML of the app: the server renders the article's Markdown itself with
              // HTML in the Markdown escaped (a <script> shows as text) and links limited to
              // http(s) and tel (kb.schemas.ts, bodyHtmlEn/Hi), so nothing here runs.
              // biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered, escaped Markdown (above)
              dangerouslySetInnerHTML={{ __html: reading === "hi" ? a.bodyHtmlHi : a.bodyHtmlEn }}
            />
            <footer className="muted small">
              {t("kb.updated", { when: formatDateTime(a.updatedAt), version: a.version })}
              {a.owner ? ` · ${t("kb.ownerIs", { name: a.owner.name })}` : ""}
            </footer>
          </article>
          <aside className="kb-article-side">
            <section className="panel kb-summary" aria-labelledby="kb-summary-title" lang={reading}>
              <h2 id="kb-summary-title">{t("kb.summary")}</h2>
              <p data-testid="kb-summary">{reading === "hi" ? a.summaryHi : a.summaryEn}</p>
              <p className="muted small">{t("sms.partsCount", { count: a.smsParts[reading] })}</p>
              {a.status === "published" ? (
                <SendBySms article={a} mobile={mobile} consumerNo={consumerNo} language={reading} />
              ) : (
                <p className="muted small">{t("kb.sms.onlyPublished")}</p>
              )}
            </section>
            {a.keywords.length > 0 ? (
              <section className="panel">
                <h2>{t("kb.keywords")}</h2>
                <p className="kb-keywords">
                  {a.keywords.map((k) => (
                    <span key={k} className="kb-keyword">
                      {k}
                    </span>
                  ))}
                </p>
              </section>
            ) : null}
            {can("kb.edit") ? (
              <p>
                <Link href={`/kb/${a.id}/edit`} className="btn btn-secondary">
                  {t("kb.edit")}
                </Link>
              </p>
            ) : null}
          </aside>
        </div>
      ) : null}
    </section>
  );
}
