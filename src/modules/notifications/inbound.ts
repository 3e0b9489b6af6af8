import type { Logger } from "pino";
import type { Language } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import type { ComplaintsService } from "../complaints/complaints.service.ts";
import type { Principal } from "../users/principal.ts";
import type { DeliveryRepository } from "./delivery.repository.ts";
import { type InboundSms, maskMobile } from "./gateways/gateway.ts";

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

/**
 * SMS that consumers send: STOP and START change the opt-out of optional
 * messages; "NOSUPPLY <consumer number>" (or बिजलीबंद <number>) registers a
 * "no supply" complaint, whose acknowledgement goes back by SMS. Each one is
 * kept in sms_inbound with what became of it.
 */
export class InboundHandler {
  constructor(
    private readonly repo: DeliveryRepository,
    private readonly complaints: ComplaintsService,
    private readonly principal: () => Promise<Principal>,
    private readonly clock: Clock,
    private readonly logger?: Logger,
  ) {}

  async handle(m: InboundSms): Promise<string> {
    const now = this.clock();
    const from = m.from.replace(/\D/g, "").replace(/^(?:91|0)(?=[6-9]\d{9}$)/, "");
    const valid = /^[6-9]\d{9}$/.test(from);
    const cmd = parseInbound(m.text);
    let outcome: string;
    let complaintId: number | null = null;
    if (!valid) outcome = "ignored: sender is not an Indian mobile";
    else if (cmd.kind === "stop") {
      await this.repo.optOut(from, now, "sms");
      outcome = "opted out";
    } else if (cmd.kind === "start") {
      await this.repo.optIn(from);
      outcome = "opted in";
    } else if (cmd.kind === "no_supply") {
      try {
        const r = await this.complaints.create(await this.principal(), {
          consumerNo: cmd.consumerNo,
          categoryCode: "no_supply",
          description: `SMS: ${m.text.slice(0, 200)}`,
          callerPhone: from,
          channel: "sms",
          language: cmd.language,
        });
        complaintId = r.complaint.id;
        outcome =
          r.outcome === "repeat_call"
            ? `repeat call on ${r.complaint.number}`
            : `registered ${r.complaint.number}`;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        outcome = `refused: ${err.message}`;
      }
    } else outcome = "not understood";
    await this.repo.recordInbound(valid ? from : m.from.slice(0, 20), m.text, m.at, outcome, complaintId);
    this.logger?.info({ from: maskMobile(from), outcome: outcome.split(":")[0] }, "sms: inbound message");
    return outcome;
  }
}
