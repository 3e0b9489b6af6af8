import { type Kysely, sql } from "kysely";
import { dcInJurisdiction, type Jurisdiction } from "../../db/jurisdiction.ts";
import { reusableQuery } from "../../db/reusable-query.ts";
import type { DB, IvrCallKind, IvrOutcome, Language } from "../../db/schema.ts";
import {
  type LiveOutageRef,
  liveOutage,
  type RawLiveOutage,
  statusIn,
  toLiveOutageRef,
} from "../complaints/complaints.sql.ts";
import { type SmsToSend, sendSms } from "../notifications/send-sms.ts";

/** One of the connections a mobile is registered for, with what the IVR says of it. */
export interface CallerConsumer {
  id: number;
  consumerNo: string;
  dcId: number;
  dcPath: string;
  /** The language this mobile asked for its SMS. */
  language: Language;
  /** The outage his supply is off under now (feeder first, then DT, then his own), if any. */
  outage: LiveOutageRef | null;
  /** His open no-supply complaint, if any (a press would join it). */
  openComplaint: string | null;
}

interface CallerConsumerRow {
  id: number | string;
  consumer_no: string;
  dc_id: number | string;
  dc_path: string;
  language: Language;
  outage: RawLiveOutage | null;
  open_complaint: string | null;
}

export interface IvrCallRow {
  at: Date;
  kind: IvrCallKind;
  caller: string;
  consumerId: number | null;
  outageId: number | null;
  complaintId: number | null;
  dcId: number | null;
  outcome: IvrOutcome;
}

/** At most this many of a mobile's connections are read out (one digit each, 1-9). */
export const CALLER_CONSUMERS_MAX = 9;

/** What the IVR answered: the calls it took for the wallboard's and the reports' counts. */
export const ANSWERED: readonly IvrOutcome[] = ["outage_answered", "registered", "joined"];

/** The IVR's reads and writes: who a number is, what it was told, how many calls it answered. */
export class IvrRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The consumers a mobile is registered for in the jurisdiction (at most
   * CALLER_CONSUMERS_MAX, by consumer number), each with his live outage and
   * open no-supply complaint.
   */
  private consumersQuery(mobile: string, orgPath: string) {
    return this.db
      .selectFrom("consumer_mobiles as m")
      .innerJoin("consumers as c", "c.id", "m.consumer_id")
      .innerJoin("org_units as dc", "dc.id", "c.dc_id")
      .select([
        "c.id",
        "c.consumer_no",
        "c.dc_id",
        "dc.path as dc_path",
        "m.language",
        liveOutage("c.feeder_id", "c.dt_id", "c.id").as("outage"),
        sql<string | null>`(select o.number from complaints o
            where o.consumer_id = c.id and ${statusIn("o.status")}
              and o.category_code in (select k.code from complaint_categories k where k.is_no_supply)
            order by o.registered_at desc limit 1)`.as("open_complaint"),
      ])
      .where("m.mobile", "=", mobile)
      .where(sql<boolean>`dc.path like ${orgPath} || '%'`)
      .orderBy("c.consumer_no")
      .limit(CALLER_CONSUMERS_MAX);
  }

  // Compiled once each: the storm's hot path.
  private readonly byMobile = reusableQuery(
    (mobile: string, orgPath: string) => this.consumersQuery(mobile, orgPath),
    2,
  );

  /**
   * The lookup's read and its record in one statement (one round trip on the
   * storm's hot path): the caller's consumers, and the call written to
   * ivr_calls with the one the answer leads with (the first with a live
   * outage, else the first) and its outcome: outage_answered, agent, or
   * unknown_caller when the number is no one's.
   */
  private readonly byMobileRecorded = reusableQuery(
    (mobile: string, orgPath: string, caller: string, at: string) =>
      this.db
        .with("found", () => this.consumersQuery(mobile, orgPath))
        .with("ins", (db) =>
          db
            .insertInto("ivr_calls")
            .columns(["at", "kind", "caller", "consumer_id", "outage_id", "dc_id", "outcome"])
            .expression(
              sql`select ${at}::timestamptz, 'lookup', ${caller}, p.id, (p.outage ->> 'id')::bigint, p.dc_id,
                    case when p.id is null then 'unknown_caller'
                         when p.outage is not null then 'outage_answered' else 'agent' end
                  from (select 1) one
                  left join (select * from found order by outage is null, consumer_no limit 1) p on true`,
            )
            .returning("id"),
        )
        .selectFrom(sql`(select 1)`.as("one"))
        .leftJoin("found", (j) => j.onTrue())
        .select([
          "found.id",
          "found.consumer_no",
          "found.dc_id",
          "found.dc_path",
          "found.language",
          "found.outage",
          "found.open_complaint",
          sql<number | string>`(select ins.id from ins)`.as("call_id"),
        ])
        .orderBy("found.consumer_no"),
    4,
  );

  /** The lookup's consumers (as consumersByMobile) and its ivr_calls row, written in the same statement. */
  async lookupRecorded(
    principal: Jurisdiction,
    mobile: string | undefined,
    caller: string,
    at: Date,
  ): Promise<{ callId: number; consumers: CallerConsumer[] }> {
    const rows = (await this.byMobileRecorded(
      this.db,
      mobile ?? "",
      principal.orgPath,
      caller,
      at.toISOString(),
    )) as (CallerConsumerRow & { call_id: number | string })[];
    return {
      callId: Number(rows[0]?.call_id),
      consumers: rows.filter((r) => r.id !== null).map(IvrRepository.toConsumer),
    };
  }

  /** A lookup the caller's limit refused after all: recorded so, with nothing told. */
  async markRefused(callId: number): Promise<void> {
    await this.db
      .updateTable("ivr_calls")
      .set({ outcome: "refused", consumer_id: null, outage_id: null })
      .where("id", "=", callId)
      .execute();
  }

  private static toConsumer(r: CallerConsumerRow): CallerConsumer {
    return {
      id: Number(r.id),
      consumerNo: r.consumer_no,
      dcId: Number(r.dc_id),
      dcPath: r.dc_path,
      language: r.language,
      outage: toLiveOutageRef(r.outage),
      openComplaint: r.open_complaint,
    };
  }

  async consumersByMobile(principal: Jurisdiction, mobile: string): Promise<CallerConsumer[]> {
    const rows = (await this.byMobile(this.db, mobile, principal.orgPath)) as CallerConsumerRow[];
    return rows.map(IvrRepository.toConsumer);
  }

  async recordCall(call: IvrCallRow): Promise<number> {
    const r = await this.db
      .insertInto("ivr_calls")
      .values({
        at: call.at,
        kind: call.kind,
        caller: call.caller,
        consumer_id: call.consumerId,
        outage_id: call.outageId,
        complaint_id: call.complaintId,
        dc_id: call.dcId,
        outcome: call.outcome,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  /**
   * Calls the IVR answered since a time (an outage answer, a registration or
   * a joined complaint by a key press), and missed calls, in the
   * jurisdiction; calls from unknown numbers count only company-wide.
   */
  async answeredSince(
    principal: Jurisdiction,
    since: Date,
  ): Promise<{ answered: number; missedCalls: number }> {
    const r = await this.db
      .selectFrom("ivr_calls as i")
      .select([
        sql<number>`count(*) filter (where i.kind <> 'missed_call'
          and i.outcome in (${sql.join(ANSWERED.map((o) => sql.lit(o)))}))`.as("answered"),
        sql<number>`count(*) filter (where i.kind = 'missed_call')`.as("missed_calls"),
      ])
      .where("i.at", ">=", since)
      .where(principal.orgKind === "company" ? sql<boolean>`true` : dcInJurisdiction("i.dc_id", principal))
      .executeTakeFirstOrThrow();
    return { answered: Number(r.answered), missedCalls: Number(r.missed_calls) };
  }

  /** Calls by day (in the zone), kind and outcome, in the jurisdiction. */
  async countsByDay(principal: Jurisdiction, from: Date, to: Date, timeZone: string) {
    const day = sql<string>`to_char(i.at at time zone ${timeZone}, 'YYYY-MM-DD')`;
    const rows = await this.db
      .selectFrom("ivr_calls as i")
      .select([day.as("day"), "i.kind", "i.outcome", sql<number>`count(*)`.as("calls")])
      .where("i.at", ">=", from)
      .where("i.at", "<", to)
      .where(principal.orgKind === "company" ? sql<boolean>`true` : dcInJurisdiction("i.dc_id", principal))
      // By position: the day's expression carries the zone as a parameter, and a second copy would not match it.
      .groupBy([sql`1`, sql`2`, sql`3`])
      .orderBy(sql`1`)
      .orderBy(sql`2`)
      .orderBy(sql`3`)
      .execute();
    return rows.map((r) => ({ day: r.day, kind: r.kind, outcome: r.outcome, calls: Number(r.calls) }));
  }

  /** Queues an SMS reply (sendSms: signed, rendered, deduplicated by its key). */
  queueSms(sms: SmsToSend): Promise<boolean> {
    return sendSms(this.db, sms);
  }
}
