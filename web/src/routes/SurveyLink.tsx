import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError, api } from "../api.ts";
import type { SurveyLinkInfo } from "../contract.ts";
import { useI18n } from "../i18n/index.tsx";
import { Button, Loading, Notice } from "../ui/index.tsx";
import { linkProblem, PublicPage } from "../ui/public.tsx";
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
  const [info, setInfo] = useState<SurveyLinkInfo>();
  // Kept as the error itself so the message follows the language switch.
  const [gone, setGone] = useState<unknown>();
  const [values, setValues] = useState<SurveyValues>({});
  const [complaint, setComplaint] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field?: string | undefined }>();
  const [thanks, setThanks] = useState<{ complaintNumber?: string | undefined }>();
  const languageSet = useRef(false);

  useEffect(() => {
    let alive = true;
    api<SurveyLinkInfo>("GET", `/api/survey/link/${encodeURIComponent(token)}`)
      .then((r) => {
        if (!alive) return;
        setInfo(r);
        // The link's language, unless he has already picked one on this phone.
        if (!languageSet.current && !localStorage.getItem("powerdesk.lang")) setLang(r.language);
        languageSet.current = true;
      })
      .catch((err: unknown) => alive && setGone(err ?? new Error("unknown")));
    return () => {
      alive = false;
    };
  }, [token, setLang]);

  const questions = info?.questions.filter((q) => q.active) ?? [];
  const suggestionQ = questions.find((q) => q.metric === "suggestion");
  const suggestion = suggestionQ ? values[suggestionQ.code] : undefined;
  const hasSuggestion = typeof suggestion === "string" && suggestion.trim() !== "";

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const bad = questions.find((q) => outOfRange(q, values[q.code]));
    if (bad) return setError({ text: t("svl.outOfRange"), field: answerField(bad) });
    if (!anyAnswer(questions, values)) return setError({ text: t("svl.noAnswers") });
    if (complaint && !hasSuggestion)
      return setError({ text: t("svl.complaintNeedsText"), field: "suggestion" });
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<{ status: "answered"; complaintNumber?: string }>(
        "POST",
        `/api/survey/link/${encodeURIComponent(token)}`,
        {
          ...answersFrom(questions, values),
          ...(complaint && hasSuggestion ? { registerComplaint: true } : {}),
        },
      );
      setThanks({ complaintNumber: r.complaintNumber });
      window.scrollTo(0, 0);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 410 || err.status === 404)) setGone(err);
      else
        setError({
          text: linkProblem(t, err, lang, SAY),
          field: err instanceof ApiError ? err.field : undefined,
        });
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicPage className="survey-link">
      <h1 className="survey-title">{t("svl.title")}</h1>
      {gone ? (
        <Notice tone="info">
          <span data-testid="svl-gone">{linkProblem(t, gone, lang, SAY)}</span>
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
