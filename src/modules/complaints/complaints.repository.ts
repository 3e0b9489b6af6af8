import { type Kysely, sql } from "kysely";
import { dcInJurisdiction } from "../../db/jurisdiction.ts";
import { reusableQuery } from "../../db/reusable-query.ts";
import {
  type AreaType,
  type Channel,
  type Complaint,
  type ComplaintStatus,
  type ComplaintUpdate,
  type DB,
  type Language,
  OPEN_STATUSES,
  type OrgKind,
  type Role,
} from "../../db/schema.ts";
import type { StagedWrites } from "../../db/staged-writes.ts";
import type { Principal } from "../users/principal.ts";

export interface ComplaintRow extends Complaint {
  dc_code: string;
  dc_name_en: string;
  dc_name_hi: string;
  dc_path: string;
  category_name_en: string;
  category_name_hi: string;
  consumer_no: string | null;
  consumer_name: string | null;
  /** The consumer's first mobile (verified first), for the lineman to call. */
  consumer_mobile: string | null;
  /** The consumer's first verified mobile and its language: where his SMS go (unverified numbers get none). */
  consumer_sms_mobile: string | null;
  consumer_sms_language: Language | null;
  assignee_name: string | null;
  assignee_login: string | null;
  feeder_code: string | null;
  dt_code: string | null;
}

export interface ComplaintFilter {
  /** "open" (default), "overdue", "all", or one status. */
  status: "open" | "overdue" | "all" | ComplaintStatus;
  categoryCode?: string;
  dcCode?: string;
  channel?: Channel;
  assignedTo?: number;
  unassigned?: boolean;
  escalated?: boolean;
  consumerNo?: string;
  limit: number;
  offset: number;
}

export interface NewComplaint {
  number: string;
  consumerId: number | null;
  callerName: string | null;
  callerPhone: string | null;
  altPhone: string | null;
  location: string | null;
  landmark: string | null;
  dcId: number;
  feederId: number | null;
  dtId: number | null;
  areaType: AreaType;
  categoryCode: string;
  subcategoryCode: string | null;
  description: string;
  channel: Channel;
  language: Language;
  priority: number;
  emergency: boolean;
  registeredAt: Date;
  dueAt: Date;
  nextEscalationAt: Date | null;
  createdBy: number | null;
}

export interface NewComplaintEvent {
  complaintId: number;
  at: Date;
  action: string;
  actorKind: "user" | "token" | "system" | "public";
  actorId: number | null;
  actorName: string;
  actorRole: string | null;
  channel: string;
  fromStatus: string | null;
  toStatus: string | null;
  changes?: Record<string, unknown>;
  note?: string | null;
}

export interface StaffContact {
  id: number;
  name: string;
  login?: string;
  phone: string | null;
  role: Role;
  language: Language;
}

/** Where a complaint goes, with everything its row, timeline and SMS will show (one query). */
export interface ComplaintTarget {
  /** Pre-allocated for a new complaint: its id and the sequence part of its number. */
  complaintId: number;
  numberSeq: number;
  /** The DC's on-duty lineman with the least open work (the most idle first on a tie), when auto-assigning. */
  lineman: StaffContact | null;
  consumerId: number | null;
  consumerNo: string | null;
  consumerName: string | null;
  /** The consumer's first mobile, verified ones first. */
  consumerMobile: string | null;
  /** His first verified mobile and its language (SMS go only to verified numbers). */
  smsMobile: string | null;
  smsLanguage: Language | null;
  dcId: number;
  dcCode: string;
  dcNameEn: string;
  dcNameHi: string;
  dcPath: string;
  feederId: number | null;
  feederCode: string | null;
  dtId: number | null;
  dtCode: string | null;
  areaType: AreaType | null;
  /** The outage the supply is off under now (feeder first, then DT, then the consumer alone), if any. */
  outage: LiveOutageRef | null;
}

/** An outage a caller is behind, as the registration and the consumer card need it. */
export interface LiveOutageRef {
  id: number;
  scope: "feeder" | "dt" | "consumer";
  kind: "unplanned" | "planned";
  status: string;
  startedAt: Date;
  etr: Date | null;
}

const open = [...OPEN_STATUSES];

/**
 * `column in ('registered', ...)` with the statuses as literals, not
 * parameters: a prepared statement's generic plan can then still prove the
 * partial indexes' predicate and use them (with parameters it scanned the
 * whole table, 300 ms at two million complaints).
 */
function statusIn(column: string, statuses: readonly string[] = open) {
  return sql<boolean>`${sql.ref(column)} in (${sql.join(statuses.map((st) => sql.lit(st)))})`;
}

const LIVE_OUTAGE = sql.join(["suspected", "confirmed", "in_progress"].map((st) => sql.lit(st)));

/** The consumer's mobile to call back: a verified one first, then the oldest. */
export function callMobile(consumer: string) {
  return sql<
    string | null
  >`(select m.mobile from consumer_mobiles m where m.consumer_id = ${sql.ref(consumer)}
      order by m.verified desc, m.created_at limit 1)`;
}

/** The consumer's first verified mobile, or its language: where and how his SMS go. */
function smsContact<C extends "mobile" | "language">(consumer: string, column: C) {
  return sql<
    (C extends "language" ? Language : string) | null
  >`(select m.${sql.ref(column)} from consumer_mobiles m
      where m.consumer_id = ${sql.ref(consumer)} and m.verified order by m.created_at limit 1)`;
}

/**
 * The live outage over a place, as JSON: by the feeder (the partial index of
 * live outages), then narrowed to the feeder itself, the DT or the consumer.
 */
function liveOutage(feeder: string, dt: string | null, consumer: string | null) {
  const dtMatch = dt ? sql`(o.scope = 'dt' and o.dt_id = ${sql.ref(dt)})` : sql`false`;
  const consumerMatch = consumer
    ? sql`(o.scope = 'consumer' and o.consumer_id = ${sql.ref(consumer)})`
    : sql`false`;
  return sql<RawLiveOutage | null>`(select json_build_object('id', o.id, 'scope', o.scope, 'kind', o.kind, 'status', o.status,
        'started_at', o.started_at, 'etr', o.etr)
      from outages o
      where o.feeder_id = ${sql.ref(feeder)} and o.status in (${LIVE_OUTAGE})
        and (o.scope = 'feeder' or ${dtMatch} or ${consumerMatch})
      order by case o.scope when 'feeder' then 0 when 'dt' then 1 else 2 end, o.started_at
      limit 1)`;
}

interface RawLiveOutage {
  id: number | string;
  scope: LiveOutageRef["scope"];
  kind: LiveOutageRef["kind"];
  status: string;
  started_at: string;
  etr: string | null;
}

export function toLiveOutageRef(r: RawLiveOutage | null | undefined): LiveOutageRef | null {
  if (!r) return null;
  return {
    id: Number(r.id),
    scope: r.scope,
    kind: r.kind,
    status: r.status,
    startedAt: new Date(r.started_at),
    etr: r.etr ? new Date(r.etr) : null,
  };
}

interface ConsumerTargetRow {
  complaint_id: number;
  number_seq: number;
  lineman: StaffContact | null;
  dc_id: number;
  dc_code: string;
  dc_name_en: string;
  dc_name_hi: string;
  dc_path: string;
  consumer_id: number;
  consumer_no: string;
  consumer_name: string;
  feeder_id: number | null;
  feeder_code: string | null;
  dt_id: number | null;
  dt_code: string | null;
  area_type: AreaType;
  consumer_mobile: string | null;
  sms_mobile: string | null;
  sms_language: Language | null;
  outage: RawLiveOutage | null;
}

const NEW_COMPLAINT_COLUMNS = [
  "id",
  "from_unregistered_mobile",
  "number",
  "consumer_id",
  "caller_name",
  "caller_phone",
  "alt_phone",
  "location",
  "landmark",
  "dc_id",
  "feeder_id",
  "dt_id",
  "area_type",
  "category_code",
  "subcategory_code",
  "description",
  "channel",
  "language",
  "priority",
  "emergency",
  "status",
  "assigned_to",
  "assigned_at",
  "registered_at",
  "due_at",
  "next_escalation_at",
  "created_by",
  "updated_at",
  "outage_id",
] as const;

const EVENT_COLUMNS = [
  "complaint_id",
  "at",
  "action",
  "actor_kind",
  "actor_id",
  "actor_name",
  "actor_role",
  "channel",
  "from_status",
  "to_status",
  "changes",
  "note",
] as const;

function eventRecord(e: NewComplaintEvent) {
  return {
    complaint_id: e.complaintId,
    at: e.at,
    action: e.action,
    actor_kind: e.actorKind,
    actor_id: e.actorId,
    actor_name: e.actorName,
    actor_role: e.actorRole,
    channel: e.channel,
    from_status: e.fromStatus,
    to_status: e.toStatus,
    changes: e.changes ?? {},
    note: e.note ?? null,
  };
}

export class ComplaintsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private base() {
    return this.db
      .selectFrom("complaints as c")
      .innerJoin("org_units as dc", "dc.id", "c.dc_id")
      .innerJoin("complaint_categories as cat", "cat.code", "c.category_code")
      .leftJoin("consumers as co", "co.id", "c.consumer_id")
      .leftJoin("users as u", "u.id", "c.assigned_to")
      .leftJoin("feeders as f", "f.id", "c.feeder_id")
      .leftJoin("dts as d", "d.id", "c.dt_id")
      .selectAll("c")
      .select([
        "dc.code as dc_code",
        "dc.name_en as dc_name_en",
        "dc.name_hi as dc_name_hi",
        "dc.path as dc_path",
        "cat.name_en as category_name_en",
        "cat.name_hi as category_name_hi",
        "co.consumer_no",
        "co.name as consumer_name",
        "u.name as assignee_name",
        "u.login as assignee_login",
        "f.code as feeder_code",
        "d.code as dt_code",
      ])
      .select([
        callMobile("c.consumer_id").as("consumer_mobile"),
        smsContact("c.consumer_id", "mobile").as("consumer_sms_mobile"),
        smsContact("c.consumer_id", "language").as("consumer_sms_language"),
      ]);
  }

  /** A complaint by number, only inside the principal's jurisdiction. */
  async findForUser(principal: Principal, number: string): Promise<ComplaintRow | undefined> {
    return (await this.base()
      .where("c.number", "=", number)
      .where(dcInJurisdiction("c.dc_id", principal))
      .executeTakeFirst()) as ComplaintRow | undefined;
  }

  async findById(id: number): Promise<ComplaintRow | undefined> {
    return (await this.base().where("c.id", "=", id).executeTakeFirst()) as ComplaintRow | undefined;
  }

  /** Whether a complaint with this number exists anywhere (to tell 403 from 404). */
  async exists(number: string): Promise<boolean> {
    const r = await this.db
      .selectFrom("complaints")
      .select("id")
      .where("number", "=", number)
      .executeTakeFirst();
    return r !== undefined;
  }

  /** Locks the complaint row for the rest of the transaction. */
  async lock(id: number): Promise<Complaint> {
    return this.db
      .selectFrom("complaints")
      .selectAll()
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirstOrThrow();
  }

  async nextNumberSequence(): Promise<number> {
    const r = await sql<{ n: number }>`select nextval('complaint_number_seq')::bigint as n`.execute(this.db);
    return Number(r.rows[0]?.n);
  }

  /**
   * Stages a new complaint as the gate of a single-statement write: if the
   * consumer already has an open complaint in the category (the partial
   * unique index), nothing staged after it is written either.
   */
  static stageNew(stage: StagedWrites, c: Complaint): void {
    stage.add({
      table: "complaints",
      gate: true,
      overridingSystemValue: true,
      columns: NEW_COMPLAINT_COLUMNS,
      rows: [Object.fromEntries(NEW_COMPLAINT_COLUMNS.map((k) => [k, c[k as keyof Complaint]]))],
      onConflict: `on conflict (consumer_id, category_code) where consumer_id is not null and status in (${open.map((o) => `'${o}'`).join(", ")}) do nothing`,
    });
  }

  static stageEvents(stage: StagedWrites, events: NewComplaintEvent[]): void {
    stage.add({
      table: "complaint_events",
      columns: EVENT_COLUMNS,
      rows: events.map(eventRecord),
    });
  }

  /** Without ON CONFLICT: a key recorded meanwhile by a twin request fails the whole write (a unique violation). */
  static stageIdempotency(
    stage: StagedWrites,
    principal: string,
    key: string,
    hash: string,
    complaintId: number,
  ): void {
    stage.add({
      table: "idempotency_keys",
      columns: ["principal", "key", "request_hash", "complaint_id"],
      rows: [{ principal, key, request_hash: hash, complaint_id: complaintId }],
    });
  }

  async update(id: number, changes: ComplaintUpdate): Promise<Complaint> {
    return this.db
      .updateTable("complaints")
      .set(changes)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** The open complaint of this consumer in this category, locked, if there is one. */
  findOpenForConsumer(consumerId: number, categoryCode: string): Promise<Complaint | undefined> {
    return this.db
      .selectFrom("complaints")
      .selectAll()
      .where("consumer_id", "=", consumerId)
      .where("category_code", "=", categoryCode)
      .where(statusIn("status"))
      .forUpdate()
      .executeTakeFirst();
  }

  async addEvent(e: NewComplaintEvent): Promise<void> {
    await this.addEvents([e]);
  }

  async addEvents(events: NewComplaintEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db
      .insertInto("complaint_events")
      .values(
        events.map((e) => ({
          complaint_id: e.complaintId,
          at: e.at,
          action: e.action,
          actor_kind: e.actorKind,
          actor_id: e.actorId,
          actor_name: e.actorName,
          actor_role: e.actorRole,
          channel: e.channel,
          from_status: e.fromStatus,
          to_status: e.toStatus,
          changes: JSON.stringify(e.changes ?? {}),
          note: e.note ?? null,
        })),
      )
      .execute();
  }

  events(complaintId: number) {
    return this.db
      .selectFrom("complaint_events")
      .selectAll()
      .where("complaint_id", "=", complaintId)
      .orderBy("id")
      .execute();
  }

  // Outages: the complaints one fault causes

  /**
   * Links the open "no supply" complaints behind an element (a feeder, a DT or
   * one consumer), registered since a time and not yet linked, to an outage;
   * each gets an audit entry. Returns how many.
   */
  async linkToOutage(
    outageId: number,
    element: { scope: "feeder" | "dt" | "consumer"; id: number },
    since: Date,
    at: Date,
    note: string,
  ): Promise<number> {
    const column =
      element.scope === "feeder" ? "feeder_id" : element.scope === "dt" ? "dt_id" : "consumer_id";
    const r = await sql<{ n: number }>`
      with linked as (
        update complaints c set outage_id = ${outageId}, updated_at = ${at}
        where c.${sql.ref(column)} = ${element.id}
          and c.registered_at >= ${since}
          and (c.outage_id is null
               or c.outage_id in (select m.id from outages m where m.merged_into = ${outageId}))
          and ${statusIn("c.status")}
          and c.category_code in (select code from complaint_categories where is_no_supply)
        returning c.id, c.status
      ), trail as (
        insert into complaint_events (complaint_id, at, action, actor_kind, actor_id, actor_name, actor_role, channel, from_status, to_status, changes, note)
        select id, ${at}, 'linked_to_outage', 'system', null, 'PowerDesk', null, 'system', status, status,
               jsonb_build_object('outage_id', jsonb_build_array(null, ${outageId}::bigint)), ${note}
        from linked
      )
      select count(*)::int as n from linked`.execute(this.db);
    return Number(r.rows[0]?.n ?? 0);
  }

  /** Moves the complaints of merged outages to the outage they merged into, each with an audit entry. */
  async relinkOutages(fromIds: number[], toId: number, at: Date): Promise<number> {
    if (fromIds.length === 0) return 0;
    const r = await sql<{ n: number }>`
      with before as (
        select id, status, outage_id from complaints where outage_id in (${sql.join(fromIds)}) for update
      ), moved as (
        update complaints c set outage_id = ${toId}, updated_at = ${at}
        from before b where c.id = b.id
        returning c.id, c.status, b.outage_id as from_outage
      ), trail as (
        insert into complaint_events (complaint_id, at, action, actor_kind, actor_id, actor_name, actor_role, channel, from_status, to_status, changes, note)
        select id, ${at}, 'linked_to_outage', 'system', null, 'PowerDesk', null, 'system', status, status,
               jsonb_build_object('outage_id', jsonb_build_array(from_outage, ${toId}::bigint)),
               ${"the fault is the whole feeder's"}
        from moved
      )
      select count(*)::int as n from moved`.execute(this.db);
    return Number(r.rows[0]?.n ?? 0);
  }

  /** Unlinks the open complaints of a dismissed outage: each stands on its own again. */
  async unlinkOutage(outageId: number, at: Date, note: string): Promise<number> {
    const r = await sql<{ n: number }>`
      with freed as (
        update complaints c set outage_id = null, updated_at = ${at}
        where c.outage_id = ${outageId} and ${statusIn("c.status")}
        returning c.id, c.status
      ), trail as (
        insert into complaint_events (complaint_id, at, action, actor_kind, actor_id, actor_name, actor_role, channel, from_status, to_status, changes, note)
        select id, ${at}, 'unlinked_from_outage', 'system', null, 'PowerDesk', null, 'system', status, status,
               jsonb_build_object('outage_id', jsonb_build_array(${outageId}::bigint, null)), ${note}
        from freed
      )
      select count(*)::int as n from freed`.execute(this.db);
    return Number(r.rows[0]?.n ?? 0);
  }

  /**
   * Trouble-call analysis: how many callers (consumers, or callers without a
   * consumer number) have an open "no supply" complaint on a DT, registered
   * since a time and not part of an outage; and when the first called.
   */
  async noSupplyCallers(dtId: number, since: Date): Promise<{ callers: number; first: Date | null }> {
    const r = await sql<{ callers: number; first: Date | null }>`
      select count(distinct coalesce(c.consumer_id::text, c.caller_phone, c.id::text))::int as callers,
             min(c.registered_at) as first
      from complaints c
      where c.dt_id = ${dtId}
        and c.registered_at >= ${since}
        and c.outage_id is null
        and ${statusIn("c.status")}
        and c.category_code in (select code from complaint_categories where is_no_supply)`.execute(this.db);
    const row = r.rows[0];
    return { callers: Number(row?.callers ?? 0), first: row?.first ? new Date(row.first) : null };
  }

  /**
   * Resolves every open complaint of an outage whose supply is back, in one
   * statement, each with its audit entry; time spent waiting is credited and
   * a missed limit recorded as for any resolution. Returns the ids.
   */
  async resolveForOutage(outageId: number, at: Date, remarks: string): Promise<number[]> {
    const r = await sql<{ id: number }>`
      with before as (
        select c.id, c.status, c.due_at, c.waiting_since, c.breached_at
        from complaints c
        where c.outage_id = ${outageId} and ${statusIn("c.status")}
        for update
      ), resolved as (
        update complaints c set
          status = 'resolved',
          resolution_code = 'supply_restored',
          resolution_remarks = ${remarks},
          resolved_at = ${at},
          next_escalation_at = null,
          waiting_since = null,
          due_at = b.due_at + coalesce(${at}::timestamptz - b.waiting_since, interval '0'),
          breached_at = case
            when b.breached_at is null and ${at}::timestamptz > b.due_at + coalesce(${at}::timestamptz - b.waiting_since, interval '0')
            then b.due_at + coalesce(${at}::timestamptz - b.waiting_since, interval '0')
            else b.breached_at end,
          compensation_rs = c.compensation_rs + case
            when b.breached_at is null and ${at}::timestamptz > b.due_at + coalesce(${at}::timestamptz - b.waiting_since, interval '0')
            then cat.compensation_rs else 0 end,
          updated_at = ${at}
        from before b, complaint_categories cat
        where c.id = b.id and cat.code = c.category_code
        returning c.id, b.status as from_status, c.breached_at, b.breached_at as was_breached
      ), trail as (
        insert into complaint_events (complaint_id, at, action, actor_kind, actor_id, actor_name, actor_role, channel, from_status, to_status, changes, note)
        select id, ${at}, 'resolved', 'system', null, 'PowerDesk', null, 'system', from_status, 'resolved',
               jsonb_build_object('status', jsonb_build_array(from_status, 'resolved'),
                                  'resolution_code', jsonb_build_array(null, 'supply_restored'))
                 || case when was_breached is null and breached_at is not null
                      then jsonb_build_object('breached_at', jsonb_build_array(null, breached_at)) else '{}'::jsonb end,
               ${remarks}
        from resolved
      )
      select id from resolved order by id`.execute(this.db);
    return r.rows.map((x) => Number(x.id));
  }

  async findByIds(ids: number[]): Promise<ComplaintRow[]> {
    if (ids.length === 0) return [];
    return (await this.base().where("c.id", "in", ids).orderBy("c.id").execute()) as ComplaintRow[];
  }

  // Where a complaint goes

  /**
   * The DC, plus what a registration needs allocated up front: the new
   * complaint's id and number sequence, and (with autoAssign) the lineman.
   * Nothing here locks: the policy is a fair guess, two calls at once may
   * pick the same lineman.
   */
  private targetQuery(autoAssign: boolean) {
    const openList = sql.join(open.map((s) => sql.lit(s)));
    const lineman = autoAssign
      ? sql<StaffContact | null>`(select json_build_object('id', u.id, 'name', u.name, 'login', u.login, 'phone', u.phone, 'role', u.role, 'language', u.language)
          from users u
          where u.org_unit_id = dc.id and u.role = 'lineman' and u.active and u.on_duty
          order by (select count(*) from complaints w where w.assigned_to = u.id and w.status in (${openList})),
                   (select max(w.assigned_at) from complaints w where w.assigned_to = u.id) nulls first,
                   u.id
          limit 1)`
      : sql<StaffContact | null>`null::json`;
    return this.db
      .selectFrom("org_units as dc")
      .select([
        "dc.id as dc_id",
        "dc.code as dc_code",
        "dc.name_en as dc_name_en",
        "dc.name_hi as dc_name_hi",
        "dc.path as dc_path",
        sql<number>`nextval(pg_get_serial_sequence('complaints', 'id'))`.as("complaint_id"),
        sql<number>`nextval('complaint_number_seq')`.as("number_seq"),
        lineman.as("lineman"),
      ]);
  }

  private static toTarget(r: {
    complaint_id: number;
    number_seq: number;
    lineman: StaffContact | null;
    dc_id: number;
    dc_code: string;
    dc_name_en: string;
    dc_name_hi: string;
    dc_path: string;
    consumer_id?: number | null;
    consumer_no?: string | null;
    consumer_name?: string | null;
    consumer_mobile?: string | null;
    sms_mobile?: string | null;
    sms_language?: Language | null;
    feeder_id?: number | null;
    feeder_code?: string | null;
    dt_id?: number | null;
    dt_code?: string | null;
    area_type?: AreaType | null;
    outage?: RawLiveOutage | null;
  }): ComplaintTarget {
    return {
      complaintId: Number(r.complaint_id),
      numberSeq: Number(r.number_seq),
      lineman: r.lineman ? { ...r.lineman, id: Number(r.lineman.id) } : null,
      consumerId: r.consumer_id ?? null,
      consumerNo: r.consumer_no ?? null,
      consumerName: r.consumer_name ?? null,
      consumerMobile: r.consumer_mobile ?? null,
      smsMobile: r.sms_mobile ?? null,
      smsLanguage: r.sms_language ?? null,
      dcId: r.dc_id,
      dcCode: r.dc_code,
      dcNameEn: r.dc_name_en,
      dcNameHi: r.dc_name_hi,
      dcPath: r.dc_path,
      feederId: r.feeder_id ?? null,
      feederCode: r.feeder_code ?? null,
      dtId: r.dt_id ?? null,
      dtCode: r.dt_code ?? null,
      areaType: r.area_type ?? null,
      outage: toLiveOutageRef(r.outage),
    };
  }

  /** A consumer to register against (the caller checks the jurisdiction). */
  private consumerTargetQuery(consumerNo: string, autoAssign: boolean) {
    return this.targetQuery(autoAssign)
      .innerJoin("consumers as c", "c.dc_id", "dc.id")
      .leftJoin("feeders as f", "f.id", "c.feeder_id")
      .leftJoin("dts as d", "d.id", "c.dt_id")
      .select([
        "c.id as consumer_id",
        "c.consumer_no",
        "c.name as consumer_name",
        "c.feeder_id",
        "f.code as feeder_code",
        "c.dt_id",
        "d.code as dt_code",
        "c.area_type",
        liveOutage("c.feeder_id", "c.dt_id", "c.id").as("outage"),
      ])
      .select([
        callMobile("c.id").as("consumer_mobile"),
        smsContact("c.id", "mobile").as("sms_mobile"),
        smsContact("c.id", "language").as("sms_language"),
      ])
      .where("c.consumer_no", "=", consumerNo);
  }

  // Every registration runs this: compile it once (per assignment mode).
  private static readonly consumerTargets = new Map<
    boolean,
    ReturnType<typeof reusableQuery<[string], ConsumerTargetRow>>
  >();

  /** A consumer to register against (the caller checks the jurisdiction). */
  async consumerTarget(consumerNo: string, autoAssign = false): Promise<ComplaintTarget | undefined> {
    let run = ComplaintsRepository.consumerTargets.get(autoAssign);
    if (!run) {
      run = reusableQuery((no: string) => this.consumerTargetQuery(no, autoAssign), 1);
      ComplaintsRepository.consumerTargets.set(autoAssign, run);
    }
    const [r] = await run(this.db, consumerNo);
    return r ? ComplaintsRepository.toTarget(r) : undefined;
  }

  /** A DT's DC and feeder, and whether its consumers are urban or rural. */
  async dtTarget(code: string, autoAssign = false): Promise<ComplaintTarget | undefined> {
    const r = await this.targetQuery(autoAssign)
      .innerJoin("dts as d", "d.dc_id", "dc.id")
      .innerJoin("feeders as f", "f.id", "d.feeder_id")
      .select([
        "d.id as dt_id",
        "d.code as dt_code",
        "f.id as feeder_id",
        "f.code as feeder_code",
        liveOutage("f.id", "d.id", null).as("outage"),
      ])
      .select((eb) =>
        eb
          .selectFrom("consumers")
          .select("area_type")
          .whereRef("consumers.dt_id", "=", "d.id")
          .limit(1)
          .as("area_type"),
      )
      .where("d.code", "=", code)
      .executeTakeFirst();
    return r ? ComplaintsRepository.toTarget(r) : undefined;
  }

  async feederTarget(code: string, autoAssign = false): Promise<ComplaintTarget | undefined> {
    const r = await this.targetQuery(autoAssign)
      .innerJoin("feeders as f", "f.dc_id", "dc.id")
      .select(["f.id as feeder_id", "f.code as feeder_code", liveOutage("f.id", null, null).as("outage")])
      .select((eb) =>
        eb
          .selectFrom("consumers")
          .select("area_type")
          .whereRef("consumers.feeder_id", "=", "f.id")
          .limit(1)
          .as("area_type"),
      )
      .where("f.code", "=", code)
      .executeTakeFirst();
    return r ? ComplaintsRepository.toTarget(r) : undefined;
  }

  async dcTarget(code: string, autoAssign = false): Promise<ComplaintTarget | undefined> {
    const r = await this.targetQuery(autoAssign)
      .where("dc.code", "=", code)
      .where("dc.kind", "=", "dc")
      .executeTakeFirst();
    return r ? ComplaintsRepository.toTarget(r) : undefined;
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

  /** Mobiles a complaint's SMS can go to: the consumer's verified mobiles, best first. */
  verifiedMobiles(consumerId: number) {
    return this.db
      .selectFrom("consumer_mobiles")
      .select(["mobile", "language"])
      .where("consumer_id", "=", consumerId)
      .where("verified", "=", true)
      .orderBy("created_at")
      .execute();
  }

  /** Every mobile on record for a complaint (for the public tracking check). */
  async knownMobiles(complaint: Complaint): Promise<string[]> {
    const mobiles = [complaint.caller_phone, complaint.alt_phone].filter((m): m is string => Boolean(m));
    if (complaint.consumer_id) {
      const rows = await this.db
        .selectFrom("consumer_mobiles")
        .select("mobile")
        .where("consumer_id", "=", complaint.consumer_id)
        .execute();
      mobiles.push(...rows.map((r) => r.mobile));
    }
    return mobiles;
  }

  // People

  /** Active users with `role` at the office of `kind` above (or at) the DC. */
  officersFor(dcPath: string, role: Role, kind: OrgKind): Promise<StaffContact[]> {
    return this.db
      .selectFrom("users as u")
      .innerJoin("org_units as o", "o.id", "u.org_unit_id")
      .select(["u.id", "u.name", "u.phone", "u.role", "u.language"])
      .where("u.role", "=", role)
      .where("u.active", "=", true)
      .where("o.kind", "=", kind)
      .where(sql<boolean>`${dcPath} like o.path || '%'`)
      .orderBy("u.id")
      .execute();
  }

  /** The DC's linemen with their open work, for assignment. */
  linemenOf(dcId: number) {
    return this.db
      .selectFrom("users as u")
      .select(["u.id", "u.name", "u.login", "u.phone", "u.language", "u.on_duty", "u.role"])
      .select((eb) =>
        eb
          .selectFrom("complaints as c")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("c.assigned_to", "=", "u.id")
          .where(statusIn("c.status"))
          .as("open_count"),
      )
      .select((eb) =>
        eb
          .selectFrom("complaints as c")
          .select((e) => e.fn.max("c.assigned_at").as("m"))
          .whereRef("c.assigned_to", "=", "u.id")
          .as("last_assigned_at"),
      )
      .where("u.org_unit_id", "=", dcId)
      .where("u.role", "=", "lineman")
      .where("u.active", "=", true)
      .orderBy("u.name")
      .execute();
  }

  /** A user who may be assigned complaints of this DC: an active lineman or JE of it. */
  assignable(dcId: number, userId: number) {
    return this.db
      .selectFrom("users")
      .select(["id", "name", "phone", "role", "language"])
      .where("id", "=", userId)
      .where("org_unit_id", "=", dcId)
      .where("role", "in", ["lineman", "je"])
      .where("active", "=", true)
      .executeTakeFirst();
  }

  // Queues

  private filtered(principal: Principal, f: ComplaintFilter, now: Date) {
    let q = this.base().where(dcInJurisdiction("c.dc_id", principal));
    if (f.status === "open") q = q.where(statusIn("c.status"));
    else if (f.status === "overdue") q = q.where(statusIn("c.status")).where("c.due_at", "<", now);
    else if (f.status !== "all") q = q.where(statusIn("c.status", [f.status]));
    if (f.categoryCode) q = q.where("c.category_code", "=", f.categoryCode);
    if (f.dcCode) q = q.where("dc.code", "=", f.dcCode);
    if (f.channel) q = q.where("c.channel", "=", f.channel);
    if (f.assignedTo !== undefined) q = q.where("c.assigned_to", "=", f.assignedTo);
    if (f.unassigned) q = q.where("c.assigned_to", "is", null);
    if (f.escalated) q = q.where("c.escalation_level", ">", 0);
    if (f.consumerNo) q = q.where("co.consumer_no", "=", f.consumerNo);
    return q;
  }

  /**
   * A page of the queue. Open complaints come emergencies first, then by time
   * left (the partial indexes serve this order); history newest first. The
   * count stops at 1,000: a page load never counts the whole table.
   */
  async list(
    principal: Principal,
    f: ComplaintFilter,
    now: Date,
  ): Promise<{ items: ComplaintRow[]; total: number; capped: boolean }> {
    const openish =
      f.status === "open" ||
      f.status === "overdue" ||
      (OPEN_STATUSES as readonly string[]).includes(f.status);
    let q = this.filtered(principal, f, now);
    q = openish
      ? q.orderBy("c.emergency", "desc").orderBy("c.due_at").orderBy("c.id")
      : q.orderBy("c.registered_at", "desc").orderBy("c.id", "desc");
    const cap = 1000;
    const [items, count] = await Promise.all([
      q.limit(f.limit).offset(f.offset).execute(),
      this.db
        .selectFrom(
          this.filtered(principal, f, now)
            .clearSelect()
            .select(sql`1`.as("one"))
            .limit(cap + 1)
            .as("x"),
        )
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
    ]);
    return { items: items as ComplaintRow[], total: Math.min(count.n, cap), capped: count.n > cap };
  }

  /** Counters for the dashboard of the principal's jurisdiction (open complaints only, plus today's registrations). */
  async summary(principal: Principal, now: Date, dayStart: Date) {
    const r = await this.db
      .selectFrom("complaints as c")
      .select((eb) => [
        eb.fn.countAll<number>().as("open"),
        eb.fn.count<number>(sql`case when c.due_at < ${now} then 1 end`).as("overdue"),
        eb.fn.count<number>(sql`case when c.emergency then 1 end`).as("emergencies"),
        eb.fn.count<number>(sql`case when c.escalation_level > 0 then 1 end`).as("escalated"),
        eb.fn.count<number>(sql`case when c.assigned_to is null then 1 end`).as("unassigned"),
      ])
      .where(statusIn("c.status"))
      .where(dcInJurisdiction("c.dc_id", principal))
      .executeTakeFirstOrThrow();
    const today = await this.db
      .selectFrom("complaints as c")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("c.registered_at", ">=", dayStart)
      .where(dcInJurisdiction("c.dc_id", principal))
      .executeTakeFirstOrThrow();
    return {
      open: Number(r.open),
      overdue: Number(r.overdue),
      emergencies: Number(r.emergencies),
      escalated: Number(r.escalated),
      unassigned: Number(r.unassigned),
      registeredToday: Number(today.n),
    };
  }

  /** Complaints whose next escalation time has come, locked (other workers skip them). */
  dueForEscalation(now: Date, limit: number): Promise<Complaint[]> {
    return this.db
      .selectFrom("complaints")
      .selectAll()
      .where("next_escalation_at", "<=", now)
      .where(statusIn("status", ["registered", "assigned", "attended"]))
      .orderBy("next_escalation_at")
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
  }

  // Idempotency

  async idempotent(
    principal: string,
    key: string,
  ): Promise<{ request_hash: string; complaint_id: number } | undefined> {
    return this.db
      .selectFrom("idempotency_keys")
      .select(["request_hash", "complaint_id"])
      .where("principal", "=", principal)
      .where("key", "=", key)
      .executeTakeFirst();
  }

  /** Records the key; false when another request recorded it first. */
  async rememberIdempotent(
    principal: string,
    key: string,
    hash: string,
    complaintId: number,
  ): Promise<boolean> {
    const r = await this.db
      .insertInto("idempotency_keys")
      .values({ principal, key, request_hash: hash, complaint_id: complaintId })
      .onConflict((oc) => oc.columns(["principal", "key"]).doNothing())
      .returning("key")
      .executeTakeFirst();
    return r !== undefined;
  }

  /** The public tracking view: a complaint by number, no jurisdiction (the caller proves the mobile). */
  async findPublic(number: string): Promise<ComplaintRow | undefined> {
    return (await this.base().where("c.number", "=", number).executeTakeFirst()) as ComplaintRow | undefined;
  }
}
