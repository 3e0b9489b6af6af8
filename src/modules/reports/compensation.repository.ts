import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import { dcInJurisdiction, type Jurisdiction } from "../../db/jurisdiction.ts";
import type { CompensationStatus, DB } from "../../db/schema.ts";

export interface CompensationFilter {
  /** The office's path (already checked to be in the jurisdiction). */
  unitPath?: string | undefined;
  status?: CompensationStatus | undefined;
  category?: string | undefined;
  /** breached_at >= from */
  from?: Date | undefined;
  /** breached_at < to */
  to?: Date | undefined;
  id?: number | undefined;
}

export interface CompensationRow {
  id: number;
  source: "complaint" | "connection";
  consumer_no: string | null;
  consumer_name: string | null;
  complaint_number: string | null;
  application_number: string | null;
  dc_code: string;
  category_code: string;
  area_type: "urban" | "rural";
  breached_at: Date;
  due_rs: number;
  credited_rs: number;
  credited_at: Date | null;
  status: CompensationStatus;
  waive_reason: string | null;
}

export interface CompensationTotals {
  entries: number;
  due_rs: number;
  credited_rs: number;
  outstanding_rs: number;
  waived_rs: number;
}

/** The key of a page: the last row's breach time and id (newest first). */
export type CompensationKey = { breachedAt: Date; id: number };

/** What an entry looks like to the credits import. */
export interface CreditTarget {
  id: number;
  consumer_no: string | null;
  due_rs: number;
  credited_rs: number;
  status: CompensationStatus;
}

export type CreditOutcome = { ok: true; inserted: boolean } | { ok: false; column: string; reason: string };

/** The compensation register: entries (written by triggers) and billing's credits. */
export class CompensationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private filtered(j: Jurisdiction, f: CompensationFilter) {
    let q = this.db
      .selectFrom("compensation_entries as e")
      .innerJoin("org_units as dc", "dc.id", "e.dc_id")
      .where(dcInJurisdiction("e.dc_id", j));
    if (f.unitPath) q = q.where("dc.path", "like", `${f.unitPath}%`);
    if (f.status) q = q.where("e.status", "=", f.status);
    if (f.category) q = q.where("e.category_code", "=", f.category);
    if (f.from) q = q.where("e.breached_at", ">=", f.from);
    if (f.to) q = q.where("e.breached_at", "<", f.to);
    if (f.id !== undefined) q = q.where("e.id", "=", f.id);
    return q;
  }

  /** One page, newest breach first, after `after`. */
  async page(
    j: Jurisdiction,
    f: CompensationFilter,
    after: CompensationKey | undefined,
    limit: number,
  ): Promise<CompensationRow[]> {
    let q = this.filtered(j, f)
      .leftJoin("consumers as c", "c.id", "e.consumer_id")
      .leftJoin("complaints as k", "k.id", "e.complaint_id")
      .leftJoin("connection_applications as a", "a.id", "e.application_id")
      .select([
        "e.id",
        "e.source",
        "c.consumer_no",
        "c.name as consumer_name",
        "k.number as complaint_number",
        "a.number as application_number",
        "dc.code as dc_code",
        "e.category_code",
        "e.area_type",
        "e.breached_at",
        "e.due_rs",
        "e.credited_rs",
        "e.credited_at",
        "e.status",
        "e.waive_reason",
      ]) as unknown as SelectQueryBuilder<DB, "compensation_entries", CompensationRow>;
    if (after)
      q = q.where(sql<boolean>`(e.breached_at, e.id) < (${after.breachedAt}, ${after.id})`) as typeof q;
    const rows = await q.orderBy(sql`e.breached_at desc, e.id desc`).limit(limit).execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  async totals(j: Jurisdiction, f: CompensationFilter): Promise<CompensationTotals> {
    const r = await this.filtered(j, f)
      .select([
        sql<number>`count(*)`.as("entries"),
        sql<number>`coalesce(sum(e.due_rs) filter (where e.status <> 'waived'), 0)`.as("due_rs"),
        sql<number>`coalesce(sum(e.credited_rs), 0)`.as("credited_rs"),
        sql<number>`coalesce(sum(e.due_rs - e.credited_rs) filter (where e.status in ('due', 'part_credited')), 0)`.as(
          "outstanding_rs",
        ),
        sql<number>`coalesce(sum(e.due_rs - e.credited_rs) filter (where e.status = 'waived'), 0)`.as(
          "waived_rs",
        ),
      ])
      .executeTakeFirstOrThrow();
    return {
      entries: Number(r.entries),
      due_rs: Number(r.due_rs),
      credited_rs: Number(r.credited_rs),
      outstanding_rs: Number(r.outstanding_rs),
      waived_rs: Number(r.waived_rs),
    };
  }

  /**
   * The entry a credit line names: by id, complaint number or application
   * number (a complaint breached twice has two entries: the open one, else the latest).
   */
  async target(
    j: Jurisdiction,
    by: {
      entryId?: number | undefined;
      complaintNumber?: string | undefined;
      applicationNumber?: string | undefined;
    },
  ): Promise<CreditTarget | undefined> {
    let q = this.db
      .selectFrom("compensation_entries as e")
      .leftJoin("consumers as c", "c.id", "e.consumer_id")
      .select(["e.id", "c.consumer_no", "e.due_rs", "e.credited_rs", "e.status"])
      .where(dcInJurisdiction("e.dc_id", j));
    if (by.entryId !== undefined) q = q.where("e.id", "=", by.entryId);
    else if (by.complaintNumber)
      q = q.innerJoin("complaints as k", "k.id", "e.complaint_id").where("k.number", "=", by.complaintNumber);
    else if (by.applicationNumber)
      q = q
        .innerJoin("connection_applications as a", "a.id", "e.application_id")
        .where("a.number", "=", by.applicationNumber);
    else return undefined;
    const r = await q
      .orderBy(sql`(e.status in ('due', 'part_credited')) desc, e.breached_at desc`)
      .limit(1)
      .executeTakeFirst();
    return r ? { ...r, id: Number(r.id) } : undefined;
  }

  /**
   * Records one credit: idempotent by billing's reference (the same reference
   * again is no change; a reference already used for another entry or amount
   * is refused). The entry is locked, so two imports at once cannot credit
   * more than is due.
   */
  async credit(
    entryId: number,
    c: { amountRs: number; creditedOn: string; reference: string; importedBy: number | null },
    now: Date,
  ): Promise<CreditOutcome> {
    return this.db.transaction().execute(async (tx) => {
      const entry = await tx
        .selectFrom("compensation_entries")
        .select(["id", "due_rs", "credited_rs", "status"])
        .where("id", "=", entryId)
        .forUpdate()
        .executeTakeFirst();
      if (!entry) return { ok: false, column: "entry_id", reason: "no such compensation entry" };
      const same = await tx
        .selectFrom("compensation_credits")
        .select(["entry_id", "amount_rs"])
        .where("reference", "=", c.reference)
        .executeTakeFirst();
      if (same) {
        if (Number(same.entry_id) === entryId && same.amount_rs === c.amountRs)
          return { ok: true, inserted: false };
        return {
          ok: false,
          column: "reference",
          reason: `this reference was already used for entry ${same.entry_id} (Rs ${same.amount_rs})`,
        };
      }
      if (entry.status === "waived") return { ok: false, column: "entry_id", reason: "the entry was waived" };
      const left = entry.due_rs - entry.credited_rs;
      if (c.amountRs > left)
        return {
          ok: false,
          column: "amount_rs",
          reason: left > 0 ? `more than the Rs ${left} still due` : "nothing is due on this entry",
        };
      await tx
        .insertInto("compensation_credits")
        .values({
          entry_id: entryId,
          amount_rs: c.amountRs,
          credited_on: c.creditedOn,
          reference: c.reference,
          imported_by: c.importedBy,
        })
        .execute();
      const credited = entry.credited_rs + c.amountRs;
      await tx
        .updateTable("compensation_entries")
        .set({
          credited_rs: credited,
          status: credited >= entry.due_rs ? "credited" : "part_credited",
          credited_at: credited >= entry.due_rs ? now : null,
          updated_at: now,
        })
        .where("id", "=", entryId)
        .execute();
      return { ok: true, inserted: true };
    });
  }

  /** Waives an entry still open; false when it is not (or not in the jurisdiction). */
  async waive(
    j: Jurisdiction,
    id: number,
    reason: string,
    now: Date,
  ): Promise<"ok" | "not_found" | "closed"> {
    const entry = await this.db
      .selectFrom("compensation_entries as e")
      .select(["e.id", "e.status"])
      .where("e.id", "=", id)
      .where(dcInJurisdiction("e.dc_id", j))
      .executeTakeFirst();
    if (!entry) return "not_found";
    const r = await this.db
      .updateTable("compensation_entries")
      .set({ status: "waived", waive_reason: reason, updated_at: now })
      .where("id", "=", id)
      .where("status", "in", ["due", "part_credited"])
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0 ? "ok" : "closed";
  }

  async get(j: Jurisdiction, id: number): Promise<CompensationRow | undefined> {
    return (await this.page(j, { id }, undefined, 1))[0];
  }
}
