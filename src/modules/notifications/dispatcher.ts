import type { Logger } from "pino";
import type { Clock } from "../../lib/clock.ts";
import { count } from "../../lib/plural.ts";
import { type SmsLayout, smsLayout } from "../../lib/sms-text.ts";
import { zonedParts } from "../../lib/time.ts";
import type { ClaimedSms, DeliveryRepository } from "./delivery.repository.ts";
import { type DeliveryReceipt, GatewayError, type InboundSms, type SmsGateway } from "./gateways/gateway.ts";
import { SmsPacer } from "./sms-pacer.ts";
import { fillTemplate } from "./sms-templates.ts";

export interface DispatcherOptions {
  /** SMS parts (submit_sm PDUs) this process may send in any sliding second; 0 = no limit. */
  ratePerSecond: number;
  /** Attempts before a message fails for good. */
  maxAttempts?: number;
  /** How long a claimed message is ours; after it another worker takes it back. */
  leaseMs?: number;
  /** Quiet hours for optional messages, local hours [start, end). */
  quietHours?: { start: number; end: number };
  timeZone?: string;
  /** Rows claimed at a time. */
  batch?: number;
  /** How long to sleep when the queue is empty. */
  idleMs?: number;
  /** DLT defaults for a template not in sms_templates. */
  defaultSender?: string;
  logger?: Logger | undefined;
  /**
   * This process as an SMS worker: registers it and holds its liveness lock
   * (see DeliveryRepository.reclaimDead). Without it claims are anonymous
   * and a dead worker's rows wait for their lease.
   */
  liveness?: () => Promise<{ id: number; release(): Promise<void> }>;
  /** How often to look for dead workers' claims. */
  reclaimEveryMs?: number;
}

/**
 * What goes: the template's current text (admins edit it) filled with the
 * values queued; the text queued when the template has no row.
 */
export function textOf(sms: Pick<ClaimedSms, "body" | "template_body" | "variables">): string {
  if (!sms.template_body) return sms.body;
  return fillTemplate(sms.template_body, sms.variables ?? {});
}

const BACKOFF_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000];

export function inQuietHours(at: Date, quiet: { start: number; end: number }, timeZone: string): boolean {
  const h = zonedParts(at, timeZone).hour;
  return quiet.start > quiet.end ? h >= quiet.start || h < quiet.end : h >= quiet.start && h < quiet.end;
}

/**
 * Sends the outbox: claims due messages (urgent first), submits them at the
 * gateway's rate with a window of submits outstanding, retries transient
 * failures with backoff and fails a message after the last attempt, slows
 * down when the SMSC throttles, and applies delivery receipts. Inbound SMS
 * go to `onInbound`.
 */
export class SmsDispatcher {
  private running = false;
  private loopDone: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private gatewayUp = false;
  private slowUntil = 0;
  private readonly pacer: SmsPacer;
  private inFlight = 0;
  readonly stats = { sent: 0, failed: 0, retried: 0, receipts: 0, inbound: 0, parts: 0 };

  constructor(
    private readonly repo: DeliveryRepository,
    private readonly gateway: SmsGateway,
    private readonly clock: Clock,
    private readonly options: DispatcherOptions,
    private readonly onInbound: (m: InboundSms) => Promise<void> = async () => {},
  ) {
    this.pacer = new SmsPacer(options.ratePerSecond);
  }

  private worker: { id: number; release(): Promise<void> } | undefined;

  async start(): Promise<void> {
    this.running = true;
    if (this.options.liveness) this.worker = await this.options.liveness();
    await this.gateway.start({
      receipt: (r) => void this.applyReceipt(r, 0),
      inbound: (m) => {
        this.stats.inbound++;
        this.onInbound(m).catch((err) => this.options.logger?.error({ err }, "sms: inbound message failed"));
      },
      state: (up) => {
        this.gatewayUp = up;
        if (up) this.kick();
      },
    });
    this.loopDone = this.loop();
  }

  /** New messages are queued: look now rather than at the next idle tick. */
  kick(): void {
    this.wake?.();
  }

  // Receipts and "sent" marks are written in batches: one statement for many.
  private receiptBuffer: { r: DeliveryReceipt; tries: number }[] = [];
  private receiptTimer: NodeJS.Timeout | undefined;
  private sentBuffer: {
    id: number;
    smscIds: string[];
    parts: number;
    body: string | undefined;
    done: (err?: unknown) => void;
  }[] = [];
  private sentTimer: NodeJS.Timeout | undefined;

  private async applyReceipt(r: DeliveryReceipt, tries: number): Promise<void> {
    this.receiptBuffer.push({ r, tries });
    if (this.receiptBuffer.length >= 500) void this.flushReceipts();
    else this.receiptTimer ??= setTimeout(() => void this.flushReceipts(), 50);
  }

  private async flushReceipts(): Promise<void> {
    if (this.receiptTimer) clearTimeout(this.receiptTimer);
    this.receiptTimer = undefined;
    const batch = this.receiptBuffer;
    this.receiptBuffer = [];
    if (batch.length === 0) return;
    try {
      const unknown = new Set(
        await this.repo.receipts(
          this.gateway.name,
          batch.map((b) => ({ smscId: b.r.smscId, status: b.r.status, error: b.r.error })),
          this.clock(),
        ),
      );
      this.stats.receipts += batch.length - unknown.size;
      for (const b of batch) {
        if (!unknown.has(b.r.smscId)) continue;
        // A receipt can overtake our own record of the send: try again shortly.
        if (b.tries < 20) setTimeout(() => void this.applyReceipt(b.r, b.tries + 1), 250).unref();
        else this.options.logger?.warn({ smscId: b.r.smscId }, "sms: receipt for an unknown message");
      }
    } catch (err) {
      this.options.logger?.error({ err }, "sms: receipts failed");
    }
  }

  /** Records a send; resolves once written (the message stays "in flight" until then). */
  private recordSent(id: number, smscIds: string[], parts: number, body: string | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      this.sentBuffer.push({ id, smscIds, parts, body, done: (err) => (err ? reject(err) : resolve()) });
      if (this.sentBuffer.length >= 200) this.flushSent();
      else this.sentTimer ??= setTimeout(() => this.flushSent(), 5);
    });
  }

  private flushSent(): void {
    if (this.sentTimer) clearTimeout(this.sentTimer);
    this.sentTimer = undefined;
    const batch = this.sentBuffer;
    this.sentBuffer = [];
    if (batch.length === 0) return;
    this.repo
      .markSentMany(
        batch.map((b) => ({ id: b.id, smscIds: b.smscIds, parts: b.parts, body: b.body })),
        this.gateway.name,
        this.clock(),
        this.worker?.id ?? null,
      )
      .then(
        () => {
          for (const b of batch) b.done();
        },
        (err) => {
          for (const b of batch) b.done(err);
        },
      );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = undefined;
        resolve();
      };
    });
  }

  /** Waits until `parts` PDUs fit in every sliding second (half the rate while the SMSC throttles). */
  private slot(parts: number): Promise<void> {
    const rate = this.options.ratePerSecond;
    return this.pacer.take(parts, Date.now() < this.slowUntil ? Math.max(1, Math.floor(rate / 2)) : rate);
  }

  private async loop(): Promise<void> {
    const leaseMs = this.options.leaseMs ?? 60_000;
    const batch =
      this.options.batch ??
      Math.max(this.gateway.window * 4, Math.min(this.options.ratePerSecond || 500, 500));
    let lastRecovery = 0;
    let lastReclaim = Number.NEGATIVE_INFINITY;
    const inflight = new Set<Promise<void>>();
    while (this.running) {
      try {
        const now = this.clock();
        // Dead workers' claims first (at start at once), on the process's own clock: the test clock may stand still.
        if (this.worker && performance.now() - lastReclaim >= (this.options.reclaimEveryMs ?? 5000)) {
          lastReclaim = performance.now();
          const back = await this.repo.reclaimDead(this.worker.id);
          if (back)
            this.options.logger?.warn({ messages: back }, "sms: messages of a dead worker back in the queue");
        }
        if (now.getTime() - lastRecovery > 10_000) {
          lastRecovery = now.getTime();
          const back = await this.repo.recoverLeases(now);
          if (back)
            this.options.logger?.warn(
              { messages: back },
              "sms: messages of a stopped worker back in the queue",
            );
        }
        if (!this.gatewayUp) {
          await this.sleep(1000);
          continue;
        }
        const quiet = this.options.quietHours
          ? inQuietHours(now, this.options.quietHours, this.options.timeZone ?? "Asia/Kolkata")
          : false;
        const claimed = await this.repo.claim(
          batch,
          now,
          new Date(now.getTime() + leaseMs),
          quiet,
          this.worker?.id ?? null,
        );
        if (claimed.length === 0) {
          await this.sleep(this.options.idleMs ?? 1000);
          continue;
        }
        for (const sms of claimed) {
          if (!this.running) break;
          while (this.inFlight >= this.gateway.window) await Promise.race(inflight);
          let text: string;
          try {
            text = textOf(sms);
          } catch (err) {
            // The template was edited into something its values cannot fill: it fails, with the reason.
            await this.repo.markFailed(
              sms.id,
              `template ${sms.template}: ${(err as Error).message}`,
              "failed",
              this.worker?.id ?? null,
            );
            this.stats.failed++;
            continue;
          }
          const layout = smsLayout(text);
          await this.slot(layout.parts.length);
          this.inFlight++;
          const p = this.send(sms, text, layout).finally(() => {
            this.inFlight--;
            inflight.delete(p);
          });
          inflight.add(p);
        }
        await Promise.all(inflight);
      } catch (err) {
        this.options.logger?.error({ err }, "sms: dispatch round failed");
        await this.sleep(2000);
      }
    }
    await Promise.all(inflight);
  }

  private async send(sms: ClaimedSms, text: string, layout: SmsLayout): Promise<void> {
    const log = this.options.logger;
    if (sms.optional && sms.opted_out) {
      await this.repo.markFailed(sms.id, "the consumer sent STOP", "skipped", this.worker?.id ?? null);
      return;
    }
    let smscIds: string[];
    try {
      smscIds = (
        await this.gateway.submit({
          outboxId: sms.id,
          to: sms.recipient,
          text,
          layout,
          sender: sms.sender ?? this.options.defaultSender ?? "PWRDSK",
          dltTemplateId: sms.dlt_template_id ?? "",
        })
      ).smscIds;
    } catch (err) {
      await this.failed(sms, err);
      return;
    }
    try {
      await this.recordSent(sms.id, smscIds, layout.parts.length, text === sms.body ? undefined : text);
      this.stats.sent++;
      this.stats.parts += layout.parts.length;
    } catch (err) {
      // Sent, but not recorded: its lease runs out and it goes once more.
      log?.error({ err, outboxId: sms.id }, "sms: could not record a sent message");
    }
  }

  private async failed(sms: ClaimedSms, err: unknown): Promise<void> {
    const log = this.options.logger;
    const e =
      err instanceof GatewayError ? err : new GatewayError(String((err as Error)?.message ?? err), true);
    if (e.throttled) this.slowUntil = Date.now() + 5000;
    const max = this.options.maxAttempts ?? 5;
    if (e.transient && sms.attempts < max) {
      const wait = BACKOFF_MS[Math.min(sms.attempts - 1, BACKOFF_MS.length - 1)] as number;
      await this.repo.markRetry(
        sms.id,
        e.message,
        new Date(this.clock().getTime() + wait),
        this.worker?.id ?? null,
      );
      this.stats.retried++;
    } else {
      await this.repo.markFailed(
        sms.id,
        e.transient ? `${e.message} (after ${count(sms.attempts, "attempt")})` : e.message,
        "failed",
        this.worker?.id ?? null,
      );
      this.stats.failed++;
      log?.warn({ outboxId: sms.id, reason: e.message }, "sms: message failed");
    }
  }

  /** Stops claiming, lets submits in flight finish, and disconnects. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loopDone;
    await this.flushReceipts();
    await this.gateway.close();
    await this.worker?.release();
    this.worker = undefined;
  }
}
