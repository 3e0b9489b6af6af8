import type { Logger } from "pino";
import { IVR_OUTCOMES } from "../../db/schema.constants.ts";
import type { IvrOutcome, Language } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest, forbidden } from "../../lib/errors.ts";
import { maskMobile, normaliseMobile } from "../../lib/mobile.ts";
import { startOfDay, zonedParts, zonedTime } from "../../lib/time.ts";
import { can, type Principal } from "../access/principal.ts";
import type { ComplaintsService } from "../complaints/complaints.service.ts";
import type { LiveOutageRef } from "../complaints/complaints.sql.ts";
import { smsTime } from "../notifications/sms-templates.ts";
import type { ThrottleRepository, ThrottleRule } from "../users/throttle.repository.ts";
import type { IvrDomainEvent } from "./ivr.events.ts";
import {
  type Bilingual,
  etrWords,
  lookupPrompt,
  registeredPrompt,
  type SpokenOutage,
  TO_AGENT,
} from "./ivr.prompts.ts";
import { ANSWERED, type CallerConsumer, type IvrRepository } from "./ivr.repository.ts";

/** Lookups per caller: a telephony loop (or a redialler) is cut off, a person calling back is not. */
export const IVR_LOOKUP_RULE: ThrottleRule = { windowMs: 600_000, limit: 20, lockMs: 600_000 };
/** Presses that register complaints, per caller: a few an hour, as SMS complaints. */
export const IVR_REGISTER_RULE: ThrottleRule = { windowMs: 3_600_000, limit: 5, lockMs: 3_600_000 };
/** Missed calls acted on per caller: a few an hour; the rest are only recorded. */
export const IVR_MISSED_CALL_RULE: ThrottleRule = { windowMs: 3_600_000, limit: 5, lockMs: 3_600_000 };
/** The "how to register" SMS to a number we do not know: one a day, so the number is not an SMS cannon. */
export const IVR_HELP_SMS_RULE: ThrottleRule = { windowMs: 86_400_000, limit: 1, lockMs: 86_400_000 };

/** What the IVR does next: answer with the known outage, or queue for an agent. */
export type IvrRoute = "outage" | "agent";

export interface IvrOutageAnswer {
  id: number;
  kind: LiveOutageRef["kind"];
  scope: LiveOutageRef["scope"];
  status: string;
  startedAt: Date;
  etr: Date | null;
  /** The ETR as the prompt says it ("शाम 6:30 बजे तक" / "by 6:30 pm"), null when none is set. */
  etrText: Bilingual | null;
}

export interface IvrConsumerAnswer {
  /** The digit that registers his complaint: his place in the list (1 when alone). */
  index: number;
  consumerNo: string;
  outage: IvrOutageAnswer | null;
  openComplaint: string | null;
  offerRegister: boolean;
}

export interface IvrLookupAnswer {
  callId: number;
  caller: string;
  known: boolean;
  route: IvrRoute;
  offerRegister: boolean;
  consumers: IvrConsumerAnswer[];
  /** The first live outage among his connections (the one the answer leads with). */
  outage: IvrOutageAnswer | null;
  prompts: Bilingual;
  outcome: IvrOutcome;
}

export interface IvrRegisterInput {
  caller: string;
  digit: string;
  consumerNo?: string | undefined;
  index?: number | undefined;
  language?: Language | undefined;
}

export interface IvrRegisterAnswer {
  callId: number;
  outcome: IvrOutcome;
  route: "agent" | "done";
  complaintNumber: string | null;
  consumerNo: string | null;
  outage: IvrOutageAnswer | null;
  prompts: Bilingual;
}

export interface IvrMissedCallAnswer {
  callId: number;
  outcome: IvrOutcome;
  complaintNumber: string | null;
  /** Whether an SMS reply is on its way to the caller (ours, or the registration's own acknowledgement to his mobile). */
  smsQueued: boolean;
}

export interface IvrOptions {
  timeZone: string;
  /** The server's public base URL: the verb form's key press posts back to it. */
  publicUrl: string;
  /** The agent queue's name on the telephony platform (the verb form's <Dial><Queue>). */
  agentQueue?: string | undefined;
  /** Publishes the IVR's domain events (after the call's record is written). */
  publish?: ((e: IvrDomainEvent) => void) | undefined;
  logger?: Logger | undefined;
}

/** A caller's number as the platform sends it: a mobile normalised, else its digits (a landline is "unknown"). */
export function normaliseCaller(input: string): { number: string; mobile: string | undefined } {
  const raw = input.trim();
  if (!/^\+?[\d\s\-().]{3,24}$/.test(raw) || !/\d/.test(raw))
    throw badRequest("caller must be a phone number (+91 98765 43210, 09876543210, 9876543210)", "caller");
  const mobile = normaliseMobile(raw);
  return { number: mobile ?? raw.replace(/\D/g, ""), mobile };
}

function outageAnswer(o: LiveOutageRef | null, now: Date, timeZone: string): IvrOutageAnswer | null {
  if (!o) return null;
  return {
    id: o.id,
    kind: o.kind,
    scope: o.scope,
    status: o.status,
    startedAt: o.startedAt,
    etr: o.etr,
    etrText: o.etr && o.etr.getTime() > now.getTime() ? etrWords(o.etr, now, timeZone) : null,
  };
}

const spoken = (o: LiveOutageRef | null): SpokenOutage | null =>
  o ? { kind: o.kind, scope: o.scope, etr: o.etr } : null;

/**
 * The telephony platform's IVR (issue 14 §3): a caller during an outage
 * hears its ETR before he queues for an agent, and may press a digit to
 * register a no-supply complaint (joined to the outage) without an agent; a
 * missed call from a registered mobile registers one and answers by SMS.
 * Every call is recorded in ivr_calls (the wallboard's and reports' counts);
 * each caller is throttled against loops.
 */
export class IvrService {
  constructor(
    private readonly repo: IvrRepository,
    private readonly complaints: ComplaintsService,
    private readonly throttle: ThrottleRepository,
    private readonly clock: Clock,
    private readonly options: IvrOptions,
  ) {}

  /** What the verb form needs: where a key press posts, which queue the agents answer. */
  verbOptions(): { registerAction: string; agentQueue: string } {
    return {
      registerAction: `${this.options.publicUrl.replace(/\/+$/, "")}/api/ivr/register`,
      agentQueue: this.options.agentQueue ?? "1912-agents",
    };
  }

  /** Tells live screens of a call their IVR counter counts (an answer, a registration, a missed call). */
  private counted(
    kind: "lookup" | "register" | "missed_call",
    outcome: IvrOutcome,
    dcPath: string | null,
  ): void {
    if (kind === "missed_call" || ANSWERED.includes(outcome))
      this.options.publish?.({ type: "ivr.call_answered", dcPath });
  }

  private allowed(principal: Principal): void {
    if (!can(principal, "ivr.use")) throw forbidden("this token may not use the IVR (scope ivr.use)");
  }

  /** Registers complaints as the IVR: the token's jurisdiction and name, allowed to register. */
  private registrar(principal: Principal): Principal {
    return { ...principal, permissions: new Set([...principal.permissions, "complaints.create"]) };
  }

  async lookup(principal: Principal, callerInput: string): Promise<IvrLookupAnswer> {
    this.allowed(principal);
    const { number, mobile } = normaliseCaller(callerInput);
    const now = this.clock();
    const tz = this.options.timeZone;
    // The limit, and the read with its record, at once (the storm's hot path: one round trip).
    // A caller past his limit is told nothing: his call is recorded as refused and goes to an agent.
    const [turn, found] = await Promise.all([
      this.throttle.attempt(`ivr-lookup:${number}`, now, IVR_LOOKUP_RULE),
      this.repo.lookupRecorded(principal, mobile, number, now),
    ]);
    if (!turn.allowed) await this.repo.markRefused(found.callId);
    const consumers = turn.allowed ? found.consumers : [];
    const callId = found.callId;
    const answers: IvrConsumerAnswer[] = consumers.map((c, i) => ({
      index: i + 1,
      consumerNo: c.consumerNo,
      outage: outageAnswer(c.outage, now, tz),
      openComplaint: c.openComplaint,
      offerRegister: c.openComplaint === null,
    }));
    const first = consumers.find((c) => c.outage) ?? consumers[0];
    const route: IvrRoute = consumers.some((c) => c.outage) ? "outage" : "agent";
    const outcome: IvrOutcome = !turn.allowed
      ? "refused"
      : consumers.length === 0
        ? "unknown_caller"
        : route === "outage"
          ? "outage_answered"
          : "agent";
    this.counted("lookup", outcome, first?.dcPath ?? null);
    const prompts = lookupPrompt(
      consumers.map((c) => ({
        consumerNo: c.consumerNo,
        outage: spoken(c.outage),
        openComplaint: c.openComplaint,
      })),
      now,
      tz,
    );
    return {
      callId,
      caller: maskMobile(number),
      known: consumers.length > 0,
      route,
      offerRegister: answers.some((a) => a.offerRegister),
      consumers: answers,
      outage: outageAnswer(first?.outage ?? null, now, tz),
      prompts,
      outcome,
    };
  }

  /** Which of his connections a press is for: by number, by place in the list, or by the digit itself. */
  private chosen(consumers: CallerConsumer[], input: IvrRegisterInput): CallerConsumer | undefined {
    if (input.consumerNo !== undefined) {
      const no = input.consumerNo.trim().toUpperCase();
      const c = consumers.find((x) => x.consumerNo === no);
      if (!c) throw badRequest("that consumer number is not registered to this caller", "consumerNo");
      return input.digit === "1" ? c : undefined;
    }
    if (input.index !== undefined) {
      const c = consumers[input.index - 1];
      if (!c) throw badRequest(`this caller has ${consumers.length} connection(s)`, "index");
      return input.digit === "1" ? c : undefined;
    }
    if (consumers.length === 1) return input.digit === "1" ? consumers[0] : undefined;
    return consumers[Number(input.digit) - 1];
  }

  private async agent(
    kind: "register",
    number: string,
    now: Date,
    outcome: IvrOutcome,
    c?: CallerConsumer,
  ): Promise<IvrRegisterAnswer> {
    const callId = await this.repo.recordCall({
      at: now,
      kind,
      caller: number,
      consumerId: c?.id ?? null,
      outageId: c?.outage?.id ?? null,
      complaintId: null,
      dcId: c?.dcId ?? null,
      outcome,
    });
    return {
      callId,
      outcome,
      route: "agent",
      complaintNumber: null,
      consumerNo: c?.consumerNo ?? null,
      outage: null,
      prompts: TO_AGENT,
    };
  }

  /**
   * A digit pressed after the lookup: registers (or joins) his no-supply
   * complaint, channel ivr, joined to the live outage when there is one; any
   * other digit, an unknown number or the limit reached goes to an agent.
   */
  async register(principal: Principal, input: IvrRegisterInput): Promise<IvrRegisterAnswer> {
    this.allowed(principal);
    const { number, mobile } = normaliseCaller(input.caller);
    if (!/^[0-9*#]$/.test(input.digit)) throw badRequest("digit must be one key: 0-9, * or #", "digit");
    const now = this.clock();
    const tz = this.options.timeZone;
    const consumers = mobile ? await this.repo.consumersByMobile(principal, mobile) : [];
    if (consumers.length === 0) return this.agent("register", number, now, "unknown_caller");
    const c = this.chosen(consumers, input);
    if (!c) return this.agent("register", number, now, "agent", consumers[0]);
    const turn = await this.throttle.attempt(`ivr-register:${number}`, now, IVR_REGISTER_RULE);
    if (!turn.allowed) return this.agent("register", number, now, "refused", c);
    const language = input.language ?? c.language;
    let r: Awaited<ReturnType<ComplaintsService["create"]>>;
    try {
      r = await this.complaints.create(this.registrar(principal), {
        consumerNo: c.consumerNo,
        categoryCode: "no_supply",
        description: "IVR: no supply (registered by the caller's key press)",
        callerPhone: mobile,
        channel: "ivr",
        language,
      });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      this.options.logger?.warn({ caller: maskMobile(number), error: err.code }, "ivr: registration refused");
      return this.agent("register", number, now, "refused", c);
    }
    const joined = r.outcome === "repeat_call";
    const outcome: IvrOutcome = joined ? "joined" : "registered";
    const outage = r.complaint.outage_id === null ? null : c.outage;
    const callId = await this.repo.recordCall({
      at: now,
      kind: "register",
      caller: number,
      consumerId: c.id,
      outageId: r.complaint.outage_id,
      complaintId: r.complaint.id,
      dcId: c.dcId,
      outcome,
    });
    this.counted("register", outcome, c.dcPath);
    return {
      callId,
      outcome,
      route: "done",
      complaintNumber: r.complaint.number,
      consumerNo: c.consumerNo,
      outage: outageAnswer(outage, now, tz),
      prompts: registeredPrompt(r.complaint.number, joined, spoken(outage), now, tz),
    };
  }

  /**
   * A call to the missed-call number. From a mobile registered for one
   * connection: registers (or joins) his no-supply complaint (channel
   * missed_call) and answers by SMS with its number, and the outage's ETR
   * when one is known; the registration's own SMS already reaches him when
   * he is the connection's SMS number, and then nothing more is sent. From a
   * mobile with several connections: an SMS on how to say which (it cannot
   * be guessed); from a number we do not know: an SMS on how to register,
   * at most once a day.
   */
  async missedCall(principal: Principal, callerInput: string): Promise<IvrMissedCallAnswer> {
    this.allowed(principal);
    const { number, mobile } = normaliseCaller(callerInput);
    const now = this.clock();
    const record = async (
      outcome: IvrOutcome,
      c?: CallerConsumer,
      complaint?: { id: number; outageId: number | null },
    ) => {
      const id = await this.repo.recordCall({
        at: now,
        kind: "missed_call",
        caller: number,
        consumerId: c?.id ?? null,
        outageId: complaint ? complaint.outageId : (c?.outage?.id ?? null),
        complaintId: complaint?.id ?? null,
        dcId: c?.dcId ?? null,
        outcome,
      });
      this.counted("missed_call", outcome, c?.dcPath ?? null);
      return id;
    };
    const turn = await this.throttle.attempt(`ivr-missed:${number}`, now, IVR_MISSED_CALL_RULE);
    if (!turn.allowed || !mobile) {
      const callId = await record(turn.allowed ? "unknown_caller" : "refused");
      return {
        callId,
        outcome: turn.allowed ? "unknown_caller" : "refused",
        complaintNumber: null,
        smsQueued: false,
      };
    }
    const consumers = await this.repo.consumersByMobile(principal, mobile);
    if (consumers.length !== 1) {
      const several = consumers.length > 1;
      const outcome: IvrOutcome = several ? "refused" : "unknown_caller";
      const callId = await record(outcome, consumers[0]);
      const help = await this.throttle.attempt(`ivr-help-sms:${mobile}`, now, IVR_HELP_SMS_RULE);
      let smsQueued = false;
      if (help.allowed)
        smsQueued = await this.repo.queueSms({
          template: several ? "ivr_missed_call_choose" : "ivr_missed_call_help",
          language: consumers[0]?.language ?? "hi",
          variables: several ? { count: String(consumers.length) } : {},
          recipient: mobile,
          dedupKey: `ivr:help:${mobile}:${now.getTime()}`,
          urgent: true,
          relatedType: "ivr_call",
          relatedId: callId,
          createdAt: now,
        });
      return { callId, outcome, complaintNumber: null, smsQueued };
    }
    const c = consumers[0] as CallerConsumer;
    let r: Awaited<ReturnType<ComplaintsService["create"]>>;
    try {
      r = await this.complaints.create(this.registrar(principal), {
        consumerNo: c.consumerNo,
        categoryCode: "no_supply",
        description: "Missed call: no supply",
        callerPhone: mobile,
        channel: "missed_call",
        language: c.language,
      });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      this.options.logger?.warn({ caller: maskMobile(number), error: err.code }, "ivr: missed call refused");
      const callId = await record("refused", c);
      return { callId, outcome: "refused", complaintNumber: null, smsQueued: false };
    }
    const joined = r.outcome === "repeat_call";
    const outcome: IvrOutcome = joined ? "joined" : "registered";
    const outageId = r.complaint.outage_id;
    const callId = await record(outcome, c, { id: r.complaint.id, outageId });
    const etr = outageId !== null ? (c.outage?.etr ?? null) : null;
    const queued = await this.repo.queueSms({
      template: outageId !== null ? "ivr_missed_call_outage" : "ivr_missed_call_registered",
      language: c.language,
      variables: {
        number: r.complaint.number,
        consumer: c.consumerNo,
        ...(outageId !== null
          ? {
              etr: etr
                ? smsTime(etr, c.language, this.options.timeZone)
                : c.language === "hi"
                  ? "शीघ्र"
                  : "soon",
            }
          : {}),
      },
      recipient: mobile,
      // A new complaint's acknowledgement to this mobile has this key: sent once, by whichever comes first.
      // A repeat call gets one reply an hour at most.
      dedupKey: joined
        ? `ivr:missed:${r.complaint.id}:${mobile}:${Math.floor(now.getTime() / 3_600_000)}`
        : `complaint:${r.complaint.id}:registered:${mobile}`,
      urgent: true,
      relatedType: "complaint",
      relatedId: r.complaint.id,
      createdAt: now,
    });
    // A new complaint's key already queued means the registration's own SMS went to this mobile.
    return { callId, outcome, complaintNumber: r.complaint.number, smsQueued: queued || !joined };
  }

  /** Today's calls (in the DISCOM's zone) the IVR answered, and missed calls: the wallboard's counter. */
  answeredToday(principal: Principal): Promise<{ answered: number; missedCalls: number }> {
    return this.repo.answeredSince(principal, startOfDay(this.clock(), this.options.timeZone));
  }

  /** Calls per day, kind and outcome between two dates (YYYY-MM-DD, both included) in the jurisdiction. */
  async stats(principal: Principal, from: string, to: string) {
    if (!can(principal, "outages.read") && !can(principal, "ivr.use"))
      throw forbidden("you may not see the IVR's figures");
    const tz = this.options.timeZone;
    const day = (s: string, field: string) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
      const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
      if (
        !m ||
        !d ||
        d.getUTCDate() !== Number(m[3]) ||
        d.getUTCFullYear() < 2000 ||
        d.getUTCFullYear() > 2200
      )
        throw badRequest(`${field} must be a date, YYYY-MM-DD`, field);
      return zonedTime(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, tz);
    };
    const start = day(from, "from");
    const endDay = day(to, "to");
    if (endDay < start) throw badRequest("to must not be before from", "to");
    if (endDay.getTime() - start.getTime() > 400 * 86_400_000)
      throw badRequest("at most 400 days at once", "to");
    const p = zonedParts(new Date(endDay.getTime() + 36 * 3_600_000), tz);
    const end = zonedTime(p.year, p.month, p.day, 0, 0, tz);
    const rows = await this.repo.countsByDay(principal, start, end, tz);
    const days = new Map<string, IvrDayCounts>();
    for (const r of rows) {
      const d = days.get(r.day) ?? emptyDay(r.day);
      d.calls += r.calls;
      if (r.kind === "missed_call") d.missedCalls += r.calls;
      else if (ANSWERED.includes(r.outcome)) d.answered += r.calls;
      d[r.kind][r.outcome] += r.calls;
      days.set(r.day, d);
    }
    return { from, to, days: [...days.values()] };
  }
}

type OutcomeCounts = Record<IvrOutcome, number>;

/** One day's calls: answered by the IVR (key presses and outage answers), missed calls, and each kind by outcome. */
export interface IvrDayCounts {
  day: string;
  calls: number;
  answered: number;
  missedCalls: number;
  lookup: OutcomeCounts;
  register: OutcomeCounts;
  missed_call: OutcomeCounts;
}

function emptyDay(day: string): IvrDayCounts {
  const zero = (): OutcomeCounts => Object.fromEntries(IVR_OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;
  return {
    day,
    calls: 0,
    answered: 0,
    missedCalls: 0,
    lookup: zero(),
    register: zero(),
    missed_call: zero(),
  };
}
