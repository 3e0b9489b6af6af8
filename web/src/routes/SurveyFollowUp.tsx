import { useMutation } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useMemo, useState } from "react";
import { ApiError, api } from "../api.ts";
import { useCatalogue } from "../catalogue.tsx";
import type { SurveyAction, SurveySuggestion } from "../contract.ts";
import type { QueryOf, Reply } from "../endpoints.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys, useApiQuery } from "../query.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { useErrorText } from "../ui/errors.tsx";
import { Badge, Button, Loading, NamedOptions, Notice, SubmitCancel } from "../ui/index.tsx";
import { pct, surveyMonth } from "../ui/survey.tsx";

function StatusFilter<S extends string>({
  value,
  options,
  onChange,
  label,
}: {
  value: S;
  options: readonly S[];
  onChange: (s: S) => void;
  label: string;
}) {
  const { t } = useI18n();
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((s) => (
        <label key={s} className={value === s ? "on" : ""}>
          <input type="radio" name={label} checked={value === s} onChange={() => onChange(s)} />
          {t(`sv.filter.${s}` as MessageKey)}
        </label>
      ))}
    </div>
  );
}

const asIs = <T,>(items: T[]) => items;

/**
 * One of the survey's follow-up lists (action items, suggestions), filtered
 * by status and read again after each change. `already` is what to say when
 * someone else got there first (409).
 */
type FollowUp = "/api/survey/actions" | "/api/survey/suggestions";
/** An entry of the list at `P`. */
type Entry<P extends FollowUp> = Reply<`GET ${P}`>["items"][number];
/** The list's filter, as its route's query string takes it. */
type Filter<P extends FollowUp> = QueryOf<`GET ${P}`> extends { status?: infer S extends string } ? S : never;

function useFollowUp<P extends FollowUp>(
  path: P,
  first: Filter<P>,
  already: MessageKey,
  order: (items: Entry<P>[]) => Entry<P>[] = asIs,
) {
  const { t } = useI18n();
  const explain = useErrorText();
  const [status, setStatus] = useState<Filter<P>>(first);
  const endpoint: `GET ${FollowUp}` = `GET ${path}`;
  const list = useApiQuery(
    [...keys.survey, "follow-up", path, status],
    endpoint,
    { query: { status } },
    { keep: true },
  );
  // Either list's answer inside; `P` picks the caller's.
  const data = list.data as { items: Entry<P>[] } | undefined;
  const items = useMemo(() => (data ? order(data.items) : undefined), [data, order]);

  /** Makes a change, then reads the list again (also when it failed: it may have moved on). */
  const changing = useMutation({
    mutationFn: (run: () => Promise<void>) => run(),
    onSettled: () => invalidate([...keys.survey, "follow-up", path]),
  });
  const change = (e: FormEvent, run: () => Promise<void>) => {
    e.preventDefault();
    changing.mutate(run);
  };
  const refused = changing.error;
  const error = refused
    ? refused instanceof ApiError && refused.status === 409
      ? t(already)
      : explain(refused)
    : list.error
      ? explain(list.error)
      : undefined;
  const busy = changing.isPending;

  return { status, setStatus, items, error, busy, change };
}

/** A follow-up list: what it is, the status filter, then the table (or why there is none). */
function FollowUpList<T extends { id: number }, S extends string>({
  intro,
  status,
  statuses,
  onStatus,
  notice,
  error,
  items,
  none,
  testId,
  head,
  row,
  exportPath,
}: {
  /** The list's export route: the table downloads with the status it is filtered by. */
  exportPath: string;
  intro: string;
  status: S;
  statuses: readonly S[];
  onStatus: (s: S) => void;
  notice?: ReactNode;
  error: string | undefined;
  items: T[] | undefined;
  none: string;
  testId: string;
  head: string[];
  row: (item: T) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      <div className="page-head">
        <p className="muted">{intro}</p>
        <StatusFilter value={status} options={statuses} onChange={onStatus} label={t("sv.filter.label")} />
        <ExportButtons path={exportPath} query={{ status }} label={intro} />
      </div>
      {notice}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {!items && !error ? <Loading text={t("common.loading")} /> : null}
      {items && items.length === 0 ? <p className="muted">{none}</p> : null}
      {items && items.length > 0 ? (
        <table className="grid" data-testid={testId}>
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>{row(i)}</tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

/** What was done about an item: the state, the note, who and when. */
function Settled({
  label,
  note,
  by,
  at,
}: {
  label: string;
  note: string | null;
  by: string | null;
  at: string | null;
}) {
  const { formatDateTime } = useI18n();
  return (
    <>
      <Badge tone="green">{label}</Badge>
      {note ? <div className="small prewrap">{note}</div> : null}
      <div className="small muted">
        {by ?? ""} · {formatDateTime(at)}
      </div>
    </>
  );
}

/** A small form under an item: its field(s), then the button and Cancel. */
function ItemForm({
  onSubmit,
  children,
  ...buttons
}: {
  onSubmit: (e: FormEvent) => void;
  children: ReactNode;
  label: string;
  busy: boolean;
  disabled: boolean;
  onCancel: () => void;
}) {
  return (
    <form className="stack-form" onSubmit={onSubmit}>
      {children}
      <SubmitCancel {...buttons} />
    </form>
  );
}

// Open ones first, then the newest.
const openFirst = (items: SurveyAction[]) =>
  [...items].sort((a, b) => Number(a.status === "done") - Number(b.status === "done"));

/** Areas flagged when a month closed; the officer in charge records what was done. */
export function SurveyActions() {
  const { t, lang, name } = useI18n();
  const { can } = useSession();
  const list = useFollowUp("/api/survey/actions", "open", "sv.act.already", openFirst);
  const [editing, setEditing] = useState<number>();
  const [text, setText] = useState("");

  const save = (e: FormEvent, id: number) => {
    if (!text.trim()) return e.preventDefault();
    void list.change(e, async () => {
      await api("POST /api/survey/actions/:id/done", { params: { id }, body: { actionTaken: text.trim() } });
      setEditing(undefined);
      setText("");
    });
  };

  return (
    <FollowUpList
      intro={t("sv.act.intro")}
      status={list.status}
      statuses={["open", "done", "all"] as const}
      onStatus={list.setStatus}
      error={list.error}
      items={list.items}
      none={t("sv.act.none")}
      testId="sv-actions"
      exportPath="/api/survey/actions/export"
      head={[t("sv.act.area"), t("sv.act.below"), t("sv.act.officer"), t("sv.act.done")]}
      row={(a) => (
        <>
          <td>
            <strong>{name(a.org)}</strong> <span className="mono small muted">{a.org.code}</span>
            <div className="small muted">
              {t(`kind.${a.org.kind}` as MessageKey)} · {surveyMonth(a.month, lang)}
            </div>
          </td>
          <td className="badges">
            {a.metrics.map((m) => (
              <div key={m.metric} className="small">
                <Badge tone="red">{t(`sv.metric.${m.metric}` as MessageKey)}</Badge>{" "}
                {t("sv.act.value", { value: pct(m.value), threshold: pct(m.threshold) })}
              </div>
            ))}
          </td>
          <td className="small">{a.assignedTo ?? <span className="muted">{t("sv.act.nobody")}</span>}</td>
          <td>
            {a.status === "done" ? (
              <Settled label={t("sv.filter.done")} note={a.actionTaken} by={a.doneBy} at={a.doneAt} />
            ) : editing === a.id ? (
              <ItemForm
                onSubmit={(e) => save(e, a.id)}
                label={t("sv.act.save")}
                busy={list.busy}
                disabled={!text.trim()}
                onCancel={() => setEditing(undefined)}
              >
                <label htmlFor={`sv-act-${a.id}`} className="small">
                  {t("sv.act.whatDone")}
                </label>
                <textarea
                  className="wide"
                  id={`sv-act-${a.id}`}
                  rows={3}
                  value={text}
                  required
                  ref={(el) => {
                    if (el && document.activeElement !== el && !el.value) el.focus();
                  }}
                  onChange={(e) => setText(e.target.value)}
                />
              </ItemForm>
            ) : can("survey.act") ? (
              <>
                <Badge tone="amber">{t("sv.filter.open")}</Badge>{" "}
                <Button
                  variant="secondary"
                  onClick={() => {
                    setEditing(a.id);
                    setText("");
                  }}
                >
                  {t("sv.act.record")}
                </Button>
              </>
            ) : (
              <Badge tone="amber">{t("sv.filter.open")}</Badge>
            )}
          </td>
        </>
      )}
    />
  );
}

/** What consumers wrote in the survey; acted on, or registered as a complaint. */
export function SurveySuggestions() {
  const { t, name, formatDateTime } = useI18n();
  const { can } = useSession();
  const catalogue = useCatalogue();
  const list = useFollowUp("/api/survey/suggestions", "new", "sv.sg.already");
  const [form, setForm] = useState<{ id: number; kind: "acted" | "complaint" }>();
  const [note, setNote] = useState("");
  const [category, setCategory] = useState("");
  const [registered, setRegistered] = useState<string>();

  const start = (id: number, kind: "acted" | "complaint") => {
    setForm({ id, kind });
    setNote("");
    setCategory("");
  };

  const submit = (e: FormEvent, s: SurveySuggestion) => {
    if (!form) return e.preventDefault();
    void list.change(e, async () => {
      if (form.kind === "acted") {
        await api("POST /api/survey/suggestions/:id/acted", {
          params: { id: s.id },
          body: { note: note.trim() },
        });
      } else {
        const r = await api("POST /api/survey/suggestions/:id/complaint", {
          params: { id: s.id },
          body: { categoryCode: category },
        });
        setRegistered(r.complaintNumber);
      }
      setForm(undefined);
    });
  };

  return (
    <FollowUpList
      intro={t("sv.sg.intro")}
      status={list.status}
      statuses={["new", "acted", "all"] as const}
      onStatus={list.setStatus}
      notice={
        registered ? (
          <Notice tone="success" onClose={() => setRegistered(undefined)}>
            {t("sv.complaintRegistered")}{" "}
            <Link className="mono" href={`/complaints/${encodeURIComponent(registered)}`}>
              <strong data-testid="sv-sg-complaint">{registered}</strong>
            </Link>
          </Notice>
        ) : null
      }
      error={list.error}
      items={list.items}
      none={t("sv.sg.none")}
      testId="sv-suggestions"
      exportPath="/api/survey/suggestions/export"
      head={[t("sv.sg.when"), t("sv.sg.who"), t("sv.sg.text"), t("sv.sg.action")]}
      row={(s) => (
        <>
          <td className="small nowrap">
            {formatDateTime(s.answeredAt)}
            {s.via ? (
              <div>
                <Badge tone={s.via === "link" ? "blue" : "grey"}>{t(`sv.via.${s.via}` as MessageKey)}</Badge>
              </div>
            ) : null}
          </td>
          <td>
            {s.name}
            <div className="small">
              <Link className="mono" href={`/consumers/${encodeURIComponent(s.consumerNo)}`}>
                {s.consumerNo}
              </Link>
            </div>
            <div className="small muted">{name(s.dc)}</div>
          </td>
          <td>
            <div className="prewrap">“{s.text}”</div>
            {s.wantsComplaint && !s.complaintNumber ? <Badge tone="amber">{t("sv.sg.wants")}</Badge> : null}
          </td>
          <td>
            {s.complaintNumber ? (
              <div className="small">
                {t("sv.sg.complaint")}{" "}
                <Link className="mono" href={`/complaints/${encodeURIComponent(s.complaintNumber)}`}>
                  {s.complaintNumber}
                </Link>
              </div>
            ) : null}
            {s.status === "acted" ? (
              <Settled label={t("sv.filter.acted")} note={s.actedNote} by={s.actedBy} at={s.actedAt} />
            ) : null}
            {form?.id === s.id ? (
              <ItemForm
                onSubmit={(e) => submit(e, s)}
                label={form.kind === "acted" ? t("sv.sg.markActed") : t("sv.sg.register")}
                busy={list.busy}
                disabled={form.kind === "acted" ? !note.trim() : !category}
                onCancel={() => setForm(undefined)}
              >
                {form.kind === "acted" ? (
                  <>
                    <label htmlFor={`sv-sg-${s.id}`} className="small">
                      {t("sv.sg.note")}
                    </label>
                    <textarea
                      className="wide"
                      id={`sv-sg-${s.id}`}
                      rows={2}
                      value={note}
                      required
                      onChange={(e) => setNote(e.target.value)}
                    />
                  </>
                ) : (
                  <>
                    <label htmlFor={`sv-sg-cat-${s.id}`} className="small">
                      {t("sv.category")}
                    </label>
                    <select
                      id={`sv-sg-cat-${s.id}`}
                      value={category}
                      required
                      onChange={(e) => setCategory(e.target.value)}
                    >
                      <NamedOptions none={t("sv.chooseCategory")} items={catalogue?.categories} />
                    </select>
                  </>
                )}
              </ItemForm>
            ) : can("survey.act") ? (
              <div className="row-actions">
                {s.status === "new" ? (
                  <Button variant="secondary" onClick={() => start(s.id, "acted")}>
                    {t("sv.sg.markActed")}
                  </Button>
                ) : null}
                {!s.complaintNumber ? (
                  <Button
                    variant={s.wantsComplaint ? "primary" : "secondary"}
                    onClick={() => start(s.id, "complaint")}
                  >
                    {t("sv.sg.register")}
                  </Button>
                ) : null}
              </div>
            ) : s.status === "new" ? (
              <Badge tone="amber">{t("sv.filter.new")}</Badge>
            ) : null}
          </td>
        </>
      )}
    />
  );
}
