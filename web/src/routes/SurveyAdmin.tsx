import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { ApiError, api, fieldLabel } from "../api.ts";
import type { SurveyQuestion, TroubleTag } from "../contract.ts";
import type { Body } from "../endpoints.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys, queryClient, useApiQuery } from "../query.ts";
import { monthOf } from "../time.ts";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice, useErrorText } from "../ui/errors.tsx";
import { TroubleChecks } from "../ui/feedback.tsx";
import { Badge, Button, Field, Loading, Notice, Spinner, SubmitCancel } from "../ui/index.tsx";
import { surveyMonth } from "../ui/survey.tsx";

type Message = { tone: "error" | "success"; text: string; field?: string | undefined };

/** A failed request as a message on the field it names; `conflict` is what a 409 means here. */
function useFailure(err: unknown, conflict?: string): Message | undefined {
  const text = useErrorText();
  if (!err) return undefined;
  const e = err instanceof ApiError ? err : undefined;
  return { tone: "error", text: conflict && e?.status === 409 ? conflict : text(err), field: e?.field };
}

/** Survey settings for admins: campaigns, the questions, the survey's and the callback desk's numbers. */
export function SurveyAdmin() {
  return (
    <div className="survey-admin">
      <Campaigns />
      <Questions />
      <SettingsForm
        testId="sv-settings"
        url="/api/survey/settings"
        prefix="sv.set"
        numbers={SURVEY_NUMBERS}
        flag="autoCampaign"
      />
      <SettingsForm
        testId="cb-settings"
        url="/api/callbacks/settings"
        prefix="cb.set"
        numbers={CALLBACK_NUMBERS}
        tags="grievanceTags"
      />
    </div>
  );
}

function Campaigns() {
  const { t, lang, formatDateTime } = useI18n();
  const [month, setMonth] = useState(monthOf());
  const [seed, setSeed] = useState("");
  const [size, setSize] = useState("");
  const [elapsed, setElapsed] = useState(0);
  const key = [...keys.survey, "campaigns"];

  const build = useMutation({
    mutationFn: (_: { month: string; started: number }) =>
      api("POST /api/survey/campaigns", {
        body: {
          month,
          ...(seed.trim() ? { seed: seed.trim() } : {}),
          ...(size.trim() ? { sampleSize: Number(size) } : {}),
        },
      }),
    onSuccess: () => setSeed(""),
    onSettled: () => invalidate(key),
  });
  const building = build.isPending ? build.variables : undefined;
  // While a campaign is drawn (tens of seconds at scale), watch its row fill.
  const campaigns = useApiQuery(key, "GET /api/survey/campaigns", undefined, {
    refetchInterval: building ? 3000 : false,
  });
  const items = campaigns.data?.items;

  // ... and count the seconds.
  useEffect(() => {
    if (!building) return;
    const tick = setInterval(() => setElapsed(Math.round((Date.now() - building.started) / 1000)), 1000);
    return () => clearInterval(tick);
  }, [building]);

  const built = build.data;
  const buildFailed = useFailure(build.error, t("sv.cmp.exists"));
  const loadFailed = useFailure(campaigns.error);
  const message =
    buildFailed ??
    (built
      ? {
          tone: "success" as const,
          text:
            built.dcs === undefined
              ? t("sv.cmp.built", { month: surveyMonth(built.month, lang), count: built.sampled })
              : t("sv.cmp.builtDcs", {
                  month: surveyMonth(built.month, lang),
                  count: built.sampled,
                  dcs: built.dcs,
                }),
        }
      : undefined) ??
    loadFailed;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setElapsed(0);
    build.mutate({ month, started: Date.now() });
  };

  const inProgress = building ? items?.find((c) => c.month === building.month) : undefined;

  return (
    <section className="panel" data-testid="sv-campaigns">
      <div className="page-head">
        <h2>{t("sv.cmp.title")}</h2>
        <ExportButtons path="/api/survey/campaigns/export" label={t("sv.cmp.title")} />
      </div>
      <p className="muted small">{t("sv.cmp.intro")}</p>
      <form className="filters campaign-form" onSubmit={submit}>
        <Field
          label={t("rel.month")}
          type="month"
          value={month}
          required
          onChange={(e) => setMonth(e.target.value)}
          error={message?.field === "month" ? message.text : undefined}
        />
        <Field
          label={t("sv.cmp.seed")}
          value={seed}
          hint={t("sv.cmp.seedHint")}
          onChange={(e) => setSeed(e.target.value)}
        />
        <Field
          label={t("sv.cmp.size")}
          type="number"
          min={1}
          max={10000}
          value={size}
          hint={t("sv.cmp.sizeHint")}
          onChange={(e) => setSize(e.target.value)}
          error={message?.field === "sampleSize" ? message.text : undefined}
        />
        <Button type="submit" busy={Boolean(building)}>
          {building ? t("sv.cmp.building") : t("sv.cmp.build")}
        </Button>
      </form>
      {building ? (
        <p className="loading" aria-live="polite" data-testid="sv-building">
          <Spinner /> {t("sv.cmp.progress", { month: surveyMonth(building.month, lang), seconds: elapsed })}
          {inProgress ? ` ${t("sv.cmp.progressCount", { count: inProgress.sampled })}` : ""}
        </p>
      ) : null}
      {message ? (
        <Notice tone={message.tone} onClose={build.reset}>
          {message.text}
        </Notice>
      ) : null}
      {!items ? <Loading text={t("common.loading")} /> : null}
      {items && items.length === 0 ? <p className="muted">{t("sv.cmp.none")}</p> : null}
      {items && items.length > 0 ? (
        <table className="grid compact">
          <thead>
            <tr>
              <th>{t("rel.month")}</th>
              <th>{t("sv.col.status")}</th>
              <th className="num">{t("sv.cmp.sampled")}</th>
              <th className="num">{t("sv.cmp.answered")}</th>
              <th className="num">{t("sv.linkSent")}</th>
              <th className="num">{t("sv.cmp.unanswered")}</th>
              <th>{t("sv.cmp.seed")}</th>
              <th>{t("sv.cmp.created")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td>
                  <strong>{surveyMonth(c.month, lang)}</strong>
                </td>
                <td>
                  <Badge tone={c.status === "open" ? "blue" : "grey"}>
                    {t(`sv.cmp.status.${c.status}` as MessageKey)}
                  </Badge>
                </td>
                <td className="num">
                  {c.sampled.toLocaleString("en-IN")}
                  <div className="small muted">{t("sv.cmp.perDc", { count: c.sampleSize })}</div>
                </td>
                <td className="num">{c.answered.toLocaleString("en-IN")}</td>
                <td className="num">{c.linkSent.toLocaleString("en-IN")}</td>
                <td className="num">{c.unanswered.toLocaleString("en-IN")}</td>
                <td className="mono small">{c.seed}</td>
                <td className="small">
                  {formatDateTime(c.createdAt)}
                  {c.closedAt ? (
                    <div className="muted">{t("sv.cmp.closedAt", { at: formatDateTime(c.closedAt) })}</div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function Questions() {
  const { t } = useI18n();
  const [adding, setAdding] = useState(false);
  const key = [...keys.survey, "questions"];
  const { data, error } = useApiQuery(key, "GET /api/survey/questions");
  const items = data?.items;
  const load = () => invalidate(key);

  return (
    <section className="panel" data-testid="sv-questions-admin">
      <div className="page-head">
        <h2>{t("sv.q.title")}</h2>
        {!adding ? (
          <Button variant="secondary" onClick={() => setAdding(true)}>
            {t("sv.q.add")}
          </Button>
        ) : null}
      </div>
      <p className="muted small">{t("sv.q.intro")}</p>
      <ErrorNotice error={error} />
      {!items && !error ? <Loading text={t("common.loading")} /> : null}
      <ol className="question-list">
        {items?.map((q) => (
          <QuestionEditor key={q.code} question={q} onSaved={() => void load()} />
        ))}
      </ol>
      {adding ? (
        <NewQuestion
          onCancel={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            void load();
          }}
        />
      ) : null}
    </section>
  );
}

/** A question's wording in Hindi or in English. */
function QuestionText({
  id,
  lang,
  value,
  onChange,
  invalid = false,
}: {
  id: string;
  lang: "hi" | "en";
  value: string;
  onChange: (text: string) => void;
  invalid?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className={`field${invalid ? " field-error" : ""}`}>
      <label htmlFor={id}>{lang === "hi" ? t("sv.q.textHi") : t("sv.q.textEn")}</label>
      <textarea
        className="wide"
        id={id}
        lang={lang}
        rows={2}
        value={value}
        required
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

function QuestionEditor({ question, onSaved }: { question: SurveyQuestion; onSaved: () => void }) {
  const { t } = useI18n();
  const [textHi, setTextHi] = useState(question.textHi);
  const [textEn, setTextEn] = useState(question.textEn);
  const [active, setActive] = useState(question.active);
  const changed = textHi !== question.textHi || textEn !== question.textEn || active !== question.active;

  const saving = useMutation({
    mutationFn: () =>
      api("PUT /api/survey/questions/:code", {
        params: { code: question.code },
        body: { textEn: textEn.trim(), textHi: textHi.trim(), active },
      }),
    onSuccess: onSaved,
  });
  const message =
    useFailure(saving.error) ??
    (saving.isSuccess ? { tone: "success" as const, text: t("sv.q.saved"), field: undefined } : undefined);
  const busy = saving.isPending;
  const save = (e: FormEvent) => {
    e.preventDefault();
    saving.mutate();
  };

  return (
    <li className={`question-edit${active ? "" : " inactive"}`}>
      <form onSubmit={save}>
        <div className="question-meta">
          <span className="mono small">{question.code}</span>
          <Badge tone="grey">{t(`sv.kind.${question.kind}` as MessageKey)}</Badge>
          {question.builtIn ? <Badge tone="blue">{t("sv.q.builtIn")}</Badge> : null}
          <label className="check-inline">
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />{" "}
            {t("sv.q.active")}
          </label>
        </div>
        <div className="form-grid two">
          <QuestionText
            id={`q-hi-${question.code}`}
            lang="hi"
            value={textHi}
            onChange={setTextHi}
            invalid={message?.field === "textHi"}
          />
          <QuestionText
            id={`q-en-${question.code}`}
            lang="en"
            value={textEn}
            onChange={setTextEn}
            invalid={message?.field === "textEn"}
          />
        </div>
        <div className="actions">
          <Button type="submit" variant={changed ? "primary" : "secondary"} busy={busy} disabled={!changed}>
            {t("common.save")}
          </Button>
          {message ? (
            <span className={message.tone === "error" ? "error-text" : "muted"} role="status">
              {message.text}
            </span>
          ) : null}
        </div>
      </form>
    </li>
  );
}

function NewQuestion({ onCancel, onAdded }: { onCancel: () => void; onAdded: () => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState("");
  const [kind, setKind] = useState<"yes_no" | "count" | "text">("yes_no");
  const [textHi, setTextHi] = useState("");
  const [textEn, setTextEn] = useState("");
  // The code's rule is checked here first; the server's answer comes after.
  const [badCode, setBadCode] = useState(false);

  const adding = useMutation({
    mutationFn: () =>
      api("POST /api/survey/questions", {
        body: { code, kind, textEn: textEn.trim(), textHi: textHi.trim() },
      }),
    onSuccess: onAdded,
  });
  const failed = useFailure(adding.error, t("error.conflict", { field: fieldLabel(t, "code") }));
  const message: Message | undefined = badCode
    ? { tone: "error", text: t("sv.q.codeRule"), field: "code" }
    : failed;
  const busy = adding.isPending;

  const add = (e: FormEvent) => {
    e.preventDefault();
    const bad = !/^[a-z][a-z0-9_]{1,39}$/.test(code);
    setBadCode(bad);
    if (bad) adding.reset();
    else adding.mutate();
  };

  return (
    <form className="question-new" onSubmit={add} data-testid="sv-new-question">
      <h3>{t("sv.q.newTitle")}</h3>
      <div className="form-grid two">
        <Field
          label={t("sv.q.code")}
          value={code}
          required
          hint={t("sv.q.codeRule")}
          className="mono"
          onChange={(e) => setCode(e.target.value.toLowerCase())}
          error={message?.field === "code" ? message.text : undefined}
        />
        <div className="field">
          <label htmlFor="sv-q-kind">{t("sv.q.kind")}</label>
          <select
            id="sv-q-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as "yes_no" | "count" | "text")}
          >
            {(["yes_no", "count", "text"] as const).map((k) => (
              <option key={k} value={k}>
                {t(`sv.kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <QuestionText id="sv-q-hi" lang="hi" value={textHi} onChange={setTextHi} />
        <QuestionText id="sv-q-en" lang="en" value={textEn} onChange={setTextEn} />
      </div>
      {message && message.field !== "code" ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <SubmitCancel label={t("sv.q.addSubmit")} busy={busy} onCancel={onCancel} />
    </form>
  );
}

const SURVEY_NUMBERS = [
  "sampleSize",
  "maxAttempts",
  "regularSupplyHours",
  "regularMaxInterruptions",
  "flagBelowPercent",
  "minAnswers",
] as const;
const CALLBACK_NUMBERS = ["maxAttempts", "windowDays", "dailyTarget", "leaseMinutes"] as const;

/**
 * A settings form: whole numbers, the list of hours between calls, and (as
 * the settings have them) a yes/no flag and the trouble that makes a grievance.
 */
/** The two settings the admin page edits, each read with GET and saved with PUT. */
type SettingsUrl = "/api/survey/settings" | "/api/callbacks/settings";

function SettingsForm({
  testId,
  url,
  prefix,
  numbers,
  flag,
  tags,
}: {
  testId: string;
  url: SettingsUrl;
  prefix: "sv.set" | "cb.set";
  numbers: readonly string[];
  flag?: string;
  tags?: string;
}) {
  const { t } = useI18n();
  const key = (k: string) => `${prefix}.${k}` as MessageKey;
  const queryKey = [...keys.survey, "settings", url];
  // The form reads and writes the settings by field name (`numbers`, `flag`, `tags`), as a record.
  const settings = useApiQuery(queryKey, `GET ${url}`) as {
    data?: Record<string, unknown>;
    error: Error | null;
  };
  // What he typed, over what the server holds.
  const [edited, setForm] = useState<Record<string, string>>();
  const [checkedEdit, setChecked] = useState<boolean>();
  const [pickedEdit, setPicked] = useState<TroubleTag[]>();
  const [retryRule, setRetryRule] = useState(false);
  const s = settings.data;
  const form =
    edited ??
    (s
      ? {
          ...Object.fromEntries(numbers.map((k) => [k, String(s[k] ?? "")])),
          retryAfterHours: ((s.retryAfterHours as number[] | undefined) ?? []).join(", "),
        }
      : undefined);
  const checked = checkedEdit ?? (flag && s ? s[flag] === true : undefined);
  const picked = pickedEdit ?? (tags && s ? ((s[tags] as TroubleTag[] | undefined) ?? []) : []);

  const saving = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api(`PUT ${url}`, { body: body as Body<`PUT ${SettingsUrl}`> }),
    onSuccess: (r) => {
      // The form shows what the server now holds.
      queryClient.setQueryData(queryKey, r);
      setForm(undefined);
      setChecked(undefined);
      setPicked(undefined);
    },
  });
  const failed = useFailure(saving.error);
  const loadFailed = useFailure(settings.error);
  const message: Message | undefined = retryRule
    ? { tone: "error", text: t("sv.set.retryRule"), field: "retryAfterHours" }
    : (failed ?? (saving.isSuccess ? { tone: "success", text: t("sv.set.saved") } : loadFailed));
  const busy = saving.isPending;

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    const retry = (form.retryAfterHours ?? "")
      .split(/[,\s]+/)
      .filter(Boolean)
      .map(Number);
    const bad = retry.length === 0 || retry.some((n) => !Number.isInteger(n) || n <= 0);
    setRetryRule(bad);
    if (bad) return saving.reset();
    const body: Record<string, unknown> = {
      retryAfterHours: retry,
      ...(flag && checked !== undefined ? { [flag]: checked } : {}),
      ...(tags ? { [tags]: picked } : {}),
    };
    for (const k of numbers) body[k] = Number(form[k]);
    saving.mutate(body);
  };

  const fieldError = (k: string) =>
    message?.tone === "error" && message.field === k ? message.text : undefined;

  return (
    <section className="panel" data-testid={testId}>
      <h2>{t(key("title"))}</h2>
      {!form && !message ? <Loading text={t("common.loading")} /> : null}
      {form ? (
        <form className="form-grid settings-grid" onSubmit={save}>
          {numbers.map((k) => (
            <Field
              key={k}
              label={t(key(k))}
              hint={t(key(`${k}Hint`))}
              type="number"
              min={0}
              step={1}
              required
              value={form[k] ?? ""}
              error={fieldError(k)}
              onChange={(e) => setForm({ ...form, [k]: e.target.value })}
            />
          ))}
          <Field
            label={t(key("retryAfterHours"))}
            hint={t("sv.set.retryAfterHoursHint")}
            value={form.retryAfterHours ?? ""}
            error={fieldError("retryAfterHours")}
            onChange={(e) => setForm({ ...form, retryAfterHours: e.target.value })}
          />
          {flag && checked !== undefined ? (
            <label className="check settings-check">
              <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} />{" "}
              {t(key(flag))}
            </label>
          ) : null}
          {tags ? (
            <div className="settings-check">
              <TroubleChecks legend={t(key(tags))} value={picked} onChange={setPicked} />
            </div>
          ) : null}
          {message && !fieldError(message.field ?? "") ? (
            <Notice
              tone={message.tone}
              onClose={() => {
                setRetryRule(false);
                saving.reset();
              }}
            >
              {message.text}
            </Notice>
          ) : null}
          <div className="actions">
            <Button type="submit" busy={busy}>
              {t("common.save")}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
