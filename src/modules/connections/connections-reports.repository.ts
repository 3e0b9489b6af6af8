import { type Kysely, sql } from "kysely";
import { dcInJurisdiction, type Jurisdiction } from "../../db/jurisdiction.ts";
import type { ApplicationStatus, DB, OrgKind } from "../../db/schema.ts";

export interface ReportOffice {
  id: number;
  code: string;
  kind: OrgKind;
  name_en: string;
  name_hi: string;
  path: string;
}

/** The reports' counts, per DC: the service rolls them up to the offices shown. */
export class ConnectionsReportsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async office(code: string, j: Jurisdiction): Promise<ReportOffice | undefined> {
    const row = await this.db
      .selectFrom("org_units")
      .select(["id", "code", "kind", "name_en", "name_hi", "path"])
      .where("code", "=", code)
      .where("path", "like", `${j.orgPath}%`)
      .executeTakeFirst();
    return row ? { ...row, id: Number(row.id) } : undefined;
  }

  async officeById(id: number): Promise<ReportOffice | undefined> {
    const row = await this.db
      .selectFrom("org_units")
      .select(["id", "code", "kind", "name_en", "name_hi", "path"])
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? { ...row, id: Number(row.id) } : undefined;
  }

  /** The offices directly below `id`, by code. */
  async children(id: number): Promise<ReportOffice[]> {
    const rows = await this.db
      .selectFrom("org_units")
      .select(["id", "code", "kind", "name_en", "name_hi", "path"])
      .where("parent_id", "=", id)
      .orderBy("code")
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  /** The DCs under a path (their paths, to roll the counts up). */
  async dcsUnder(path: string): Promise<{ id: number; path: string }[]> {
    const rows = await this.db
      .selectFrom("org_units")
      .select(["id", "path"])
      .where("kind", "=", "dc")
      .where("path", "like", `${path}%`)
      .execute();
    return rows.map((r) => ({ id: Number(r.id), path: r.path }));
  }

  /**
   * Pending applications per DC and stage under `path`, with those beyond the
   * release limit and the compensation they have run up (the partial index
   * over pending applications finds them without reading the released ones).
   */
  async pendingByDc(
    path: string,
    j: Jurisdiction,
    now: Date,
  ): Promise<{ dc_id: number; status: ApplicationStatus; n: number; late: number; compensation: number }[]> {
    const rows = await this.db
      .selectFrom("connection_applications as a")
      .select([
        "a.dc_id",
        "a.status",
        sql<number>`count(*)::int`.as("n"),
        // Beyond the release limit: compensation running (the sweep saw it late), or past it and
        // not waiting for the applicant's payment (whose limit the stored column does not move).
        // Only columns of the pending index: the count never reads the table.
        sql<number>`(count(*) filter (where a.compensation_rs > 0
          or (a.release_due_at <= ${now} and a.status <> 'demand_note_issued')))::int`.as("late"),
        sql<number>`coalesce(sum(a.compensation_rs), 0)::int`.as("compensation"),
      ])
      .where("a.status", "not in", ["released", "rejected"])
      .where(
        sql<boolean>`a.dc_id in (select u.id from org_units u where u.kind = 'dc' and u.path like ${`${path}%`})`,
      )
      .where(dcInJurisdiction("a.dc_id", j))
      .groupBy(["a.dc_id", "a.status"])
      .execute();
    return rows.map((r) => ({ ...r, dc_id: Number(r.dc_id) }));
  }

  /**
   * Applications released in [from, to) per DC under `path`, with the
   * compensation they were due. The month's releases are counted per DC first
   * (a range of the released index) and only then kept to the DCs asked for:
   * statements are prepared, and the generic plan, which cannot know how many
   * DCs `path like $1` names, looped over every DC with a bitmap AND of two
   * indexes (220 ms for the company at 500,000 applications, 4 ms this way).
   */
  async releasedByDc(
    path: string,
    j: Jurisdiction,
    from: Date,
    to: Date,
  ): Promise<{ dc_id: number; n: number; compensation: number }[]> {
    const r = await sql<{ dc_id: number; n: number; compensation: number }>`
      with released as materialized (
        select a.dc_id, count(*)::int as n, coalesce(sum(a.compensation_rs), 0)::int as compensation
        from connection_applications a
        where a.released_at >= ${from} and a.released_at < ${to}
        group by a.dc_id
      )
      select r.dc_id, r.n, r.compensation from released r
      where r.dc_id in (select u.id from org_units u where u.kind = 'dc' and u.path like ${`${path}%`})
        and ${dcInJurisdiction("r.dc_id", j)}`.execute(this.db);
    return r.rows.map((row) => ({ ...row, dc_id: Number(row.dc_id) }));
  }
}
