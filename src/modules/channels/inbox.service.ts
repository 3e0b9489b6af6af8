import type { Cursor } from "../../db/keyset.ts";
import type { ConversationChannel, Language } from "../../db/schema.ts";
import type { Tx, UnitOfWork } from "../../db/unit-of-work.ts";
import { keysetPages } from "../../http/exports.ts";
import type { Clock } from "../../lib/clock.ts";
import { badRequest, conflict, forbidden, notFound } from "../../lib/errors.ts";
import { normaliseMobile } from "../../lib/mobile.ts";
import { ROLE_PERMISSIONS } from "../access/permissions.ts";
import { can, type Principal } from "../access/principal.ts";
import type { ComplaintsService } from "../complaints/complaints.service.ts";
import type { AppEvent } from "../events.ts";
import { sendSms } from "../notifications/send-sms.ts";
import type { SmsTemplate } from "../notifications/sms-templates.ts";
import type { SettingsRepository } from "../settings/settings.repository.ts";
import {
  DEFAULT_FIRST_RESPONSE_MINUTES,
  type InboxStatusFilter,
  REPLY_TEMPLATES,
  type ReplyTemplate,
} from "./inbox.constants.ts";
import type { ConversationRow, InboxRepository } from "./inbox.repository.ts";

export type { ConversationRow, MessageRow } from "./inbox.repository.ts";

export const FIRST_RESPONSE_KEY = "inbox.first_response_minutes";

/** The SMS form of each private reply template (DLT registers every SMS text). */
const SMS_REPLIES: Partial<Record<ReplyTemplate, SmsTemplate>> = {
  ask_consumer_no: "inbox_reply_ask_consumer_no",
  registered: "inbox_reply_registered",
  resolved: "inbox_reply_resolved",
  thanks: "inbox_reply_thanks",
};

/** Names of the channels as an SMS says them (the same in Hindi: brand names). */
const CHANNEL_NAMES: Record<ConversationChannel, string> = {
  whatsapp: "WhatsApp",
  x: "X",
  facebook: "Facebook",
  instagram: "Instagram",
  sms: "SMS",
  portal: "Portal",
};

const CENTRAL = { en: "central desk", hi: "केंद्रीय डेस्क" } as const;

/** A reply template's text in a language, with the complaint number filled in. */
export function renderReply(code: ReplyTemplate, language: Language, number?: string): string {
  return REPLY_TEMPLATES[code][language].replace("{number}", number ?? "");
}

export interface QueueInput {
  status?: InboxStatusFilter | undefined;
  channel?: ConversationChannel | undefined;
  mine?: boolean | undefined;
  overdue?: boolean | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

export interface ConvertInput {
  messageId?: number | undefined;
  categoryCode: string;
  subcategoryCode?: string | undefined;
  description?: string | undefined;
  /** Without a linked consumer: where the fault is (as on the complaint form). */
  dtCode?: string | undefined;
  feederCode?: string | undefined;
  dcCode?: string | undefined;
  location?: string | undefined;
}

export interface ReplyInput {
  text?: string | undefined;
  template?: ReplyTemplate | undefined;
  /** The complaint a template names; the latest one of the conversation when not given. */
  complaintNumber?: string | undefined;
}

/**
 * The agents' inbox: one queue of conversations from every non-voice channel
 * (intake and the WhatsApp bot fill it), scoped to the agent's jurisdiction.
 * An agent takes one, links the sender to a consumer, turns a message into a
 * complaint in one step, replies (free text, or a Hindi/English template with
 * the complaint number; a public post only ever gets the "continue in
 * private" templates), and closes it. Unanswered ones escalate to the
 * on-duty supervisors once their first-response limit passes.
 */
export class InboxService {
  constructor(
    private readonly uow: UnitOfWork<AppEvent>,
    /** The repository on the root connection, or bound to a transaction. */
    private readonly repo: (tx?: Tx) => InboxRepository,
    private readonly complaints: ComplaintsService,
    private readonly settings: SettingsRepository,
    private readonly clock: Clock,
  ) {}

  private ensure(p: Principal): void {
    if (!can(p, "inbox.work")) throw forbidden();
  }

  /** The setting as read last, for 30 s: every consumer message asks for it. */
  private minutesCache: { value: number; at: number } | undefined;

  /** Minutes to a conversation's first answer before it escalates. */
  async firstResponseMinutes(): Promise<number> {
    if (this.minutesCache && Date.now() - this.minutesCache.at < 30_000) return this.minutesCache.value;
    const v = await this.settings.get<number>(FIRST_RESPONSE_KEY);
    const value = typeof v === "number" && Number.isInteger(v) && v > 0 ? v : DEFAULT_FIRST_RESPONSE_MINUTES;
    this.minutesCache = { value, at: Date.now() };
    return value;
  }

  async config(p: Principal) {
    this.ensure(p);
    return { firstResponseMinutes: await this.firstResponseMinutes() };
  }

  async updateConfig(p: Principal, input: { firstResponseMinutes: number }) {
    if (!can(p, "inbox.manage")) throw forbidden();
    const m = input.firstResponseMinutes;
    if (!Number.isInteger(m) || m < 1 || m > 1440)
      throw badRequest("firstResponseMinutes is a whole number from 1 to 1440", "firstResponseMinutes");
    await this.settings.set(FIRST_RESPONSE_KEY, m);
    this.minutesCache = { value: m, at: Date.now() };
    return { firstResponseMinutes: m };
  }

  /** Every conversation of the same queue (no paging), a page at a time: the export. Permission checked now. */
  queueAll(p: Principal, input: Omit<QueueInput, "page" | "pageSize">) {
    this.ensure(p);
    // One "now" for the whole file, so "overdue" means the same on its first and last page.
    const now = this.clock();
    const repo = this.repo();
    const filter = {
      status: input.status ?? "active",
      channel: input.channel,
      assignedTo: input.mine ? p.id : undefined,
      overdue: input.overdue,
    };
    return {
      now,
      rows: keysetPages(
        (after: Cursor | undefined, limit) => repo.queueAfter(p, filter, now, after, limit),
        (r) => r.cursor,
      ),
    };
  }

  async queue(p: Principal, input: QueueInput) {
    this.ensure(p);
    const now = this.clock();
    const pageSize = Math.min(Math.max(input.pageSize ?? 50, 1), 200);
    const page = Math.max(input.page ?? 1, 1);
    const repo = this.repo();
    const [r, counts] = await Promise.all([
      repo.queue(
        p,
        {
          status: input.status ?? "active",
          channel: input.channel,
          assignedTo: input.mine ? p.id : undefined,
          overdue: input.overdue,
          limit: pageSize,
          offset: (page - 1) * pageSize,
        },
        now,
      ),
      repo.counts(p, now, p.id),
    ]);
    return { ...r, counts, page, pageSize, now };
  }

  private async visible(p: Principal, id: number, tx?: Tx): Promise<ConversationRow> {
    const row = await this.repo(tx).findForUser(p, id);
    if (!row) throw notFound("conversation");
    return row;
  }

  /** One an agent may act on: not closed, and not while the WhatsApp bot holds it (it hands over with "new"). */
  private async workable(p: Principal, id: number): Promise<ConversationRow> {
    const row = await this.visible(p, id);
    if (row.status === "closed") throw conflict("this conversation is closed", "id");
    if (row.status === "bot") throw conflict("the WhatsApp bot is answering this conversation", "id");
    return row;
  }

  /** A conversation with its messages, complaints and the replies it allows. */
  async get(p: Principal, id: number) {
    this.ensure(p);
    const conversation = await this.visible(p, id);
    const repo = this.repo();
    const [messages, complaints] = await Promise.all([repo.messages(id), repo.complaints(id)]);
    const latest = complaints[0]?.number;
    const templates = (Object.keys(REPLY_TEMPLATES) as ReplyTemplate[])
      // A public post gets the "continue in private" ones only; a private chat the others.
      .filter((code) => REPLY_TEMPLATES[code].public === (conversation.visibility === "public"))
      .filter((code) => !REPLY_TEMPLATES[code].needsNumber || latest !== undefined)
      .map((code) => ({ code, text: renderReply(code, conversation.language, latest) }));
    return { conversation, messages, complaints, templates, now: this.clock() };
  }

  /** Who may be given conversations (agents, supervisors, admins over the principal's area). */
  async agents(p: Principal) {
    this.ensure(p);
    const roles = (Object.keys(ROLE_PERMISSIONS) as (keyof typeof ROLE_PERMISSIONS)[]).filter((r) =>
      ROLE_PERMISSIONS[r].includes("inbox.work"),
    );
    return this.repo().agents(p, roles);
  }

  /** Gives a conversation to himself, or (a supervisor) to an agent who works the inbox and may see it. */
  async assign(p: Principal, id: number, userId: number | null | undefined): Promise<void> {
    this.ensure(p);
    const to = userId === undefined ? p.id : userId;
    if (to !== p.id && !can(p, "inbox.manage")) throw forbidden("only a supervisor assigns to others");
    const row = await this.workable(p, id);
    if (to !== null && to !== p.id) {
      const user = await this.repo().user(to);
      if (!user?.active || !ROLE_PERMISSIONS[user.role].includes("inbox.work"))
        throw badRequest("give it to an active user who works the inbox", "userId");
      const sees = user.org_kind === "company" || row.dc_path?.startsWith(user.org_path) === true;
      if (!sees) throw badRequest("that user may not see this conversation", "userId");
    }
    await this.uow.run(async (tx, emit) => {
      await this.repo(tx).setAssignee(id, to);
      await emit({ type: "conversation.changed", conversationId: id, status: row.status });
    });
  }

  /** Links the sender to a consumer he may see: the conversation moves to that consumer's DC. */
  async link(p: Principal, id: number, consumerNo: string): Promise<ConversationRow> {
    this.ensure(p);
    const row = await this.visible(p, id);
    if (row.status === "closed") throw conflict("this conversation is closed", "id");
    const consumer = await this.repo().consumerFor(p, consumerNo.trim().toUpperCase());
    if (!consumer) throw badRequest(`no consumer ${consumerNo}`, "consumerNo");
    await this.uow.run(async (tx, emit) => {
      await this.repo(tx).linkConsumer(id, Number(consumer.id), Number(consumer.dc_id));
      await emit({ type: "conversation.changed", conversationId: id, status: row.status });
    });
    return this.visible(p, id);
  }

  /**
   * Turns a message into a complaint in one step: the category he picks, the
   * message's text as the description (unless he edited it), the
   * conversation's channel and language, the linked consumer (or the place he
   * gives). The complaint is registered as he would on the phone, and linked.
   */
  async convert(p: Principal, id: number, input: ConvertInput) {
    this.ensure(p);
    const row = await this.visible(p, id);
    if (row.status === "closed") throw conflict("this conversation is closed", "id");
    const repo = this.repo();
    const message =
      input.messageId !== undefined ? await repo.message(id, input.messageId) : await repo.lastInbound(id);
    if (input.messageId !== undefined && !message) throw badRequest("no such message here", "messageId");
    const text = [message?.body?.trim(), message?.media_url ? message.media_url : undefined]
      .filter(Boolean)
      .join("\n");
    const description = (input.description ?? text).trim().slice(0, 2000);
    const phone =
      row.channel === "whatsapp" || row.channel === "sms" ? normaliseMobile(row.sender_id) : undefined;
    const where = row.consumer_no
      ? { consumerNo: row.consumer_no }
      : {
          dtCode: input.dtCode,
          feederCode: input.feederCode,
          dcCode: input.dcCode,
          location: input.location,
        };
    const r = await this.complaints.create(p, {
      ...where,
      categoryCode: input.categoryCode,
      subcategoryCode: input.subcategoryCode,
      description,
      channel: row.channel,
      language: row.language,
      callerName: row.sender_name ?? undefined,
      ...(phone ? { callerPhone: phone } : {}),
    });
    await this.uow.run(async (tx, emit) => {
      const t = this.repo(tx);
      await t.linkComplaint(id, r.complaint.id, this.clock());
      if (row.dc_id === null && row.consumer_id === null) {
        // The complaint found its DC: the conversation goes to that DC's desk too.
        await t.linkDc(id, r.complaint.dc_id);
      }
      await emit({ type: "conversation.changed", conversationId: id, status: row.status });
    });
    return r;
  }

  /**
   * An agent's reply: a pending outgoing message the channel's sender takes.
   * A public post only ever gets the "continue in private" templates, with
   * at most a complaint number of this conversation: never free text, which
   * could carry a name, mobile, address or consumer number.
   */
  async reply(p: Principal, id: number, input: ReplyInput): Promise<{ messageId: number; body: string }> {
    this.ensure(p);
    const row = await this.workable(p, id);
    const text = input.text?.trim();
    if ((text ? 1 : 0) + (input.template ? 1 : 0) !== 1)
      throw badRequest("send either a text or a template", input.template ? "text" : "template");
    let body: string;
    /** The complaint number a template names, for the SMS form of the reply too. */
    let number: string | undefined;
    if (input.template) {
      const tpl = REPLY_TEMPLATES[input.template];
      if (row.visibility === "public" && !tpl.public)
        throw badRequest("a public post only gets a template asking to continue in private", "template");
      if (tpl.needsNumber) {
        const linked = input.complaintNumber
          ? await this.repo().linkedComplaint(id, input.complaintNumber.trim().toUpperCase())
          : undefined;
        if (input.complaintNumber && !linked)
          throw badRequest("that complaint was not made from this conversation", "complaintNumber");
        number = linked?.number ?? (await this.repo().complaints(id))[0]?.number;
        if (!number) throw badRequest("convert a message into a complaint first", "complaintNumber");
      }
      body = renderReply(input.template, row.language, number);
    } else {
      if (row.visibility === "public")
        throw badRequest(
          "a public post gets no free text (personal data must never be posted): pick a template",
          "text",
        );
      if (row.channel === "sms")
        throw badRequest("an SMS reply is one of the templates: DLT registers every SMS text", "text");
      body = text as string;
    }
    const smsTemplate = row.channel === "sms" && input.template ? SMS_REPLIES[input.template] : undefined;
    if (row.channel === "sms" && !smsTemplate)
      throw badRequest("this template is not sent by SMS", "template");
    const now = this.clock();
    const messageId = await this.uow.run(async (tx, emit) => {
      const t = this.repo(tx);
      const locked = await t.lock(id);
      if (locked.status === "closed" || locked.status === "bot")
        throw conflict("this conversation is closed or with the bot", "id");
      // SMS replies go through the SMS outbox in this transaction; the portal shows its replies
      // itself: neither waits for a platform sender.
      const handed = row.channel === "sms" || row.channel === "portal";
      const mid = await t.addReply({
        conversationId: id,
        channel: row.channel,
        userId: p.id,
        body,
        at: now,
        status: handed ? "sent" : "pending",
      });
      if (smsTemplate)
        await sendSms(tx, {
          template: smsTemplate as SmsTemplate,
          language: row.language,
          variables: number ? { number } : {},
          recipient: row.sender_id,
          dedupKey: `inbox-reply:${mid}`,
          urgent: false,
          relatedType: "conversation",
          relatedId: id,
          createdAt: now,
        });
      await t.replied(id, p.id, now);
      if (!handed)
        await emit({
          type: "conversation.reply_queued",
          conversationId: id,
          messageId: mid,
          channel: row.channel,
        });
      await emit({ type: "conversation.changed", conversationId: id, status: "waiting" });
      return mid;
    });
    return { messageId, body };
  }

  async close(p: Principal, id: number): Promise<void> {
    this.ensure(p);
    const row = await this.visible(p, id);
    if (row.status === "closed") return;
    if (row.status === "bot") throw conflict("the WhatsApp bot is answering this conversation", "id");
    await this.uow.run(async (tx, emit) => {
      await this.repo(tx).close(id, p.id, this.clock());
      await emit({ type: "conversation.changed", conversationId: id, status: "closed" });
    });
  }

  /** The consumer wrote again: a conversation waiting for him is open again; its first-response limit is set once. */
  async onMessageReceived(conversationId: number): Promise<void> {
    const minutes = await this.firstResponseMinutes();
    await this.uow.run(async (tx, emit) => {
      const moved = await this.repo(tx).onInbound(conversationId, this.clock(), minutes);
      if (moved && moved.after !== moved.before)
        await emit({ type: "conversation.changed", conversationId, status: moved.after });
    });
  }

  /** The wallboard's inbox figures for a principal's jurisdiction (zeros for those who do not work the inbox). */
  async waiting(p: Principal): Promise<{ waiting: number; overdue: number }> {
    if (!can(p, "inbox.work") && !can(p, "complaints.read")) return { waiting: 0, overdue: 0 };
    return this.repo().waiting(p, this.clock());
  }

  pathsOf(ids: number[]): Promise<string[]> {
    return this.repo().pathsOf(ids);
  }

  /**
   * The first-response SLA: conversations still unanswered past their limit
   * are escalated once each (escalated_at), and each on-duty supervisor over
   * them gets one SMS a sweep (Hindi or English, as he chose): the
   * conversation when it is one, a count when several (a storm must not
   * bring him one SMS a conversation).
   */
  async escalateDue(limit = 200): Promise<{ escalated: number; sms: number }> {
    const minutes = await this.firstResponseMinutes();
    await this.repo().fillDue(minutes, 1000);
    const now = this.clock();
    return this.uow.run(async (tx, emit) => {
      const t = this.repo(tx);
      const escalated = await t.escalateDue(now, limit);
      if (escalated.length === 0) return { escalated: 0, sms: 0 };
      let sms = 0;
      for (const s of await t.supervisorsOnDuty()) {
        // His jurisdiction covers the DC; the central desk's are the company's supervisors'.
        const his = escalated.filter((c) =>
          c.dc_path ? c.dc_path.startsWith(s.path) : s.kind === "company",
        );
        const first = his[0];
        if (!first) continue;
        const hi = s.language === "hi";
        const one = his.length === 1;
        const area = one
          ? ((hi ? first.dc_name_hi : first.dc_name_en) ?? CENTRAL[hi ? "hi" : "en"])
          : hi
            ? s.name_hi
            : s.name_en;
        const queued = await sendSms(tx, {
          template: one ? "inbox_escalated" : "inbox_escalated_digest",
          language: s.language,
          variables: one
            ? {
                channel: CHANNEL_NAMES[first.channel],
                id: String(first.id),
                minutes: String(
                  Math.max(1, Math.round((now.getTime() - first.opened_at.getTime()) / 60_000)),
                ),
                area: area.slice(0, 30),
              }
            : { count: String(his.length), area: area.slice(0, 30) },
          recipient: s.phone,
          dedupKey: `inbox:escalated:${s.id}:${first.id}:${his.length}:${now.getTime()}`,
          urgent: true,
          relatedType: "conversation",
          relatedId: first.id,
          createdAt: now,
        });
        if (queued) sms++;
      }
      for (const c of escalated)
        await emit({ type: "conversation.changed", conversationId: c.id, status: c.status });
      return { escalated: escalated.length, sms };
    });
  }
}
