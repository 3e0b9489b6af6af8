import { type Kysely, sql } from "kysely";
import type { DB, Language, OrgKind, Role, User } from "../../db/schema.ts";
import type { Principal } from "../access/principal.ts";
import { escapeLike } from "../org/org.repository.ts";

export interface UserWithOrg extends User {
  org_code: string;
  org_kind: OrgKind;
  org_path: string;
  org_name_en: string;
  org_name_hi: string;
}

export interface UserFilter {
  q?: string;
  role?: Role;
  active?: boolean;
  limit: number;
  offset: number;
}

export interface NewUser {
  login: string;
  name: string;
  role: Role;
  orgUnitId: number;
  phone: string | null;
  passwordHash: string | null;
  language: Language;
  active: boolean;
}

export interface UserUpsertRow {
  login: string;
  name: string;
  role: Role;
  orgUnitId: number;
  phone: string | null;
  language: Language;
  active: boolean;
  /** Set only when the user is created; an import never overwrites a password. */
  passwordHash: string | null;
}

export class UsersRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private withOrg() {
    return this.db
      .selectFrom("users as u")
      .innerJoin("org_units as o", "o.id", "u.org_unit_id")
      .selectAll("u")
      .select([
        "o.code as org_code",
        "o.kind as org_kind",
        "o.path as org_path",
        "o.name_en as org_name_en",
        "o.name_hi as org_name_hi",
      ]);
  }

  /** For sign-in only: unscoped by design, the caller is not yet anybody. */
  findByLoginForAuth(login: string): Promise<UserWithOrg | undefined> {
    return this.withOrg().where("u.login", "=", login).executeTakeFirst();
  }

  findById(id: number): Promise<UserWithOrg | undefined> {
    return this.withOrg().where("u.id", "=", id).executeTakeFirst();
  }

  findForUser(principal: Principal, id: number): Promise<UserWithOrg | undefined> {
    return this.withOrg()
      .where("u.id", "=", id)
      .where("o.path", "like", `${principal.orgPath}%`)
      .executeTakeFirst();
  }

  async listForUser(
    principal: Principal,
    filter: UserFilter,
  ): Promise<{ items: UserWithOrg[]; total: number }> {
    const q = this.filtered(principal, filter);
    const [items, total] = await Promise.all([
      q.orderBy("u.login").limit(filter.limit).offset(filter.offset).execute(),
      q
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
    ]);
    return { items, total: total.n };
  }

  /** The same list after a login (logins are unique: the list's order is a keyset), for the export. */
  listAfter(
    principal: Principal,
    filter: Omit<UserFilter, "limit" | "offset">,
    after: string | undefined,
    limit: number,
  ): Promise<UserWithOrg[]> {
    let q = this.filtered(principal, filter);
    if (after !== undefined) q = q.where("u.login", ">", after);
    return q.orderBy("u.login").limit(limit).execute();
  }

  private filtered(principal: Principal, filter: Omit<UserFilter, "limit" | "offset">) {
    let q = this.withOrg().where("o.path", "like", `${principal.orgPath}%`);
    if (filter.q?.trim()) {
      const like = `%${escapeLike(filter.q.trim())}%`;
      q = q.where((eb) =>
        eb.or([eb("u.login", "ilike", like), eb("u.name", "ilike", like), eb("o.code", "ilike", like)]),
      );
    }
    if (filter.role) q = q.where("u.role", "=", filter.role);
    if (filter.active !== undefined) q = q.where("u.active", "=", filter.active);
    return q;
  }

  async create(user: NewUser): Promise<number> {
    const row = await this.db
      .insertInto("users")
      .values({
        login: user.login,
        name: user.name,
        role: user.role,
        org_unit_id: user.orgUnitId,
        phone: user.phone,
        password_hash: user.passwordHash,
        language: user.language,
        active: user.active,
      })
      .onConflict((oc) => oc.column("login").doNothing())
      .returning("id")
      .executeTakeFirst();
    return row?.id ?? 0;
  }

  async update(
    id: number,
    changes: Partial<{
      name: string;
      role: Role;
      orgUnitId: number;
      phone: string | null;
      language: Language;
      active: boolean;
      onDuty: boolean;
    }>,
  ): Promise<void> {
    await this.db
      .updateTable("users")
      .set({
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.role !== undefined ? { role: changes.role } : {}),
        ...(changes.orgUnitId !== undefined ? { org_unit_id: changes.orgUnitId } : {}),
        ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
        ...(changes.language !== undefined ? { language: changes.language } : {}),
        ...(changes.active !== undefined ? { active: changes.active } : {}),
        ...(changes.onDuty !== undefined ? { on_duty: changes.onDuty } : {}),
        updated_at: sql`now()`,
      })
      .where("id", "=", id)
      .execute();
  }

  async setPasswordHash(id: number, hash: string): Promise<void> {
    await this.db
      .updateTable("users")
      .set({ password_hash: hash, updated_at: sql`now()` })
      .where("id", "=", id)
      .execute();
  }

  async recordLogin(id: number, at: Date): Promise<void> {
    await this.db.updateTable("users").set({ last_login_at: at }).where("id", "=", id).execute();
  }

  async analyze(): Promise<void> {
    await sql`analyze users`.execute(this.db);
  }

  async existingLogins(logins: string[]): Promise<Set<string>> {
    if (logins.length === 0) return new Set();
    const rows = await this.db.selectFrom("users").select("login").where("login", "in", logins).execute();
    return new Set(rows.map((r) => r.login));
  }

  /** Upserts a batch by login; a row is rewritten only when a value differs. */
  async upsertBatch(
    rows: UserUpsertRow[],
  ): Promise<{ inserted: number; updated: number; unchanged: number }> {
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const returned = await this.db
      .insertInto("users")
      .values(
        rows.map((r) => ({
          login: r.login,
          name: r.name,
          role: r.role,
          org_unit_id: r.orgUnitId,
          phone: r.phone,
          language: r.language,
          active: r.active,
          password_hash: r.passwordHash,
        })),
      )
      .onConflict((oc) =>
        oc
          .column("login")
          .doUpdateSet({
            name: sql`excluded.name`,
            role: sql`excluded.role`,
            org_unit_id: sql`excluded.org_unit_id`,
            phone: sql`excluded.phone`,
            language: sql`excluded.language`,
            active: sql`excluded.active`,
            updated_at: sql`now()`,
          })
          .where(
            sql<boolean>`(users.name, users.role, users.org_unit_id, users.phone, users.language, users.active) is distinct from (excluded.name, excluded.role, excluded.org_unit_id, excluded.phone, excluded.language, excluded.active)`,
          ),
      )
      .returning(sql<boolean>`(xmax = 0)`.as("inserted"))
      .execute();
    const inserted = returned.filter((r) => r.inserted).length;
    return { inserted, updated: returned.length - inserted, unchanged: rows.length - returned.length };
  }

  /** Records what was done to an account and by whom (the audit of unlocks). */
  async addEvent(e: {
    userId: number;
    kind: "unlocked";
    byUserId: number | null;
    byName: string;
    detail: Record<string, unknown>;
    at: Date;
  }): Promise<void> {
    await this.db
      .insertInto("user_events")
      .values({
        user_id: e.userId,
        kind: e.kind,
        by_user_id: e.byUserId,
        by_name: e.byName,
        detail: JSON.stringify(e.detail),
        at: e.at,
      })
      .execute();
  }

  /** An account's events, newest first. */
  events(userId: number, limit = 100) {
    return this.db
      .selectFrom("user_events")
      .select(["id", "kind", "by_name", "detail", "at"])
      .where("user_id", "=", userId)
      .orderBy("at", "desc")
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
  }
}
