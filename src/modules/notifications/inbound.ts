import type { Logger } from "pino";
import type { Language } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import type { Principal } from "../access/principal.ts";
import type { ComplaintsService } from "../complaints/complaints.service.ts";
import type { ThrottleRepository, ThrottleRule } from "../users/throttle.repository.ts";
import type { DeliveryRepository } from "./delivery.repository.ts";
import { type InboundSms, maskMobile } from "./gateways/gateway.ts";
import { renderSms } from "./sms-templates.ts";

/** What an SMS to the DISCOM's number can ask for, in English or Hindi. */
export type InboundCommand =
  | { kind: "stop" }
  | { kind: "start" }
  | { kind: "no_supply"; consumerNo: string; language: Language }
  | { kind: "unknown" };

const STOP = ["STOP", "UNSUBSCRIBE", "रोकें", "बंदकरें"];
const START = ["START", "SUBSCRIBE", "शुरू", "चालू"];
const NO_SUPPLY_EN = ["NOSUPPLY", "NO SUPPLY", "NOPOWER", "NO POWER"];
const NO_SUPPLY_HI = ["बिजलीबंद", "बिजली बंद", "बिजली नहीं"];

export function parseInbound(text: string): InboundCommand {
  const t = text.normalize("NFC").trim().replace(/\s+/g, " ");
  const upper = t.toUpperCase();
  const bare = upper.replace(/\s/g, "");
  if (STOP.includes(bare) || STOP.includes(t)) return { kind: "stop" };
  if (START.includes(bare) || START.includes(t)) return { kind: "start" };
  for (const [words, language] of [
    [NO_SUPPLY_EN, "en"],
    [NO_SUPPLY_HI, "hi"],
  ] as const) {
    for (const w of words) {
      if (upper.startsWith(w)) {
        const rest = t.slice(w.length).trim();
        const consumerNo = /^[A-Za-z0-9-]{4,20}$/.test(rest) ? rest.toUpperCase() : "";
        if (consumerNo) return { kind: "no_supply", consumerNo, language };
      }
    }
  }
  return { kind: "unknown" };
}

/** Complaints by SMS one mobile may register: 5 an hour, then an hour's wait (any mobile may text any consumer number). */
export const SMS_COMPLAINT_RULE: ThrottleRule = { windowMs: 3_600_000, limit: 5, lockMs: 3_600_000 };
/** Keyword replies to one mobile: 3 a day; after that its free text is only kept for agents. */
export const SMS_HELP_RULE: ThrottleRule = { windowMs: 86_400_000, limit: 3, lockMs: 86_400_000 };

/** The language to answer a text in: Hindi when written in Devanagari, else the mobile's own, else English. */
export function replyLanguage(text: string, known: Language | undefined): Language {
  if (/[\u0900-\u097F]/.test(text)) return "hi";
  if (/[A-Za-z]/.test(text)) return "en";
  return known ?? "en";
}

export interface InboundDeps {
  throttle: ThrottleRepository;
  /** The company's signature for replies. */
  signature: () => Promise<string>;
  /** The inbox: free text (not a keyword) from a mobile also goes into its 'sms' conversation. */
  conversations?: SmsConversations | undefined;
}

/** Where free-text SMS reach the agents' inbox (channels/intake.service.ts). */
export interface SmsConversations {
  receiveSms(from: string, text: string, at: Date): Promise<void>;
}

/**
 * SMS that consumers send: STOP and START change the opt-out of optional
 * messages; "NOSUPPLY <consumer number>" (or बिजलीबंद <number>) registers a
 * "no supply" complaint, whose acknowledgement goes back by SMS (from a mobile
 * the consumer has not registered too: marked so, and the registered mobile
 * is told; a few an hour per sender); anything else gets the keywords in the
 * sender's language (a few a day per sender). Each one is kept in
 * sms_inbound with what became of it, for agents to read.
 */
export class InboundHandler {
  constructor(
    private readonly repo: DeliveryRepository,
    private readonly complaints: ComplaintsService,
    private readonly principal: () => Promise<Principal>,
    private readonly clock: Clock,
    private readonly logger: Logger | undefined,
    private readonly deps: InboundDeps,
  ) {}

  async handle(m: InboundSms): Promise<string> {
    const now = this.clock();
    const from = m.from.replace(/\D/g, "").replace(/^(?:91|0)(?=[6-9]\d{9}$)/, "");
    const valid = /^[6-9]\d{9}$/.test(from);
    const cmd = parseInbound(m.text);
    let outcome: string;
    let complaintId: number | null = null;
    let language: Language | null = null;
    let replyId: number | null = null;
    if (!valid) outcome = "ignored: sender is not an Indian mobile";
    else if (cmd.kind === "stop") {
      await this.repo.optOut(from, now, "sms");
      outcome = "opted out";
    } else if (cmd.kind === "start") {
      await this.repo.optIn(from);
      outcome = "opted in";
    } else if (cmd.kind === "no_supply") {
      language = cmd.language;
      const turn = await this.deps.throttle.attempt(`sms-complaint:${from}`, now, SMS_COMPLAINT_RULE);
      if (!turn.allowed) outcome = "refused: too many complaints from this mobile";
      else
        try {
          const registered = await this.repo.isConsumersMobile(cmd.consumerNo, from);
          const r = await this.complaints.create(await this.principal(), {
            consumerNo: cmd.consumerNo,
            categoryCode: "no_supply",
            description: `SMS: ${m.text.slice(0, 200)}`,
            callerPhone: from,
            channel: "sms",
            language: cmd.language,
            fromUnregisteredMobile: !registered,
          });
          complaintId = r.complaint.id;
          outcome =
            r.outcome === "repeat_call"
              ? `repeat call on ${r.complaint.number}`
              : `registered ${r.complaint.number}${registered ? "" : " (from an unregistered mobile)"}`;
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          outcome = `refused: ${err.message}`;
        }
    } else {
      language = replyLanguage(m.text, await this.repo.mobileLanguage(from));
      const turn = await this.deps.throttle.attempt(`sms-help:${from}`, now, SMS_HELP_RULE);
      if (turn.allowed) {
        const reply = renderSms("inbound_help", language, { company: await this.deps.signature() });
        replyId = await this.repo.queueReply({
          dedupKey: `inbound:help:${from}:${now.getTime()}:${turn.count}`,
          recipient: from,
          language,
          template: "inbound_help",
          variables: reply.variables,
          body: reply.body,
          urgent: true,
          relatedType: "inbound",
          relatedId: 0,
          createdAt: now,
        });
        outcome = "not understood: the keywords sent";
      } else outcome = "not understood: no reply (reply limit for this mobile)";
    }
    await this.repo.recordInbound(valid ? from : m.from.slice(0, 20), m.text, m.at, outcome, complaintId, {
      language,
      replyOutboxId: replyId,
    });
    if (valid && cmd.kind === "unknown" && this.deps.conversations)
      try {
        await this.deps.conversations.receiveSms(from, m.text, m.at);
      } catch (err) {
        // Kept in sms_inbound above whatever happens here.
        this.logger?.error({ err }, "sms: free text not put in the inbox");
      }
    this.logger?.info({ from: maskMobile(from), outcome: outcome.split(":")[0] }, "sms: inbound message");
    return outcome;
  }
}
