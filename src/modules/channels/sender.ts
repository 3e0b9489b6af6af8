import type { Logger } from "pino";
import type { ChannelsConfig } from "../../config.ts";
import type { ConversationChannel } from "../../db/schema.constants.ts";
import type { Clock } from "../../lib/clock.ts";
import { serialRunner } from "../../lib/serial.ts";
import { channelBackoffMs, SEND_MAX_ATTEMPTS } from "./channels.constants.ts";
import type { ConversationsRepository, OutgoingClaim } from "./conversations.repository.ts";
import { asArray, asObject, clean } from "./intake.types.ts";
import { metaRequest } from "./meta.send.ts";
import { NotSendable, type PlatformRequest } from "./sender.types.ts";
import { whatsappRequest } from "./whatsapp.send.ts";
import { xRequest } from "./x.send.ts";

export interface ChannelSenderOptions {
  logger?: Logger | undefined;
  /** A claim not finished by then passes to another process (this one died mid-send). */
  leaseMs?: number;
  batch?: number;
  /** One platform call's limit. */
  timeoutMs?: number;
}

type Outcome =
  | { ok: true; id: string; template: string | null }
  | { ok: false; transient: boolean; error: string };

/** A platform's error answer as one line: Graph's error.message, X's detail or errors[].message. */
function errorText(status: number, answer: unknown): string {
  const a = asObject(answer);
  const graph = asObject(a.error);
  const text =
    clean(graph.message, 300) ||
    clean(a.detail, 300) ||
    clean(asObject(asArray(a.errors)[0]).message, 300) ||
    clean(a.title, 300);
  const code = graph.code ?? a.type;
  return `HTTP ${status}${text ? `: ${text}` : ""}${typeof code === "number" || typeof code === "string" ? ` (${clean(String(code), 100)})` : ""}`;
}

/**
 * Sends the outgoing messages agents and the bot queue (conversation_messages
 * rows 'out' and 'pending') to WhatsApp, Facebook/Instagram and X. Rows are
 * claimed with SKIP LOCKED and a lease, sent one at a time in id order in
 * this process, and marked sent with the platform's id (statuses and public
 * replies find them by it). A 4xx (but 429) fails the message with the
 * platform's error text; a 5xx, 429, timeout or network error is tried again
 * with back-off, at most SEND_MAX_ATTEMPTS times. Kicked after each queued
 * reply's commit, and every few seconds by the worker (a crash's leftovers).
 */
export class ChannelSender {
  private readonly runner;
  private readonly leaseMs: number;
  private readonly timeoutMs: number;
  private sent = 0;
  private failed = 0;

  constructor(
    private readonly repo: ConversationsRepository,
    private readonly config: ChannelsConfig,
    private readonly clock: Clock,
    private readonly options: ChannelSenderOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    const batch = options.batch ?? 20;
    // Only the channels that are on here: a reply on a channel that is off waits (SMS and portal
    // replies go their own ways).
    const channels: ConversationChannel[] = [
      ...(config.whatsapp ? (["whatsapp"] as const) : []),
      ...(config.meta ? (["facebook", "instagram"] as const) : []),
      ...(config.x ? (["x"] as const) : []),
    ];
    this.runner = serialRunner(
      async () => {
        for (;;) {
          const claims = await this.repo.claimOutgoing(channels, this.clock(), this.leaseMs, batch);
          if (claims.length === 0) return;
          for (const c of claims) await this.one(c);
        }
      },
      (err) => options.logger?.error({ err }, "channels: sending failed"),
    );
  }

  kick(): void {
    this.runner.kick();
  }

  idle(): Promise<void> {
    return this.runner.idle();
  }

  /** Sends everything due now; for the scheduler's tick. */
  async drain(): Promise<{ sent: number; failed: number }> {
    const before = { sent: this.sent, failed: this.failed };
    this.runner.kick();
    await this.runner.idle();
    return { sent: this.sent - before.sent, failed: this.failed - before.failed };
  }

  private request(m: OutgoingClaim): PlatformRequest & { token: string } {
    const now = this.clock();
    if (m.channel === "whatsapp") {
      const cfg = this.config.whatsapp;
      if (!cfg) throw new NotSendable("the WhatsApp channel is off");
      return { ...whatsappRequest(cfg, m, now), token: cfg.token as string };
    }
    if (m.channel === "facebook" || m.channel === "instagram") {
      const cfg = this.config.meta;
      if (!cfg) throw new NotSendable("the Facebook/Instagram channel is off");
      return { ...metaRequest(cfg, m, now), token: cfg.pageToken as string };
    }
    if (m.channel === "x") {
      const cfg = this.config.x;
      if (!cfg) throw new NotSendable("the X channel is off");
      return { ...xRequest(cfg, m), token: cfg.bearerToken as string };
    }
    throw new NotSendable(`no sender for the ${m.channel} channel`);
  }

  private async send(m: OutgoingClaim): Promise<Outcome> {
    let req: PlatformRequest & { token: string };
    try {
      req = this.request(m);
    } catch (err) {
      if (err instanceof NotSendable) return { ok: false, transient: false, error: err.message };
      throw err;
    }
    let res: Response;
    try {
      res = await fetch(req.url, {
        method: "POST",
        headers: { authorization: `Bearer ${req.token}`, "content-type": "application/json" },
        body: JSON.stringify(req.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const name = (err as { name?: string }).name;
      return {
        ok: false,
        transient: true,
        error:
          name === "TimeoutError"
            ? `no answer in ${this.timeoutMs / 1000} s`
            : `network: ${String((err as Error).message ?? err)}`,
      };
    }
    const text = await res.text().catch(() => "");
    let answer: unknown;
    try {
      answer = text ? JSON.parse(text) : undefined;
    } catch {
      answer = undefined;
    }
    if (!res.ok)
      return {
        ok: false,
        transient: res.status >= 500 || res.status === 429 || res.status === 408,
        error: errorText(res.status, answer),
      };
    const id = req.idFrom(answer);
    if (!id)
      return { ok: false, transient: false, error: `HTTP ${res.status} without a message id in the answer` };
    return { ok: true, id, template: req.template ?? null };
  }

  private async one(m: OutgoingClaim): Promise<void> {
    const r = await this.send(m);
    if (r.ok) {
      this.sent++;
      await this.repo.sent(m, r.id, r.template);
      return;
    }
    const attempts = m.attempts + 1;
    const again = r.transient && attempts < SEND_MAX_ATTEMPTS;
    if (!again) this.failed++;
    this.options.logger?.warn(
      { messageId: m.id, channel: m.channel, attempts, error: r.error, retry: again },
      "channels: a message was not sent",
    );
    await this.repo.sendFailed(
      m,
      r.error,
      again ? new Date(this.clock().getTime() + channelBackoffMs(attempts)) : undefined,
    );
  }
}
