import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError, api } from "../api.ts";
import { useI18n } from "../i18n/index.tsx";
import { useApiQuery } from "../query.ts";
import { errorField, useLinkProblem } from "../ui/errors.tsx";
import { Button, Loading, Notice } from "../ui/index.tsx";
import { PublicPage } from "../ui/public.tsx";
import {
  answerField,
  answersFrom,
  anyAnswer,
  outOfRange,
  QuestionField,
  type SurveyValues,
  surveyMonth,
} from "../ui/survey.tsx";

/** What this page says when the link does not open (or no longer does). */
const SAY = { gone: "svl.gone", unknown: "svl.unknown", tooMany: "svl.tooMany" } as const;

/**
 * The consumer's monthly survey from the SMS link: no sign-in, phone-sized,
 * in the language the link was sent in (Hindi unless he chose English), one
 * question to a row, a box for a complaint or suggestion, one use.
 */
export function SurveyLink({ token }: { token: string }) {
  const { t, lang, setLang, name } = useI18n();
  const problem = useLinkProblem(SAY);
  const [values, setValues] = useState<SurveyValues>({});
  const [complaint, setComplaint] = useState(false);
  // What the form itself finds wrong, before any request.
  const [invalid, setInvalid] = useState<{ text: string; field?: string | undefined }>();
  const languageSet = useRef(false);
  const link = useApiQuery(["survey-link", token], "GET /api/survey/link/:token", { params: { token } });
  const info = link.data;

  useEffect(() => {
    if (!info || languageSet.current) return;
    // The link's language, unless he has already picked one on this phone.
    if (!localStorage.getItem("powerdesk.lang")) setLang(info.language);
    languageSet.current = true;
  }, [info, setLang]);

  const questions = info?.questions.filter((q) => q.active) ?? [];
  const suggestionQ = questions.find((q) => q.metric === "suggestion");
  const suggestion = suggestionQ ? values[suggestionQ.code] : undefined;
  const hasSuggestion = typeof suggestion === "string" && suggestion.trim() !== "";

  const answering = useMutation({
    mutationFn: () =>
      api("POST /api/survey/link/:token", {
        params: { token },
        body: {
          ...answersFrom(questions, values),
          ...(complaint && hasSuggestion ? { registerComplaint: true } : {}),
        },
      }),
    onSuccess: () => window.scrollTo(0, 0),
  });
  const refused = answering.error;
  const closed = refused instanceof ApiError && (refused.status === 410 || refused.status === 404);
  // Kept as the error itself so the message follows the language switch.
  const gone = link.error ?? (closed ? refused : undefined);
  const error =
    invalid ?? (refused && !closed ? { text: problem(refused), field: errorField(refused) } : undefined);
  const thanks = answering.data;
  const busy = answering.isPending;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad = questions.find((q) => outOfRange(q, values[q.code]));
    const wrong = bad
      ? { text: t("svl.outOfRange"), field: answerField(bad) }
      : !anyAnswer(questions, values)
        ? { text: t("svl.noAnswers") }
        : complaint && !hasSuggestion
          ? { text: t("svl.complaintNeedsText"), field: "suggestion" }
          : undefined;
    setInvalid(wrong);
    if (wrong) return answering.reset();
    answering.mutate();
  };

  return (
    <PublicPage className="survey-link">
      <h1 className="survey-title">{t("svl.title")}</h1>
      {gone ? (
        <Notice tone="info">
          <span data-testid="svl-gone">{problem(gone)}</span>
        </Notice>
      ) : null}
      {!info && !gone ? <Loading text={t("common.loading")} /> : null}
      {thanks ? (
        <div className="panel survey-thanks" data-testid="svl-thanks">
          <p className="big">
            <strong>{t("svl.thanks")}</strong>
          </p>
          <p>{t("svl.thanksMore")}</p>
          {thanks.complaintNumber ? (
            <p>
              {t("svl.complaint")}{" "}
              <strong className="mono" data-testid="svl-complaint">
                {thanks.complaintNumber}
              </strong>
              <br />
              <span className="small muted">{t("svl.complaintTrack")}</span>
            </p>
          ) : null}
        </div>
      ) : null}
      {info && !thanks && !gone ? (
        <form className="survey-form" onSubmit={submit} noValidate>
          <p className="muted">
            {t("svl.intro", { month: surveyMonth(info.month, lang), dc: name(info.dc) })}
          </p>
          {questions.map((q, n) => (
            <QuestionField
              key={q.code}
              big
              number={n + 1}
              question={q}
              value={values[q.code]}
              error={error?.field === answerField(q) ? error.text : undefined}
              onChange={(v) => setValues((s) => ({ ...s, [q.code]: v }))}
            />
          ))}
          {suggestionQ ? (
            <label className={`survey-tick${hasSuggestion ? "" : " muted"}`}>
              <input type="checkbox" checked={complaint} onChange={(e) => setComplaint(e.target.checked)} />
              <span>{t("svl.registerComplaint")}</span>
            </label>
          ) : null}
          {error && !questions.some((q) => error.field === answerField(q)) ? (
            <Notice tone="error">{error.text}</Notice>
          ) : null}
          {error && questions.some((q) => error.field === answerField(q)) ? (
            <Notice tone="error">{t("svl.checkAbove")}</Notice>
          ) : null}
          <Button type="submit" busy={busy}>
            {t("svl.submit")}
          </Button>
          <p className="small muted">{t("svl.privacy")}</p>
        </form>
      ) : null}
    </PublicPage>
  );
}
