// The knowledge base's pieces that several screens share: badges, the SMS part counter, the
// caller of the moment (whose mobile "send by SMS" offers), the send dialog and the side panel
// of articles beside the complaint form.
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { api } from "../api.ts";
import type { ArticleStatus, ArticleSummary, KbCategory } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { type Lang, useI18n } from "../i18n/index.tsx";
import { keys, useApiQuery } from "../query.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useErrorText } from "./errors.tsx";
import { Badge, Button, Field, Notice, type Tone } from "./index.tsx";
import { smsParts } from "./kb-text.ts";

const STATUS_TONE: Record<ArticleStatus, Tone> = { draft: "amber", published: "green", archived: "grey" };

export function ArticleStatusBadge({ status }: { status: ArticleStatus }) {
  const { t } = useI18n();
  return <Badge tone={STATUS_TONE[status]}>{t(`kb.status.${status}` as MessageKey)}</Badge>;
}

export function KbCategoryBadge({ category }: { category: KbCategory }) {
  const { t } = useI18n();
  return <Badge tone="blue">{t(`kb.category.${category}` as MessageKey)}</Badge>;
}

/** An article's title in a language (the other when that one is empty). */
export function titleOf(a: { titleEn: string; titleHi: string }, lang: Lang): string {
  return (lang === "hi" ? a.titleHi : a.titleEn) || a.titleEn || a.titleHi;
}

export function summaryOf(a: { summaryEn: string; summaryHi: string }, lang: Lang): string {
  return lang === "hi" ? a.summaryHi : a.summaryEn;
}

// The caller on the line: the consumer card and the complaint form say whose mobile and connection
// they show, so an article opened from the search overlay offers to send its summary to him.
interface Caller {
  mobile?: string | undefined;
  consumerNo?: string | undefined;
}
let caller: Caller = {};

/** Marks `mobile` (and the connection) as the caller's while the calling screen is open. */
export function useCaller(mobile: string | undefined, consumerNo: string | undefined) {
  useEffect(() => {
    const mine = { mobile: mobile?.trim() || undefined, consumerNo };
    caller = mine;
    return () => {
      if (caller === mine) caller = {};
    };
  }, [mobile, consumerNo]);
}

/**
 * The link to an article, with the caller's mobile for its "send by SMS", and the language to
 * open it in (the one he searched in) when given.
 */
export function articleHref(id: number, who: Caller = caller, read?: Lang): string {
  const q = new URLSearchParams();
  if (who.mobile) q.set("mobile", who.mobile);
  if (who.consumerNo) q.set("consumer", who.consumerNo);
  if (read) q.set("lang", read);
  const qs = q.toString();
  return `/kb/${id}${qs ? `?${qs}` : ""}`;
}

const MOBILE = /^[6-9][0-9]{9}$/;

/** A mobile as typed (+91, spaces, a leading 0) reduced to its ten digits. */
function tenDigits(mobile: string): string {
  const digits = mobile.replace(/\D/g, "");
  return digits.length > 10 ? digits.slice(-10) : digits;
}

/**
 * "Send by SMS": the button, then a dialog that asks for the mobile (the caller's prefilled) and
 * the language, shows the very text that will go and its parts, and sends on confirmation. The
 * result stays as a toast after the dialog closes.
 */
export function SendBySms({
  article,
  mobile,
  consumerNo,
  language,
  compact = false,
}: {
  article: Pick<ArticleSummary, "id" | "summaryEn" | "summaryHi" | "titleEn" | "titleHi">;
  mobile?: string | undefined;
  consumerNo?: string | undefined;
  language?: Lang | undefined;
  compact?: boolean;
}) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const explain = useErrorText();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const id = useId();
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState(mobile ?? "");
  const [smsLang, setSmsLang] = useState<Lang>(language ?? "hi");
  const [bad, setBad] = useState(false);
  const [toast, setToast] = useState<{ tone: "success" | "error"; text: string }>();

  const sending = useMutation({
    mutationFn: () =>
      api("POST /api/kb/articles/:id/send", {
        params: { id: article.id },
        body: { mobile: tenDigits(to), language: smsLang, ...(consumerNo ? { consumerNo } : {}) },
      }),
    onSuccess: (r) => {
      setToast({
        tone: "success",
        text: t("kb.sms.sent", { mobile: tenDigits(to), count: r.parts }),
      });
      close();
    },
    onError: (e) => setToast({ tone: "error", text: explain(e) }),
  });

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      // With the caller's number known, Enter sends; else he types the number first.
      const first = MOBILE.test(tenDigits(mobile ?? ""))
        ? d.querySelector<HTMLElement>("button[type=submit]")
        : d.querySelector<HTMLElement>("input");
      first?.focus();
    }
    if (!open && d.open) d.close();
  }, [open, mobile]);

  useEffect(() => {
    if (!toast || toast.tone === "error") return;
    const timer = setTimeout(() => setToast(undefined), 6000);
    return () => clearTimeout(timer);
  }, [toast]);

  if (!can("kb.send")) return null;

  const start = () => {
    setTo(mobile ?? "");
    setSmsLang(language ?? lang);
    setBad(false);
    sending.reset();
    setOpen(true);
  };
  function close() {
    setOpen(false);
    opener.current?.focus();
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ok = MOBILE.test(tenDigits(to));
    setBad(!ok);
    if (ok) sending.mutate();
  };
  const text = summaryOf(article, smsLang);
  const parts = smsParts(text).parts;

  return (
    <>
      <button
        ref={opener}
        type="button"
        className={`btn ${compact ? "btn-secondary" : "btn-primary"}`}
        onClick={start}
        data-testid="kb-send-open"
      >
        {t("kb.sms.open")}
      </button>
      <dialog
        ref={dialog}
        className="kb-dialog"
        aria-labelledby={`${id}-title`}
        onCancel={(e) => {
          e.preventDefault();
          close();
        }}
        // The dialog's keys are its own: the pages' shortcuts (numbers, Esc = back) stay out.
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            close();
          }
          e.stopPropagation();
        }}
      >
        {open ? (
          <form onSubmit={submit} data-testid="kb-send">
            <h2 id={`${id}-title`}>{t("kb.sms.title")}</h2>
            <p className="muted small">{titleOf(article, lang)}</p>
            <div className="form-grid two">
              <Field
                label={t("kb.sms.mobile")}
                value={to}
                inputMode="tel"
                autoComplete="off"
                onChange={(e) => setTo(e.target.value)}
                error={bad ? t("kb.sms.badMobile") : undefined}
              />
              <fieldset className="field">
                <legend>{t("kb.sms.language")}</legend>
                <div className="segmented-row">
                  {(["hi", "en"] as const).map((l) => (
                    <label key={l} className="check">
                      <input
                        type="radio"
                        name={`${id}-lang`}
                        value={l}
                        checked={smsLang === l}
                        onChange={() => setSmsLang(l)}
                      />{" "}
                      {t(`lang.${l}`)}
                    </label>
                  ))}
                </div>
              </fieldset>
            </div>
            <p className="small">{t("kb.sms.confirmText")}</p>
            <blockquote className="kb-sms-text" lang={smsLang} data-testid="kb-send-text">
              {text}
            </blockquote>
            <p className="muted small">{t("sms.partsCount", { count: parts })}</p>
            {sending.error ? <Notice tone="error">{explain(sending.error)}</Notice> : null}
            <div className="actions">
              <Button type="submit" busy={sending.isPending}>
                {t("kb.sms.send")}
              </Button>
              <Button variant="secondary" onClick={close}>
                {t("common.cancel")}
              </Button>
            </div>
          </form>
        ) : null}
      </dialog>
      {toast ? (
        <div className="toast" data-testid="kb-toast">
          <Notice tone={toast.tone} onClose={() => setToast(undefined)}>
            {toast.text}
          </Notice>
        </div>
      ) : null}
    </>
  );
}

/**
 * Beside the complaint form: the published articles about the chosen complaint category, each
 * with its SMS summary, a link to open it and "send by SMS" to the caller.
 */
export function KbSidePanel({
  complaintCategory,
  mobile,
  consumerNo,
  language,
}: {
  complaintCategory: string;
  mobile?: string | undefined;
  consumerNo?: string | undefined;
  /** The SMS language the form has chosen for the caller. */
  language?: Lang | undefined;
}) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const explain = useErrorText();
  const enabled = can("kb.read") && complaintCategory !== "";
  const { data, error, isFetching } = useApiQuery(
    [...keys.kb, "for-category", complaintCategory],
    "GET /api/kb/articles",
    { query: { complaintCategory, status: "published", pageSize: 5 } },
    { enabled, staleTime: 60_000 },
  );
  if (!can("kb.read")) return null;
  return (
    <aside className="panel kb-side" aria-labelledby="kb-side-title" data-testid="kb-side">
      <h2 id="kb-side-title">{t("kb.side.title")}</h2>
      {!complaintCategory ? <p className="muted small">{t("kb.side.pick")}</p> : null}
      {error ? <Notice tone="error">{explain(error)}</Notice> : null}
      {enabled && isFetching && !data ? <p className="muted small">{t("common.loading")}</p> : null}
      {enabled && data && data.items.length === 0 ? <p className="muted small">{t("kb.side.none")}</p> : null}
      {enabled && data ? (
        <ul className="kb-side-list">
          {data.items.map((a) => (
            <li key={a.id}>
              <Link href={articleHref(a.id, { mobile, consumerNo })} className="kb-side-title">
                {titleOf(a, lang)}
              </Link>
              <p className="small">{summaryOf(a, lang)}</p>
              <SendBySms article={a} mobile={mobile} consumerNo={consumerNo} language={language} compact />
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted small">{t("kb.side.hint")}</p>
    </aside>
  );
}
