import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { api } from "../api.ts";
import { useCatalogue } from "../catalogue.tsx";
import { CALL_OUTCOMES, type CallOutcome, type TroubleTag } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { keys, useApiQuery } from "../query.ts";
import {
  AttemptList,
  type CallAttempt,
  CallCard,
  CallFormEnd,
  Counter,
  OutcomeChoices,
  QueueTable,
  useDeskQueue,
} from "../ui/desk.tsx";
import { errorField, useErrorText } from "../ui/errors.tsx";
import { RatingStars, TroubleChecks } from "../ui/feedback.tsx";
import { Badge, Button, Loading, NamedOptions, Notice } from "../ui/index.tsx";
import { CallbackHistory } from "./CallbackHistory.tsx";

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

/** The server's outcomes with "reached" first, so it is key 1 on the desk. */
const OUTCOMES: readonly CallOutcome[] = ["reached", ...CALL_OUTCOMES.filter((o) => o !== "reached")];

/** The feedback desk: the queue of callbacks due, and the call in hand. */
export function Callbacks() {
  const { t, formatDateTime, name } = useI18n();
  const catalogue = useCatalogue();
  // The filters as typed; the queue reads them once the agent stops typing (or presses Enter).
  const [filters, setFilters] = useState({ q: "", dc: "", category: "", round: "" });
  const [applied, setApplied] = useState(filters);
  useEffect(() => {
    const h = setTimeout(() => setApplied(filters), 300);
    return () => clearTimeout(h);
  }, [filters]);
  const query = {
    q: applied.q.trim() || undefined,
    dc: applied.dc.trim() || undefined,
    category: applied.category || undefined,
    round: applied.round === "" ? undefined : applied.round,
  };
  const { items, total, progress, error, current, done, setDone, load, open, finish, release } = useDeskQueue(
    "callbacks",
    query,
  );
  const set = (k: keyof typeof filters) => (e: { target: { value: string } }) =>
    setFilters({ ...filters, [k]: e.target.value });
  const filtered = Object.values(applied).some((v) => v.trim() !== "");

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
          <Counter tone="amber" value={progress.due} label={t("cb.due")} />
          <Counter value={progress.mine} label={t("cb.mine")} />
          <Counter
            tone="green"
            value={progress.desk}
            of={progress.target}
            label={t("cb.deskToday")}
            bar={[100, 50]}
          />
          <Counter value={progress.waitingLink} label={t("cb.waitingLink")} />
        </div>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {done ? (
        <Notice tone="success" onClose={() => setDone(undefined)}>
          {done.text}
        </Notice>
      ) : null}
      {current ? (
        <CallPanel
          item={current.callback}
          attempts={current.attempts}
          onCancel={() => void release(current.callback.id)}
          onDone={(text) => void finish({ text })}
        />
      ) : null}
      {current ? null : (
        <search aria-label={t("cb.filters")}>
          <form
            className="filters"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              setApplied(filters);
            }}
          >
            <label>
              {t("cb.search")}
              <input
                type="search"
                value={filters.q}
                onChange={set("q")}
                placeholder={t("cb.searchHint")}
                data-testid="cb-search"
              />
            </label>
            <label>
              {t("cb.office")}
              <input value={filters.dc} onChange={set("dc")} placeholder="JBPC01" size={10} />
            </label>
            <label>
              {t("cb.category")}
              <select value={filters.category} onChange={set("category")}>
                <NamedOptions none={t("cb.any")} items={catalogue?.categories} />
              </select>
            </label>
            <label>
              {t("cb.round")}
              <select value={filters.round} onChange={set("round")}>
                <option value="">{t("cb.any")}</option>
                {[0, 1, 2].map((r) => (
                  <option key={r} value={r}>
                    {r === 0 ? t("cb.roundFirst") : t("cb.roundReopen", { n: r })}
                  </option>
                ))}
              </select>
            </label>
            {filtered ? (
              <Button
                variant="secondary"
                onClick={() => {
                  const none = { q: "", dc: "", category: "", round: "" };
                  setFilters(none);
                  setApplied(none);
                }}
              >
                {t("cb.clear")}
              </Button>
            ) : null}
          </form>
        </search>
      )}
      {items && total !== undefined && !current ? (
        <p className="muted small" data-testid="cb-count" aria-live="polite">
          {t("cb.showing", { shown: items.length, total })}
        </p>
      ) : null}
      {!items && !error ? <Loading text={t("common.loading")} /> : null}
      {items && items.length === 0 ? (
        <p className="muted">{filtered ? t("cb.noneFiltered") : t("cb.none")}</p>
      ) : null}
      {items && items.length > 0 && !current ? (
        <QueueTable
          testId="cb-queue"
          head={[t("cb.col.complaint"), t("cb.col.consumer"), t("cb.col.resolved"), t("cb.col.attempts")]}
          items={items}
          callLabel={t("cb.call")}
          onOpen={(id) => void open(id)}
          cells={(i) => (
            <>
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
            </>
          )}
        />
      ) : null}
      {/* The desk's history below the queue; out of the way while a call is in hand. */}
      {current ? null : <CallbackHistory />}
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
  attempts: CallAttempt[];
  onCancel: () => void;
  onDone: (text: string) => void;
}) {
  const { t, formatDateTime, name } = useI18n();
  const [outcome, setOutcome] = useState<CallOutcome>();
  const [fixed, setFixed] = useState<boolean>();
  const [timeRating, setTimeRating] = useState<number>();
  const [overallRating, setOverallRating] = useState<number>();
  const [tags, setTags] = useState<TroubleTag[]>([]);
  const [troubleText, setTroubleText] = useState("");
  const [words, setWords] = useState("");
  const [note, setNote] = useState("");
  const [unpicked, setUnpicked] = useState(false);
  const explain = useErrorText();

  const history = useApiQuery(keys.complaint(item.complaintNumber), "GET /api/complaints/:number", {
    params: { number: item.complaintNumber },
  });
  const timeline = history.isError ? [] : history.data?.timeline;

  const saving = useMutation({
    mutationFn: (o: CallOutcome) =>
      api("POST /api/callbacks/:id/outcome", {
        params: { id: item.id },
        body: {
          outcome: o,
          ...(note.trim() ? { note: note.trim() } : {}),
          ...(o === "reached"
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
        },
      }),
    onSuccess: (r) => onDone(t(`cb.result.${r.status}` as MessageKey, { number: item.complaintNumber })),
  });
  const busy = saving.isPending;
  const error = unpicked
    ? { text: t("cb.pickOutcome"), field: "outcome" }
    : saving.error
      ? { text: explain(saving.error), field: errorField(saving.error) }
      : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setUnpicked(!outcome);
    if (!outcome) return saving.reset();
    saving.mutate(outcome);
  };

  return (
    <CallCard
      testId="cb-call"
      title={item.name ?? t("cb.unknownName")}
      href={`/complaints/${encodeURIComponent(item.complaintNumber)}`}
      code={item.complaintNumber}
      about={
        <>
          {name(item.category)} · {name(item.dc)} · {t("cb.speaks", { lang: t(`lang.${item.language}`) })}
        </>
      }
      phone={item.phone}
      callLabel={t("cb.call")}
      dialTo={{ desk: "callbacks", id: item.id }}
    >
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
            <AttemptList attempts={attempts} outcome={(o) => t(`cb.outcome.${o}` as MessageKey)} />
          </>
        ) : null}
      </section>
      <form onSubmit={submit} className="cb-form">
        <OutcomeChoices
          legend={t("cb.outcomeQ")}
          outcomes={OUTCOMES}
          value={outcome}
          label={(o) => t(`cb.outcome.${o}` as MessageKey)}
          onPick={setOutcome}
          onEscape={onCancel}
        />
        {outcome === "reached" ? (
          <>
            <fieldset className="outcomes">
              <legend>{t("cb.fixedQ")}</legend>
              <label className={`choice${fixed === true ? " on" : ""}`}>
                <input type="radio" name="fixed" checked={fixed === true} onChange={() => setFixed(true)} />{" "}
                {t("cb.fixedYes")}
              </label>
              <label className={`choice choice-red${fixed === false ? " on" : ""}`}>
                <input type="radio" name="fixed" checked={fixed === false} onChange={() => setFixed(false)} />{" "}
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
        <CallFormEnd
          id="cb-note"
          note={note}
          onNote={setNote}
          error={error?.text}
          busy={busy}
          disabled={!outcome || (outcome === "reached" && fixed === undefined)}
          saveLabel={t("cb.save")}
          onCancel={onCancel}
        />
      </form>
    </CallCard>
  );
}
