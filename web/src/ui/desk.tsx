import { useMutation } from "@tanstack/react-query";
import { type ReactNode, type Ref, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError, api, urlOf } from "../api.ts";
import type { Reply } from "../endpoints.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, useApiQuery } from "../query.ts";
import { Link } from "../router.tsx";
import { useErrorText } from "./errors.tsx";
import { Button, Notice, SubmitCancel, type Tone } from "./index.tsx";

// What the two call desks (the feedback callbacks and the monthly survey) have in common.

/** What the desk says once a call is saved: a sentence, and the complaint it registered, if any. */
export interface DeskDone {
  text: string;
  complaint?: string | undefined;
}

/** The two call desks, by their path under /api: each has GET (its queue) and POST :id/open, release, dial. */
export type Desk = "callbacks" | "survey/calls";

/**
 * A desk's queue: the calls due and the desk's counters from `GET /api/{desk}`
 * (read with `query`), and the call in hand, opened with `POST /api/{desk}/:id/open`.
 * `held` is what to say when another agent holds the call (409); after any
 * failure to open, the queue is read again.
 */
type Queue<D extends Desk> = Reply<`GET /api/${D}`>;
type Opened<D extends Desk> = Reply<`POST /api/${D}/:id/open`>;

export function useDeskQueue<D extends Desk>(
  desk: D,
  // The desk's own query (a page size; the callbacks' search and filters), sent as is.
  query: Record<string, string | number | undefined> = {},
  held?: string,
): {
  items: Queue<D>["items"] | undefined;
  /** How many the (filtered) queue holds, when the desk says. */
  total: number | undefined;
  progress: Queue<D>["progress"] | undefined;
  error: string | undefined;
  current: Opened<D> | undefined;
  setCurrent: (opened: Opened<D> | undefined) => void;
  done: DeskDone | undefined;
  setDone: (done: DeskDone | undefined) => void;
  load: () => Promise<void>;
  open: (id: number) => void;
  finish: (done: DeskDone) => Promise<void>;
  release: (id: number) => Promise<void>;
} {
  const explain = useErrorText();
  const [current, setCurrent] = useState<Opened<D>>();
  const [done, setDone] = useState<DeskDone>();
  const endpoint: `GET /api/${Desk}` = `GET /api/${desk}`;
  const list = urlOf(endpoint, { query: query as never });
  // Under the desk's domain ("callbacks", "survey"), so the domain's changes refresh it too.
  const key = useMemo(() => [list.split("/")[2] ?? list, "queue", list], [list]);
  // Typed as either desk's inside; `D` picks the caller's (the two answers differ in their items).
  const queue = useApiQuery(key, endpoint, { query: query as never }) as {
    data?: Queue<D>;
    error: Error | null;
  };
  const load = useCallback(() => invalidate(key), [key]);

  const opening = useMutation({
    mutationFn: (id: number) =>
      api(`POST /api/${desk as Desk}/:id/open`, { params: { id }, body: {} }) as Promise<Opened<D>>,
    onMutate: () => setDone(undefined),
    onSuccess: (opened) => setCurrent(opened),
    onError: () => void load(),
  });
  const open = opening.mutate;
  const refused = opening.error;
  const error = refused
    ? held && refused instanceof ApiError && refused.status === 409
      ? held
      : explain(refused)
    : queue.error
      ? explain(queue.error)
      : undefined;

  /** The call is saved: say so, close it and read the queue again. */
  const finish = useCallback(
    async (d: DeskDone) => {
      setDone(d);
      setCurrent(undefined);
      await load();
    },
    [load],
  );

  /** Cancel or Esc: the call goes back to the queue for anyone (the server drops his hold). */
  const release = useCallback(
    async (id: number) => {
      setCurrent(undefined);
      await api(`POST /api/${desk as Desk}/:id/release`, { params: { id }, body: {} }).catch(() => undefined);
      await load();
    },
    [desk, load],
  );

  return {
    items: queue.data?.items,
    total: queue.data && "total" in queue.data ? queue.data.total : undefined,
    progress: queue.data?.progress,
    error,
    current,
    setCurrent,
    done,
    setDone,
    load,
    open,
    finish,
    release,
  };
}

const count = (n: number) => n.toLocaleString("en-IN");

/**
 * One figure among a desk's counters. With `of` it reads "value / of", and
 * `bar` draws that share: green from `bar[0]` per cent, amber from `bar[1]`.
 */
export function Counter({
  value,
  of,
  label,
  tone,
  bar,
}: {
  value: number | string;
  of?: number;
  label: string;
  tone?: Tone;
  bar?: readonly [green: number, amber: number];
}) {
  const share = typeof value === "number" && of ? Math.min(100, (100 * value) / of) : 0;
  return (
    <div className={tone ? `counter counter-${tone}` : "counter"}>
      <strong>
        {typeof value === "number" ? count(value) : value}
        {of === undefined ? null : <> / {count(of)}</>}
      </strong>
      <span>{label}</span>
      {bar ? (
        <span className="share-track" aria-hidden="true">
          <span
            className={`share-fill share-${share >= bar[0] ? "green" : share >= bar[1] ? "amber" : "red"}`}
            style={{ width: `${share}%` }}
          />
        </span>
      ) : null}
    </div>
  );
}

/**
 * The queue of calls due: a row a call, Enter on a row (or its button) opens
 * it; the first row's button is the primary one.
 */
export function QueueTable<Item extends { id: number }>({
  testId,
  head,
  items,
  cells,
  callLabel,
  onOpen,
  ref,
}: {
  testId: string;
  head: string[];
  items: Item[];
  cells: (item: Item) => ReactNode;
  callLabel: string;
  onOpen: (id: number) => void;
  ref?: Ref<HTMLTableElement>;
}) {
  return (
    <table className="grid" data-testid={testId} ref={ref}>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h}>{h}</th>
          ))}
          <th />
        </tr>
      </thead>
      <tbody>
        {items.map((i, n) => (
          <tr
            key={i.id}
            tabIndex={0}
            onKeyDown={(e) => {
              // Only the row's own Enter: on its button, the click opens the call.
              if (e.key === "Enter" && e.target === e.currentTarget) onOpen(i.id);
            }}
          >
            {cells(i)}
            <td>
              <Button variant={n === 0 ? "primary" : "secondary"} onClick={() => onOpen(i.id)}>
                {callLabel}
              </Button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The call in hand: who (with a link to the record), what about, and the
 * call button; `children` fill the card's grid (what came before, the form).
 */
export function CallCard({
  testId,
  title,
  href,
  code,
  about,
  phone,
  callLabel,
  dialTo,
  children,
}: {
  testId: string;
  title: string;
  href: string;
  code: string;
  about: ReactNode;
  phone: string | null;
  callLabel: string;
  /** The call to place through the dialler: which desk's, which one. */
  dialTo: { desk: Desk; id: number };
  children: ReactNode;
}) {
  const { t } = useI18n();
  const explain = useErrorText();
  // The dialler (CTI_URL) places the call; without one (404) the tel: link does.
  const dialling = useMutation({
    mutationFn: () => api(`POST /api/${dialTo.desk}/:id/dial`, { params: { id: dialTo.id }, body: {} }),
  });
  const dial = () => dialling.mutate();
  const refused = dialling.error;
  const dialled = dialling.isSuccess
    ? t("cb.dialled")
    : refused
      ? refused instanceof ApiError && refused.status === 404
        ? t("cb.noCti")
        : explain(refused)
      : undefined;

  return (
    <article className="panel call-panel" data-testid={testId}>
      <header className="card-head">
        <div>
          <h2>
            {title}{" "}
            <Link href={href} className="mono small">
              {code}
            </Link>
          </h2>
          <p className="muted">{about}</p>
        </div>
        <div className="call-actions">
          {phone ? (
            <a className="btn btn-primary big" href={`tel:+91${phone}`} onClick={dial}>
              {callLabel} {phone}
            </a>
          ) : (
            <span className="muted">{t("cb.noPhone")}</span>
          )}
          {dialled ? <div className="small muted">{dialled}</div> : null}
        </div>
      </header>
      <div className="card-grid">{children}</div>
    </article>
  );
}

/** An earlier try at a call. */
export interface CallAttempt {
  at: string;
  outcome: string;
  by: string | null;
  note: string | null;
}

/** The earlier tries at a call: when, how it went, who; with the agent's note under it when `notes`. */
export function AttemptList({
  attempts,
  outcome,
  notes = false,
}: {
  attempts: CallAttempt[];
  outcome: (o: string) => ReactNode;
  notes?: boolean;
}) {
  const { formatDateTime } = useI18n();
  return (
    <ul className="small">
      {attempts.map((a) => (
        <li key={a.at}>
          {formatDateTime(a.at)} · {outcome(a.outcome)} · {a.by ?? "—"}
          {notes && a.note ? <div className="muted">{a.note}</div> : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * The call's outcomes as radio buttons numbered 1…n. The number keys pick one
 * anywhere on the page, the outcome radios included, but not while typing in
 * another field; Esc gives the call up.
 */
export function OutcomeChoices<O extends string>({
  legend,
  outcomes,
  value,
  label,
  red = [],
  onPick,
  onEscape,
}: {
  legend: string;
  outcomes: readonly O[];
  value: O | undefined;
  label: (o: O) => string;
  /** The outcomes drawn in red. */
  red?: readonly O[];
  onPick: (o: O) => void;
  onEscape: () => void;
}) {
  const group = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement;
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) && !group.current?.contains(el)) return;
      const o = outcomes[Number(e.key) - 1];
      if (o) onPick(o);
      if (e.key === "Escape") onEscape();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [outcomes, onPick, onEscape]);

  return (
    <fieldset className="outcomes" ref={group}>
      <legend>{legend}</legend>
      {outcomes.map((o, n) => (
        <label key={o} className={`choice${red.includes(o) ? " choice-red" : ""}${value === o ? " on" : ""}`}>
          <input type="radio" name="outcome" checked={value === o} onChange={() => onPick(o)} />{" "}
          <kbd>{n + 1}</kbd> {label(o)}
        </label>
      ))}
    </fieldset>
  );
}

/** The end of a call's form: the agent's note, what went wrong, save (and take the next) or cancel. */
export function CallFormEnd({
  id,
  note,
  onNote,
  error,
  busy,
  disabled,
  saveLabel,
  onCancel,
}: {
  id: string;
  note: string;
  onNote: (note: string) => void;
  error: string | undefined;
  busy: boolean;
  disabled: boolean;
  saveLabel: string;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <div className="field">
        <label htmlFor={id}>{t("cb.note")}</label>
        <input id={id} value={note} onChange={(e) => onNote(e.target.value)} />
      </div>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <SubmitCancel label={saveLabel} busy={busy} disabled={disabled} onCancel={onCancel} />
    </>
  );
}
