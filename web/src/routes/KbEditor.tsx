import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError, api } from "../api.ts";
import { useCatalogue } from "../catalogue.tsx";
import { type ArticleDetail, KB_CATEGORIES, type KbCategory } from "../contract.ts";
import type { Body } from "../endpoints.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys, queryClient, useApiQuery } from "../query.ts";
import { Link, navigate } from "../router.tsx";
import { useSession } from "../session.tsx";
import { ErrorNotice, useFormError } from "../ui/errors.tsx";
import { Badge, Button, Field, Loading, Notice } from "../ui/index.tsx";
import { ArticleStatusBadge, KbCategoryBadge } from "../ui/kb.tsx";
import { smsParts } from "../ui/kb-text.ts";

interface Draft {
  category: KbCategory;
  slug: string;
  titleEn: string;
  titleHi: string;
  bodyEn: string;
  bodyHi: string;
  summaryEn: string;
  summaryHi: string;
  keywords: string;
  dltTemplateIdEn: string;
  dltTemplateIdHi: string;
  complaintCategories: string[];
  /** "" no owner, else a user id. */
  owner: string;
  note: string;
}

function draftOf(a: ArticleDetail | undefined, meId: number): Draft {
  return {
    category: a?.category ?? "new_connection",
    slug: a?.slug ?? "",
    titleEn: a?.titleEn ?? "",
    titleHi: a?.titleHi ?? "",
    bodyEn: a?.bodyEn ?? "",
    bodyHi: a?.bodyHi ?? "",
    summaryEn: a?.summaryEn ?? "",
    summaryHi: a?.summaryHi ?? "",
    keywords: a?.keywords.join(", ") ?? "",
    dltTemplateIdEn: a?.dltTemplateIds.en ?? "",
    dltTemplateIdHi: a?.dltTemplateIds.hi ?? "",
    complaintCategories: a?.complaintCategories ?? [],
    owner: a ? String(a.owner?.id ?? "") : String(meId),
    note: "",
  };
}

const SHOWN_FIELDS = [
  "slug",
  "category",
  "titleEn",
  "titleHi",
  "bodyEn",
  "bodyHi",
  "summaryEn",
  "summaryHi",
  "keywords",
  "dltTemplateIdEn",
  "dltTemplateIdHi",
  "note",
] as const;

/** The live counter under a summary: characters, SMS parts, red beyond the two parts allowed. */
function SummaryCounter({ text, id }: { text: string; id: string }) {
  const { t } = useI18n();
  const { parts, units } = smsParts(text);
  return (
    <small id={id} className={parts > 2 ? "error-text" : "hint"} aria-live="polite" data-testid={id}>
      {t("kb.editor.chars", { count: units })} · {t("sms.partsCount", { count: parts })}
      {parts > 2 ? ` · ${t("kb.editor.tooLong")}` : ""}
    </small>
  );
}

/**
 * Writes an article, both languages side by side. Saving makes a new version; when someone saved
 * one since this form opened, the server refuses (409) and the form says so, keeping his text.
 */
export function KbEditor({ id }: { id?: number }) {
  const { t, lang, name, formatDateTime } = useI18n();
  const { me, can } = useSession();
  const catalogue = useCatalogue();
  const meId = me?.id ?? 0;
  const isNew = id === undefined;
  const detailKey = [...keys.kb, "article", id ?? 0];
  const { data: article, error: loadError } = useApiQuery(
    detailKey,
    "GET /api/kb/articles/:id",
    { params: { id: id ?? 0 } },
    { enabled: !isNew },
  );
  const [draft, setDraft] = useState<Draft>(() => draftOf(undefined, meId));
  const [base, setBase] = useState<number | undefined>(undefined);
  const [saved, setSaved] = useState<number | undefined>(undefined);
  const formRef = useRef<HTMLFormElement>(null);

  // The form takes the article when it comes (and again after "load the newest").
  useEffect(() => {
    if (article && base === undefined) {
      setDraft(draftOf(article, meId));
      setBase(article.version);
    }
  }, [article, base, meId]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const saving = useMutation({
    mutationFn: () => {
      const body: Body<"POST /api/kb/articles"> = {
        ...(isNew && draft.slug.trim() ? { slug: draft.slug.trim() } : {}),
        category: draft.category,
        titleEn: draft.titleEn.trim(),
        titleHi: draft.titleHi.trim(),
        bodyEn: draft.bodyEn,
        bodyHi: draft.bodyHi,
        summaryEn: draft.summaryEn.trim(),
        summaryHi: draft.summaryHi.trim(),
        keywords: draft.keywords
          .split(/[,،\n]/)
          .map((k) => k.trim())
          .filter(Boolean),
        complaintCategories: draft.complaintCategories,
        dltTemplateIdEn: draft.dltTemplateIdEn.trim() || null,
        dltTemplateIdHi: draft.dltTemplateIdHi.trim() || null,
        ownerId: draft.owner ? Number(draft.owner) : null,
        ...(draft.note.trim() ? { note: draft.note.trim() } : {}),
        ...(!isNew && base !== undefined ? { baseVersion: base } : {}),
      };
      return isNew
        ? api("POST /api/kb/articles", { body })
        : api("PUT /api/kb/articles/:id", { params: { id }, body });
    },
    onSuccess: (a) => {
      queryClient.setQueryData([...keys.kb, "article", a.id], a);
      void invalidate(keys.kb);
      setBase(a.version);
      setSaved(a.version);
      setDraft((d) => ({ ...d, note: "" }));
      if (isNew) navigate(`/kb/${a.id}/edit`, true);
    },
    onError: (e) => {
      // Someone saved meanwhile: the header, publishing and history show his version; the form keeps this text.
      if (e instanceof ApiError && e.status === 409 && id !== undefined) {
        void invalidate([...keys.kb, "versions", id]);
        void queryClient.refetchQueries({ queryKey: detailKey });
      }
    },
  });
  const stale = saving.error instanceof ApiError && saving.error.status === 409;
  const formError = useFormError(stale ? undefined : saving.error, SHOWN_FIELDS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(undefined);
    saving.mutate();
  };

  const loadNewest = async () => {
    await queryClient.refetchQueries({ queryKey: detailKey });
    setBase(undefined); // the effect above takes the newest into the form
    saving.reset();
  };

  if (!isNew && loadError) {
    return (
      <section className="page">
        <ErrorNotice error={loadError} />
      </section>
    );
  }
  if (!isNew && !article) return <Loading text={t("common.loading")} />;

  const ownerOptions = [
    ...(article?.owner && article.owner.id !== meId
      ? [{ value: String(article.owner.id), label: article.owner.name }]
      : []),
    { value: String(meId), label: t("kb.editor.ownerMe", { name: me?.name ?? "" }) },
    { value: "", label: t("kb.editor.ownerNone") },
  ];

  const side = (l: "en" | "hi") => {
    const suffix = l === "en" ? "En" : "Hi";
    const title = `title${suffix}` as const;
    const body = `body${suffix}` as const;
    const summary = `summary${suffix}` as const;
    const dlt = `dltTemplateId${suffix}` as const;
    return (
      <fieldset className="kb-editor-lang" lang={l}>
        <legend>{t(`lang.${l}`)}</legend>
        <Field
          label={t("kb.editor.title")}
          value={draft[title]}
          maxLength={200}
          required
          onChange={(e) => set(title, e.target.value)}
          error={formError.field(title)}
        />
        <div className={`field${formError.field(body) ? " field-error" : ""}`}>
          <label htmlFor={`kb-${body}`}>{t("kb.editor.body")}</label>
          <textarea
            id={`kb-${body}`}
            rows={14}
            value={draft[body]}
            required
            onChange={(e) => set(body, e.target.value)}
            aria-describedby={`kb-${body}-hint`}
          />
          <small id={`kb-${body}-hint`} className={formError.field(body) ? "error-text" : "hint"}>
            {formError.field(body) ?? t("kb.editor.markdown")}
          </small>
        </div>
        <div className={`field${formError.field(summary) ? " field-error" : ""}`}>
          <label htmlFor={`kb-${summary}`}>{t("kb.editor.summary")}</label>
          <textarea
            id={`kb-${summary}`}
            rows={3}
            value={draft[summary]}
            required
            onChange={(e) => set(summary, e.target.value)}
            aria-describedby={`kb-${summary}-count`}
          />
          {formError.field(summary) ? <small className="error-text">{formError.field(summary)}</small> : null}
          <SummaryCounter text={draft[summary]} id={`kb-${summary}-count`} />
        </div>
        <Field
          label={t("kb.editor.dlt")}
          value={draft[dlt]}
          inputMode="numeric"
          maxLength={19}
          pattern="[0-9]{19}"
          hint={t("kb.editor.dltHint")}
          onChange={(e) => set(dlt, e.target.value.replace(/\D/g, ""))}
          error={formError.field(dlt)}
        />
      </fieldset>
    );
  };

  return (
    <section className="page">
      <p>
        <Link href={article ? `/kb/${article.id}` : "/kb"}>
          ← {t(article ? "kb.backToArticle" : "kb.back")}
        </Link>
      </p>
      <div className="page-head">
        <h1>
          {isNew
            ? t("kb.new")
            : t("kb.editor.editing", { title: lang === "hi" ? draft.titleHi : draft.titleEn })}
        </h1>
        {article ? (
          <span className="kb-badges">
            <KbCategoryBadge category={article.category} />
            <ArticleStatusBadge status={article.status} />
            <Badge tone="grey">{t("kb.editor.version", { version: article.version })}</Badge>
          </span>
        ) : null}
      </div>
      <form
        ref={formRef}
        className="kb-editor"
        onSubmit={submit}
        onKeyDown={(e) => {
          // Ctrl+S saves, as in any editor.
          if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
            e.preventDefault();
            formRef.current?.requestSubmit();
          }
        }}
        data-testid="kb-editor"
      >
        {stale ? (
          <Notice tone="error">
            {t("kb.editor.stale")}{" "}
            <Button variant="secondary" onClick={() => void loadNewest()}>
              {t("kb.editor.loadNewest")}
            </Button>
          </Notice>
        ) : null}
        {formError.general ? <Notice tone="error">{formError.general}</Notice> : null}
        {saved !== undefined && !saving.isPending ? (
          <Notice tone="success" onClose={() => setSaved(undefined)}>
            {t("kb.editor.saved", { version: saved })}
          </Notice>
        ) : null}
        <div className="panel form-grid">
          <div className="field">
            <label htmlFor="kb-category">{t("kb.filter.category")}</label>
            <select
              id="kb-category"
              value={draft.category}
              onChange={(e) => set("category", e.target.value as KbCategory)}
            >
              {KB_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`kb.category.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          {isNew ? (
            <Field
              label={t("kb.editor.slug")}
              value={draft.slug}
              hint={t("kb.editor.slugHint")}
              onChange={(e) => set("slug", e.target.value.toLowerCase())}
              error={formError.field("slug")}
            />
          ) : null}
          <Field
            label={t("kb.keywords")}
            value={draft.keywords}
            hint={t("kb.editor.keywordsHint")}
            onChange={(e) => set("keywords", e.target.value)}
            error={formError.field("keywords")}
          />
          <div className="field">
            <label htmlFor="kb-owner">{t("kb.editor.owner")}</label>
            <select id="kb-owner" value={draft.owner} onChange={(e) => set("owner", e.target.value)}>
              {ownerOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="kb-editor-langs">
          {side("en")}
          {side("hi")}
        </div>
        <fieldset className="panel field kb-editor-cats">
          <legend>{t("kb.editor.complaintCategories")}</legend>
          <div className="kb-checks">
            {catalogue?.categories.map((c) => (
              <label key={c.code} className="check">
                <input
                  type="checkbox"
                  checked={draft.complaintCategories.includes(c.code)}
                  onChange={(e) =>
                    set(
                      "complaintCategories",
                      e.target.checked
                        ? [...draft.complaintCategories, c.code]
                        : draft.complaintCategories.filter((x) => x !== c.code),
                    )
                  }
                />{" "}
                {name(c)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="panel kb-editor-save">
          <Field
            label={t("kb.editor.note")}
            value={draft.note}
            maxLength={300}
            hint={t("kb.editor.noteHint")}
            onChange={(e) => set("note", e.target.value)}
            error={formError.field("note")}
          />
          <div className="actions">
            <Button type="submit" busy={saving.isPending}>
              {isNew ? t("kb.editor.create") : t("kb.editor.save")}
            </Button>
            <span className="muted small">{t("kb.editor.saveKeys")}</span>
          </div>
        </div>
      </form>
      {article && can("kb.publish") ? <PublishPanel article={article} /> : null}
      {article ? <VersionHistory id={article.id} formatDateTime={formatDateTime} /> : null}
    </section>
  );
}

function PublishPanel({ article }: { article: ArticleDetail }) {
  const { t } = useI18n();
  const acting = useMutation({
    mutationFn: (action: "publish" | "unpublish" | "archive") =>
      api("POST /api/kb/articles/:id/publish", {
        params: { id: article.id },
        body: { action, ...(action === "publish" ? { version: article.version } : {}) },
      }),
    onSuccess: (a) => {
      queryClient.setQueryData([...keys.kb, "article", a.id], a);
      void invalidate(keys.kb);
    },
  });
  const live = article.publishedVersion;
  return (
    <section className="panel" aria-labelledby="kb-publish-title" data-testid="kb-publish">
      <h2 id="kb-publish-title">{t("kb.publish.title")}</h2>
      <p>
        {live === null
          ? t("kb.publish.none")
          : live === article.version
            ? t("kb.publish.current", { version: live })
            : t("kb.publish.older", { version: live, latest: article.version })}
      </p>
      <ErrorNotice error={acting.error} onClose={acting.reset} />
      <div className="actions">
        {live !== article.version || article.status !== "published" ? (
          <Button
            busy={acting.isPending && acting.variables === "publish"}
            onClick={() => acting.mutate("publish")}
          >
            {t("kb.publish.publish", { version: article.version })}
          </Button>
        ) : null}
        {article.status === "published" ? (
          <Button
            variant="secondary"
            busy={acting.isPending && acting.variables === "unpublish"}
            onClick={() => acting.mutate("unpublish")}
          >
            {t("kb.publish.unpublish")}
          </Button>
        ) : null}
        {article.status !== "archived" ? (
          <Button
            variant="danger"
            busy={acting.isPending && acting.variables === "archive"}
            onClick={() => acting.mutate("archive")}
          >
            {t("kb.publish.archive")}
          </Button>
        ) : null}
      </div>
    </section>
  );
}

function VersionHistory({ id, formatDateTime }: { id: number; formatDateTime: (iso: string) => string }) {
  const { t } = useI18n();
  const { data, error } = useApiQuery([...keys.kb, "versions", id], "GET /api/kb/articles/:id/versions", {
    params: { id },
  });
  const field = (f: string) => {
    const key = `kb.field.${f}` as MessageKey;
    const label = t(key);
    return label === key ? f : label;
  };
  return (
    <section className="panel" aria-labelledby="kb-history-title" data-testid="kb-history">
      <h2 id="kb-history-title">{t("kb.history.title")}</h2>
      <ErrorNotice error={error} />
      {data ? (
        <div className="table-wrap">
          <table className="results">
            <thead>
              <tr>
                <th scope="col">{t("kb.history.version")}</th>
                <th scope="col">{t("kb.history.when")}</th>
                <th scope="col">{t("kb.history.who")}</th>
                <th scope="col">{t("kb.history.changed")}</th>
                <th scope="col">{t("kb.history.note")}</th>
              </tr>
            </thead>
            <tbody>
              {[...data]
                .sort((a, b) => b.version - a.version)
                .map((v) => (
                  <tr key={v.version}>
                    <td>
                      {v.version} <ArticleStatusBadge status={v.status} />
                      {v.published ? <Badge tone="green">{t("kb.history.live")}</Badge> : null}
                    </td>
                    <td>{formatDateTime(v.changedAt)}</td>
                    <td>{v.changedBy}</td>
                    <td>{v.changedFields.map(field).join(", ") || "—"}</td>
                    <td>{v.note ?? "—"}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
