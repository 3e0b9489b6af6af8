import type { Logger } from "pino";
import type { ChannelsConfig } from "../../config.ts";
import type { Language, WebhookChannel } from "../../db/schema.constants.ts";
import type { UnitOfWork } from "../../db/unit-of-work.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest } from "../../lib/errors.ts";
import { serialRunner } from "../../lib/serial.ts";
import { type AppEvent, Events } from "../events.ts";
import type { SettingsRepository } from "../settings/settings.repository.ts";
import { ThrottleRepository } from "../users/throttle.repository.ts";
import {
  channelBackoffMs,
  DEFAULT_FIRST_RESPONSE_MINUTES,
  FIRST_RESPONSE_SETTING,
  FLOOD_RULE,
  MAX_WEBHOOK_BYTES,
  STATUS_WAIT_ATTEMPTS,
  WEBHOOK_MAX_ATTEMPTS,
} from "./channels.constants.ts";
import { ConversationsRepository } from "./conversations.repository.ts";
import { clean, type InboundMessage, type IntakeBatch } from "./intake.types.ts";
import { parseMeta } from "./meta.parse.ts";
import { bodySha256, metaSignature, signatureMatches, xCrcResponse, xSignature } from "./webhooks.crypto.ts";
import { type WebhookClaim, WebhooksRepository } from "./webhooks.repository.ts";
import { parseWhatsApp } from "./whatsapp.parse.ts";
import { parseX } from "./x.parse.ts";

export interface ChannelIntakeOptions {
  clock: Clock;
  /** This process, as claims name it. */
  by: string;
  logger?: Logger | undefined;
  /** A claim not finished by then passes to another worker (its process died). */
  leaseMs?: number;
  /** Stored bodies claimed per round trip. */
  batch?: number;
  /**
   * Whether a POST's body is processed in this process right after it is
   * stored (default). An API-only process only stores; the workers' sweep
   * (channels.webhooks, every 2 s) processes.
   */
  inline?: boolean;
}

const HUMAN_NAMES: Record<WebhookChannel, string> = {
  whatsapp: "WhatsApp",
  meta: "Facebook/Instagram",
  x: "X",
};
const ENV_NAMES: Record<WebhookChannel, string> = {
  whatsapp: "WHATSAPP_VERIFY_TOKEN and WHATSAPP_APP_SECRET",
  meta: "META_VERIFY_TOKEN and META_APP_SECRET",
  x: "X_CONSUMER_SECRET",
};

const PARSERS: Record<WebhookChannel, (body: unknown) => IntakeBatch> = {
  whatsapp: parseWhatsApp,
  meta: parseMeta,
  x: parseX,
};

/** What a webhook POST did: `stored` false when the same body had come before (a replay). */
export interface WebhookAck {
  received: true;
  stored: boolean;
}

/** The language a new conversation starts in: WhatsApp's bot speaks Hindi first; elsewhere the script decides. */
function languageOf(m: InboundMessage): Language {
  if (m.channel === "whatsapp") return "hi";
  if (/[\u0900-\u097F]/.test(m.body)) return "hi";
  if (/[A-Za-z]/.test(m.body)) return "en";
  return "hi";
}

/**
 * The channels' webhook intake. A POST is checked against the platform's
 * signature on its raw bytes (401 and nothing stored when it fails), its body
 * stored exactly as it came (a replay, same bytes, stores nothing), and
 * answered; the stored body is then processed in this process at once
 * (`kick`) or by any worker's sweep (`drain`), into conversations and
 * messages, idempotent by the platform's message id. A processing failure
 * leaves the body for a retry with back-off.
 */
export class ChannelIntake {
  private readonly leaseMs: number;
  private readonly batch: number;
  private readonly runner;
  private processed = 0;
  private failed = 0;

  constructor(
    private readonly config: ChannelsConfig,
    private readonly uow: UnitOfWork<AppEvent>,
    private readonly webhooks: WebhooksRepository,
    private readonly settings: SettingsRepository,
    private readonly options: ChannelIntakeOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batch = options.batch ?? 20;
    this.runner = serialRunner(
      async () => {
        for (;;) {
          const claims = await this.webhooks.claim(options.by, options.clock(), this.leaseMs, this.batch);
          if (claims.length === 0) return;
          // A batch in one transaction (fewer round trips in a storm); if it fails, one by one,
          // so a body that cannot be processed fails alone.
          if (claims.length > 1 && (await this.many(claims))) continue;
          for (const c of claims) await this.one(c);
        }
      },
      (err) => options.logger?.error({ err }, "channels: webhook processing failed"),
    );
  }

  /** Whether a channel's webhook is configured (otherwise its routes answer 404). */
  isOn(channel: WebhookChannel): boolean {
    return this.config[channel] !== undefined;
  }

  /** 404 for a channel that is off. */
  ensureOn(channel: WebhookChannel): void {
    if (!this.isOn(channel))
      throw new AppError(
        404,
        "not_found",
        `the ${HUMAN_NAMES[channel]} channel is off: set ${ENV_NAMES[channel]} to turn it on`,
      );
  }

  /** Meta's subscription check (WhatsApp, Facebook/Instagram): the challenge back when the verify token is ours. */
  verifySubscription(
    channel: "whatsapp" | "meta",
    query: { "hub.mode"?: string; "hub.verify_token"?: string; "hub.challenge"?: string },
  ): string {
    this.ensureOn(channel);
    const cfg = this.config[channel] as { verifyToken: string };
    if (query["hub.mode"] !== "subscribe")
      throw badRequest('query parameter "hub.mode" must be "subscribe"', "hub.mode");
    const challenge = query["hub.challenge"];
    if (!challenge) throw badRequest('query parameter "hub.challenge" is required', "hub.challenge");
    const token = query["hub.verify_token"] ?? "";
    if (!signatureMatches(token, cfg.verifyToken))
      throw new AppError(
        403,
        "forbidden",
        'query parameter "hub.verify_token" is not ours',
        "hub.verify_token",
      );
    return challenge;
  }

  /** X's challenge-response check. */
  crc(crcToken: string | undefined): { response_token: string } {
    this.ensureOn("x");
    if (!crcToken) throw badRequest('query parameter "crc_token" is required', "crc_token");
    return {
      response_token: xCrcResponse((this.config.x as { consumerSecret: string }).consumerSecret, crcToken),
    };
  }

  /**
   * A webhook POST: signature on the raw bytes, then the body stored before
   * anything reads it. Oversized or malformed: 400, kept (as failed) for
   * inspection since it was signed.
   */
  async receive(
    channel: WebhookChannel,
    raw: Buffer,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<WebhookAck> {
    this.ensureOn(channel);
    const { expected, header } =
      channel === "x"
        ? {
            expected: xSignature((this.config.x as { consumerSecret: string }).consumerSecret, raw),
            header: "x-twitter-webhooks-signature",
          }
        : {
            expected: metaSignature((this.config[channel] as { appSecret: string }).appSecret, raw),
            header: "x-hub-signature-256",
          };
    if (!signatureMatches(headers[header], expected))
      throw new AppError(401, "invalid_signature", `the ${header} header is missing or wrong`, header);
    const now = this.options.clock();
    // PostgreSQL text holds no NUL; valid JSON never has a raw one, so only a broken body changes here.
    const text = raw.toString("utf8").replaceAll("\u0000", "\\u0000");
    const row = { channel, body: text, sha256: bodySha256(raw), at: now };
    if (raw.length > MAX_WEBHOOK_BYTES) {
      await this.webhooks.store(row, `too large: ${raw.length} bytes`);
      throw new AppError(400, "body_too_large", `the body is larger than ${MAX_WEBHOOK_BYTES} bytes`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      await this.webhooks.store(row, "malformed JSON");
      throw new AppError(400, "malformed_json", "the body is not valid JSON");
    }
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      await this.webhooks.store(row, "not a JSON object");
      throw new AppError(400, "malformed_json", "the body is not a JSON object");
    }
    const id = await this.webhooks.store(row);
    if (id !== undefined && this.options.inline !== false) this.runner.kick();
    return { received: true, stored: id !== undefined };
  }

  /**
   * A free-text SMS to the DISCOM's number (not a keyword): into an 'sms'
   * conversation, so the inbox sees it. SMS carry no platform id: each one
   * is a message of its own.
   */
  async receiveSms(from: string, text: string, at: Date): Promise<void> {
    await this.apply([
      {
        batch: {
          messages: [
            {
              channel: "sms",
              senderId: from,
              senderHandle: from,
              visibility: "direct",
              threadRef: "",
              platformMessageId: null,
              kind: "text",
              body: clean(text),
              sentAt: at,
            },
          ],
          statuses: [],
        },
      },
    ]);
  }

  /** Processes stored bodies now (in the background). */
  kick(): void {
    this.runner.kick();
  }

  /** Resolves when nothing is running or asked for. */
  idle(): Promise<void> {
    return this.runner.idle();
  }

  /** Processes every stored body due now; for the scheduler's tick. */
  async drain(): Promise<{ processed: number; failed: number }> {
    // No channel on: nothing can be stored, no query every tick.
    if (!this.config.whatsapp && !this.config.meta && !this.config.x) return { processed: 0, failed: 0 };
    const before = { processed: this.processed, failed: this.failed };
    this.runner.kick();
    await this.runner.idle();
    return { processed: this.processed - before.processed, failed: this.failed - before.failed };
  }

  private async many(claims: WebhookClaim[]): Promise<boolean> {
    try {
      await this.apply(
        claims.map((claim) => ({ batch: PARSERS[claim.channel](JSON.parse(claim.body)), claim })),
      );
      this.processed += claims.length;
      return true;
    } catch {
      return false;
    }
  }

  private async one(claim: WebhookClaim): Promise<void> {
    try {
      await this.apply([{ batch: PARSERS[claim.channel](JSON.parse(claim.body)), claim }]);
      this.processed++;
    } catch (err) {
      this.failed++;
      const attempts = claim.attempts + 1;
      const runAfter =
        attempts >= WEBHOOK_MAX_ATTEMPTS
          ? undefined
          : new Date(this.options.clock().getTime() + channelBackoffMs(attempts));
      this.options.logger?.error(
        { err, webhookId: claim.id, channel: claim.channel, attempts },
        "channels: a stored webhook failed to process",
      );
      await this.webhooks.retry(claim, this.options.by, runAfter, String(err));
    }
  }

  private async firstResponseMinutes(): Promise<number> {
    const v = await this.settings.get<unknown>(FIRST_RESPONSE_SETTING);
    const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
    return Number.isFinite(n) && n > 0 && n <= 7 * 24 * 60 ? n : DEFAULT_FIRST_RESPONSE_MINUTES;
  }

  /** Bodies' messages and statuses, in one transaction with their "processed" marks. */
  private async apply(items: { batch: IntakeBatch; claim?: WebhookClaim }[]): Promise<void> {
    const now = this.options.clock();
    const needsSla = items.some(({ batch }) => batch.messages.some((m) => m.channel !== "whatsapp"));
    const slaMs = needsSla ? (await this.firstResponseMinutes()) * 60_000 : 0;
    let flooded = 0;
    await this.uow.run(async (tx, emit) => {
      const repo = new ConversationsRepository(tx);
      const throttle = new ThrottleRepository(tx);
      for (const { batch, claim } of items) {
        for (const m of batch.messages) {
          if (m.platformMessageId && (await repo.hasMessage(m.channel, m.platformMessageId))) continue;
          const threadRef = (m.parentRef && (await repo.threadOf(m.channel, m.parentRef))) || m.threadRef;
          // The platform's time, unless it is in the future or implausibly old.
          const sent = m.sentAt?.getTime();
          const at =
            sent !== undefined && sent <= now.getTime() && sent > now.getTime() - 7 * 24 * 3600_000
              ? new Date(sent)
              : now;
          const whatsapp = m.channel === "whatsapp";
          const conversation = await repo.openConversation(
            { ...m, threadRef },
            {
              status: whatsapp ? "bot" : "new",
              language: languageOf(m),
              firstResponseDue: whatsapp ? null : new Date(now.getTime() + slaMs),
              at,
            },
          );
          const messageId = await repo.insertInbound(conversation.id, m, at, claim?.id ?? null);
          if (messageId === undefined) continue;
          const status = await repo.touchInbound(conversation.id, at, {
            handle: m.senderHandle,
            name: m.senderName,
          });
          // A flood is stored (the inbox shows it) but raises no new work until the minute is over.
          const turn = await throttle.attempt(`channel-flood:${m.channel}:${m.senderId}`, now, FLOOD_RULE);
          if (!turn.allowed) {
            flooded++;
            continue;
          }
          if (conversation.created || status !== conversation.status)
            await emit({ type: Events.ConversationChanged, conversationId: conversation.id, status });
          await emit({
            type: Events.ConversationMessageReceived,
            conversationId: conversation.id,
            messageId,
            channel: m.channel,
            status,
          });
        }
        for (const s of batch.statuses) {
          if ((await repo.applyStatus(s)) > 0 || s.status === "sent") continue;
          // The platform can report on a message before our sender has recorded its id: try the
          // body again a little later, a few times; an id never recorded (sent by another system
          // on the same number) is then let go.
          if (
            claim &&
            claim.attempts + 1 < STATUS_WAIT_ATTEMPTS &&
            !(await repo.hasMessage(s.channel, s.platformMessageId))
          )
            throw new Error(`a ${s.status} status for a message not recorded yet`);
        }
        if (claim && !(await new WebhooksRepository(tx).processed(claim.id, this.options.by, now)))
          throw new Error("the claim on this webhook passed to another worker");
      }
    });
    if (flooded)
      this.options.logger?.warn(
        { flooded },
        "channels: a sender over 20 messages a minute: messages kept, not raised",
      );
  }
}
