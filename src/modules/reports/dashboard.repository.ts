import { type Kysely, sql } from "kysely";
import { dcInJurisdiction } from "../../db/jurisdiction.ts";
import type { AreaType, Channel, DB, OrgKind, Role } from "../../db/schema.ts";
import type { Principal } from "../access/principal.ts";
import { statusIn } from "../complaints/complaints.sql.ts";

export interface OrgNode {
  id: number;
  code: string;
  kind: OrgKind;
  parentId: number | null;
  path: string;
  nameEn: string;
  nameHi: string;
}

export interface OpenFilter {
  /** Only these DCs; undefined: every DC of the jurisdiction. */
  dcIds?: readonly number[] | undefined;
  category?: string | undefined;
  channel?: Channel | undefined;
  areaType?: AreaType | undefined;
}

export interface OpenByDc {
  dcId: number;
  open: number;
  overdue: number;
}

export interface OverdueByOfficer {
  officer: { id: number; login: string; name: string; role: Role } | null;
  overdue: number;
}

/**
 * The dashboard's reads besides the rollups: the org tree (kept in memory by
 * the service) and the open complaints now, which the rollups do not hold.
 */
export class DashboardRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async orgTree(): Promise<OrgNode[]> {
    const rows = await this.db
      .selectFrom("org_units")
      .select(["id", "code", "kind", "parent_id", "path", "name_en", "name_hi"])
      .orderBy("code")
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      code: r.code,
      kind: r.kind,
      parentId: r.parent_id === null ? null : Number(r.parent_id),
      path: r.path,
      nameEn: r.name_en,
      nameHi: r.name_hi,
    }));
  }

  async categories(): Promise<{ code: string; nameEn: string; nameHi: string }[]> {
    const rows = await this.db
      .selectFrom("complaint_categories")
      .select(["code", "name_en", "name_hi"])
      .orderBy("priority")
      .orderBy("code")
      .execute();
    return rows.map((r) => ({ code: r.code, nameEn: r.name_en, nameHi: r.name_hi }));
  }

  /**
   * Open complaints now, and those past their limit, per DC and per officer
   * (the 20 with most past the limit; nobody assigned counts as one), in one
   * grouped query over the partial indexes of open complaints: the closed
   * history, however long, is never read.
   */
  async open(
    principal: Principal,
    f: OpenFilter,
    now: Date,
  ): Promise<{ byDc: OpenByDc[]; byOfficer: OverdueByOfficer[] }> {
    const where = [statusIn("c.status"), dcInJurisdiction("c.dc_id", principal)];
    if (f.dcIds)
      where.push(f.dcIds.length ? sql`c.dc_id = any(${sql.val([...f.dcIds])}::bigint[])` : sql`false`);
    if (f.category) where.push(sql`c.category_code = ${f.category}`);
    if (f.channel) where.push(sql`c.channel = ${f.channel}`);
    if (f.areaType) where.push(sql`c.area_type = ${f.areaType}`);
    const r = await sql<{
      by_officer: number;
      dc_id: string | number | null;
      assigned_to: string | number | null;
      open: string | number;
      overdue: string | number;
      name: string | null;
      login: string | null;
      role: Role | null;
    }>`
      with g as (
        select grouping(c.dc_id) as by_officer, c.dc_id, c.assigned_to, count(*) as open,
          count(*) filter (where c.due_at < ${now}) as overdue
        from complaints c
        where ${sql.join(where, sql` and `)}
        group by grouping sets ((c.dc_id), (c.assigned_to))
      ), ranked as (
        select g.*, row_number() over (partition by g.by_officer order by g.overdue desc, g.assigned_to nulls first) as rn
        from g
      )
      select r.by_officer, r.dc_id, r.assigned_to, r.open, r.overdue, u.name, u.login, u.role
      from ranked r left join users u on u.id = r.assigned_to
      where r.by_officer = 0 or (r.overdue > 0 and r.rn <= 20)
      order by r.by_officer, r.overdue desc, u.name nulls first`.execute(this.db);
    const byDc: OpenByDc[] = [];
    const byOfficer: OverdueByOfficer[] = [];
    for (const x of r.rows) {
      if (Number(x.by_officer) === 0)
        byDc.push({ dcId: Number(x.dc_id), open: Number(x.open), overdue: Number(x.overdue) });
      else
        byOfficer.push({
          officer:
            x.assigned_to === null
              ? null
              : {
                  id: Number(x.assigned_to),
                  login: x.login ?? "",
                  name: x.name ?? "",
                  role: (x.role ?? "lineman") as Role,
                },
          overdue: Number(x.overdue),
        });
    }
    return { byDc, byOfficer };
  }
}
