import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError, api } from "../api.ts";
import type { TroubleTag } from "../contract.ts";
import { useI18n } from "../i18n/index.tsx";
import { useApiQuery } from "../query.ts";
import { useErrorText, useLinkProblem } from "../ui/errors.tsx";
import { RatingStars, TroubleChecks } from "../ui/feedback.tsx";
import { Button, Loading, Notice } from "../ui/index.tsx";
import { PublicPage } from "../ui/public.tsx";

/** The consumer's feedback page from the SMS link: no sign-in, phone-sized, Hindi first, one use. */
export function Feedback({ token }: { token: string }) {
  const { t, name, formatDateTime } = useI18n();
  const explain = useErrorText();
  const problem = useLinkProblem({ gone: "fb.gone", unknown: "fb.unknown" });
  const link = useApiQuery(["feedback-link", token], "GET /api/feedback/:token", { params: { token } });
  const info = link.data;
  const gone = link.error ? problem(link.error) : undefined;
  const [fixed, setFixed] = useState<boolean>();
  const [timeRating, setTimeRating] = useState<number>();
  const [overallRating, setOverallRating] = useState<number>();
  const [tags, setTags] = useState<TroubleTag[]>([]);
  const [troubleText, setTroubleText] = useState("");
  const [words, setWords] = useState("");
  const [unpicked, setUnpicked] = useState(false);

  const answering = useMutation({
    mutationFn: (isFixed: boolean) =>
      api("POST /api/feedback/:token", {
        params: { token },
        body: {
          fixed: isFixed,
          ...(timeRating ? { timeRating } : {}),
          ...(overallRating ? { overallRating } : {}),
          ...(tags.length ? { troubleTags: tags } : {}),
          ...(troubleText.trim() ? { troubleText: troubleText.trim() } : {}),
          ...(words.trim() ? { consumerWords: words.trim() } : {}),
        },
      }),
  });
  const thanks = answering.data?.status;
  const busy = answering.isPending;
  const refused = answering.error;
  const error = unpicked
    ? t("fb.pickFixed")
    : refused
      ? refused instanceof ApiError && refused.status === 410
        ? t("fb.gone")
        : explain(refused)
      : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setUnpicked(fixed === undefined);
    if (fixed === undefined) return answering.reset();
    answering.mutate(fixed);
  };

  return (
    <PublicPage>
      <h1>{t("fb.title")}</h1>
      {gone ? <Notice tone="info">{gone}</Notice> : null}
      {!info && !gone ? <Loading text={t("common.loading")} /> : null}
      {thanks ? (
        <Notice tone="success">
          {thanks === "confirmed" ? t("fb.thanksFixed") : t("fb.thanksNotFixed")}
        </Notice>
      ) : null}
      {info && !thanks ? (
        <form className="panel feedback-form" onSubmit={submit}>
          <p>
            {t("fb.about", { number: info.complaintNumber })}
            <br />
            <strong>{name(info.category)}</strong> · {name(info.dc)}
            <br />
            <span className="muted">{t("fb.resolvedAt", { at: formatDateTime(info.resolvedAt) })}</span>
          </p>
          <fieldset className="outcomes">
            <legend>{t("fb.fixedQ")}</legend>
            <label className={`choice big${fixed === true ? " on" : ""}`}>
              <input type="radio" name="fixed" checked={fixed === true} onChange={() => setFixed(true)} />{" "}
              {t("fb.yes")}
            </label>
            <label className={`choice choice-red big${fixed === false ? " on" : ""}`}>
              <input type="radio" name="fixed" checked={fixed === false} onChange={() => setFixed(false)} />{" "}
              {t("fb.no")}
            </label>
          </fieldset>
          {fixed === false ? (
            <div className="field">
              <label htmlFor="fb-words">{t("fb.words")}</label>
              <textarea
                id="fb-words"
                rows={3}
                value={words}
                onChange={(e) => setWords(e.target.value)}
                required
              />
            </div>
          ) : null}
          <RatingStars
            big
            label={t("fb.timeQ")}
            name="timeRating"
            value={timeRating}
            onChange={setTimeRating}
            ends={[t("fb.poor"), t("fb.excellent")]}
          />
          <RatingStars
            big
            label={t("fb.overallQ")}
            name="overallRating"
            value={overallRating}
            onChange={setOverallRating}
            ends={[t("fb.poor"), t("fb.excellent")]}
          />
          <TroubleChecks legend={t("fb.troubleQ")} value={tags} onChange={setTags} />
          <div className="field">
            <label htmlFor="fb-trouble">{t("fb.troubleText")}</label>
            <textarea
              id="fb-trouble"
              rows={2}
              value={troubleText}
              onChange={(e) => setTroubleText(e.target.value)}
            />
          </div>
          {error ? <Notice tone="error">{error}</Notice> : null}
          <Button type="submit" busy={busy}>
            {t("fb.submit")}
          </Button>
        </form>
      ) : null}
    </PublicPage>
  );
}
