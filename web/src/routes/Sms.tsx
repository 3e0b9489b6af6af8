import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useMemo, useRef, useState } from "react";
import { api } from "../api.ts";
import type { Body } from "../endpoints.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys, useApiQuery, useDebounced, usePagedQuery } from "../query.ts";
import { Link, useLocation } from "../router.tsx";
import { useSession } from "../session.tsx";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice, errorField, useFormError } from "../ui/errors.tsx";
import { Badge, Button, Field, Loading, Notice, Spinner, type Tone } from "../ui/index.tsx";
import { PageTabs } from "../ui/Layout.tsx";

type SmsStatus = "pending" | "sending" | "sent" | "delivered" | "failed" | "skipped" | "cancelled";
const STATUSES: SmsStatus[] = ["pending", "sending", "sent", "delivered", "failed", "skipped", "cancelled"];
const STATUS_TONE: Record<SmsStatus, Tone> = {
  pending: "amber",
  sending: "blue",
  sent: "blue",
  delivered: "green",
  failed: "red",
  skipped: "grey",
  cancelled: "grey",
};
const TEMPLATE_CODES = [
  "outage_notice",
  "outage_etr_changed",
  "outage_restored",
  "outage_owner_staff",
  "outage_digest_staff",
  "planned_notice",
  "planned_started",
  "planned_cancelled",
  "complaint_registered",
  "complaint_registered_outage",
  "complaint_resolved",
  "complaint_reopened",
  "complaint_assigned_staff",
  "complaint_escalated",
  "complaint_emergency",
  "bill_issued",
  "payment_received",
  "mobile_otp",
  "feedback_request",
  "survey_invitation",
  "inbound_help",
  "complaint_registered_other_mobile",
];

interface OutboxItem {
  id: number;
  recipient: string;
  language: "hi" | "en";
  template: string;
  body: string;
  urgent: boolean;
  status: SmsStatus;
  relatedType: string | null;
  relatedId: number | null;
  relatedLabel: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  parts: number | null;
  attempts: number;
  deliveryStatus: string | null;
  error: string | null;
}

/** A template's name in the user's language (its code when it has none). */
export const templateLabel = (t: (k: MessageKey) => string, code: string) => {
  const key = `smsTemplate.${code}` as MessageKey;
  const label = t(key);
  return label === key ? code : label;
};

/** The SMS screens: outbox, templates (admins), the mobile drive. */
export function Sms() {
  const { t } = useI18n();
  const { can } = useSession();
  const { path } = useLocation();
  const tabs = [
    { href: "/sms", label: t("sms.outbox"), show: can("sms.read") },
    { href: "/sms/inbound", label: t("sms.inbound"), show: can("sms.inbound") },
    { href: "/sms/templates", label: t("sms.templates"), show: can("sms.manage") },
    { href: "/sms/coverage", label: t("sms.coverage"), show: can("sms.read") || can("consumers.mobiles") },
  ].filter((x) => x.show);
  const current = tabs.find((x) => x.href === path) ?? tabs[0];
  return (
    <section className="page">
      <div className="page-head">
        <h1>{t("nav.sms")}</h1>
      </div>
      <PageTabs label={t("sms.tabs")} tabs={tabs} current={current?.href} />
      {current?.href === "/sms" ? <Outbox /> : null}
      {current?.href === "/sms/inbound" ? <Inbound /> : null}
      {current?.href === "/sms/templates" ? <Templates /> : null}
      {current?.href === "/sms/coverage" ? <Coverage /> : null}
      {!current ? <Notice tone="error">{t("error.forbidden")}</Notice> : null}
    </section>
  );
}

function Outbox() {
  const { t, formatDateTime } = useI18n();
  const [filter, setFilter] = useState({ status: "", template: "", mobile: "" });
  const [applied, setApplied] = useState(filter);
  const [auto, setAuto] = useState(true);

  const outbox = usePagedQuery(
    [...keys.sms, "outbox", applied],
    "GET /api/sms/outbox",
    (before) => ({
      query: {
        status: applied.status || undefined,
        template: applied.template || undefined,
        mobile: applied.mobile.trim() || undefined,
        before: before || undefined,
      },
    }),
    { every: auto ? 5000 : false, keep: true },
  );
  const page = outbox.first;
  const error = outbox.error;
  const busy = outbox.isFetching;
  const nextBefore = outbox.hasNextPage;
  const load = outbox.refresh;
  const more = () => void outbox.fetchNextPage();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied(filter);
  };

  const items = outbox.items ?? [];
  const about = (i: OutboxItem) => {
    if (!i.relatedType || i.relatedId === null) return "—";
    const label = i.relatedLabel ?? String(i.relatedId);
    if (i.relatedType === "complaint")
      return (
        <Link href={`/complaints/${encodeURIComponent(label)}`}>{t("sms.related.complaint", { label })}</Link>
      );
    if (i.relatedType === "consumer" || i.relatedType === "bill" || i.relatedType === "payment")
      return (
        <Link href={`/consumers/${encodeURIComponent(label)}`}>{t("sms.related.consumer", { label })}</Link>
      );
    if (i.relatedType === "outage")
      return <Link href={`/outages/${i.relatedId}`}>{t("sms.related.outage", { label })}</Link>;
    return t("sms.related.other", { type: i.relatedType, label });
  };

  return (
    <>
      <p className="muted">{t("sms.outboxIntro")}</p>
      <div className="row-actions">
        <ExportButtons
          path="/api/sms/outbox/export"
          query={{
            status: applied.status || undefined,
            template: applied.template || undefined,
            mobile: applied.mobile.trim() || undefined,
          }}
          label={t("nav.sms")}
        />
      </div>
      {page?.local ? <Notice tone="info">{t("sms.localGateway")}</Notice> : null}
      {page ? <h2 className="small-head">{t("sms.last24h")}</h2> : null}
      {page ? (
        <div className="counters">
          {STATUSES.map((s) => (
            <button
              type="button"
              key={s}
              className={`counter counter-link${applied.status === s ? " on" : ""}`}
              onClick={() => {
                const f = { ...filter, status: applied.status === s ? "" : s };
                setFilter(f);
                setApplied(f);
              }}
            >
              <strong>{(page.last24h[s] ?? 0).toLocaleString("en-IN")}</strong>
              <span>
                <Badge tone={STATUS_TONE[s]}>{t(`smsStatus.${s}` as MessageKey)}</Badge>
              </span>
            </button>
          ))}
        </div>
      ) : null}
      <form className="filters" onSubmit={submit}>
        <select
          aria-label={t("sms.filterStatus")}
          value={filter.status}
          onChange={(e) => setFilter({ ...filter, status: e.target.value })}
        >
          <option value="">
            {t("sms.filterStatus")}: {t("sms.all")}
          </option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`smsStatus.${s}` as MessageKey)}
            </option>
          ))}
        </select>
        <select
          aria-label={t("sms.filterTemplate")}
          value={filter.template}
          onChange={(e) => setFilter({ ...filter, template: e.target.value })}
        >
          <option value="">
            {t("sms.filterTemplate")}: {t("sms.all")}
          </option>
          {TEMPLATE_CODES.map((c) => (
            <option key={c} value={c}>
              {templateLabel(t, c)}
            </option>
          ))}
        </select>
        <input
          type="search"
          inputMode="tel"
          aria-label={t("sms.filterMobile")}
          placeholder={t("sms.filterMobile")}
          value={filter.mobile}
          onChange={(e) => setFilter({ ...filter, mobile: e.target.value })}
          aria-invalid={errorField(error) === "mobile" || undefined}
        />
        <Button type="submit">{t("sms.apply")}</Button>
        <Button variant="secondary" onClick={() => void load()} busy={busy}>
          {t("sms.refresh")}
        </Button>
        <label className="check">
          <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} />{" "}
          {t("sms.autoRefresh")}
        </label>
      </form>
      <ErrorNotice error={error} />
      {!page && !error ? <Loading text={t("common.loading")} /> : null}
      {page && items.length === 0 ? <p className="muted">{t("sms.none")}</p> : null}
      {items.length > 0 ? (
        <table className="grid outbox" data-testid="outbox">
          <thead>
            <tr>
              <th>{t("sms.col.time")}</th>
              <th>{t("sms.col.to")}</th>
              <th>{t("sms.col.message")}</th>
              <th>{t("sms.col.state")}</th>
              <th>{t("sms.col.about")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>
                <td className="small nowrap">{formatDateTime(i.createdAt)}</td>
                <td className="mono nowrap">
                  {i.recipient} <span className="muted small">{i.language.toUpperCase()}</span>
                </td>
                <td>
                  <div className="small muted">
                    {templateLabel(t, i.template)}
                    {i.urgent ? (
                      <>
                        {" · "}
                        <strong className="urgent-tag">{t("sms.urgent")}</strong>
                      </>
                    ) : null}
                    {i.parts ? ` · ${t("sms.parts", { parts: i.parts })}` : ""}
                  </div>
                  <div className="sms-body" lang={i.language}>
                    {i.body}
                  </div>
                </td>
                <td className="nowrap">
                  <Badge tone={STATUS_TONE[i.status]} title={i.deliveryStatus ?? undefined}>
                    {t(`smsStatus.${i.status}` as MessageKey)}
                  </Badge>
                  <div className="small muted">
                    {i.deliveredAt
                      ? formatDateTime(i.deliveredAt)
                      : i.sentAt
                        ? formatDateTime(i.sentAt)
                        : i.attempts > 0
                          ? t("sms.attempts", { n: i.attempts })
                          : ""}
                  </div>
                  {i.error ? <div className="small error-text">{i.error}</div> : null}
                </td>
                <td className="small">{about(i)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {nextBefore ? (
        <p>
          <Button variant="secondary" onClick={() => void more()} busy={busy}>
            {t("sms.more")}
          </Button>
        </p>
      ) : null}
    </>
  );
}

interface InboundItem {
  id: number;
  sender: string;
  text: string;
  receivedAt: string;
  outcome: string;
  complaintNumber: string | null;
  replied: boolean;
  replyLanguage: "hi" | "en" | null;
}

/** What an inbound SMS's stored outcome says, in the reader's language. */
function outcomeText(t: (k: MessageKey, v?: Record<string, string | number>) => string, i: InboundItem) {
  const o = i.outcome;
  if (o === "opted out") return t("sms.in.optedOut");
  if (o === "opted in") return t("sms.in.optedIn");
  if (o.startsWith("repeat call")) return t("sms.in.repeat", { number: i.complaintNumber ?? "" });
  if (o.startsWith("registered"))
    return o.includes("unregistered")
      ? t("sms.in.registeredOther", { number: i.complaintNumber ?? "" })
      : t("sms.in.registered", { number: i.complaintNumber ?? "" });
  if (o === "not understood: the keywords sent") return t("sms.in.helpSent");
  if (o.startsWith("not understood")) return t("sms.in.helpLimit");
  if (o === "refused: too many complaints from this mobile") return t("sms.in.tooMany");
  if (o.startsWith("refused")) return t("sms.in.refused", { reason: o.slice("refused: ".length) });
  if (o.startsWith("ignored")) return t("sms.in.ignored");
  return o;
}

/** SMS consumers sent to the DISCOM's number and what became of each, newest first. */
function Inbound() {
  const { t, formatDateTime } = useI18n();
  const inbound = usePagedQuery([...keys.sms, "inbound"], "GET /api/sms/inbound-messages", (before) => ({
    query: { before: before || undefined },
  }));
  const items = inbound.items;
  const error = inbound.error;
  const busy = inbound.isFetching;
  const nextBefore = inbound.hasNextPage;
  const load = inbound.refresh;
  const more = () => void inbound.fetchNextPage();

  return (
    <>
      <p className="muted">{t("sms.inboundIntro")}</p>
      <p>
        <ExportButtons path="/api/sms/inbound-messages/export" label={t("sms.inboundIntro")} />{" "}
        <Button variant="secondary" onClick={() => void load()} busy={busy}>
          {t("sms.refresh")}
        </Button>
      </p>
      <ErrorNotice error={error} />
      {!items && !error ? <Loading text={t("common.loading")} /> : null}
      {items && items.length === 0 ? <p className="muted">{t("sms.inboundNone")}</p> : null}
      {items && items.length > 0 ? (
        <table className="grid outbox" data-testid="inbound">
          <thead>
            <tr>
              <th>{t("sms.col.received")}</th>
              <th>{t("sms.col.from")}</th>
              <th>{t("sms.col.message")}</th>
              <th>{t("sms.col.outcome")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>
                <td className="small nowrap">{formatDateTime(i.receivedAt)}</td>
                <td className="mono nowrap">{i.sender}</td>
                <td>
                  <div className="sms-body">{i.text}</div>
                </td>
                <td className="small">
                  {i.complaintNumber ? (
                    <Link href={`/complaints/${encodeURIComponent(i.complaintNumber)}`}>
                      {outcomeText(t, i)}
                    </Link>
                  ) : (
                    outcomeText(t, i)
                  )}
                  {i.replied && i.replyLanguage ? (
                    <div className="muted">
                      {t(i.replyLanguage === "hi" ? "sms.in.replyHi" : "sms.in.replyEn")}
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {nextBefore ? (
        <p>
          <Button variant="secondary" onClick={() => void more()} busy={busy}>
            {t("sms.more")}
          </Button>
        </p>
      ) : null}
    </>
  );
}

interface TemplateVersion {
  body: string;
  dltTemplateId: string;
  sender: string;
  category: string;
  optional: boolean;
  quietHours: boolean;
  updatedAt: string;
  updatedBy: string | null;
}
interface TemplateEntry {
  code: string;
  variables: string[];
  sample: Record<string, string>;
  languages: { en?: TemplateVersion; hi?: TemplateVersion };
}

const CATEGORIES = ["transactional", "service_implicit", "service_explicit", "promotional"];

function Templates() {
  const { t } = useI18n();
  const [picked, setCode] = useState<string>();
  const [language, setLanguage] = useState<"hi" | "en">("hi");
  const key = [...keys.sms, "templates"];
  const { data, error } = useApiQuery(key, "GET /api/sms/templates");
  const items = data?.items;
  const code = picked ?? items?.[0]?.code;
  const load = () => void invalidate(key);

  const entry = items?.find((i) => i.code === code);
  return (
    <>
      <p className="muted">{t("sms.templatesIntro")}</p>
      <ErrorNotice error={error} />
      {!items && !error ? <Loading text={t("common.loading")} /> : null}
      {items ? (
        <div className="template-layout">
          <nav className="template-list" aria-label={t("sms.pickTemplate")}>
            <ul>
              {items.map((i) => (
                <li key={i.code}>
                  <button
                    type="button"
                    className={i.code === code ? "on" : ""}
                    aria-current={i.code === code ? "true" : undefined}
                    onClick={() => setCode(i.code)}
                  >
                    {templateLabel(t, i.code)}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          {entry ? (
            <div>
              <div className="tabs" role="tablist">
                {(["hi", "en"] as const).map((l) => (
                  <button
                    key={l}
                    type="button"
                    role="tab"
                    aria-selected={language === l}
                    className={language === l ? "on" : ""}
                    onClick={() => setLanguage(l)}
                  >
                    {t(`lang.${l}`)}
                  </button>
                ))}
              </div>
              {entry.languages[language] ? (
                <TemplateEditor
                  key={`${entry.code}/${language}`}
                  entry={entry}
                  language={language}
                  version={entry.languages[language] as TemplateVersion}
                  onSaved={load}
                />
              ) : null}
            </div>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

function TemplateEditor({
  entry,
  language,
  version,
  onSaved,
}: {
  entry: TemplateEntry;
  language: "hi" | "en";
  version: TemplateVersion;
  onSaved: () => void;
}) {
  const { t, formatDateTime } = useI18n();
  const [form, setForm] = useState({
    body: version.body,
    dltTemplateId: version.dltTemplateId,
    sender: version.sender,
    category: version.category,
    optional: version.optional,
    quietHours: version.quietHours,
  });
  const [sample, setSample] = useState<Record<string, string>>(entry.sample);
  const textarea = useRef<HTMLTextAreaElement>(null);

  // The preview follows the typing, a moment after it stops.
  const asked = useMemo(() => ({ body: form.body, sample }), [form.body, sample]);
  const settled = useDebounced(asked, 200);
  const previewQuery = useQuery({
    queryKey: [...keys.sms, "preview", entry.code, settled],
    queryFn: () =>
      api("POST /api/sms/templates/:code/preview", { params: { code: entry.code }, body: settled }),
    placeholderData: keepPreviousData,
  });
  const preview = previewQuery.data;
  const previewing = settled !== asked || previewQuery.isFetching;

  const dirty =
    form.body !== version.body ||
    form.dltTemplateId !== version.dltTemplateId ||
    form.sender !== version.sender ||
    form.category !== version.category ||
    form.optional !== version.optional ||
    form.quietHours !== version.quietHours;

  const insert = (v: string) => {
    const el = textarea.current;
    const token = `{${v}}`;
    if (!el) return setForm({ ...form, body: form.body + token });
    const start = el.selectionStart ?? form.body.length;
    const end = el.selectionEnd ?? start;
    const body = form.body.slice(0, start) + token + form.body.slice(end);
    setForm({ ...form, body });
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const saving = useMutation({
    mutationFn: () =>
      api("PUT /api/sms/templates/:code/:language", {
        params: { code: entry.code, language },
        // The select offers the server's categories; the form keeps the choice as text.
        body: {
          ...form,
          category: form.category as Body<"PUT /api/sms/templates/:code/:language">["category"],
          sample,
        },
      }),
    onSuccess: onSaved,
  });
  const failed = useFormError(saving.error);
  const save = (e: FormEvent) => {
    e.preventDefault();
    saving.mutate();
  };

  const problems = preview?.problems ?? [];
  return (
    <form className="template-editor" onSubmit={save}>
      <div className="field">
        <label htmlFor="tpl-body">{t("field.body")}</label>
        <textarea
          id="tpl-body"
          ref={textarea}
          rows={5}
          lang={language}
          value={form.body}
          onChange={(e) => setForm({ ...form, body: e.target.value })}
          aria-invalid={problems.length > 0 || undefined}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) save(e);
          }}
        />
      </div>
      <div className="variables">
        <span className="small muted">{t("sms.variables")}:</span>{" "}
        {entry.variables.map((v) => (
          <button key={v} type="button" className="chip mono" onClick={() => insert(v)}>
            {`{${v}}`}
          </button>
        ))}
      </div>
      <fieldset className="samples">
        <legend>{t("field.sample")}</legend>
        {entry.variables.map((v) => (
          <Field
            key={v}
            label={v}
            value={sample[v] ?? ""}
            maxLength={60}
            hint={`${(sample[v] ?? "").length}/30`}
            error={(sample[v] ?? "").length > 30 ? `${(sample[v] ?? "").length}/30` : undefined}
            onChange={(e) => setSample({ ...sample, [v]: e.target.value })}
          />
        ))}
      </fieldset>
      <section className="panel preview" aria-live="polite" data-testid="preview">
        <h3>
          {t("sms.preview")} {previewing ? <Spinner /> : null}
        </h3>
        {preview ? (
          <>
            <p className="sms-bubble" lang={language}>
              {preview.text}
            </p>
            <p className="preview-facts">
              <Badge tone={preview.encoding === "gsm7" ? "green" : "blue"}>
                {t(`sms.encoding.${preview.encoding}`)}
              </Badge>{" "}
              <span>{t("sms.characters", { count: preview.characters })}</span> ·{" "}
              <strong data-testid="parts">{t("sms.partsCount", { count: preview.parts })}</strong> ·{" "}
              <span className="muted">{t("sms.remaining", { count: preview.remaining })}</span>
            </p>
            <p className="small">
              <span className="muted">{t("sms.dltText")}:</span>{" "}
              <code lang={language}>{preview.dltText}</code>
            </p>
            {problems.length > 0 ? (
              <div className="notice notice-error" role="alert">
                <span>
                  {t("sms.cannotSave")}
                  <ul>
                    {problems.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                </span>
              </div>
            ) : null}
          </>
        ) : (
          <Loading text={t("sms.previewBusy")} />
        )}
      </section>
      <div className="form-grid two">
        <Field
          label={t("field.dltTemplateId")}
          value={form.dltTemplateId}
          inputMode="numeric"
          className="mono"
          onChange={(e) => setForm({ ...form, dltTemplateId: e.target.value.trim() })}
          error={failed.field("dltTemplateId")}
        />
        <Field
          label={t("field.sender")}
          value={form.sender}
          maxLength={6}
          className="mono"
          onChange={(e) => setForm({ ...form, sender: e.target.value.toUpperCase() })}
          error={failed.field("sender")}
        />
        <div className="field">
          <label htmlFor="tpl-category">{t("sms.category")}</label>
          <select
            id="tpl-category"
            value={form.category}
            onChange={(e) => setForm({ ...form, category: e.target.value })}
          >
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`smsCategory.${c}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="check">
            <input
              type="checkbox"
              checked={form.quietHours}
              onChange={(e) => setForm({ ...form, quietHours: e.target.checked })}
            />{" "}
            {t("sms.quietHours")}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={form.optional}
              onChange={(e) => setForm({ ...form, optional: e.target.checked })}
            />{" "}
            {t("sms.optional")}
          </label>
        </div>
      </div>
      {saving.isSuccess ? <Notice tone="success">{t("sms.saved")}</Notice> : null}
      <ErrorNotice error={saving.error} />
      <div className="actions">
        <Button type="submit" busy={saving.isPending} disabled={problems.length > 0 || !dirty}>
          {t("common.save")}
        </Button>
        {dirty ? (
          <Button
            variant="secondary"
            onClick={() =>
              setForm({
                body: version.body,
                dltTemplateId: version.dltTemplateId,
                sender: version.sender,
                category: version.category,
                optional: version.optional,
                quietHours: version.quietHours,
              })
            }
          >
            {t("sms.revert")}
          </Button>
        ) : null}
        <span className="small muted">
          {dirty
            ? t("sms.unsaved")
            : t("sms.updated", { at: formatDateTime(version.updatedAt), by: version.updatedBy ?? "—" })}
        </span>
      </div>
    </form>
  );
}

function Coverage() {
  const { t, name, formatDateTime } = useI18n();
  const { data, error } = useApiQuery([...keys.sms, "coverage"], "GET /api/sms/mobile-coverage");
  const share = (v: number, n: number) => (n === 0 ? 0 : (100 * v) / n);
  const pct = (v: number, n: number) => `${share(v, n).toFixed(1)}%`;
  const tone = (p: number) => (p >= 80 ? "green" : p >= 50 ? "amber" : "red");
  const rows = [...(data?.items ?? [])].sort(
    (a, b) =>
      share(a.verified, a.consumers) - share(b.verified, b.consumers) || a.dcCode.localeCompare(b.dcCode),
  );
  return (
    <>
      <div className="page-head">
        <p className="muted">{t("sms.coverageIntro")}</p>
        <ExportButtons path="/api/sms/mobile-coverage/export" label={t("sms.coverageIntro")} />
      </div>
      {data?.countedAt ? (
        <p className="small muted">{t("sms.countedAt", { at: formatDateTime(data.countedAt) })}</p>
      ) : null}
      <ErrorNotice error={error} />
      {!data && !error ? <Loading text={t("common.loading")} /> : null}
      {data ? (
        <table className="grid coverage" data-testid="coverage">
          <thead>
            <tr>
              <th>{t("sms.col.dc")}</th>
              <th className="num">{t("sms.col.consumers")}</th>
              <th className="num">{t("sms.col.verified")}</th>
              <th>{t("sms.col.share")}</th>
            </tr>
          </thead>
          <tbody>
            <tr className="total">
              <td>
                <strong>{t("sms.total")}</strong>
              </td>
              <td className="num">{data.total.consumers.toLocaleString("en-IN")}</td>
              <td className="num">{data.total.verified.toLocaleString("en-IN")}</td>
              <td>
                <ShareBar
                  value={share(data.total.verified, data.total.consumers)}
                  tone={tone(share(data.total.verified, data.total.consumers))}
                  label={pct(data.total.verified, data.total.consumers)}
                />
              </td>
            </tr>
            {rows.map((r) => {
              const p = share(r.verified, r.consumers);
              return (
                <tr key={r.dcCode}>
                  <td>
                    <strong>{name({ nameEn: r.dcNameEn, nameHi: r.dcNameHi })}</strong>{" "}
                    <span className="mono small muted">{r.dcCode}</span>
                    {r.parentNameEn ? (
                      <div className="small muted">
                        {name({ nameEn: r.parentNameEn, nameHi: r.parentNameHi ?? r.parentNameEn })}
                      </div>
                    ) : null}
                  </td>
                  <td className="num">{r.consumers.toLocaleString("en-IN")}</td>
                  <td className="num">{r.verified.toLocaleString("en-IN")}</td>
                  <td>
                    <ShareBar value={p} tone={tone(p)} label={pct(r.verified, r.consumers)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

function ShareBar({ value, tone, label }: { value: number; tone: Tone; label: string }) {
  return (
    <span className="share">
      <span className="share-track" aria-hidden="true">
        <span className={`share-fill share-${tone}`} style={{ width: `${Math.min(100, value)}%` }} />
      </span>
      <span className="share-label">{label}</span>
    </span>
  );
}
