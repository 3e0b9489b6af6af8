import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api } from "../api.ts";
import { useCatalogue } from "../catalogue.tsx";
import {
  CONVERSATION_CHANNELS,
  type Conversation,
  type ConversationChannel,
  type ConversationDetail,
  INBOX_STATUS_FILTERS,
  type InboxStatusFilter,
  type MessageStatus,
  type ReplyTemplate,
} from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import type { Translate } from "../i18n/translate.ts";
import { invalidate, useApiQuery } from "../query.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useNow } from "../ui/complaint.tsx";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice, useErrorText } from "../ui/errors.tsx";
import { Badge, Button, Field, Loading, NamedOptions, Notice, type Tone } from "../ui/index.tsx";

const INBOX = ["inbox"] as const;
const PAGE_SIZE = 50;

/** A short mark for each channel, beside its name (screen readers read the name). */
const CHANNEL_MARK: Record<ConversationChannel, string> = {
  whatsapp: "WA",
  x: "𝕏",
  facebook: "f",
  instagram: "IG",
  sms: "SMS",
  portal: "WEB",
};

const STATUS_TONE: Record<string, Tone> = {
  bot: "grey",
  new: "blue",
  open: "amber",
  waiting: "grey",
  closed: "green",
};

/** Outgoing delivery ticks: queued, sent, delivered, read (blue), failed. */
const TICKS: Partial<Record<MessageStatus, string>> = {
  pending: "🕓",
  sending: "🕓",
  sent: "✓",
  delivered: "✓✓",
  read: "✓✓",
  failed: "!",
};

/** A social handle as people write it: @name on X and Instagram. */
function handle(c: { channel: string; senderHandle: string | null }): string | null {
  const h = c.senderHandle;
  if (!h) return h;
  return (c.channel === "x" || c.channel === "instagram") && !h.startsWith("@") ? `@${h}` : h;
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return (
    !!el &&
    (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable)
  );
}

function age(t: Translate, fromIso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - new Date(fromIso).getTime()) / 60_000));
  if (minutes < 60) return t("inbox.age.min", { n: minutes });
  if (minutes < 48 * 60) return t("inbox.age.hours", { n: Math.floor(minutes / 60) });
  return t("inbox.age.days", { n: Math.floor(minutes / 1440) });
}

/** The first-response countdown: green with time to spare, amber in its last 10 minutes, red when late. */
function SlaCountdown({ c, now }: { c: Conversation; now: number }) {
  const { t } = useI18n();
  if (c.firstRespondedAt) return <Badge tone="green">{t("inbox.sla.answered")}</Badge>;
  if (!c.firstResponseDue || c.status === "closed" || c.status === "waiting") return null;
  const left = Math.round((new Date(c.firstResponseDue).getTime() - now) / 60_000);
  if (left < 0)
    return (
      <Badge tone="red">
        {t("inbox.sla.overdue", { minutes: -left })}
        {c.escalatedAt ? ` · ${t("inbox.escalated")}` : ""}
      </Badge>
    );
  return <Badge tone={left <= 10 ? "amber" : "green"}>{t("inbox.sla.due", { minutes: left })}</Badge>;
}

function ChannelMark({ channel }: { channel: ConversationChannel }) {
  const { t } = useI18n();
  return (
    <span className={`inbox-channel inbox-channel-${channel}`} title={t(`channel.${channel}` as MessageKey)}>
      <span aria-hidden="true">{CHANNEL_MARK[channel]}</span>
      <span className="sr-only">{t(`channel.${channel}` as MessageKey)}</span>
    </span>
  );
}

/** The agents' inbox: the queue on the left, the conversation in hand on the right. Keyboard first. */
export function Inbox() {
  const { t } = useI18n();
  const { can } = useSession();
  const explain = useErrorText();
  const now = useNow(15_000);
  const [status, setStatus] = useState<InboxStatusFilter>("active");
  const [channel, setChannel] = useState<ConversationChannel | "">("");
  const [mine, setMine] = useState(false);
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<number>();
  const [mode, setMode] = useState<"none" | "reply" | "convert">("none");
  const rows = useRef<(HTMLButtonElement | null)[]>([]);

  const filters = {
    status,
    ...(channel ? { channel } : {}),
    ...(mine ? { mine: true } : {}),
    ...(overdue ? { overdue: true } : {}),
  };
  const query = {
    ...filters,
    page,
    pageSize: PAGE_SIZE,
  };
  const queue = useApiQuery(
    [...INBOX, "queue", query],
    "GET /api/inbox",
    { query },
    {
      keep: true,
      refetchInterval: 10_000,
    },
  );
  const items = queue.data?.items;
  const pages = Math.max(1, Math.ceil((queue.data?.total ?? 0) / PAGE_SIZE));

  // The first conversation is in hand when none is (or the one in hand left the list).
  useEffect(() => {
    if (!items) return;
    if (items.length === 0) setSelected(undefined);
    else if (selected === undefined) setSelected(items[0]?.id);
  }, [items, selected]);

  const move = useCallback(
    (by: number) => {
      if (!items?.length) return;
      const i = items.findIndex((c) => c.id === selected);
      const next = items[Math.min(items.length - 1, Math.max(0, Math.max(i, 0) + by))];
      if (next) {
        setSelected(next.id);
        setMode("none");
        rows.current[items.indexOf(next)]?.focus();
      }
    },
    [items, selected],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "Escape") {
        setMode("none");
        if (typing(e.target)) (e.target as HTMLElement).blur();
        return;
      }
      if (typing(e.target)) return;
      if (e.key === "j" || e.key === "ArrowDown") {
        e.preventDefault();
        move(1);
      } else if (e.key === "k" || e.key === "ArrowUp") {
        e.preventDefault();
        move(-1);
      } else if (e.key === "r" && selected !== undefined) {
        e.preventDefault();
        setMode("reply");
      } else if (e.key === "c" && selected !== undefined) {
        e.preventDefault();
        setMode("convert");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [move, selected]);

  const counts = queue.data?.counts;
  return (
    <section className="page inbox-page">
      <div className="page-head">
        <h1>{t("inbox.title")}</h1>
        {counts ? (
          <div className="inbox-counts" data-testid="inbox-counts">
            <Badge tone="blue">
              {t("inbox.count.new")}: {counts.new}
            </Badge>
            <Badge tone="amber">
              {t("inbox.count.open")}: {counts.open}
            </Badge>
            <Badge tone="grey">
              {t("inbox.count.waiting")}: {counts.waiting}
            </Badge>
            <Badge tone={counts.overdue ? "red" : "green"}>
              {t("inbox.count.overdue")}: {counts.overdue}
            </Badge>
            <Badge tone="grey">
              {t("inbox.count.mine")}: {counts.mine}
            </Badge>
          </div>
        ) : null}
        <ExportButtons path="/api/inbox/export" query={filters} label={t("inbox.title")} />
      </div>
      <p className="muted small">{t("inbox.intro")}</p>
      <div className="inbox-filters">
        <label>
          {t("inbox.filter.status")}{" "}
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as InboxStatusFilter);
              setPage(1);
              setSelected(undefined);
            }}
          >
            {INBOX_STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {t(`inbox.status.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("inbox.filter.channel")}{" "}
          <select
            value={channel}
            onChange={(e) => {
              setChannel(e.target.value as ConversationChannel | "");
              setPage(1);
              setSelected(undefined);
            }}
          >
            <option value="">{t("inbox.filter.allChannels")}</option>
            {CONVERSATION_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={mine}
            onChange={(e) => {
              setMine(e.target.checked);
              setPage(1);
              setSelected(undefined);
            }}
          />{" "}
          {t("inbox.filter.mine")}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={overdue}
            onChange={(e) => {
              setOverdue(e.target.checked);
              setPage(1);
              setSelected(undefined);
            }}
          />{" "}
          {t("inbox.filter.overdue")}
        </label>
      </div>
      {queue.error ? <Notice tone="error">{explain(queue.error)}</Notice> : null}
      {can("inbox.manage") ? <InboxSettings /> : null}
      <div className="inbox-grid">
        <nav className="inbox-queue" aria-label={t("inbox.queue")}>
          {!items && !queue.error ? <Loading text={t("common.loading")} /> : null}
          {items && items.length === 0 ? <p className="muted">{t("inbox.none")}</p> : null}
          <ul data-testid="inbox-queue">
            {items?.map((c, i) => (
              <li key={c.id}>
                <button
                  type="button"
                  ref={(el) => {
                    rows.current[i] = el;
                  }}
                  className={`inbox-row${c.id === selected ? " selected" : ""}${c.overdue ? " overdue" : ""}`}
                  aria-current={c.id === selected ? "true" : undefined}
                  onClick={() => {
                    setSelected(c.id);
                    setMode("none");
                  }}
                >
                  <span className="inbox-row-head">
                    <ChannelMark channel={c.channel} />
                    <strong className="inbox-sender">{c.senderName ?? handle(c)}</strong>
                    <span className="muted small">{age(t, c.lastMessageAt, now)}</span>
                  </span>
                  <span className="inbox-preview">{c.preview ?? "—"}</span>
                  <span className="inbox-row-foot">
                    <Badge tone={STATUS_TONE[c.status] ?? "grey"}>
                      {t(`inbox.status.${c.status}` as MessageKey)}
                    </Badge>
                    {c.visibility === "public" ? <Badge tone="amber">{t("inbox.public")}</Badge> : null}
                    <SlaCountdown c={c} now={now} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {pages > 1 ? (
            <div className="actions">
              <Button variant="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {t("inbox.prev")}
              </Button>
              <span className="small">{t("inbox.page", { page, pages })}</span>
              <Button variant="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                {t("inbox.next")}
              </Button>
            </div>
          ) : null}
        </nav>
        <div className="inbox-thread">
          {selected === undefined ? (
            <p className="muted">{t("inbox.pick")}</p>
          ) : (
            <Thread key={selected} id={selected} mode={mode} setMode={setMode} now={now} />
          )}
        </div>
      </div>
    </section>
  );
}

function Thread({
  id,
  mode,
  setMode,
  now,
}: {
  id: number;
  mode: "none" | "reply" | "convert";
  setMode: (m: "none" | "reply" | "convert") => void;
  now: number;
}) {
  const { t, formatDateTime, name } = useI18n();
  const explain = useErrorText();
  const [notice, setNotice] = useState<string>();
  const detail = useApiQuery(
    [...INBOX, "one", id],
    "GET /api/inbox/:id",
    { params: { id } },
    {
      refetchInterval: 5_000,
    },
  );
  const refresh = useCallback(() => invalidate(INBOX), []);
  const done = useCallback(
    (text: string) => {
      setNotice(text);
      setMode("none");
      void refresh();
    },
    [refresh, setMode],
  );
  const { can } = useSession();
  const take = useMutation({
    mutationFn: (userId?: number | null) =>
      api("POST /api/inbox/:id/assign", { params: { id }, body: userId === undefined ? {} : { userId } }),
    onSuccess: () => void refresh(),
  });
  const close = useMutation({
    mutationFn: () => api("POST /api/inbox/:id/close", { params: { id }, body: {} }),
    onSuccess: () => done(t("inbox.closed")),
  });
  // The latest message in view when the thread opens or grows.
  const list = useRef<HTMLOListElement>(null);
  const count = detail.data?.messages.length ?? 0;
  useEffect(() => {
    if (count && list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [count]);

  if (detail.error) return <Notice tone="error">{explain(detail.error)}</Notice>;
  const d = detail.data;
  if (!d) return <Loading text={t("common.loading")} />;
  const c = d.conversation;
  const closed = c.status === "closed";
  const lastIn = [...d.messages].reverse().find((m) => m.direction === "in");

  return (
    <article
      className="inbox-conversation"
      data-testid="inbox-thread"
      aria-label={c.senderName ?? handle(c) ?? ""}
    >
      <header className="inbox-thread-head">
        <div>
          <h2>
            <ChannelMark channel={c.channel} /> {c.senderName ?? handle(c)}{" "}
            {c.senderName && c.senderHandle ? <span className="muted small">{handle(c)}</span> : null}
          </h2>
          <div className="inbox-row-foot">
            <Badge tone={STATUS_TONE[c.status] ?? "grey"}>
              {t(`inbox.status.${c.status}` as MessageKey)}
            </Badge>
            {c.visibility === "public" ? <Badge tone="amber">{t("inbox.public")}</Badge> : null}
            <SlaCountdown c={c} now={now} />
            <span className="small muted">
              {c.assignee ? t("inbox.assignedTo", { name: c.assignee.name }) : t("inbox.unassigned")} ·{" "}
              {t("inbox.lang", { lang: t(`lang.${c.language}` as MessageKey) })}
              {c.dc ? ` · ${name(c.dc)}` : ""}
            </span>
          </div>
        </div>
        <div className="actions">
          {!closed && !c.assignee ? (
            <Button variant="secondary" busy={take.isPending} onClick={() => take.mutate(undefined)}>
              {t("inbox.take")}
            </Button>
          ) : null}
          {!closed ? (
            <>
              <Button variant="secondary" onClick={() => setMode("convert")} aria-keyshortcuts="c">
                {t("inbox.convert")}
              </Button>
              <Button onClick={() => setMode("reply")} aria-keyshortcuts="r">
                {t("inbox.reply")}
              </Button>
              <Button variant="ghost" busy={close.isPending} onClick={() => close.mutate()}>
                {t("inbox.close")}
              </Button>
            </>
          ) : null}
        </div>
      </header>
      {can("inbox.manage") && !closed ? (
        <AssignPicker current={c.assignee?.id} onPick={(userId) => take.mutate(userId)} />
      ) : null}
      {take.error || close.error ? <ErrorNotice error={take.error ?? close.error} /> : null}
      {notice ? (
        <Notice tone="success" onClose={() => setNotice(undefined)}>
          {notice}
        </Notice>
      ) : null}
      {c.visibility === "public" ? <Notice tone="info">{t("inbox.publicHint")}</Notice> : null}

      <ol className="inbox-messages" data-testid="inbox-messages" ref={list}>
        {d.messages.map((m) => (
          <li
            key={m.id}
            className={`bubble bubble-${m.direction}${m.status === "failed" ? " bubble-failed" : ""}`}
          >
            <span className="bubble-meta small muted">
              {m.by ?? t(`inbox.author.${m.author}` as MessageKey)} · {formatDateTime(m.at)}
            </span>
            {m.body ? <span className="bubble-body">{m.body}</span> : null}
            {m.mediaUrl ? (
              <a href={m.mediaUrl} target="_blank" rel="noreferrer noopener" className="small">
                {m.kind === "image" ? t("inbox.image") : t("inbox.attachment")} ↗
              </a>
            ) : null}
            {m.direction === "out" ? (
              <span
                className={`ticks ticks-${m.status}`}
                title={t(`inbox.msg.${m.status}` as MessageKey)}
                data-status={m.status}
              >
                <span aria-hidden="true">{TICKS[m.status] ?? ""}</span>{" "}
                <span className="small">{t(`inbox.msg.${m.status}` as MessageKey)}</span>
              </span>
            ) : null}
          </li>
        ))}
      </ol>

      {mode === "reply" && !closed ? (
        <ReplyBox detail={d} onDone={done} onCancel={() => setMode("none")} />
      ) : null}
      {mode === "convert" && !closed ? (
        <ConvertBox
          detail={d}
          messageId={lastIn?.id}
          text={lastIn ? [lastIn.body, lastIn.mediaUrl].filter(Boolean).join("\n") : ""}
          onDone={done}
          onCancel={() => setMode("none")}
        />
      ) : null}

      <section className="panel inbox-side">
        <h3>{t("inbox.consumer")}</h3>
        {c.consumer ? (
          <p>
            <Link href={`/consumers/${c.consumer.consumerNo}`} className="mono">
              {c.consumer.consumerNo}
            </Link>{" "}
            {c.consumer.name}{" "}
            {c.consumer.verified ? <Badge tone="green">{t("inbox.consumerVerified")}</Badge> : null}
          </p>
        ) : (
          <p className="muted">{t("inbox.consumerNotLinked")}</p>
        )}
        {!closed ? <ConsumerLink id={c.id} onDone={done} /> : null}
        {d.complaints.length ? (
          <>
            <h3>{t("inbox.complaints")}</h3>
            <ul data-testid="inbox-complaints">
              {d.complaints.map((k) => (
                <li key={k.number}>
                  <Link href={`/complaints/${k.number}`} className="mono">
                    {k.number}
                  </Link>{" "}
                  {name(k.category)} <Badge tone="grey">{t(`cstatus.${k.status}` as MessageKey)}</Badge>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </article>
  );
}

function ConsumerLink({ id, onDone }: { id: number; onDone: (text: string) => void }) {
  const { t, name } = useI18n();
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const found = useApiQuery(
    ["consumers", "search", q],
    "GET /api/consumers",
    { query: { q, limit: 10 } },
    {
      enabled: q.length >= 3,
    },
  );
  const link = useMutation({
    mutationFn: (consumerNo: string) =>
      api("POST /api/inbox/:id/link", { params: { id }, body: { consumerNo } }),
    onSuccess: (_r, consumerNo) => {
      setText("");
      setQ("");
      onDone(t("inbox.linked", { consumer: consumerNo }));
    },
  });
  return (
    <div className="inbox-link">
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(text.trim());
        }}
      >
        <Field label={t("inbox.linkSearch")} value={text} onChange={(e) => setText(e.target.value)} />
        <Button type="submit" variant="secondary" busy={found.isFetching}>
          {t("inbox.search")}
        </Button>
      </form>
      {found.error ? <ErrorNotice error={found.error} /> : null}
      {link.error ? <ErrorNotice error={link.error} /> : null}
      {q.length >= 3 && found.data ? (
        <ul className="inbox-found" data-testid="inbox-found">
          {found.data.items.map((x) => (
            <li key={x.consumerNo}>
              <span className="mono">{x.consumerNo}</span> {x.name} · {name(x.dc)}{" "}
              <Button variant="secondary" busy={link.isPending} onClick={() => link.mutate(x.consumerNo)}>
                {t("inbox.link")}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ReplyBox({
  detail,
  onDone,
  onCancel,
}: {
  detail: ConversationDetail;
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  // A public post, and an SMS (DLT registers every SMS text), only get templates.
  const isPublic = detail.conversation.visibility === "public" || detail.conversation.channel === "sms";
  const [template, setTemplate] = useState<ReplyTemplate | "">(
    isPublic ? (detail.templates[0]?.code ?? "") : "",
  );
  const [text, setText] = useState("");
  const box = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    (isPublic ? picker.current : box.current)?.focus();
  }, [isPublic]);
  const chosen = useMemo(
    () => detail.templates.find((x) => x.code === template),
    [detail.templates, template],
  );
  const send = useMutation({
    mutationFn: () =>
      api("POST /api/inbox/:id/reply", {
        params: { id: detail.conversation.id },
        body: template ? { template } : { text: text.trim() },
      }),
    onSuccess: () => onDone(t("inbox.sent")),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  return (
    <form className="panel inbox-reply" onSubmit={submit} data-testid="inbox-reply">
      <h3>{t("inbox.reply")}</h3>
      {detail.conversation.channel === "sms" ? <p className="muted">{t("inbox.smsHint")}</p> : null}
      <label className="field">
        <span>{t("inbox.template")}</span>
        <select
          ref={picker}
          value={template}
          onChange={(e) => setTemplate(e.target.value as ReplyTemplate | "")}
        >
          {isPublic ? null : <option value="">{t("inbox.noTemplate")}</option>}
          {detail.templates.map((x) => (
            <option key={x.code} value={x.code}>
              {x.text.length > 70 ? `${x.text.slice(0, 70)}…` : x.text}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t("inbox.replyText")}</span>
        <textarea
          ref={box}
          rows={4}
          maxLength={1000}
          value={chosen ? chosen.text : text}
          readOnly={!!chosen}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      {send.error ? <ErrorNotice error={send.error} /> : null}
      <div className="actions">
        <Button type="submit" busy={send.isPending} disabled={!chosen && !text.trim()}>
          {t("inbox.send")}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}

function ConvertBox({
  detail,
  messageId,
  text,
  onDone,
  onCancel,
}: {
  detail: ConversationDetail;
  messageId: number | undefined;
  text: string;
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const catalogue = useCatalogue();
  const [category, setCategory] = useState("");
  const [subcategory, setSubcategory] = useState("");
  const [description, setDescription] = useState(text);
  const [dtCode, setDtCode] = useState("");
  const [dcCode, setDcCode] = useState("");
  const [location, setLocation] = useState("");
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const linked = detail.conversation.consumer !== null;
  const subs = catalogue?.categories.find((c) => c.code === category)?.subcategories ?? [];
  const convert = useMutation({
    mutationFn: () =>
      api("POST /api/inbox/:id/convert", {
        params: { id: detail.conversation.id },
        body: {
          categoryCode: category,
          ...(messageId ? { messageId } : {}),
          ...(subcategory ? { subcategoryCode: subcategory } : {}),
          description,
          ...(!linked && dtCode.trim() ? { dtCode: dtCode.trim() } : {}),
          ...(!linked && dcCode.trim() ? { dcCode: dcCode.trim() } : {}),
          ...(!linked && location.trim() ? { location: location.trim() } : {}),
        },
      }),
    onSuccess: (r) =>
      onDone(
        t(r.outcome === "repeat_call" ? "inbox.repeat" : "inbox.converted", { number: r.complaintNumber }),
      ),
  });
  return (
    <form
      className="panel inbox-convert"
      data-testid="inbox-convert"
      onSubmit={(e) => {
        e.preventDefault();
        convert.mutate();
      }}
    >
      <h3>{t("inbox.convertTitle")}</h3>
      <label className="field">
        <span>{t("inbox.category")}</span>
        <select
          ref={first}
          required
          value={category}
          onChange={(e) => {
            setCategory(e.target.value);
            setSubcategory("");
          }}
        >
          <NamedOptions none={t("inbox.chooseCategory")} items={catalogue?.categories} />
        </select>
      </label>
      {subs.length ? (
        <label className="field">
          <span>{t("inbox.subcategory")}</span>
          <select value={subcategory} onChange={(e) => setSubcategory(e.target.value)}>
            <NamedOptions none="—" items={subs} />
          </select>
        </label>
      ) : null}
      <label className="field">
        <span>{t("inbox.description")}</span>
        <textarea
          rows={3}
          maxLength={2000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      {!linked ? (
        <>
          <p className="small muted">{t("inbox.placeHint")}</p>
          <div className="inline-form">
            <Field label={t("inbox.dtCode")} value={dtCode} onChange={(e) => setDtCode(e.target.value)} />
            <Field label={t("inbox.dcCode")} value={dcCode} onChange={(e) => setDcCode(e.target.value)} />
            <Field
              label={t("inbox.location")}
              value={location}
              onChange={(e) => setLocation(e.target.value)}
            />
          </div>
        </>
      ) : null}
      {convert.error ? <ErrorNotice error={convert.error} /> : null}
      <div className="actions">
        <Button type="submit" busy={convert.isPending} disabled={!category}>
          {t("inbox.register")}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}

/** A supervisor gives the conversation to an agent (or to nobody). */
function AssignPicker({
  current,
  onPick,
}: {
  current: number | undefined;
  onPick: (userId: number | null) => void;
}) {
  const { t } = useI18n();
  const agents = useApiQuery([...INBOX, "agents"], "GET /api/inbox/agents", undefined, { staleTime: 60_000 });
  if (!agents.data) return null;
  return (
    <label className="inbox-assign small">
      {t("inbox.assignTo")}{" "}
      <select value={current ?? ""} onChange={(e) => onPick(e.target.value ? Number(e.target.value) : null)}>
        <option value="">{t("inbox.unassigned")}</option>
        {agents.data.items.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The first-response limit, for supervisors and admins: past it, unanswered conversations go to the on-duty supervisors. */
function InboxSettings() {
  const { t } = useI18n();
  const stored = useApiQuery([...INBOX, "settings"], "GET /api/inbox/settings");
  const [minutes, setMinutes] = useState("");
  useEffect(() => {
    if (stored.data) setMinutes(String(stored.data.firstResponseMinutes));
  }, [stored.data]);
  const save = useMutation({
    mutationFn: () => api("PUT /api/inbox/settings", { body: { firstResponseMinutes: Number(minutes) } }),
    onSuccess: () => void invalidate([...INBOX, "settings"]),
  });
  return (
    <details className="inbox-settings">
      <summary>{t("inbox.settings")}</summary>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Field
          label={t("inbox.firstResponseMinutes")}
          type="number"
          min={1}
          max={1440}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
        />
        <Button type="submit" variant="secondary" busy={save.isPending}>
          {t("inbox.save")}
        </Button>
      </form>
      {save.error ? <ErrorNotice error={save.error} /> : null}
      {save.isSuccess ? <p className="small muted">{t("inbox.saved")}</p> : null}
    </details>
  );
}
