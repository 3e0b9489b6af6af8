import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api } from "../api.ts";
import { useCatalogue } from "../catalogue.tsx";
import {
  SURVEY_OUTCOMES,
  type SurveyAttempt,
  type SurveyOutcome,
  type SurveyQuestion,
  type SurveyTarget,
  type SurveyTargetStatus,
} from "../contract.ts";
import type { Body } from "../endpoints.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { Link, useLocation } from "../router.tsx";
import { useSession } from "../session.tsx";
import {
  AttemptList,
  CallCard,
  CallFormEnd,
  Counter,
  OutcomeChoices,
  QueueTable,
  useDeskQueue,
} from "../ui/desk.tsx";
import { errorField, useErrorText } from "../ui/errors.tsx";
import { Badge, Button, Loading, NamedOptions, Notice, type Tone } from "../ui/index.tsx";
import { PageTabs } from "../ui/Layout.tsx";
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

const RED_OUTCOMES: readonly SurveyOutcome[] = ["refused", "wrong_number"];

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
      <PageTabs label={t("sv.tabs")} tabs={tabs} current={current?.href} hideSingle />
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
  const { items, progress, error, current, done, setDone, load, open, finish, release } = useDeskQueue(
    "survey/calls",
    { limit: 50 },
    t("sv.heldByOther"),
  );
  const queueRef = useRef<HTMLTableElement>(null);

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
    await finish({ text, complaint });
    queueRef.current?.querySelector<HTMLElement>("tbody tr")?.focus();
  };

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
          <Counter tone="blue" value={surveyMonth(progress.month, lang)} label={t("sv.campaignMonth")} />
          <Counter
            tone="green"
            value={progress.answered}
            of={progress.sampled}
            label={t("sv.answeredOfSampled")}
            bar={[70, 40]}
          />
          <Counter value={progress.linkSent} label={t("sv.linkSent")} />
          <Counter tone="amber" value={progress.due} label={t("sv.due")} />
          <Counter value={progress.mine} of={progress.desk} label={t("sv.mineDesk")} />
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
          onCancel={() => void release(current.target.id)}
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
          <QueueTable
            testId="sv-queue"
            ref={queueRef}
            head={[t("sv.col.consumer"), t("sv.col.dc"), t("sv.col.attempts"), t("sv.col.status")]}
            items={items}
            callLabel={t("sv.call")}
            onOpen={(id) => void open(id)}
            cells={(i) => (
              <>
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
                  <Badge tone={TARGET_TONE[i.status as SurveyTargetStatus]}>
                    {t(`sv.status.${i.status}` as MessageKey)}
                  </Badge>
                  {i.attempts > 0 ? (
                    <div className="muted">{t("sv.dueAt", { at: formatDateTime(i.nextAttemptAt) })}</div>
                  ) : null}
                </td>
              </>
            )}
          />
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
  const { t, lang, name } = useI18n();
  const catalogue = useCatalogue();
  const { target, attempts } = opened;
  const questions = opened.questions.filter((q) => q.active);
  const [outcome, setOutcome] = useState<SurveyOutcome>();
  const [values, setValues] = useState<SurveyValues>({});
  const [complaint, setComplaint] = useState(false);
  const [category, setCategory] = useState("");
  const [note, setNote] = useState("");
  // What the form itself finds wrong, before any request.
  const [invalid, setInvalid] = useState<{ text: string; field?: string | undefined }>();
  const explain = useErrorText();
  const questionsRef = useRef<HTMLDivElement>(null);
  const suggestionQ = questions.find((q) => q.metric === "suggestion");
  const suggestion = suggestionQ ? values[suggestionQ.code] : undefined;
  const hasSuggestion = typeof suggestion === "string" && suggestion.trim() !== "";

  const saving = useMutation({
    mutationFn: (body: Body<"POST /api/survey/calls/:id/outcome">) =>
      api("POST /api/survey/calls/:id/outcome", { params: { id: target.id }, body }),
    onSuccess: (r) =>
      onDone(
        r.complaintError
          ? t("sv.result.complaintFailed", { name: target.name, reason: r.complaintError })
          : t(`sv.result.${r.status}` as MessageKey, { name: target.name }),
        r.complaintNumber,
      ),
  });
  const refused = saving.error;
  const error =
    invalid ??
    (refused
      ? {
          text:
            refused instanceof ApiError && refused.status === 409 ? t("sv.alreadyClosed") : explain(refused),
          field: errorField(refused)?.replace(/^answers\./, ""),
        }
      : undefined);
  const busy = saving.isPending;
  const reset = saving.reset;

  const pick = useCallback(
    (o: SurveyOutcome) => {
      setOutcome(o);
      setInvalid(undefined);
      reset();
      if (o === "reached")
        setTimeout(() => questionsRef.current?.querySelector<HTMLElement>("input, textarea")?.focus(), 0);
    },
    [reset],
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = (() => {
      if (!outcome) return { text: t("sv.pickOutcome"), field: "outcome" };
      if (outcome !== "reached") return undefined;
      const bad = questions.find((q) => outOfRange(q, values[q.code]));
      if (bad) return { text: t("sv.outOfRange"), field: answerField(bad) };
      if (!anyAnswer(questions, values)) return { text: t("sv.noAnswers") };
      if (complaint && !category) return { text: t("sv.pickCategory"), field: "categoryCode" };
      return undefined;
    })();
    setInvalid(problem);
    if (problem || !outcome) return saving.reset();
    const answers = outcome === "reached" ? answersFrom(questions, values) : undefined;
    saving.mutate({
      outcome,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(answers
        ? {
            answers: {
              ...answers,
              ...(complaint && hasSuggestion && category ? { complaint: { categoryCode: category } } : {}),
            },
          }
        : {}),
    });
  };

  const fieldError = (q: SurveyQuestion) => (error?.field === answerField(q) ? error.text : undefined);

  return (
    <CallCard
      testId="sv-call"
      title={target.name}
      href={`/consumers/${encodeURIComponent(target.consumerNo)}`}
      code={target.consumerNo}
      about={
        <>
          {name(target.dc)} · {t("cb.speaks", { lang: t(`lang.${target.language}`) })} ·{" "}
          {t("sv.monthOf", { month: surveyMonth(target.month, lang) })}
        </>
      }
      phone={target.phone}
      callLabel={t("sv.call")}
      dialTo={{ desk: "survey/calls", id: target.id }}
    >
      <section>
        <h3>{t("sv.earlier")}</h3>
        {attempts.length === 0 ? <p className="muted small">{t("sv.firstCall")}</p> : null}
        {attempts.length > 0 ? (
          <AttemptList attempts={attempts} outcome={(o) => <strong>{outcomeLabel(t, o)}</strong>} notes />
        ) : null}
        <p className="small muted">{t("sv.script")}</p>
      </section>
      <form onSubmit={submit} className="cb-form">
        <OutcomeChoices
          legend={t("sv.outcomeQ")}
          outcomes={SURVEY_OUTCOMES}
          value={outcome}
          label={(o) => outcomeLabel(t, o)}
          red={RED_OUTCOMES}
          onPick={pick}
          onEscape={onCancel}
        />
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
                    <NamedOptions none={t("sv.chooseCategory")} items={catalogue?.categories} />
                  </select>
                </div>
              ) : null}
            </div>
          </div>
        ) : null}
        <CallFormEnd
          id="sv-note"
          note={note}
          onNote={setNote}
          error={error?.text}
          busy={busy}
          disabled={!outcome}
          saveLabel={t("sv.save")}
          onCancel={onCancel}
        />
      </form>
    </CallCard>
  );
}
