import type { Logger } from "pino";
import type { Config } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import type { Clock } from "../../lib/clock.ts";
import type { ComplaintsService } from "../complaints/complaints.service.ts";
import type { Principal } from "../users/principal.ts";
import { DeliveryRepository } from "./delivery.repository.ts";
import { SmsDispatcher } from "./dispatcher.ts";
import type { SmsGateway } from "./gateways/gateway.ts";
import { LogGateway } from "./gateways/log.gateway.ts";
import { SmppGateway } from "./gateways/smpp.gateway.ts";
import { InboundHandler } from "./inbound.ts";

/** The gateway SMS_GATEWAY names. */
export function gatewayFor(config: Config, logger?: Logger): SmsGateway {
  if (config.smsGateway === "smpp")
    return new SmppGateway({
      url: config.smppUrl as string,
      entityId: config.dltEntityId as string,
      entityTag: config.smppEntityTag,
      templateTag: config.smppTemplateTag,
      window: config.smppWindow,
      logger,
    });
  return new LogGateway(logger);
}

/** Who registers complaints that arrive by SMS: the company-wide "SMS 1912" integration. */
export function smsPrincipal(database: Database): () => Promise<Principal> {
  let cached: Principal | undefined;
  return async () => {
    if (cached) return cached;
    const company = await database.db
      .selectFrom("org_units")
      .select(["id", "code", "path"])
      .where("kind", "=", "company")
      .orderBy("id")
      .executeTakeFirst();
    if (!company) throw new Error("no company in the org hierarchy: import it first");
    cached = {
      kind: "token",
      id: 0,
      name: "SMS 1912",
      login: null,
      role: "integration",
      language: "hi",
      orgUnitId: company.id,
      orgCode: company.code,
      orgKind: "company",
      orgPath: company.path,
      permissions: new Set(["complaints.create", "consumers.read"]),
    };
    return cached;
  };
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
  },
) {
  const repo = new DeliveryRepository(database.db);
  const inbound = new InboundHandler(repo, complaints, smsPrincipal(database), clock, options.logger);
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
    },
    (m) => inbound.handle(m).then(() => dispatcher.kick()),
  );
  return { dispatcher, inbound, repo };
}
