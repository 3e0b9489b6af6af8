import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api, errorText } from "../api.ts";
import { useCatalogue } from "../catalogue.tsx";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { Link, navigate, useLocation } from "../router.tsx";
import { useSession } from "../session.tsx";
import {
  SURVEY_OUTCOMES,
  type SurveyAttempt,
  type SurveyOutcome,
  type SurveyProgress,
  type SurveyQuestion,
  type SurveyTarget,
  type SurveyTargetStatus,
} from "../types.ts";
import { Badge, Button, Loading, Notice, type Tone } from "../ui/index.tsx";
import {
  answerField,
  answersFrom,
  anyAnswer,
  outcomeLabel,
  outOfRange,
  QuestionField,
  type SurveyValues,
  surveyMonth,
} from "../ui/survey.tsx";
import { SurveyAdmin } from "./SurveyAdmin.tsx";
import { SurveyActions, SurveySuggestions } from "./SurveyFollowUp.tsx";
import { SurveyScorecards } from "./SurveyScorecards.tsx";

export const TARGET_TONE: Record<SurveyTargetStatus, Tone> = {
  pending: "amber",
  link_sent: "blue",
  answered: "green",
  refused: "grey",
  unanswered: "red",
};

/** The survey screens: the call desk, scorecards, action items, suggestions and (admins) settings. */
export function Survey() {
  const { t } = useI18n();
  const { can } = useSession();
  const { path } = useLocation();
  const tabs = [
    { href: "/survey", label: t("sv.tab.calls"), show: can("survey.work") },
    { href: "/survey/scorecards", label: t("sv.tab.scorecards"), show: can("survey.read") },
    { href: "/survey/actions", label: t("sv.tab.actions"), show: can("survey.read") },
    { href: "/survey/suggestions", label: t("sv.tab.suggestions"), show: can("survey.read") },
    { href: "/survey/admin", label: t("sv.tab.admin"), show: can("survey.manage") },
  ].filter((x) => x.show);
  const current = tabs.find((x) => x.href === path) ?? (path === "/survey" ? tabs[0] : undefined);
  return (
    <section className="page">
      <div className="page-head">
        <h1>{t("sv.title")}</h1>
      </div>
      <nav className={`tabs${tabs.length < 2 ? " sr-only" : ""}`} aria-label={t("sv.tabs")}>
        {tabs.map((x) => (
          <button
            key={x.href}
            type="button"
            className={current?.href === x.href ? "on" : ""}
            aria-current={current?.href === x.href ? "page" : undefined}
            onClick={() => navigate(x.href)}
          >
            {x.label}
          </button>
        ))}
      </nav>
      {current?.href === "/survey" ? <SurveyDesk /> : null}
      {current?.href === "/survey/scorecards" ? <SurveyScorecards /> : null}
      {current?.href === "/survey/actions" ? <SurveyActions /> : null}
      {current?.href === "/survey/suggestions" ? <SurveySuggestions /> : null}
      {current?.href === "/survey/admin" ? <SurveyAdmin /> : null}
      {!current ? <Notice tone="error">{t("error.forbidden")}</Notice> : null}
    </section>
  );
}

interface Opened {
  target: SurveyTarget;
  attempts: SurveyAttempt[];
  questions: SurveyQuestion[];
}

/** The survey call desk: the consumers due to be called this month, and the call in hand. */
function SurveyDesk() {
  const { t, lang, name, formatDateTime } = useI18n();
  const { can } = useSession();
  const [items, setItems] = useState<SurveyTarget[]>();
  const [progress, setProgress] = useState<SurveyProgress>();
  const [error, setError] = useState<string>();
  const [current, setCurrent] = useState<Opened>();
  const [done, setDone] = useState<{ text: string; complaint?: string | undefined }>();
  const queueRef = useRef<HTMLTableElement>(null);

  const load = useCallback(async () => {
    try {
      const r = await api<{ items: SurveyTarget[]; progress: SurveyProgress }>(
        "GET",
        "/api/survey/calls?limit=50",
      );
      setItems(r.items);
      setProgress(r.progress);
      setError(undefined);
    } catch (err) {
      setError(errorText(t, err, lang));
    }
  }, [t, lang]);
  useEffect(() => {
    void load();
  }, [load]);

  const open = useCallback(
    async (id: number) => {
      setError(undefined);
      setDone(undefined);
      try {
        setCurrent(await api<Opened>("POST", `/api/survey/calls/${id}/open`, {}));
      } catch (err) {
        setError(
          err instanceof ApiError && err.status === 409 ? t("sv.heldByOther") : errorText(t, err, lang),
        );
        void load();
      }
    },
    [t, lang, load],
  );

  // Keyboard first: the queue's first row takes the focus (unless he is elsewhere on the page), so Enter calls it.
  useEffect(() => {
    if (current || !items?.length) return;
    const at = document.activeElement;
    if (!at || at === document.body || at.closest("header.topbar, nav.tabs"))
      queueRef.current?.querySelector<HTMLElement>("tbody tr")?.focus();
  }, [items, current]);

  // Enter anywhere on the page (nothing focused) calls the first consumer in the queue.
  useEffect(() => {
    if (current) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Enter" || e.target !== document.body || e.altKey || e.ctrlKey || e.metaKey) return;
      const first = items?.[0];
      if (first) {
        e.preventDefault();
        void open(first.id);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [current, items, open]);

  const finished = async (text: string, complaint?: string) => {
    setDone({ text, complaint });
    setCurrent(undefined);
    await load();
    queueRef.current?.querySelector<HTMLElement>("tbody tr")?.focus();
  };

  const answeredPct =
    progress && progress.sampled > 0 ? Math.min(100, (100 * progress.answered) / progress.sampled) : 0;

  return (
    <>
      <div className="page-head">
        <p className="muted">{t("sv.deskIntro")}</p>
        <Button variant="secondary" onClick={() => void load()}>
          {t("sms.refresh")}
        </Button>
      </div>
      {progress?.month ? (
        <div className="counters" data-testid="sv-progress">
          <div className="counter counter-blue">
            <strong>{surveyMonth(progress.month, lang)}</strong>
            <span>{t("sv.campaignMonth")}</span>
          </div>
          <div className="counter counter-green">
            <strong>
              {progress.answered.toLocaleString("en-IN")} / {progress.sampled.toLocaleString("en-IN")}
            </strong>
            <span>{t("sv.answeredOfSampled")}</span>
            <span className="share-track" aria-hidden="true">
              <span
                className={`share-fill share-${answeredPct >= 70 ? "green" : answeredPct >= 40 ? "amber" : "red"}`}
                style={{ width: `${answeredPct}%` }}
              />
            </span>
          </div>
          <div className="counter">
            <strong>{progress.linkSent.toLocaleString("en-IN")}</strong>
            <span>{t("sv.linkSent")}</span>
          </div>
          <div className="counter counter-amber">
            <strong>{progress.due.toLocaleString("en-IN")}</strong>
            <span>{t("sv.due")}</span>
          </div>
          <div className="counter">
            <strong>
              {progress.mine.toLocaleString("en-IN")} / {progress.desk.toLocaleString("en-IN")}
            </strong>
            <span>{t("sv.mineDesk")}</span>
          </div>
        </div>
      ) : null}
      {progress && progress.month === null ? (
        <Notice tone="info">
          {t("sv.noCampaign")}{" "}
          {can("survey.manage") ? <Link href="/survey/admin">{t("sv.buildLink")}</Link> : null}
        </Notice>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {done ? (
        <Notice tone="success" onClose={() => setDone(undefined)}>
          {done.text}
          {done.complaint ? (
            <>
              {" "}
              {t("sv.complaintRegistered")}{" "}
              <Link className="mono" href={`/complaints/${encodeURIComponent(done.complaint)}`}>
                <strong data-testid="sv-complaint-number">{done.complaint}</strong>
              </Link>
            </>
          ) : null}
        </Notice>
      ) : null}
      {current ? (
        <SurveyCall
          opened={current}
          onCancel={() => {
            setCurrent(undefined);
            void load();
          }}
          onDone={(text, complaint) => void finished(text, complaint)}
        />
      ) : null}
      {!items && !error ? <Loading text={t("common.loading")} /> : null}
      {items && items.length === 0 && !current && progress?.month ? (
        <p className="muted">{t("sv.noneDue")}</p>
      ) : null}
      {items && items.length > 0 && !current ? (
        <>
          <p className="small muted">{t("sv.keys")}</p>
          <table className="grid" data-testid="sv-queue" ref={queueRef}>
            <thead>
              <tr>
                <th>{t("sv.col.consumer")}</th>
                <th>{t("sv.col.dc")}</th>
                <th>{t("sv.col.attempts")}</th>
                <th>{t("sv.col.status")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((i, n) => (
                <tr
                  key={i.id}
                  tabIndex={0}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" && e.target === e.currentTarget) void open(i.id);
                  }}
                >
                  <td>
                    {i.name}
                    <div className="small">
                      <span className="mono">{i.consumerNo}</span> · <span className="mono">{i.phone}</span> ·{" "}
                      {t(`lang.${i.language}`)}
                    </div>
                  </td>
                  <td className="small">{name(i.dc)}</td>
                  <td className="small">
                    {i.attempts}
                    {i.lastOutcome ? <div className="muted">{outcomeLabel(t, i.lastOutcome)}</div> : null}
                  </td>
                  <td className="small">
                    <Badge tone={TARGET_TONE[i.status]}>{t(`sv.status.${i.status}` as MessageKey)}</Badge>
                    {i.attempts > 0 ? (
                      <div className="muted">{t("sv.dueAt", { at: formatDateTime(i.nextAttemptAt) })}</div>
                    ) : null}
                  </td>
                  <td>
                    <Button variant={n === 0 ? "primary" : "secondary"} onClick={() => void open(i.id)}>
                      {t("sv.call")}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
}

function SurveyCall({
  opened,
  onCancel,
  onDone,
}: {
  opened: Opened;
  onCancel: () => void;
  onDone: (text: string, complaint?: string) => void;
}) {
  const { t, lang, name, formatDateTime } = useI18n();
  const catalogue = useCatalogue();
  const { target, attempts } = opened;
  const questions = opened.questions.filter((q) => q.active);
  const [outcome, setOutcome] = useState<SurveyOutcome>();
  const [values, setValues] = useState<SurveyValues>({});
  const [complaint, setComplaint] = useState(false);
  const [category, setCategory] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field?: string | undefined }>();
  const [dialled, setDialled] = useState<string>();
  const questionsRef = useRef<HTMLDivElement>(null);
  const suggestionQ = questions.find((q) => q.metric === "suggestion");
  const suggestion = suggestionQ ? values[suggestionQ.code] : undefined;
  const hasSuggestion = typeof suggestion === "string" && suggestion.trim() !== "";

  const pick = useCallback((o: SurveyOutcome) => {
    setOutcome(o);
    setError(undefined);
    if (o === "reached")
      setTimeout(() => questionsRef.current?.querySelector<HTMLElement>("input, textarea")?.focus(), 0);
  }, []);

  // Keys 1-6 pick the call's outcome when not typing; Esc goes back to the queue.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement;
      if (["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) || e.altKey || e.ctrlKey || e.metaKey) return;
      const n = Number(e.key);
      const o = SURVEY_OUTCOMES[n - 1];
      if (o) pick(o);
      if (e.key === "Escape") onCancel();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onCancel, pick]);

  // The dialler (CTI_URL) places the call; without one the tel: link does.
  const dial = async () => {
    try {
      await api("POST", `/api/survey/calls/${target.id}/dial`, {});
      setDialled(t("cb.dialled"));
    } catch (err) {
      setDialled(err instanceof ApiError && err.status === 404 ? t("cb.noCti") : errorText(t, err, lang));
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!outcome) return setError({ text: t("sv.pickOutcome"), field: "outcome" });
    const answers = outcome === "reached" ? answersFrom(questions, values) : undefined;
    if (outcome === "reached") {
      const bad = questions.find((q) => outOfRange(q, values[q.code]));
      if (bad) return setError({ text: t("sv.outOfRange"), field: answerField(bad) });
      if (!anyAnswer(questions, values)) return setError({ text: t("sv.noAnswers") });
      if (complaint && !category) return setError({ text: t("sv.pickCategory"), field: "categoryCode" });
    }
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<{ status: SurveyTargetStatus; complaintNumber?: string; complaintError?: string }>(
        "POST",
        `/api/survey/calls/${target.id}/outcome`,
        {
          outcome,
          ...(note.trim() ? { note: note.trim() } : {}),
          ...(answers
            ? {
                answers: {
                  ...answers,
                  ...(complaint && hasSuggestion && category
                    ? { complaint: { categoryCode: category } }
                    : {}),
                },
              }
            : {}),
        },
      );
      onDone(
        r.complaintError
          ? t("sv.result.complaintFailed", { name: target.name, reason: r.complaintError })
          : t(`sv.result.${r.status}` as MessageKey, { name: target.name }),
        r.complaintNumber,
      );
    } catch (err) {
      const field = err instanceof ApiError ? err.field?.replace(/^answers\./, "") : undefined;
      setError({
        text: err instanceof ApiError && err.status === 409 ? t("sv.alreadyClosed") : errorText(t, err, lang),
        field,
      });
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (q: SurveyQuestion) => (error?.field === answerField(q) ? error.text : undefined);

  return (
    <article className="panel call-panel" data-testid="sv-call">
      <header className="card-head">
        <div>
          <h2>
            {target.name}{" "}
            <Link href={`/consumers/${encodeURIComponent(target.consumerNo)}`} className="mono small">
              {target.consumerNo}
            </Link>
          </h2>
          <p className="muted">
            {name(target.dc)} · {t("cb.speaks", { lang: t(`lang.${target.language}`) })} ·{" "}
            {t("sv.monthOf", { month: surveyMonth(target.month, lang) })}
          </p>
        </div>
        <div className="call-actions">
          <a className="btn btn-primary big" href={`tel:+91${target.phone}`} onClick={() => void dial()}>
            {t("sv.call")} {target.phone}
          </a>
          {dialled ? <div className="small muted">{dialled}</div> : null}
        </div>
      </header>
      <div className="card-grid">
        <section>
          <h3>{t("sv.earlier")}</h3>
          {attempts.length === 0 ? <p className="muted small">{t("sv.firstCall")}</p> : null}
          {attempts.length > 0 ? (
            <ul className="small">
              {attempts.map((a) => (
                <li key={a.at}>
                  {formatDateTime(a.at)} · <strong>{outcomeLabel(t, a.outcome)}</strong> · {a.by ?? "—"}
                  {a.note ? <div className="muted">{a.note}</div> : null}
                </li>
              ))}
            </ul>
          ) : null}
          <p className="small muted">{t("sv.script")}</p>
        </section>
        <form onSubmit={submit} className="cb-form">
          <fieldset className="outcomes">
            <legend>{t("sv.outcomeQ")}</legend>
            {SURVEY_OUTCOMES.map((o, n) => (
              <label
                key={o}
                className={`choice${o === "refused" || o === "wrong_number" ? " choice-red" : ""}${outcome === o ? " on" : ""}`}
              >
                <input type="radio" name="outcome" checked={outcome === o} onChange={() => pick(o)} />{" "}
                <kbd>{n + 1}</kbd> {outcomeLabel(t, o)}
              </label>
            ))}
          </fieldset>
          {outcome === "reached" ? (
            <div className="survey-questions" ref={questionsRef} data-testid="sv-questions">
              {questions.map((q, n) => (
                <QuestionField
                  key={q.code}
                  number={n + 1}
                  question={q}
                  value={values[q.code]}
                  error={fieldError(q)}
                  onChange={(v) => setValues((s) => ({ ...s, [q.code]: v }))}
                />
              ))}
              <div className="survey-complaint">
                <label className="check">
                  <input
                    type="checkbox"
                    checked={complaint}
                    disabled={!hasSuggestion}
                    onChange={(e) => setComplaint(e.target.checked)}
                  />{" "}
                  {t("sv.registerFromAnswer")}
                </label>
                {!hasSuggestion ? <div className="small muted">{t("sv.registerNeedsText")}</div> : null}
                {complaint && hasSuggestion ? (
                  <div className={`field${error?.field === "categoryCode" ? " field-error" : ""}`}>
                    <label htmlFor="sv-category">{t("sv.category")}</label>
                    <select id="sv-category" value={category} onChange={(e) => setCategory(e.target.value)}>
                      <option value="">{t("sv.chooseCategory")}</option>
                      {catalogue?.categories.map((c) => (
                        <option key={c.code} value={c.code}>
                          {name(c)}
                        </option>
                      ))}
                    </select>
                  </div>
                ) : null}
              </div>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="sv-note">{t("cb.note")}</label>
            <input id="sv-note" value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          {error ? <Notice tone="error">{error.text}</Notice> : null}
          <div className="actions">
            <Button type="submit" busy={busy} disabled={!outcome}>
              {t("sv.save")}
            </Button>
            <Button variant="secondary" onClick={onCancel}>
              {t("common.cancel")}
            </Button>
          </div>
        </form>
      </div>
    </article>
  );
}
