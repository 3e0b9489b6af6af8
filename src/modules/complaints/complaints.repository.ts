import { type Kysely, sql } from "kysely";
import { dcInJurisdiction } from "../../db/jurisdiction.ts";
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
  phone: string | null;
  role: Role;
  language: Language;
}

export interface ComplaintTarget {
  consumerId: number | null;
  dcId: number;
  dcPath: string;
  feederId: number | null;
  dtId: number | null;
  areaType: AreaType | null;
}

const open = [...OPEN_STATUSES];

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
      .select((eb) =>
        eb
          .selectFrom("consumer_mobiles as m")
          .select("m.mobile")
          .whereRef("m.consumer_id", "=", "c.consumer_id")
          .orderBy("m.verified", "desc")
          .orderBy("m.created_at")
          .limit(1)
          .as("consumer_mobile"),
      );
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

  async insert(c: NewComplaint): Promise<Complaint> {
    return this.db
      .insertInto("complaints")
      .values({
        number: c.number,
        consumer_id: c.consumerId,
        caller_name: c.callerName,
        caller_phone: c.callerPhone,
        alt_phone: c.altPhone,
        location: c.location,
        landmark: c.landmark,
        dc_id: c.dcId,
        feeder_id: c.feederId,
        dt_id: c.dtId,
        area_type: c.areaType,
        category_code: c.categoryCode,
        subcategory_code: c.subcategoryCode,
        description: c.description,
        channel: c.channel,
        language: c.language,
        priority: c.priority,
        emergency: c.emergency,
        status: "registered",
        registered_at: c.registeredAt,
        due_at: c.dueAt,
        next_escalation_at: c.nextEscalationAt,
        created_by: c.createdBy,
        updated_at: c.registeredAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
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
      .where("status", "in", open)
      .forUpdate()
      .executeTakeFirst();
  }

  async addEvent(e: NewComplaintEvent): Promise<void> {
    await this.db
      .insertInto("complaint_events")
      .values({
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
      })
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

  // Where a complaint goes

  /** A consumer to register against, in the principal's jurisdiction or not (the caller decides). */
  async consumerTarget(consumerNo: string): Promise<(ComplaintTarget & { consumerId: number }) | undefined> {
    const r = await this.db
      .selectFrom("consumers as c")
      .innerJoin("org_units as dc", "dc.id", "c.dc_id")
      .select(["c.id", "c.dc_id", "dc.path", "c.feeder_id", "c.dt_id", "c.area_type"])
      .where("c.consumer_no", "=", consumerNo)
      .executeTakeFirst();
    return r
      ? {
          consumerId: r.id,
          dcId: r.dc_id,
          dcPath: r.path,
          feederId: r.feeder_id,
          dtId: r.dt_id,
          areaType: r.area_type,
        }
      : undefined;
  }

  /** A DT's DC and feeder, and whether its consumers are urban or rural. */
  async dtTarget(code: string): Promise<ComplaintTarget | undefined> {
    const r = await this.db
      .selectFrom("dts as d")
      .innerJoin("org_units as dc", "dc.id", "d.dc_id")
      .select(["d.id", "d.dc_id", "dc.path", "d.feeder_id"])
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
    return r
      ? {
          consumerId: null,
          dcId: r.dc_id,
          dcPath: r.path,
          feederId: r.feeder_id,
          dtId: r.id,
          areaType: r.area_type ?? null,
        }
      : undefined;
  }

  async feederTarget(code: string): Promise<ComplaintTarget | undefined> {
    const r = await this.db
      .selectFrom("feeders as f")
      .innerJoin("org_units as dc", "dc.id", "f.dc_id")
      .select(["f.id", "f.dc_id", "dc.path"])
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
    return r
      ? {
          consumerId: null,
          dcId: r.dc_id,
          dcPath: r.path,
          feederId: r.id,
          dtId: null,
          areaType: r.area_type ?? null,
        }
      : undefined;
  }

  async dcTarget(code: string): Promise<ComplaintTarget | undefined> {
    const r = await this.db
      .selectFrom("org_units")
      .select(["id", "path"])
      .where("code", "=", code)
      .where("kind", "=", "dc")
      .executeTakeFirst();
    return r
      ? { consumerId: null, dcId: r.id, dcPath: r.path, feederId: null, dtId: null, areaType: null }
      : undefined;
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
          .where("c.status", "in", open)
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
    if (f.status === "open") q = q.where("c.status", "in", open);
    else if (f.status === "overdue") q = q.where("c.status", "in", open).where("c.due_at", "<", now);
    else if (f.status !== "all") q = q.where("c.status", "=", f.status);
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
      .where("c.status", "in", open)
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
      .where("status", "in", ["registered", "assigned", "attended"])
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
