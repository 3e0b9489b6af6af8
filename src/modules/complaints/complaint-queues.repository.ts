import { type Kysely, sql } from "kysely";
import { dcInJurisdiction, pathInJurisdiction } from "../../db/jurisdiction.ts";
import {
  type AreaType,
  type Channel,
  type Complaint,
  type ComplaintStatus,
  type DB,
  OPEN_STATUSES,
} from "../../db/schema.ts";
import type { Principal } from "../access/principal.ts";
import { type ComplaintRow, complaintRows, statusIn } from "./complaints.sql.ts";

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
  /** An org unit's code, any level: complaints of its DCs. */
  unitCode?: string;
  areaType?: AreaType;
  /** Assigned to the user with this login. */
  assigneeLogin?: string;
  /** Registered at or after / before these instants (the service turns days into them). */
  registeredFrom?: Date;
  registeredBefore?: Date;
  resolvedFrom?: Date;
  resolvedBefore?: Date;
  /** Breached its limit (true) or not (false). */
  late?: boolean;
  repeat?: boolean;
  reopened?: boolean;
  limit: number;
  offset: number;
}

/** What officers see many of: the queue, the dashboard counters, and the SLA clock's work list. */
export class ComplaintQueuesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private filtered(principal: Principal, f: ComplaintFilter, now: Date) {
    let q = complaintRows(this.db).where(dcInJurisdiction("c.dc_id", principal));
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
    if (f.unitCode)
      q = q.where(
        sql<boolean>`c.dc_id in (select d.id from org_units d where d.kind = 'dc'
          and d.path like (select u.path from org_units u where u.code = ${f.unitCode}) || '%')`,
      );
    if (f.areaType) q = q.where("c.area_type", "=", f.areaType);
    if (f.assigneeLogin) q = q.where("u.login", "=", f.assigneeLogin);
    if (f.registeredFrom) q = q.where("c.registered_at", ">=", f.registeredFrom);
    if (f.registeredBefore) q = q.where("c.registered_at", "<", f.registeredBefore);
    if (f.resolvedFrom) q = q.where("c.resolved_at", ">=", f.resolvedFrom);
    if (f.resolvedBefore) q = q.where("c.resolved_at", "<", f.resolvedBefore);
    if (f.late !== undefined) q = q.where("c.breached_at", f.late ? "is not" : "is", null);
    if (f.repeat !== undefined) q = q.where("c.is_repeat", "=", f.repeat);
    if (f.reopened !== undefined) q = q.where("c.reopen_count", f.reopened ? ">" : "=", 0);
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

  /**
   * A page of the list's complaints for an export: newest registration
   * first, after the last row of the page before (keyset, so the millionth
   * row costs what the first does).
   */
  async page(
    principal: Principal,
    f: ComplaintFilter,
    now: Date,
    after: { registeredAt: Date; id: number } | undefined,
    limit: number,
  ): Promise<ComplaintRow[]> {
    let q = this.filtered(principal, f, now);
    if (after) q = q.where(sql<boolean>`(c.registered_at, c.id) < (${after.registeredAt}, ${after.id})`);
    return (await q
      .orderBy("c.registered_at", "desc")
      .orderBy("c.id", "desc")
      .limit(limit)
      .execute()) as ComplaintRow[];
  }

  /** Whether an org unit (by code) lies in the principal's jurisdiction. */
  async unitVisible(principal: Principal, code: string): Promise<boolean> {
    const r = await this.db
      .selectFrom("org_units")
      .select("id")
      .where("code", "=", code)
      .where(pathInJurisdiction("path", principal))
      .executeTakeFirst();
    return r !== undefined;
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
}
