import { type Kysely, sql } from "kysely";
import { dcInJurisdiction } from "../../db/jurisdiction.ts";
import { afterCursor, type Cursor, cursorOf, keyColumns, orderSql, type SortPart } from "../../db/keyset.ts";
import type {
  DB,
  Language,
  Outage,
  OutageKind,
  OutageScope,
  OutageSource,
  OutageStatus,
  OutageUpdate,
  SignalEvent,
  SignalSource,
} from "../../db/schema.ts";
import type { Principal } from "../access/principal.ts";
import { type OutageAuditEvent, writeOutageEvents } from "../audit/audit.repository.ts";

/** An outage with the names a screen or an SMS shows. */
export interface OutageRow extends Outage {
  feeder_code: string | null;
  feeder_name_en: string | null;
  feeder_name_hi: string | null;
  dt_code: string | null;
  dt_name_en: string | null;
  dt_name_hi: string | null;
  consumer_no: string | null;
  dc_code: string;
  dc_name_en: string;
  dc_name_hi: string;
  dc_path: string;
  linked_complaints: number;
}

/** The person in the field an outage belongs to. */
export interface OutageOwner {
  id: number;
  name: string;
  phone: string | null;
  language: Language;
}

export interface FeederRef {
  id: number;
  code: string;
  dc_id: number;
  name_en: string;
  name_hi: string;
}

export interface DtRef extends FeederRef {
  feeder_id: number;
}

export interface ConsumerRef {
  id: number;
  consumer_no: string;
  dc_id: number;
  feeder_id: number | null;
  dt_id: number | null;
}

export interface MeterRef {
  meter_no: string;
  consumer_id: number;
  dt_id: number | null;
  feeder_id: number | null;
}

export interface NewSignal {
  source: SignalSource;
  element: string;
  event: SignalEvent;
  at: Date;
  receivedAt: Date;
  feederId: number | null;
  dtId: number | null;
  consumerId: number | null;
}

export interface NewOutage {
  kind: OutageKind;
  scope: OutageScope;
  feederId: number | null;
  dtId: number | null;
  consumerId: number | null;
  dcId: number;
  source: OutageSource;
  status: OutageStatus;
  startedAt: Date;
  detectedAt: Date;
  confirmedAt: Date | null;
  plannedStart?: Date | null;
  plannedEnd?: Date | null;
  etr: Date | null;
  etrSetBy?: { id: number | null; name: string } | null;
  cause?: string | null;
  affectedConsumers: number;
  createdBy: number | null;
}

/** An entry of an outage's audit trail (the shape both trails share). */
export type NewOutageEvent = OutageAuditEvent;

export interface OutageFilter {
  /** "live" (off now, the default), "planned" (scheduled or in progress), "all", or one status. */
  status: "live" | "planned" | "all" | OutageStatus;
  kind?: OutageKind;
  dcCode?: string;
  feederCode?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

/** The list's order for a status (id last, so a page boundary is exact). */
function outageOrder(status: OutageFilter["status"]): SortPart[] {
  if (status === "live")
    return [
      { expr: "o.affected_consumers", dir: "desc" },
      { expr: "o.started_at", dir: "asc" },
      { expr: "o.id", dir: "asc" },
    ];
  if (status === "planned")
    return [
      { expr: sql`coalesce(o.planned_start, 'infinity'::timestamptz)`, dir: "asc" },
      { expr: "o.id", dir: "asc" },
    ];
  return [
    { expr: "o.started_at", dir: "desc" },
    { expr: "o.id", dir: "desc" },
  ];
}

const lits = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));
const LIVE = lits(["suspected", "confirmed", "in_progress"]);
const OPEN_UNPLANNED = lits(["suspected", "confirmed"]);

export class OutagesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  // The network

  feederByCode(code: string): Promise<FeederRef | undefined> {
    return this.db
      .selectFrom("feeders")
      .select(["id", "code", "dc_id", "name_en", "name_hi"])
      .where("code", "=", code)
      .executeTakeFirst();
  }

  feederById(id: number): Promise<FeederRef | undefined> {
    return this.db
      .selectFrom("feeders")
      .select(["id", "code", "dc_id", "name_en", "name_hi"])
      .where("id", "=", id)
      .executeTakeFirst();
  }

  dtByCode(code: string): Promise<DtRef | undefined> {
    return this.db
      .selectFrom("dts")
      .select(["id", "code", "dc_id", "name_en", "name_hi", "feeder_id"])
      .where("code", "=", code)
      .executeTakeFirst();
  }

  dtById(id: number): Promise<DtRef | undefined> {
    return this.db
      .selectFrom("dts")
      .select(["id", "code", "dc_id", "name_en", "name_hi", "feeder_id"])
      .where("id", "=", id)
      .executeTakeFirst();
  }

  consumerByNo(consumerNo: string): Promise<ConsumerRef | undefined> {
    return this.db
      .selectFrom("consumers")
      .select(["id", "consumer_no", "dc_id", "feeder_id", "dt_id"])
      .where("consumer_no", "=", consumerNo)
      .executeTakeFirst();
  }

  /**
   * The consumers behind these meters (a meter number unknown here is simply
   * absent), only within the principal's jurisdiction when one is given.
   */
  async meters(meterNos: string[], principal?: Principal): Promise<MeterRef[]> {
    if (meterNos.length === 0) return [];
    let q = this.db
      .selectFrom("consumers as c")
      .select(["c.meter_no", "c.id as consumer_id", "c.dt_id", "c.feeder_id"])
      .where("c.meter_no", "in", meterNos);
    if (principal && principal.orgKind !== "company") q = q.where(dcInJurisdiction("c.dc_id", principal));
    const rows = await q.execute();
    return rows.map((r) => ({ ...r, meter_no: r.meter_no as string }));
  }

  /**
   * Serialises all outage decisions on one feeder (its DTs and consumers
   * included) for the rest of the transaction, across processes.
   */
  async lockFeeder(feederId: number): Promise<void> {
    await this.db.selectFrom("feeders").select("id").where("id", "=", feederId).forUpdate().execute();
  }

  async dtsOnFeeder(feederId: number): Promise<number> {
    const r = await this.db
      .selectFrom("dts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("feeder_id", "=", feederId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async metersOnDt(dtId: number): Promise<number> {
    const r = await this.db
      .selectFrom("consumers")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("dt_id", "=", dtId)
      .where("meter_no", "is not", null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Active consumers behind an element: who loses supply when it goes off. */
  async affectedConsumers(scope: OutageScope, id: number): Promise<number> {
    if (scope === "consumer") return 1;
    const r = await this.db
      .selectFrom("consumers")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where(scope === "feeder" ? "feeder_id" : "dt_id", "=", id)
      .where("connection_status", "=", "active")
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Whether a DC lies in the principal's jurisdiction. */
  async dcVisible(principal: Principal, dcId: number): Promise<boolean> {
    const r = await this.db
      .selectFrom("org_units as o")
      .select("o.id")
      .where("o.id", "=", dcId)
      .where(dcInJurisdiction("o.id", principal))
      .executeTakeFirst();
    return r !== undefined;
  }

  // Signals

  /** Records signals; a repeated one (same element, event and time) is skipped. Returns those that were new. */
  async recordSignals(signals: NewSignal[]): Promise<{ element: string; event: SignalEvent; at: Date }[]> {
    if (signals.length === 0) return [];
    return this.db
      .insertInto("network_signals")
      .values(
        signals.map((s) => ({
          source: s.source,
          element: s.element,
          event: s.event,
          at: s.at,
          received_at: s.receivedAt,
          feeder_id: s.feederId,
          dt_id: s.dtId,
          consumer_id: s.consumerId,
        })),
      )
      .onConflict((oc) => oc.columns(["source", "element", "event", "at"]).doNothing())
      .returning(["element", "event", "at"])
      .execute();
  }

  /** The earliest SCADA "close" of a feeder at or after a time: the trip before it is already over. */
  async scadaCloseAfter(feederId: number, at: Date): Promise<Date | undefined> {
    const r = await this.db
      .selectFrom("network_signals")
      .select("at")
      .where("source", "=", "scada")
      .where("feeder_id", "=", feederId)
      .where("event", "=", "close")
      .where("at", ">=", at)
      .orderBy("at")
      .limit(1)
      .executeTakeFirst();
    return r?.at;
  }

  /**
   * Meters whose latest smart-meter signal since `since` (by event time, not
   * arrival) is a last gasp: still dark. On a DT, or on every DT of a feeder.
   */
  async metersDark(
    element: { dtId: number } | { feederId: number },
    since: Date,
  ): Promise<{ n: number; first: Date | null }> {
    const dts =
      "dtId" in element
        ? sql`s.dt_id = ${element.dtId}`
        : sql`s.dt_id in (select id from dts where feeder_id = ${element.feederId})`;
    const r = await sql<{ n: number; first: Date | null }>`
      select count(*)::int as n, min(at) as first from (
        select distinct on (s.consumer_id) s.consumer_id, s.event, s.at
        from network_signals s
        where s.source = 'ami' and ${dts} and s.at >= ${since}
        order by s.consumer_id, s.at desc, s.id desc
      ) latest
      where event = 'last_gasp'`.execute(this.db);
    const row = r.rows[0];
    return { n: Number(row?.n ?? 0), first: row?.first ? new Date(row.first) : null };
  }

  async purgeSignals(before: Date): Promise<number> {
    const r = await this.db
      .deleteFrom("network_signals")
      .where("received_at", "<", before)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  // Outages

  private base() {
    return this.db
      .selectFrom("outages as o")
      .innerJoin("org_units as dc", "dc.id", "o.dc_id")
      .leftJoin("feeders as f", "f.id", "o.feeder_id")
      .leftJoin("dts as d", "d.id", "o.dt_id")
      .leftJoin("consumers as co", "co.id", "o.consumer_id")
      .selectAll("o")
      .select([
        "f.code as feeder_code",
        "f.name_en as feeder_name_en",
        "f.name_hi as feeder_name_hi",
        "d.code as dt_code",
        "d.name_en as dt_name_en",
        "d.name_hi as dt_name_hi",
        "co.consumer_no",
        "dc.code as dc_code",
        "dc.name_en as dc_name_en",
        "dc.name_hi as dc_name_hi",
        "dc.path as dc_path",
      ])
      .select(
        sql<number>`(select count(*)::int from complaints lc where lc.outage_id = o.id)`.as(
          "linked_complaints",
        ),
      );
  }

  async findById(id: number): Promise<OutageRow | undefined> {
    return (await this.base().where("o.id", "=", id).executeTakeFirst()) as OutageRow | undefined;
  }

  async findForUser(principal: Principal, id: number): Promise<OutageRow | undefined> {
    return (await this.base()
      .where("o.id", "=", id)
      .where(dcInJurisdiction("o.dc_id", principal))
      .executeTakeFirst()) as OutageRow | undefined;
  }

  async exists(id: number): Promise<boolean> {
    return (
      (await this.db.selectFrom("outages").select("id").where("id", "=", id).executeTakeFirst()) !== undefined
    );
  }

  /** Locks the outage row for the rest of the transaction. */
  lock(id: number): Promise<Outage> {
    return this.db
      .selectFrom("outages")
      .selectAll()
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirstOrThrow();
  }

  /** The open unplanned outage on an element, if any. */
  openOn(scope: OutageScope, id: number): Promise<Outage | undefined> {
    const column = scope === "feeder" ? "feeder_id" : scope === "dt" ? "dt_id" : "consumer_id";
    return this.db
      .selectFrom("outages")
      .selectAll()
      .where("scope", "=", scope)
      .where(column, "=", id)
      .where(sql<boolean>`status in (${OPEN_UNPLANNED})`)
      .executeTakeFirst();
  }

  /** Live outages on a feeder (its own, its DTs', its consumers', planned ones in progress). */
  liveOnFeeder(feederId: number): Promise<Outage[]> {
    return this.db
      .selectFrom("outages")
      .selectAll()
      .where("feeder_id", "=", feederId)
      .where(sql<boolean>`status in (${LIVE})`)
      .orderBy("id")
      .execute();
  }

  /** A finished unplanned feeder outage that spans a moment: a late SCADA message about it changes nothing. */
  async finishedFeederOutageAt(feederId: number, at: Date): Promise<Outage | undefined> {
    return this.db
      .selectFrom("outages")
      .selectAll()
      .where("scope", "=", "feeder")
      .where("feeder_id", "=", feederId)
      .where("kind", "=", "unplanned")
      .where("status", "in", ["restored", "merged"])
      .where("started_at", "<=", at)
      .where("restored_at", ">=", at)
      .executeTakeFirst();
  }

  /** A planned shutdown of this feeder under way, or due to start within `leadMs` of `at`. */
  plannedOnFeeder(feederId: number, at: Date, leadMs: number): Promise<Outage | undefined> {
    return this.db
      .selectFrom("outages")
      .selectAll()
      .where("feeder_id", "=", feederId)
      .where("kind", "=", "planned")
      .where("scope", "=", "feeder")
      .where((eb) =>
        eb.or([
          eb("status", "=", "in_progress"),
          eb.and([
            eb("status", "=", "scheduled"),
            eb("planned_start", "<=", new Date(at.getTime() + leadMs)),
            eb("planned_end", ">", at),
          ]),
        ]),
      )
      .orderBy("planned_start")
      .executeTakeFirst();
  }

  async insert(o: NewOutage): Promise<Outage> {
    return this.db
      .insertInto("outages")
      .values({
        kind: o.kind,
        scope: o.scope,
        feeder_id: o.feederId,
        dt_id: o.dtId,
        consumer_id: o.consumerId,
        dc_id: o.dcId,
        source: o.source,
        status: o.status,
        started_at: o.startedAt,
        detected_at: o.detectedAt,
        confirmed_at: o.confirmedAt,
        planned_start: o.plannedStart ?? null,
        planned_end: o.plannedEnd ?? null,
        etr: o.etr,
        etr_set_at: o.etr ? o.detectedAt : null,
        etr_set_by: o.etrSetBy?.id ?? null,
        etr_set_by_name: o.etr ? (o.etrSetBy?.name ?? "PowerDesk") : null,
        cause: o.cause ?? null,
        affected_consumers: o.affectedConsumers,
        created_by: o.createdBy,
        updated_at: o.detectedAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  update(id: number, changes: OutageUpdate): Promise<Outage> {
    return this.db
      .updateTable("outages")
      .set(changes)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  // The owner in the field

  /**
   * Who owns an outage of this DC: its JE on duty (he is in charge of the DC
   * and sends the crew), else the on-duty lineman with the least open work,
   * else whoever of them is on record.
   */
  async ownerFor(dcId: number): Promise<OutageOwner | undefined> {
    const r = await sql<OutageOwner>`
      select u.id, u.name, u.phone, u.language from users u
      where u.org_unit_id = ${dcId} and u.active and u.role in ('je', 'lineman')
      order by u.on_duty desc, (u.role = 'je') desc,
               (select count(*) from complaints w where w.assigned_to = u.id and w.resolved_at is null and w.closed_at is null),
               u.id
      limit 1`.execute(this.db);
    const o = r.rows[0];
    return o ? { ...o, id: Number(o.id) } : undefined;
  }

  /** An owner's contact, to text him. */
  async ownerContact(userId: number): Promise<OutageOwner | undefined> {
    const r = await this.db
      .selectFrom("users")
      .select(["id", "name", "phone", "language"])
      .where("id", "=", userId)
      .where("active", "=", true)
      .executeTakeFirst();
    return r ? { ...r, id: Number(r.id) } : undefined;
  }

  /** The calls linked to an outage (every status: what its card shows). */
  async linkedCount(id: number): Promise<number> {
    const r = await sql<{
      n: number;
    }>`select count(*)::int as n from complaints where outage_id = ${id}`.execute(this.db);
    return Number(r.rows[0]?.n ?? 0);
  }

  /**
   * Live unplanned outages whose owner last heard of them before a time and
   * that have had calls since, locked (another worker skips them), with their
   * linked calls now.
   */
  async ownerDigestsDue(before: Date, limit: number): Promise<(Outage & { calls: number })[]> {
    const r = await sql<Outage & { calls: number }>`
      select o.*, c.calls from outages o
      cross join lateral (select count(*)::int as calls from complaints lc where lc.outage_id = o.id) c
      where o.status in (${OPEN_UNPLANNED}) and o.kind = 'unplanned' and o.owner_id is not null
        and o.staff_told_at <= ${before} and c.calls > o.staff_told_calls
      order by o.staff_told_at, o.id
      limit ${limit}
      for update of o skip locked`.execute(this.db);
    return r.rows.map((o) => ({ ...o, calls: Number(o.calls) }));
  }

  /** The DT outages of a feeder merged into its feeder outage. */
  async mergeInto(ids: number[], parentId: number, at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable("outages")
      .set({ status: "merged", merged_into: parentId, restored_at: null, updated_at: at })
      .where("id", "in", ids)
      .execute();
  }

  async mergedInto(parentId: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom("outages")
      .select("id")
      .where("merged_into", "=", parentId)
      .execute();
    return rows.map((r) => r.id);
  }

  async addEvents(events: NewOutageEvent[]): Promise<void> {
    await writeOutageEvents(this.db, events);
  }

  events(outageId: number) {
    return this.db
      .selectFrom("outage_events")
      .selectAll()
      .where("outage_id", "=", outageId)
      .orderBy("id")
      .execute();
  }

  // Reading

  /** Outages visible to the principal: live ones biggest first, others newest first. */
  async list(principal: Principal, f: OutageFilter) {
    const parts = outageOrder(f.status);
    const items = (await this.filtered(principal, f)
      .orderBy(orderSql(parts))
      .limit(f.limit)
      .offset(f.offset)
      .execute()) as OutageRow[];
    return { items, limit: f.limit, offset: f.offset };
  }

  /** A page of the same list in the same order, after a cursor (the export walks it to the end). */
  async listAfter(
    principal: Principal,
    f: Omit<OutageFilter, "limit" | "offset">,
    after: Cursor | undefined,
    limit: number,
  ): Promise<(OutageRow & { cursor: Cursor })[]> {
    const parts = outageOrder(f.status);
    let q = this.filtered(principal, f).select(keyColumns(parts));
    if (after) q = q.where(afterCursor(parts, after));
    const rows = await q.orderBy(orderSql(parts)).limit(limit).execute();
    return rows.map((r) => ({ ...(r as OutageRow), cursor: cursorOf(r, parts) }));
  }

  private filtered(principal: Principal, f: Omit<OutageFilter, "limit" | "offset">) {
    let q = this.base().where(dcInJurisdiction("o.dc_id", principal));
    if (f.status === "live") q = q.where(sql<boolean>`o.status in (${LIVE})`);
    else if (f.status === "planned")
      q = q.where("o.kind", "=", "planned").where("o.status", "in", ["scheduled", "in_progress"]);
    else if (f.status !== "all") q = q.where("o.status", "=", f.status);
    if (f.kind) q = q.where("o.kind", "=", f.kind);
    if (f.dcCode) q = q.where("dc.code", "=", f.dcCode);
    if (f.feederCode) q = q.where("f.code", "=", f.feederCode);
    if (f.from) q = q.where("o.started_at", ">=", f.from);
    if (f.to) q = q.where("o.started_at", "<", f.to);
    return q;
  }

  /** Live outages (off now) in the principal's jurisdiction, for the wallboard. */
  async live(principal: Principal): Promise<OutageRow[]> {
    return (await this.base()
      .where(sql<boolean>`o.status in (${LIVE})`)
      .where(dcInJurisdiction("o.dc_id", principal))
      .orderBy("o.affected_consumers", "desc")
      .orderBy("o.started_at")
      .limit(500)
      .execute()) as OutageRow[];
  }

  async countLive(
    principal: Principal,
  ): Promise<{ unplanned: number; planned: number; consumersOff: number }> {
    const r = await this.db
      .selectFrom("outages as o")
      .select((eb) => [
        eb.fn.count<number>(sql`case when o.kind = 'unplanned' then 1 end`).as("unplanned"),
        eb.fn.count<number>(sql`case when o.kind = 'planned' then 1 end`).as("planned"),
        eb.fn.coalesce(eb.fn.sum<number>("o.affected_consumers"), sql<number>`0`).as("consumers_off"),
      ])
      .where(sql<boolean>`o.status in (${LIVE})`)
      .where(dcInJurisdiction("o.dc_id", principal))
      .executeTakeFirstOrThrow();
    return {
      unplanned: Number(r.unplanned),
      planned: Number(r.planned),
      consumersOff: Number(r.consumers_off),
    };
  }

  /** Complaints linked to an outage, newest first. */
  linkedComplaints(outageId: number, limit: number) {
    return this.db
      .selectFrom("complaints as c")
      .leftJoin("consumers as co", "co.id", "c.consumer_id")
      .select([
        "c.number",
        "c.status",
        "c.registered_at",
        "c.category_code",
        "co.consumer_no",
        "co.name as consumer_name",
      ])
      .where("c.outage_id", "=", outageId)
      .orderBy("c.registered_at", "desc")
      .limit(limit)
      .execute();
  }

  /** SMS queued for an outage, by template and status. */
  async smsCounts(outageId: number): Promise<{ template: string; status: string; n: number }[]> {
    const rows = await this.db
      .selectFrom("outbox_sms")
      .select(["template", "status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("related_type", "=", "outage")
      .where("related_id", "=", outageId)
      .groupBy(["template", "status"])
      .orderBy("template")
      .execute();
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  }

  /**
   * What a caller from this consumer should hear: the outage he is behind
   * now, and planned shutdowns of his feeder or DT coming within `aheadMs`.
   */
  async forConsumer(
    consumer: ConsumerRef,
    now: Date,
    aheadMs: number,
  ): Promise<{ live: OutageRow | undefined; planned: OutageRow[] }> {
    if (!consumer.feeder_id) return { live: undefined, planned: [] };
    const covers = (q: ReturnType<OutagesRepository["base"]>) =>
      q
        .where("o.feeder_id", "=", consumer.feeder_id)
        .where((eb) =>
          eb.or([
            eb("o.scope", "=", "feeder"),
            eb.and([eb("o.scope", "=", "dt"), eb("o.dt_id", "=", consumer.dt_id)]),
            eb.and([eb("o.scope", "=", "consumer"), eb("o.consumer_id", "=", consumer.id)]),
          ]),
        );
    const live = (await covers(this.base())
      .where(sql<boolean>`o.status in (${LIVE})`)
      .orderBy(sql`case o.scope when 'feeder' then 0 when 'dt' then 1 else 2 end`)
      .orderBy("o.started_at")
      .executeTakeFirst()) as OutageRow | undefined;
    const planned = (await covers(this.base())
      .where("o.status", "=", "scheduled")
      .where("o.planned_start", "<=", new Date(now.getTime() + aheadMs))
      .orderBy("o.planned_start")
      .limit(3)
      .execute()) as OutageRow[];
    return { live, planned };
  }

  // Planned shutdowns

  /** Shutdowns whose advance notice is due (and not sent). */
  advanceNoticesDue(now: Date, leadMs: number, limit: number): Promise<Outage[]> {
    return this.db
      .selectFrom("outages")
      .selectAll()
      .where("status", "=", "scheduled")
      .where("advance_notice_at", "is", null)
      .where("planned_start", "<=", new Date(now.getTime() + leadMs))
      .orderBy("planned_start")
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
  }

  startsDue(now: Date, limit: number): Promise<Outage[]> {
    return this.db
      .selectFrom("outages")
      .selectAll()
      .where("status", "=", "scheduled")
      .where("planned_start", "<=", now)
      .orderBy("planned_start")
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
  }

  endsDue(now: Date, limit: number): Promise<Outage[]> {
    return this.db
      .selectFrom("outages")
      .selectAll()
      .where("status", "=", "in_progress")
      .where("kind", "=", "planned")
      .where("planned_end", "<=", now)
      .orderBy("planned_end")
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
  }
}
