import { type Kysely, sql } from "kysely";
import type { DB, OrgKind, OrgUnit } from "../../db/schema.ts";
import type { Principal } from "../access/principal.ts";

export interface OrgIndexEntry {
  id: number;
  kind: OrgKind;
  path: string;
}

export interface OrgUpsertRow {
  code: string;
  kind: OrgKind;
  parentCode: string | null;
  nameEn: string;
  nameHi: string;
}

export type UpsertOutcome = "inserted" | "updated" | "unchanged";

export class OrgRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findByCode(code: string): Promise<OrgUnit | undefined> {
    return this.db.selectFrom("org_units").selectAll().where("code", "=", code).executeTakeFirst();
  }

  findById(id: number): Promise<OrgUnit | undefined> {
    return this.db.selectFrom("org_units").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** A unit by code, only when it lies inside the principal's jurisdiction. */
  findForUser(principal: Principal, code: string): Promise<OrgUnit | undefined> {
    return this.db
      .selectFrom("org_units")
      .selectAll()
      .where("code", "=", code)
      .where("path", "like", `${principal.orgPath}%`)
      .executeTakeFirst();
  }

  /** A page of a unit's subtree (it and every unit below it) in path order after a path (the offices export). */
  subtreeAfter(path: string, after: string | undefined, limit: number): Promise<OrgUnit[]> {
    let q = this.db
      .selectFrom("org_units")
      .selectAll()
      .where("path", "like", `${escapeLike(path)}%`);
    if (after !== undefined) q = q.where("path", ">", after);
    return q.orderBy("path").limit(limit).execute();
  }

  /** The units named in a path, company first. */
  ancestorsOf(path: string): Promise<OrgUnit[]> {
    const codes = path.split("/").filter(Boolean);
    if (codes.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom("org_units")
      .selectAll()
      .where("code", "in", codes)
      .orderBy(sql`length(path)`)
      .execute();
  }

  childrenOf(parentId: number): Promise<(OrgUnit & { child_count: number })[]> {
    return this.db
      .selectFrom("org_units as u")
      .selectAll("u")
      .select((eb) =>
        eb
          .selectFrom("org_units as c")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("c.parent_id", "=", "u.id")
          .as("child_count"),
      )
      .where("u.parent_id", "=", parentId)
      .orderBy("u.name_en")
      .execute() as Promise<(OrgUnit & { child_count: number })[]>;
  }

  /** Units in the principal's jurisdiction whose code or name matches, for pickers. */
  searchForUser(
    principal: Principal,
    q: string,
    kinds: OrgKind[] | undefined,
    limit: number,
  ): Promise<OrgUnit[]> {
    let query = this.db
      .selectFrom("org_units")
      .selectAll()
      .where("path", "like", `${principal.orgPath}%`)
      .limit(limit)
      .orderBy(sql`length(path)`)
      .orderBy("name_en");
    const term = q.trim();
    if (term) {
      const like = `%${escapeLike(term)}%`;
      query = query.where((eb) =>
        eb.or([eb("code", "ilike", like), eb("name_en", "ilike", like), eb("name_hi", "like", like)]),
      );
    }
    if (kinds && kinds.length > 0) query = query.where("kind", "in", kinds);
    return query.execute();
  }

  /** True before any unit is loaded: a new database (serve --demo-if-empty fills it). */
  async isEmpty(): Promise<boolean> {
    return (await this.db.selectFrom("org_units").select("id").limit(1).executeTakeFirst()) === undefined;
  }

  async analyze(): Promise<void> {
    await sql`analyze org_units`.execute(this.db);
  }

  async loadIndex(): Promise<Map<string, OrgIndexEntry>> {
    const rows = await this.db.selectFrom("org_units").select(["id", "code", "kind", "path"]).execute();
    return new Map(rows.map((r) => [r.code, { id: r.id, kind: r.kind, path: r.path }]));
  }

  /**
   * Inserts or updates one unit by code, in a transaction. A unit moved under a
   * new parent carries its whole subtree's paths along.
   */
  async upsert(row: OrgUpsertRow): Promise<{ entry: OrgIndexEntry; outcome: UpsertOutcome }> {
    return this.db.transaction().execute(async (trx) => {
      const parent = row.parentCode
        ? await trx
            .selectFrom("org_units")
            .select(["id", "path"])
            .where("code", "=", row.parentCode)
            .executeTakeFirstOrThrow()
        : undefined;
      const path = `${parent?.path ?? "/"}${row.code}/`;
      const existing = await trx
        .selectFrom("org_units")
        .select(["id", "kind", "path", "parent_id", "name_en", "name_hi"])
        .where("code", "=", row.code)
        .forUpdate()
        .executeTakeFirst();
      if (!existing) {
        const inserted = await trx
          .insertInto("org_units")
          .values({
            code: row.code,
            kind: row.kind,
            parent_id: parent?.id ?? null,
            name_en: row.nameEn,
            name_hi: row.nameHi,
            path,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        return { entry: { id: inserted.id, kind: row.kind, path }, outcome: "inserted" };
      }
      const entry = { id: existing.id, kind: existing.kind, path };
      if (
        existing.path === path &&
        existing.parent_id === (parent?.id ?? null) &&
        existing.name_en === row.nameEn &&
        existing.name_hi === row.nameHi
      ) {
        return { entry, outcome: "unchanged" };
      }
      await trx
        .updateTable("org_units")
        .set({
          parent_id: parent?.id ?? null,
          name_en: row.nameEn,
          name_hi: row.nameHi,
          path,
          updated_at: sql`now()`,
        })
        .where("id", "=", existing.id)
        .execute();
      if (existing.path !== path) {
        await trx
          .updateTable("org_units")
          .set({ path: sql`${path} || substr(path, ${existing.path.length + 1})` })
          .where("path", "like", `${existing.path}%`)
          .where("id", "!=", existing.id)
          .execute();
      }
      return { entry, outcome: "updated" };
    });
  }
}

/** Escapes LIKE wildcards in user input. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
