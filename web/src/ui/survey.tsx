import { useId } from "react";
import type { QuestionMetric, SurveyAnswers, SurveyQuestion } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { type Lang, useI18n } from "../i18n/index.tsx";

/** What has been entered for each question, by code: inputs keep their text until sent. */
export type SurveyValues = Record<string, string | boolean | undefined>;

/** The question in the language asked for (the other one when an admin left it empty). */
export function questionText(q: SurveyQuestion, lang: Lang): string {
  return (lang === "hi" ? q.textHi || q.textEn : q.textEn || q.textHi).trim();
}

/** "November 2026" (or "नवंबर 2026"). */
export function surveyMonth(month: string, lang: Lang, style: "long" | "short" = "long"): string {
  return new Intl.DateTimeFormat(lang === "hi" ? "hi-IN" : "en-IN", {
    month: style,
    year: style === "long" ? "numeric" : "2-digit",
    timeZone: "UTC",
  }).format(new Date(`${month}-01T00:00:00Z`));
}

/** A percentage as the API gives it (one decimal), or a dash when there is nothing to count. */
export function pct(v: number | null): string {
  return v === null
    ? "—"
    : `${v.toLocaleString("en-IN", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

const FIELD: Record<QuestionMetric, keyof SurveyAnswers> = {
  supply_hours: "supplyHours",
  interruptions: "interruptions",
  meter_read: "meterRead",
  bill_on_time: "billOnTime",
  bill_correct: "billCorrect",
  suggestion: "suggestion",
};

/** The API field a question's answer goes in ("extra" for an admin's own question); errors name it. */
export function answerField(q: SurveyQuestion): string {
  return q.metric ? FIELD[q.metric as QuestionMetric] : `extra.${q.code}`;
}

/** Turns what was entered into the API's answers; questions left blank are left out. */
export function answersFrom(questions: SurveyQuestion[], values: SurveyValues): SurveyAnswers {
  const out: SurveyAnswers = {};
  const extra: Record<string, boolean | number | string> = {};
  for (const q of questions) {
    const v = values[q.code];
    let value: boolean | number | string | undefined;
    if (q.kind === "yes_no") value = typeof v === "boolean" ? v : undefined;
    else if (q.kind === "text") value = typeof v === "string" && v.trim() ? v.trim() : undefined;
    else value = typeof v === "string" && v.trim() !== "" ? Number(v) : undefined;
    if (value === undefined) continue;
    if (q.metric) (out as Record<string, unknown>)[FIELD[q.metric as QuestionMetric]] = value;
    else extra[q.code] = value;
  }
  if (Object.keys(extra).length > 0) out.extra = extra;
  return out;
}

/** Whether any question has an answer. */
export function anyAnswer(questions: SurveyQuestion[], values: SurveyValues): boolean {
  const a = answersFrom(questions, values);
  return Object.keys(a).length > 0;
}

/** Whether a number entered for an hours or count question is out of its range. */
export function outOfRange(q: SurveyQuestion, v: string | boolean | undefined): boolean {
  if (typeof v !== "string" || v.trim() === "" || (q.kind !== "hours" && q.kind !== "count")) return false;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) return true;
  return q.kind === "hours" ? n > 24 : n > 999 || !Number.isInteger(n);
}

/**
 * One survey question with the control its kind needs: a number of hours
 * (0–24), a count, yes/no as two large buttons, or free text. `big` is the
 * consumer's phone: larger targets and − / + steps for the numbers.
 */
export function QuestionField({
  question,
  value,
  onChange,
  big = false,
  error,
  number,
}: {
  question: SurveyQuestion;
  value: string | boolean | undefined;
  onChange: (v: string | boolean | undefined) => void;
  big?: boolean;
  error?: string | undefined;
  /** Shown before the question (1, 2, …). */
  number?: number;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const text = questionText(question, lang);
  const label = (
    <>
      {number ? <span className="survey-qno">{number}</span> : null}
      <span>{text}</span>
    </>
  );
  const invalid = Boolean(error) || outOfRange(question, value);
  const hint =
    question.kind === "hours" ? t("sv.hoursHint") : question.kind === "count" ? t("sv.countHint") : undefined;

  if (question.kind === "yes_no") {
    return (
      <fieldset className={`survey-q${big ? " big" : ""}`} data-question={question.code}>
        <legend className="survey-qtext">{label}</legend>
        <div className="yes-no">
          {([true, false] as const).map((v) => (
            <label
              key={String(v)}
              className={`choice${big ? " big" : ""}${v ? "" : " choice-red"}${value === v ? " on" : ""}`}
            >
              <input
                type="radio"
                name={`${id}-${question.code}`}
                checked={value === v}
                onChange={() => onChange(v)}
              />{" "}
              {v ? t("sv.yes") : t("sv.no")}
            </label>
          ))}
        </div>
        {error ? <small className="error-text">{error}</small> : null}
      </fieldset>
    );
  }

  if (question.kind === "text") {
    return (
      <div className={`survey-q${big ? " big" : ""}`} data-question={question.code}>
        <label className="survey-qtext" htmlFor={id}>
          {label}
        </label>
        <textarea
          className="wide"
          id={id}
          rows={big ? 4 : 3}
          maxLength={2000}
          value={typeof value === "string" ? value : ""}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
        />
        {error ? <small className="error-text">{error}</small> : null}
      </div>
    );
  }

  const max = question.kind === "hours" ? 24 : 999;
  const current = typeof value === "string" ? value : "";
  const step = (d: number) => {
    const n = current.trim() === "" ? 0 : Number(current);
    const next = Math.min(max, Math.max(0, (Number.isFinite(n) ? n : 0) + d));
    onChange(String(next));
  };
  return (
    <div
      className={`survey-q${big ? " big" : ""}${invalid ? " field-error" : ""}`}
      data-question={question.code}
    >
      <label className="survey-qtext" htmlFor={id}>
        {label}
      </label>
      <div className="survey-number">
        {big ? (
          <button type="button" className="stepper" aria-label={t("sv.less")} onClick={() => step(-1)}>
            −
          </button>
        ) : null}
        <input
          id={id}
          type="number"
          inputMode={question.kind === "hours" ? "decimal" : "numeric"}
          min={0}
          max={max}
          step={question.kind === "hours" ? 0.5 : 1}
          value={current}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={`${id}-hint`}
        />
        {big ? (
          <button type="button" className="stepper" aria-label={t("sv.more")} onClick={() => step(1)}>
            +
          </button>
        ) : null}
        <span className="muted">{question.kind === "hours" ? t("sv.hoursUnit") : t("sv.timesUnit")}</span>
      </div>
      <small id={`${id}-hint`} className={invalid ? "error-text" : "hint"}>
        {error ?? hint}
      </small>
    </div>
  );
}

/** Label of a call outcome or a target's state. */
export function outcomeLabel(t: (k: MessageKey) => string, outcome: string): string {
  const key = `sv.outcome.${outcome}` as MessageKey;
  const label = t(key);
  return label === key ? outcome : label;
}
