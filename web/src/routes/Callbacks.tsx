import { type FormEvent, useCallback, useEffect, useState } from "react";
import { ApiError, api, errorText } from "../api.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { Link } from "../router.tsx";
import { RatingStars, TroubleChecks } from "../ui/feedback.tsx";
import { Badge, Button, Loading, Notice } from "../ui/index.tsx";

interface CallbackItem {
  id: number;
  complaintNumber: string;
  round: number;
  status: string;
  priority: number;
  resolvedAt: string;
  attempts: number;
  nextAttemptAt: string;
  windowEndsAt: string;
  category: { nameEn: string; nameHi: string };
  consumerNo: string | null;
  name: string | null;
  phone: string | null;
  language: "hi" | "en";
  dc: { code: string; nameEn: string; nameHi: string };
  resolvedBy: string | null;
  resolutionRemarks: string | null;
  reopenCount: number;
  breached: boolean;
  lastOutcome: string | null;
}

interface Progress {
  mine: number;
  desk: number;
  reached: number;
  due: number;
  waitingLink: number;
  target: number;
}

interface TimelineEvent {
  at: string;
  action: string;
  actor: { name: string };
  note: string | null;
}

const OUTCOMES = ["reached", "no_answer", "busy", "switched_off", "wrong_number"] as const;

/** The feedback desk: the queue of callbacks due, and the call in hand. */
export function Callbacks() {
  const { t, lang, formatDateTime, name } = useI18n();
  const [items, setItems] = useState<CallbackItem[]>();
  const [progress, setProgress] = useState<Progress>();
  const [error, setError] = useState<string>();
  const [current, setCurrent] = useState<{
    callback: CallbackItem;
    attempts: { at: string; outcome: string; by: string | null; note: string | null }[];
  }>();
  const [done, setDone] = useState<string>();

  const load = useCallback(async () => {
    try {
      const r = await api<{ items: CallbackItem[]; progress: Progress }>("GET", "/api/callbacks");
      setItems(r.items);
      setProgress(r.progress);
      setError(undefined);
      return r.items;
    } catch (err) {
      setError(errorText(t, err, lang));
      return [];
    }
  }, [t, lang]);
  useEffect(() => {
    void load();
  }, [load]);

  const open = async (id: number) => {
    setError(undefined);
    setDone(undefined);
    try {
      setCurrent(await api("POST", `/api/callbacks/${id}/open`, {}));
    } catch (err) {
      setError(errorText(t, err, lang));
      void load();
    }
  };

  const finished = async (text: string) => {
    setDone(text);
    setCurrent(undefined);
    await load();
  };

  const pct = progress && progress.target > 0 ? Math.min(100, (100 * progress.desk) / progress.target) : 0;

  return (
    <section className="page">
      <div className="page-head">
        <h1>{t("cb.title")}</h1>
        <Button variant="secondary" onClick={() => void load()}>
          {t("sms.refresh")}
        </Button>
      </div>
      <p className="muted">{t("cb.intro")}</p>
      {progress ? (
        <div className="counters" data-testid="cb-progress">
          <div className="counter counter-amber">
            <strong>{progress.due.toLocaleString("en-IN")}</strong>
            <span>{t("cb.due")}</span>
          </div>
          <div className="counter">
            <strong>{progress.mine.toLocaleString("en-IN")}</strong>
            <span>{t("cb.mine")}</span>
          </div>
          <div className="counter counter-green">
            <strong>
              {progress.desk.toLocaleString("en-IN")} / {progress.target.toLocaleString("en-IN")}
            </strong>
            <span>{t("cb.deskToday")}</span>
            <span className="share-track" aria-hidden="true">
              <span
                className={`share-fill share-${pct >= 100 ? "green" : pct >= 50 ? "amber" : "red"}`}
                style={{ width: `${pct}%` }}
              />
            </span>
          </div>
          <div className="counter">
            <strong>{progress.waitingLink.toLocaleString("en-IN")}</strong>
            <span>{t("cb.waitingLink")}</span>
          </div>
        </div>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {done ? (
        <Notice tone="success" onClose={() => setDone(undefined)}>
          {done}
        </Notice>
      ) : null}
      {current ? (
        <CallPanel
          item={current.callback}
          attempts={current.attempts}
          onCancel={() => setCurrent(undefined)}
          onDone={(text) => void finished(text)}
        />
      ) : null}
      {!items && !error ? <Loading text={t("common.loading")} /> : null}
      {items && items.length === 0 ? <p className="muted">{t("cb.none")}</p> : null}
      {items && items.length > 0 && !current ? (
        <table className="grid" data-testid="cb-queue">
          <thead>
            <tr>
              <th>{t("cb.col.complaint")}</th>
              <th>{t("cb.col.consumer")}</th>
              <th>{t("cb.col.resolved")}</th>
              <th>{t("cb.col.attempts")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((i, n) => (
              <tr
                key={i.id}
                tabIndex={0}
                onKeyDown={(e) => {
                  if (e.key === "Enter") void open(i.id);
                }}
              >
                <td>
                  <span className="mono">{i.complaintNumber}</span>{" "}
                  {i.reopenCount > 0 ? <Badge tone="red">{t("cb.reopened")}</Badge> : null}{" "}
                  {i.breached ? <Badge tone="amber">{t("cb.late")}</Badge> : null}
                  <div className="small muted">
                    {name(i.category)} · {name(i.dc)}
                  </div>
                </td>
                <td>
                  {i.name ?? "—"}
                  <div className="small mono">{i.phone ?? "—"}</div>
                </td>
                <td className="small">
                  {formatDateTime(i.resolvedAt)}
                  {i.resolvedBy ? <div className="muted">{i.resolvedBy}</div> : null}
                </td>
                <td className="small">
                  {i.attempts}
                  {i.lastOutcome ? (
                    <div className="muted">{t(`cb.outcome.${i.lastOutcome}` as MessageKey)}</div>
                  ) : null}
                </td>
                <td>
                  <Button variant={n === 0 ? "primary" : "secondary"} onClick={() => void open(i.id)}>
                    {t("cb.call")}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function CallPanel({
  item,
  attempts,
  onCancel,
  onDone,
}: {
  item: CallbackItem;
  attempts: { at: string; outcome: string; by: string | null; note: string | null }[];
  onCancel: () => void;
  onDone: (text: string) => void;
}) {
  const { t, lang, formatDateTime, name } = useI18n();
  const [timeline, setTimeline] = useState<TimelineEvent[]>();
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>();
  const [fixed, setFixed] = useState<boolean>();
  const [timeRating, setTimeRating] = useState<number>();
  const [overallRating, setOverallRating] = useState<number>();
  const [tags, setTags] = useState<string[]>([]);
  const [troubleText, setTroubleText] = useState("");
  const [words, setWords] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field?: string | undefined }>();
  const [dialled, setDialled] = useState<string>();

  useEffect(() => {
    api<{ timeline: TimelineEvent[] }>("GET", `/api/complaints/${encodeURIComponent(item.complaintNumber)}`)
      .then((r) => setTimeline(r.timeline))
      .catch(() => setTimeline([]));
  }, [item.complaintNumber]);

  // Keys 1-5 pick the call's outcome when not typing.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || e.altKey || e.ctrlKey || e.metaKey)
        return;
      const n = Number(e.key);
      if (n >= 1 && n <= OUTCOMES.length) setOutcome(OUTCOMES[n - 1]);
      if (e.key === "Escape") onCancel();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onCancel]);

  const dial = async () => {
    try {
      await api("POST", `/api/callbacks/${item.id}/dial`, {});
      setDialled(t("cb.dialled"));
    } catch (err) {
      setDialled(err instanceof ApiError && err.status === 404 ? t("cb.noCti") : errorText(t, err, lang));
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!outcome) return setError({ text: t("cb.pickOutcome"), field: "outcome" });
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<{ status: string }>("POST", `/api/callbacks/${item.id}/outcome`, {
        outcome,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(outcome === "reached"
          ? {
              answers: {
                fixed: fixed ?? true,
                ...(timeRating ? { timeRating } : {}),
                ...(overallRating ? { overallRating } : {}),
                ...(tags.length ? { troubleTags: tags } : {}),
                ...(troubleText.trim() ? { troubleText: troubleText.trim() } : {}),
                ...(words.trim() ? { consumerWords: words.trim() } : {}),
              },
            }
          : {}),
      });
      onDone(t(`cb.result.${r.status}` as MessageKey, { number: item.complaintNumber }));
    } catch (err) {
      setError({ text: errorText(t, err, lang), field: err instanceof ApiError ? err.field : undefined });
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="panel call-panel" data-testid="cb-call">
      <header className="card-head">
        <div>
          <h2>
            {item.name ?? t("cb.unknownName")}{" "}
            <Link href={`/complaints/${encodeURIComponent(item.complaintNumber)}`} className="mono small">
              {item.complaintNumber}
            </Link>
          </h2>
          <p className="muted">
            {name(item.category)} · {name(item.dc)} · {t("cb.speaks", { lang: t(`lang.${item.language}`) })}
          </p>
        </div>
        <div className="call-actions">
          {item.phone ? (
            <a className="btn btn-primary big" href={`tel:+91${item.phone}`} onClick={() => void dial()}>
              {t("cb.call")} {item.phone}
            </a>
          ) : (
            <span className="muted">{t("cb.noPhone")}</span>
          )}
          {dialled ? <div className="small muted">{dialled}</div> : null}
        </div>
      </header>
      <div className="card-grid">
        <section>
          <h3>{t("cb.resolution")}</h3>
          <p>
            {formatDateTime(item.resolvedAt)}
            {item.resolvedBy ? ` · ${item.resolvedBy}` : ""}
            {item.resolutionRemarks ? <span className="muted"> — {item.resolutionRemarks}</span> : null}
          </p>
          <h3>{t("cb.timeline")}</h3>
          {!timeline ? <Loading text={t("common.loading")} /> : null}
          <ol className="timeline">
            {timeline?.map((e) => (
              <li key={`${e.at}-${e.action}`}>
                <time>{formatDateTime(e.at)}</time> <strong>{t(`event.${e.action}` as MessageKey)}</strong>{" "}
                <span className="muted small">{e.actor.name}</span>
                {e.note ? <div className="small">{e.note}</div> : null}
              </li>
            ))}
          </ol>
          {attempts.length > 0 ? (
            <>
              <h3>{t("cb.earlier")}</h3>
              <ul className="small">
                {attempts.map((a) => (
                  <li key={a.at}>
                    {formatDateTime(a.at)} · {t(`cb.outcome.${a.outcome}` as MessageKey)} · {a.by ?? "—"}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
        <form onSubmit={submit} className="cb-form">
          <fieldset className="outcomes">
            <legend>{t("cb.outcomeQ")}</legend>
            {OUTCOMES.map((o, n) => (
              <label key={o} className={`choice${outcome === o ? " on" : ""}`}>
                <input type="radio" name="outcome" checked={outcome === o} onChange={() => setOutcome(o)} />{" "}
                <kbd>{n + 1}</kbd> {t(`cb.outcome.${o}` as MessageKey)}
              </label>
            ))}
          </fieldset>
          {outcome === "reached" ? (
            <>
              <fieldset className="outcomes">
                <legend>{t("cb.fixedQ")}</legend>
                <label className={`choice${fixed === true ? " on" : ""}`}>
                  <input type="radio" name="fixed" checked={fixed === true} onChange={() => setFixed(true)} />{" "}
                  {t("cb.fixedYes")}
                </label>
                <label className={`choice choice-red${fixed === false ? " on" : ""}`}>
                  <input
                    type="radio"
                    name="fixed"
                    checked={fixed === false}
                    onChange={() => setFixed(false)}
                  />{" "}
                  {t("cb.fixedNo")}
                </label>
              </fieldset>
              {fixed === false ? (
                <div className={`field${error?.field === "consumerWords" ? " field-error" : ""}`}>
                  <label htmlFor="cb-words">{t("cb.words")}</label>
                  <textarea
                    id="cb-words"
                    rows={2}
                    value={words}
                    onChange={(e) => setWords(e.target.value)}
                    required
                  />
                </div>
              ) : null}
              <RatingStars
                label={t("cb.timeRating")}
                name="timeRating"
                value={timeRating}
                onChange={setTimeRating}
              />
              <RatingStars
                label={t("cb.overallRating")}
                name="overallRating"
                value={overallRating}
                onChange={setOverallRating}
              />
              <TroubleChecks legend={t("cb.troubleQ")} value={tags} onChange={setTags} />
              <div className="field">
                <label htmlFor="cb-trouble">{t("cb.troubleText")}</label>
                <textarea
                  id="cb-trouble"
                  rows={2}
                  value={troubleText}
                  onChange={(e) => setTroubleText(e.target.value)}
                />
              </div>
            </>
          ) : null}
          <div className="field">
            <label htmlFor="cb-note">{t("cb.note")}</label>
            <input id="cb-note" value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          {error ? <Notice tone="error">{error.text}</Notice> : null}
          <div className="actions">
            <Button
              type="submit"
              busy={busy}
              disabled={!outcome || (outcome === "reached" && fixed === undefined)}
            >
              {t("cb.save")}
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
