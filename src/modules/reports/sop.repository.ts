import { type Kysely, sql } from "kysely";
import { type Jurisdiction, pathInJurisdiction } from "../../db/jurisdiction.ts";
import type { DB, OrgKind } from "../../db/schema.ts";

export interface SopRowRecord {
  code: string;
  position: number;
  label_en: string;
  label_hi: string;
  source: "complaints" | "connections";
  category_codes: string[];
  standard_en: string;
  standard_hi: string;
  active: boolean;
  updated_at: Date;
  updated_by: string | null;
}

export interface SopUnit {
  id: number;
  code: string;
  kind: OrgKind;
  name_en: string;
  name_hi: string;
  path: string;
}

/** Per area type: what one row's new-connection applications did in a period. */
export interface ConnectionCounts {
  area_type: "urban" | "rural";
  pending_start: number;
  received: number;
  within: number;
  beyond: number;
  rejected: number;
  pending_end: number;
}

export interface CompensationSum {
  source: "complaint" | "connection";
  category_code: string;
  area_type: "urban" | "rural";
  due: number;
  paid: number;
}

const UNIT_COLUMNS = ["id", "code", "kind", "name_en", "name_hi", "path"] as const;

/** The SoP report's own reads (the complaint counts come from RollupsRepository). */
export class SopRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async rows(): Promise<SopRowRecord[]> {
    const rows = await this.db.selectFrom("sop_report_rows").selectAll().orderBy("position").execute();
    return rows.map((r) => ({ ...r, category_codes: [...r.category_codes] }));
  }

  async categoryCodes(): Promise<string[]> {
    const rows = await this.db.selectFrom("complaint_categories").select("code").execute();
    return rows.map((r) => r.code);
  }

  /**
   * Replaces every row in one transaction and records the change (the rows
   * before and after, who, when).
   */
  async replaceRows(
    rows: Omit<SopRowRecord, "updated_at" | "updated_by">[],
    actor: { id: number | null; name: string },
    at: Date,
  ): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom("sop_report_rows").selectAll().orderBy("position").execute();
      await tx.deleteFrom("sop_report_rows").execute();
      if (rows.length)
        await tx
          .insertInto("sop_report_rows")
          .values(
            rows.map((r) => ({
              ...r,
              category_codes: sql<string[]>`${sql.val(r.category_codes)}::text[]`,
              updated_at: at,
              updated_by: actor.name,
            })),
          )
          .execute();
      await tx
        .insertInto("sop_report_row_changes")
        .values({
          at,
          actor_id: actor.id,
          actor_name: actor.name,
          changes: JSON.stringify({
            before: before.map(({ updated_at: _u, updated_by: _b, ...r }) => r),
            after: rows,
          }),
        })
        .execute();
    });
  }

  async lastChanges(limit = 20): Promise<{ at: Date; actor_name: string; changes: unknown }[]> {
    return this.db
      .selectFrom("sop_report_row_changes")
      .select(["at", "actor_name", "changes"])
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
  }

  async unitByCode(code: string, j: Jurisdiction): Promise<SopUnit | undefined> {
    const r = await this.db
      .selectFrom("org_units")
      .select(UNIT_COLUMNS)
      .where("code", "=", code)
      .where(pathInJurisdiction("path", j))
      .executeTakeFirst();
    return r ? { ...r, id: Number(r.id) } : undefined;
  }

  async unitById(id: number): Promise<SopUnit | undefined> {
    const r = await this.db
      .selectFrom("org_units")
      .select(UNIT_COLUMNS)
      .where("id", "=", id)
      .executeTakeFirst();
    return r ? { ...r, id: Number(r.id) } : undefined;
  }

  /** The company (the DISCOM whose report it is). */
  async company(): Promise<SopUnit | undefined> {
    const r = await this.db
      .selectFrom("org_units")
      .select(UNIT_COLUMNS)
      .where("kind", "=", "company")
      .orderBy("id")
      .executeTakeFirst();
    return r ? { ...r, id: Number(r.id) } : undefined;
  }

  /**
   * New-connection applications of the DCs under `path` over [from, to), per
   * area type (metro counts as urban). An application is "received" when its
   * documents are complete (the SoP clock starts then), redressed when its
   * supply is released (within or beyond release_due_at), and pending at a
   * moment when its documents were complete before it and it was neither
   * released nor rejected before it.
   */
  async connections(path: string, from: Date, to: Date): Promise<ConnectionCounts[]> {
    const r = await sql<Record<string, string | number>>`
      select case when a.sop_area = 'rural' then 'rural' else 'urban' end as area_type,
        count(*) filter (where a.documents_complete_at < ${from}
          and (a.released_at is null or a.released_at >= ${from})
          and (a.rejected_at is null or a.rejected_at >= ${from}))::int as pending_start,
        count(*) filter (where a.documents_complete_at >= ${from} and a.documents_complete_at < ${to})::int as received,
        count(*) filter (where a.released_at >= ${from} and a.released_at < ${to}
          and (a.release_due_at is null or a.released_at <= a.release_due_at))::int as within,
        count(*) filter (where a.released_at >= ${from} and a.released_at < ${to}
          and a.released_at > a.release_due_at)::int as beyond,
        count(*) filter (where a.rejected_at >= ${from} and a.rejected_at < ${to})::int as rejected,
        count(*) filter (where a.documents_complete_at < ${to}
          and (a.released_at is null or a.released_at >= ${to})
          and (a.rejected_at is null or a.rejected_at >= ${to}))::int as pending_end
      from connection_applications a
      join org_units dc on dc.id = a.dc_id
      where dc.path like ${`${path}%`} and a.documents_complete_at < ${to}
        and (a.released_at is null or a.released_at >= ${from})
        and (a.rejected_at is null or a.rejected_at >= ${from})
      group by 1
    `.execute(this.db);
    return r.rows.map((x) => ({
      area_type: x.area_type as "urban" | "rural",
      pending_start: Number(x.pending_start),
      received: Number(x.received),
      within: Number(x.within),
      beyond: Number(x.beyond),
      rejected: Number(x.rejected),
      pending_end: Number(x.pending_end),
    }));
  }

  /** Compensation of breaches in [from, to) in the DCs under `path`: due and credited, per category and area. */
  async compensation(path: string, from: Date, to: Date): Promise<CompensationSum[]> {
    const r = await sql<Record<string, string | number>>`
      select e.source, e.category_code, e.area_type,
        coalesce(sum(e.due_rs) filter (where e.status <> 'waived'), 0)::bigint as due,
        coalesce(sum(e.credited_rs), 0)::bigint as paid
      from compensation_entries e
      join org_units dc on dc.id = e.dc_id
      where e.breached_at >= ${from} and e.breached_at < ${to} and dc.path like ${`${path}%`}
      group by 1, 2, 3
    `.execute(this.db);
    return r.rows.map((x) => ({
      source: x.source as "complaint" | "connection",
      category_code: String(x.category_code),
      area_type: x.area_type as "urban" | "rural",
      due: Number(x.due),
      paid: Number(x.paid),
    }));
  }
}
