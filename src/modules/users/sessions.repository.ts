import type { Kysely } from "kysely";
import type { DB } from "../../db/schema.ts";
import type { UserWithOrg } from "./users.repository.ts";

export interface SessionWithUser {
  sessionId: string;
  lastSeenAt: Date;
  expiresAt: Date;
  createdAt: Date;
  user: UserWithOrg;
}

export class SessionsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async create(id: string, userId: number, now: Date, expiresAt: Date): Promise<void> {
    await this.db
      .insertInto("sessions")
      .values({ id, user_id: userId, created_at: now, last_seen_at: now, expires_at: expiresAt })
      .execute();
  }

  async findValid(id: string, now: Date): Promise<SessionWithUser | undefined> {
    const row = await this.db
      .selectFrom("sessions as s")
      .innerJoin("users as u", "u.id", "s.user_id")
      .innerJoin("org_units as o", "o.id", "u.org_unit_id")
      .selectAll("u")
      .select([
        "s.id as session_id",
        "s.last_seen_at as session_last_seen_at",
        "s.expires_at as session_expires_at",
        "s.created_at as session_created_at",
        "o.code as org_code",
        "o.kind as org_kind",
        "o.path as org_path",
        "o.name_en as org_name_en",
        "o.name_hi as org_name_hi",
      ])
      .where("s.id", "=", id)
      .where("s.expires_at", ">", now)
      .where("u.active", "=", true)
      .executeTakeFirst();
    if (!row) return undefined;
    const { session_id, session_last_seen_at, session_expires_at, session_created_at, ...user } = row;
    return {
      sessionId: session_id,
      lastSeenAt: session_last_seen_at,
      expiresAt: session_expires_at,
      createdAt: session_created_at,
      user,
    };
  }

  async touch(id: string, now: Date, expiresAt: Date): Promise<void> {
    await this.db
      .updateTable("sessions")
      .set({ last_seen_at: now, expires_at: expiresAt })
      .where("id", "=", id)
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("id", "=", id).execute();
  }

  async deleteForUser(userId: number, exceptId?: string): Promise<void> {
    let q = this.db.deleteFrom("sessions").where("user_id", "=", userId);
    if (exceptId) q = q.where("id", "!=", exceptId);
    await q.execute();
  }

  async deleteExpired(now: Date): Promise<number> {
    const r = await this.db.deleteFrom("sessions").where("expires_at", "<=", now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
