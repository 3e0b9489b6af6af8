import { type Kysely, sql } from "kysely";
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

export class ThrottleRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async lockedUntil(keys: string[], now: Date): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom("login_throttle")
      .select((eb) => eb.fn.max("locked_until").as("until"))
      .where("key", "in", keys)
      .where("locked_until", ">", now)
      .executeTakeFirst();
    return row?.until ? new Date(row.until) : undefined;
  }

  /**
   * Counts one failure for key inside a sliding window; once `limit` is reached
   * the key is locked for `lockMs`. Returns the lock end, if any.
   */
  async recordFailure(
    key: string,
    now: Date,
    windowMs: number,
    limit: number,
    lockMs: number,
  ): Promise<Date | undefined> {
    const windowStart = new Date(now.getTime() - windowMs);
    const lockEnd = new Date(now.getTime() + lockMs);
    const row = await this.db
      .insertInto("login_throttle")
      .values({ key, failures: 1, window_started_at: now, locked_until: null })
      .onConflict((oc) =>
        oc.column("key").doUpdateSet({
          failures: sql`case when login_throttle.window_started_at < ${windowStart} then 1 else login_throttle.failures + 1 end`,
          window_started_at: sql`case when login_throttle.window_started_at < ${windowStart} then ${now}::timestamptz else login_throttle.window_started_at end`,
        }),
      )
      .returning(["failures"])
      .executeTakeFirstOrThrow();
    if (row.failures >= limit) {
      await this.db
        .updateTable("login_throttle")
        .set({ locked_until: lockEnd, failures: 0, window_started_at: now })
        .where("key", "=", key)
        .execute();
      return lockEnd;
    }
    return undefined;
  }

  async reset(key: string): Promise<void> {
    await this.db.deleteFrom("login_throttle").where("key", "=", key).execute();
  }
}
