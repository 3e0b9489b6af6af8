import os from "node:os";
import type { Logger } from "pino";
import type { Config, SmsHttpConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import type { Clock } from "../../lib/clock.ts";
import { companyIntegration, type Principal } from "../access/principal.ts";
import type { ComplaintsService } from "../complaints/complaints.service.ts";
import { ThrottleRepository } from "../users/throttle.repository.ts";
import { DeliveryRepository, SMS_WORKER_LOCK } from "./delivery.repository.ts";
import { SmsDispatcher } from "./dispatcher.ts";
import type { DeliveryReceipt, InboundSms, SmsGateway } from "./gateways/gateway.ts";
import { HttpGateway } from "./gateways/http.gateway.ts";
import { LogGateway } from "./gateways/log.gateway.ts";
import { SmppGateway } from "./gateways/smpp.gateway.ts";
import { type InboundDeps, InboundHandler, type SmsConversations } from "./inbound.ts";
import { RecipientsRepository } from "./recipients.repository.ts";

/** The gateway SMS_GATEWAY names. */
export function gatewayFor(config: Config, logger?: Logger): SmsGateway {
  if (config.smsGateway === "smpp")
    return new SmppGateway({
      url: config.smppUrl as string,
      entityId: config.dltEntityId as string,
      entityTag: config.smppEntityTag,
      templateTag: config.smppTemplateTag,
      dltTlvEncoding: config.smppDltTlvEncoding,
      window: config.smppWindow,
      longMessages: config.smppLongMessages,
      logger,
    });
  if (config.smsGateway === "http")
    return new HttpGateway({
      http: config.smsHttp as SmsHttpConfig,
      entityId: config.dltEntityId as string,
      logger,
    });
  return new LogGateway(logger);
}

/** Who registers complaints that arrive by SMS: the company-wide "SMS 1912" integration. */
export function smsPrincipal(database: Database): () => Promise<Principal> {
  const recipients = new RecipientsRepository(database.db);
  return companyIntegration("SMS 1912", ["complaints.create", "consumers.read"], () => recipients.company());
}

/** What the inbound handler needs besides the delivery repository: per-sender limits, the company's signature. */
function inboundDeps(database: Database, conversations?: SmsConversations): InboundDeps {
  const recipients = new RecipientsRepository(database.db);
  let signature: string | undefined;
  return {
    conversations,
    throttle: new ThrottleRepository(database.db),
    signature: async () => {
      signature ??= await recipients.companySignature();
      return signature;
    },
  };
}

/** Registers this process as an SMS worker and holds its liveness lock while it lives. */
export async function workerLiveness(
  database: Database,
  repo: DeliveryRepository,
  clock: Clock,
): Promise<{ id: number; release(): Promise<void> }> {
  const id = await repo.registerWorker(os.hostname(), process.pid, clock());
  const lock = await database.sessionLock(SMS_WORKER_LOCK, id);
  return { id, release: () => lock.release() };
}

/** The worker's SMS delivery: the dispatcher over the configured gateway, inbound SMS to complaints. */
export function createDelivery(
  database: Database,
  gateway: SmsGateway,
  complaints: ComplaintsService,
  clock: Clock,
  options: {
    ratePerSecond: number;
    quietHours: { start: number; end: number };
    timeZone: string;
    logger?: Logger | undefined;
    idleMs?: number;
    leaseMs?: number;
    /** The inbox, for free-text SMS. */
    conversations?: SmsConversations;
  },
) {
  const repo = new DeliveryRepository(database.db);
  const inbound = new InboundHandler(
    repo,
    complaints,
    smsPrincipal(database),
    clock,
    options.logger,
    inboundDeps(database, options.conversations),
  );
  const dispatcher = new SmsDispatcher(
    repo,
    gateway,
    clock,
    {
      ratePerSecond: options.ratePerSecond,
      quietHours: options.quietHours,
      timeZone: options.timeZone,
      logger: options.logger,
      ...(options.idleMs ? { idleMs: options.idleMs } : {}),
      ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
      liveness: () => workerLiveness(database, repo, clock),
    },
    (m) => inbound.handle(m).then(() => dispatcher.kick()),
  );
  return { dispatcher, inbound, repo };
}

/**
 * What the SMS webhooks do with what an HTTP aggregator posts to the API
 * role: receipts go through the same path as the dispatcher's, inbound SMS
 * to the same handler as SMPP's.
 */
export class SmsWebhookIntake {
  private readonly retries = new Set<NodeJS.Timeout>();

  constructor(
    private readonly repo: DeliveryRepository,
    private readonly handler: InboundHandler,
    private readonly clock: Clock,
    private readonly logger?: Logger | undefined,
    private readonly gateway = "http",
  ) {}

  /**
   * Applies receipts now. One whose message is not recorded as sent yet (the
   * aggregator can answer the webhook before the worker writes the send) is
   * tried again for a few seconds: `waiting` counts those.
   */
  async receipts(items: Omit<DeliveryReceipt, "at">[]): Promise<{ applied: number; waiting: number }> {
    const unknown = new Set(await this.repo.receipts(this.gateway, items, this.clock()));
    const later = items.filter((i) => unknown.has(i.smscId));
    if (later.length) this.retry(later, 1);
    return { applied: items.length - later.length, waiting: later.length };
  }

  private retry(items: Omit<DeliveryReceipt, "at">[], tries: number): void {
    const timer = setTimeout(async () => {
      this.retries.delete(timer);
      try {
        const unknown = new Set(await this.repo.receipts(this.gateway, items, this.clock()));
        const left = items.filter((i) => unknown.has(i.smscId));
        if (left.length === 0) return;
        if (tries < 20) this.retry(left, tries + 1);
        else
          this.logger?.warn(
            { smscIds: left.slice(0, 20).map((i) => i.smscId) },
            "sms: receipt for an unknown message",
          );
      } catch (err) {
        this.logger?.error({ err }, "sms: receipts failed");
      }
    }, 250);
    timer.unref();
    this.retries.add(timer);
  }

  /** Handles one inbound SMS; returns what became of it. */
  inbound(m: InboundSms): Promise<string> {
    return this.handler.handle(m);
  }

  /** Drops the receipts still waiting for their message (the process is stopping). */
  close(): void {
    for (const t of this.retries) clearTimeout(t);
    this.retries.clear();
  }
}

/** The webhooks' intake over the database. */
export function createSmsWebhook(
  database: Database,
  complaints: ComplaintsService,
  clock: Clock,
  logger?: Logger,
  conversations?: SmsConversations,
): SmsWebhookIntake {
  const repo = new DeliveryRepository(database.db);
  const handler = new InboundHandler(
    repo,
    complaints,
    smsPrincipal(database),
    clock,
    logger,
    inboundDeps(database, conversations),
  );
  return new SmsWebhookIntake(repo, handler, clock, logger);
}
