import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import type { Logger } from "pino";
import type { Language } from "../../../db/schema.ts";
import type { Tx, UnitOfWork } from "../../../db/unit-of-work.ts";
import type { Clock } from "../../../lib/clock.ts";
import { AppError } from "../../../lib/errors.ts";
import { normaliseMobile } from "../../../lib/mobile.ts";
import { companyIntegration, type Principal } from "../../access/principal.ts";
import type { BillingService } from "../../billing/billing.service.ts";
import type { ComplaintsService } from "../../complaints/complaints.service.ts";
import { nextStep } from "../../connections/connections.present.ts";
import type { ConnectionsService } from "../../connections/connections.service.ts";
import { DEFAULT_OTP_POLICY, type OtpPolicy } from "../../consumers/mobiles.service.ts";
import type { AppEvent } from "../../events.ts";
import { SMS_COMPLAINT_RULE } from "../../notifications/inbound.ts";
import type { RecipientsRepository } from "../../notifications/recipients.repository.ts";
import { sendSms } from "../../notifications/send-sms.ts";
import type { OutagesService } from "../../outages/outages.service.ts";
import type { SettingsRepository } from "../../settings/settings.repository.ts";
import type { ThrottleRepository, ThrottleRule } from "../../users/throttle.repository.ts";
import type { ChannelDomainEvent } from "../channels.events.ts";
import {
  type Action,
  type ActionResult,
  type ApplicationLine,
  type BotState,
  type Category,
  type ConsumerRef,
  consumerNumberIn,
  type Facts,
  isAgentRequest,
  parseState,
  step,
  WORDS,
} from "./bot.machine.ts";
import type { BotRepository } from "./bot.repository.ts";

/** Replies one conversation may get: a flood of messages (over 20 a minute) gets one notice, then silence a while. */
export const BOT_REPLY_RULE: ThrottleRule = {
  windowMs: 60_000,
  limit: 20,
  lockMs: 60_000,
  maxLockMs: 15 * 60_000,
};

/** Default minutes to an agent's first answer after the bot hands over (setting inbox.first_response_minutes). */
export const DEFAULT_FIRST_RESPONSE_MINUTES = 30;

/** Actions one message may chain (a code checked, then the answer it unlocked): a bound, not a real limit. */
const MAX_ACTIONS = 6;

function hashCode(salt: string, code: string): string {
  return `${salt}:${createHash("sha256").update(`${salt}:${code}`).digest("hex")}`;
}

function codeMatches(stored: string, code: string): boolean {
  const salt = stored.split(":")[0] ?? "";
  const a = Buffer.from(stored);
  const b = Buffer.from(hashCode(salt, code));
  return a.length === b.length && timingSafeEqual(a, b);
}

/** How long a claimed message is this process's to answer; after it, the sweep answers it. */
export const CLAIM_LEASE_MS = 60_000;

/**
 * The new-connection applications of a mobile, for the bot: read as the
 * company-wide "WhatsApp 1912 (new connections)" integration, the stage and
 * the public next step (no name, address or staff).
 */
export function botApplications(
  connections: Pick<ConnectionsService, "list" | "timeZone">,
  recipients: Pick<RecipientsRepository, "company">,
): (mobile: string) => Promise<ApplicationLine[]> {
  const principal = companyIntegration(
    "WhatsApp 1912 (new connections)",
    ["connections.read", "consumers.read_mobile"],
    () => recipients.company(),
  );
  return async (mobile) => {
    const r = await connections.list(await principal(), { q: mobile, pageSize: 5 });
    return r.items.map(({ row }) => ({
      number: row.number,
      status: row.status,
      nextStep: nextStep(row, connections.timeZone, "public"),
    }));
  };
}

/**
 * Who registers and reads for the bot: the company-wide "WhatsApp 1912"
 * integration (as inbound SMS use "SMS 1912"). The bot itself decides what
 * the person writing may see; this principal only reaches the services.
 */
export function botPrincipal(recipients: Pick<RecipientsRepository, "company">): () => Promise<Principal> {
  return companyIntegration(
    "WhatsApp 1912",
    ["complaints.create", "complaints.read", "consumers.read", "outages.read"],
    () => recipients.company(),
  );
}

export interface BotDeps {
  repo: (tx?: Tx) => BotRepository;
  uow: UnitOfWork<AppEvent>;
  complaints: Pick<ComplaintsService, "create" | "list">;
  outages: Pick<OutagesService, "forConsumer" | "row">;
  billing: Pick<BillingService, "billsFor">;
  throttle: ThrottleRepository;
  settings: SettingsRepository;
  principal: () => Promise<Principal>;
  clock: Clock;
  timeZone: string;
  logger?: Logger | undefined;
  otpPolicy?: OtpPolicy;
  /** The new-connection applications whose mobile is this one (newest first, a few). */
  applications?: ((mobile: string) => Promise<ApplicationLine[]>) | undefined;
  /** Where to apply for a new connection online (the portal's page). */
  applyUrl?: string | undefined;
}

interface Turn {
  conversationId: number;
  messageId: number;
  sender: string;
  senderMobile: string | undefined;
  language: Language;
}

/**
 * The WhatsApp self-service bot (issue 14): answers each consumer message of
 * a conversation the bot holds (status 'bot'), Hindi first, through the pure
 * machine in bot.machine.ts. Replies are stored as pending outgoing rows
 * (the WhatsApp sender delivers them on `conversation.reply_queued`); "agent"
 * hands the conversation to the inbox. Messages of one conversation are
 * answered one after another, each once (its id is claimed in bot_state).
 */
export class WhatsAppBot {
  private readonly chains = new Map<number, Promise<void>>();
  private categoriesCache: { at: number; items: Category[] } | undefined;
  private readonly policy: OtpPolicy;

  constructor(private readonly deps: BotDeps) {
    this.policy = deps.otpPolicy ?? DEFAULT_OTP_POLICY;
  }

  /** The listener: queues the message behind the conversation's earlier ones. */
  received(e: Extract<ChannelDomainEvent, { type: "conversation.message_received" }>): void {
    if (e.channel !== "whatsapp" || e.status !== "bot") return;
    this.enqueue(e.conversationId, e.messageId);
  }

  /**
   * The worker's sweep: consumer messages still unanswered with no live
   * claim (their process died between the claim and the reply, or their
   * event was lost with it) are answered now, each once, in order.
   */
  async sweep(limit = 200): Promise<{ answered: number }> {
    const due = await this.deps.repo().unanswered(this.deps.clock(), limit);
    for (const d of due) this.enqueue(d.conversationId, d.messageId);
    await this.idle();
    return { answered: due.length };
  }

  private enqueue(id: number, messageId: number): void {
    const next = (this.chains.get(id) ?? Promise.resolve())
      .then(() => this.handle(id, messageId))
      .catch((err: unknown) =>
        this.deps.logger?.error({ err, conversationId: id }, "whatsapp bot: message failed"),
      );
    this.chains.set(id, next);
    void next.then(() => {
      if (this.chains.get(id) === next) this.chains.delete(id);
    });
  }

  /** Resolves when every message received so far is answered (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  /** Answers one consumer message; a message already answered (or a conversation an agent has) is left alone. */
  async handle(conversationId: number, messageId: number): Promise<void> {
    const repo = this.deps.repo();
    const claimedAt = this.deps.clock();
    const conv = await repo.claim(
      conversationId,
      messageId,
      claimedAt,
      new Date(claimedAt.getTime() + CLAIM_LEASE_MS),
    );
    if (!conv) return;
    const msg = { body: conv.body };
    const state = parseState(conv.bot_state);
    const now = this.deps.clock();
    const turn: Turn = {
      conversationId,
      messageId,
      sender: conv.sender_id,
      senderMobile: normaliseMobile(conv.sender_id),
      language: conv.language,
    };

    const pace = await this.deps.throttle.attempt(`wa-bot:${conversationId}`, now, BOT_REPLY_RULE);
    if (!pace.allowed && !isAgentRequest(msg.body)) {
      // One notice, then silence until he slows down; "agent" still gets through.
      const replies = state.muted ? [] : [WORDS[conv.language].flood];
      await this.write(
        turn,
        { ...state, lastMessageId: messageId, muted: true },
        conv.language,
        replies,
        false,
      );
      return;
    }

    const facts: Facts = {
      language: conv.language,
      timeZone: this.deps.timeZone,
      senderConsumers: turn.senderMobile ? await repo.consumersOfVerifiedMobile(turn.senderMobile) : [],
      categories: await this.categories(),
      applyUrl: this.deps.applyUrl,
    };
    const typed = consumerNumberIn(msg.body);
    if (state.step.at === "ask_consumer" && typed)
      facts.lookup = await repo.lookup(typed, normaliseMobile(msg.body));

    let out = step(state, { kind: "text", text: msg.body }, facts);
    const replies = [...out.replies];
    const queue = [...out.actions];
    let handover = out.handover;
    for (let n = 0; queue.length > 0 && n < MAX_ACTIONS; n++) {
      const action = queue.shift() as Action;
      const result = await this.run(action, { ...turn, language: out.language }).catch((err: unknown) => {
        this.deps.logger?.error({ err, action: action.kind, conversationId }, "whatsapp bot: action failed");
        return { kind: "failed" } as const;
      });
      out = step(out.state, { kind: "result", result }, { ...facts, language: out.language });
      replies.push(...out.replies);
      queue.push(...out.actions);
      handover ||= out.handover;
    }
    await this.write(turn, { ...out.state, lastMessageId: messageId }, out.language, replies, handover);
  }

  private async categories(): Promise<Category[]> {
    const now = Date.now();
    if (!this.categoriesCache || now - this.categoriesCache.at > 60_000)
      this.categoriesCache = { at: now, items: await this.deps.repo().categories() };
    return this.categoriesCache.items;
  }

  /** Stores the state and the replies in one transaction, then tells the sender (and the inbox on a handover). */
  private async write(
    turn: Turn,
    state: BotState,
    language: Language,
    replies: string[],
    handover: boolean,
  ): Promise<void> {
    const now = this.deps.clock();
    const minutes = handover
      ? ((await this.deps.settings.get<number>("inbox.first_response_minutes")) ??
        DEFAULT_FIRST_RESPONSE_MINUTES)
      : 0;
    const consumer = state.consumer;
    await this.deps.uow.run(async (tx, emit) => {
      const ids = await this.deps.repo(tx).writeTurn({
        conversationId: turn.conversationId,
        state,
        language,
        consumer: consumer ? { id: consumer.id, dcId: consumer.dcId, verified: consumer.verified } : null,
        replies,
        at: now,
        handover: handover
          ? {
              firstResponseDue: new Date(now.getTime() + Number(minutes) * 60_000),
              note: handoverNote(consumer),
            }
          : undefined,
      });
      if (!ids) return;
      for (const messageId of ids)
        await emit({
          type: "conversation.reply_queued",
          conversationId: turn.conversationId,
          messageId,
          channel: "whatsapp",
        });
      if (handover)
        await emit({ type: "conversation.changed", conversationId: turn.conversationId, status: "new" });
    });
  }

  private async run(action: Action, turn: Turn): Promise<ActionResult> {
    switch (action.kind) {
      case "send_otp":
        return this.sendCode(action.consumer, turn);
      case "check_otp":
        return this.checkCode(action.code, action.hash, action.expiresAt);
      case "create_complaint":
        return this.createComplaint(action.consumer, action.category, action.verified, turn);
      case "complaint_status": {
        const r = await this.deps.complaints.list(await this.deps.principal(), {
          status: "all",
          consumerNo: action.consumer.no,
          limit: 5,
          offset: 0,
        });
        return {
          kind: "complaints",
          items: r.items.map(({ complaint: c }) => ({
            number: c.number,
            status: c.status,
            categoryEn: c.category_name_en,
            categoryHi: c.category_name_hi,
            registeredAt: new Date(c.registered_at),
          })),
        };
      }
      case "power_status": {
        const { live } = await this.deps.outages.forConsumer(await this.deps.principal(), action.consumer.no);
        if (!live) return { kind: "power", outage: null };
        const [areaEn, areaHi] =
          live.scope === "dt"
            ? [live.dt_name_en ?? live.dt_code ?? "", live.dt_name_hi ?? live.dt_code ?? ""]
            : live.scope === "feeder"
              ? [live.feeder_name_en ?? live.feeder_code ?? "", live.feeder_name_hi ?? live.feeder_code ?? ""]
              : ["your connection", "आपका कनेक्शन"];
        return {
          kind: "power",
          outage: {
            areaEn,
            areaHi,
            since: new Date(live.started_at),
            etr: live.etr ? new Date(live.etr) : null,
            planned: live.kind === "planned",
          },
        };
      }
      case "connection_status":
        // Only the sender's own number: an application's mobile is verified for its applications.
        return {
          kind: "applications",
          items:
            turn.senderMobile && this.deps.applications
              ? await this.deps.applications(turn.senderMobile)
              : [],
        };
      case "last_bill": {
        const r = await this.deps.billing.billsFor(await this.deps.principal(), action.consumer.no);
        const last = r.bills[0];
        if (!last) return { kind: "bill", bill: null };
        return {
          kind: "bill",
          bill: {
            month: String(last.bill.bill_month),
            amount: last.bill.amount,
            dueDate: String(last.bill.due_date),
            link: last.bill.payment_link,
            status: last.status,
          },
        };
      }
    }
  }

  /**
   * A code to the consumer's verified mobile, under the OTP rules of
   * registering a mobile: a few per sender, per consumer and per mobile.
   */
  private async sendCode(consumer: ConsumerRef, turn: Turn): Promise<ActionResult> {
    const now = this.deps.clock();
    const repo = this.deps.repo();
    const mobile = await repo.codeMobile(consumer.id);
    if (!mobile) return { kind: "otp_refused", reason: "no_mobile" };
    const p = this.policy;
    const rules: [string, ThrottleRule][] = [
      [`wa-otp-sender:${turn.sender}`, { windowMs: 86_400_000, limit: p.perMobileDay, lockMs: 3600_000 }],
      [`wa-otp-consumer:${consumer.id}`, { windowMs: 3600_000, limit: p.perConsumerHour, lockMs: 900_000 }],
      [`wa-otp-mobile:${mobile}`, { windowMs: 1800_000, limit: p.perMobileHalfHour, lockMs: 1800_000 }],
    ];
    for (const [key, rule] of rules)
      if (!(await this.deps.throttle.attempt(key, now, rule)).allowed)
        return { kind: "otp_refused", reason: "throttled" };
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    const hash = hashCode(randomBytes(8).toString("hex"), code);
    const expiresAt = new Date(now.getTime() + p.validMinutes * 60_000);
    await repo.transaction((_r, tx) =>
      sendSms(tx, {
        template: "whatsapp_otp",
        language: turn.language,
        variables: { otp: code, consumer: consumer.no, minutes: String(p.validMinutes) },
        recipient: mobile,
        dedupKey: `wa-otp:${turn.conversationId}:${hash.slice(-16)}`,
        urgent: true,
        relatedType: "consumer",
        relatedId: consumer.id,
        createdAt: now,
      }),
    );
    return { kind: "otp_sent", hash, expiresAt: expiresAt.toISOString() };
  }

  /** Each try is counted (per code, atomically) before the code is compared. */
  private async checkCode(code: string, hash: string, expiresAt: string): Promise<ActionResult> {
    const now = this.deps.clock();
    if (!hash || !expiresAt || new Date(expiresAt).getTime() <= now.getTime()) return { kind: "otp_expired" };
    const p = this.policy;
    const window = p.validMinutes * 60_000;
    const tried = await this.deps.throttle.attempt(`wa-otp-try:${hash.slice(-24)}`, now, {
      windowMs: window,
      limit: p.maxAttempts,
      lockMs: window,
    });
    if (!tried.allowed) return { kind: "otp_locked" };
    if (codeMatches(hash, code)) return { kind: "otp_ok" };
    const left = p.maxAttempts - tried.count;
    return left > 0 ? { kind: "otp_wrong", left } : { kind: "otp_locked" };
  }

  private async createComplaint(
    consumer: ConsumerRef,
    category: string,
    verified: boolean,
    turn: Turn,
  ): Promise<ActionResult> {
    const now = this.deps.clock();
    // A stranger may report a fault on any connection, as by SMS: a few an hour per sender.
    if (!verified) {
      const a = await this.deps.throttle.attempt(`wa-complaint:${turn.sender}`, now, SMS_COMPLAINT_RULE);
      if (!a.allowed) return { kind: "complaint_refused", reason: "throttled" };
    }
    try {
      const r = await this.deps.complaints.create(
        await this.deps.principal(),
        {
          consumerNo: consumer.no,
          categoryCode: category,
          description: "WhatsApp",
          callerPhone: turn.senderMobile,
          channel: "whatsapp",
          language: turn.language,
          fromUnregisteredMobile: !verified,
        },
        // The same message retried registers nothing new.
        `whatsapp:${turn.conversationId}:${turn.messageId}`,
      );
      const c = r.complaint;
      await this.deps.repo().linkComplaint(turn.conversationId, Number(c.id), now);
      const outage = c.outage_id ? await this.deps.outages.row(Number(c.outage_id)) : undefined;
      return {
        kind: "complaint_created",
        number: c.number,
        repeat: r.outcome === "repeat_call",
        joinedOutage: outage !== undefined,
        outageEtr: outage?.etr ? new Date(outage.etr) : null,
      };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      this.deps.logger?.info(
        { code: err.code, conversationId: turn.conversationId },
        "whatsapp bot: complaint refused",
      );
      return { kind: "complaint_refused", reason: "failed" };
    }
  }
}

/** What the agents read when the bot hands over: who he is, as far as the bot knows. */
function handoverNote(consumer: BotState["consumer"]): string {
  const who = consumer
    ? `consumer ${consumer.no} (${consumer.verified ? "verified" : "not verified"})`
    : "consumer not identified";
  return `Handed over by the WhatsApp bot at the consumer's request: ${who}.`;
}
