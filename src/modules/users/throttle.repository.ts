import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/schema.ts";

/** How many attempts a key may make, and how long it waits when it has made them. */
export interface ThrottleRule {
  windowMs: number;
  /** Attempts allowed in the window; the next one is refused and locks the key. */
  limit: number;
  /** How long the first lock lasts; each further lock in a row doubles it... */
  lockMs: number;
  /** ...up to this (default lockMs: no back-off). */
  maxLockMs?: number;
  /** A key whose last lock ended this long ago starts its back-off afresh (default 24 h). */
  forgetLocksAfterMs?: number;
}

export interface ThrottleAttempt {
  /** False: refused without checking anything; the key is locked until lockedUntil. */
  allowed: boolean;
  /** This attempt's number in the window (when allowed). */
  count: number;
  lockedUntil?: Date;
}

interface ThrottleRow {
  failures: number;
  locked_until: Date | string | null;
}

/**
 * Attempt counters shared by every process (sign-in, public tracking, one-use
 * links, OTP): a key is a string such as `login:ramesh` or `track:1.2.3.4`.
 * An attempt is counted before what it tries is checked, in one statement,
 * so a burst of parallel guesses gets at most `limit` of them checked.
 */
export class ThrottleRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Counts one attempt for key and says whether it may go ahead. The attempt
   * past the limit is refused and locks the key for lockMs × 2^(locks in a
   * row), at most maxLockMs; attempts while locked are refused and not counted.
   */
  async attempt(key: string, now: Date, rule: ThrottleRule): Promise<ThrottleAttempt> {
    const windowStart = new Date(now.getTime() - rule.windowMs);
    const forgetBefore = new Date(now.getTime() - (rule.forgetLocksAfterMs ?? 24 * 3600_000));
    const maxLockMs = Math.max(rule.lockMs, rule.maxLockMs ?? rule.lockMs);
    // locked: a lock is running; over: this attempt is the one past the limit.
    const locked = sql`coalesce(t.locked_until > ${now}::timestamptz, false)`;
    const over = sql`(not ${locked} and t.window_started_at > ${windowStart}::timestamptz and t.failures >= ${rule.limit}::int)`;
    const streak = sql`(case when t.locked_until < ${forgetBefore}::timestamptz then 0 else t.lock_count end)`;
    const result = await sql<ThrottleRow>`
      insert into login_throttle as t (key, failures, window_started_at, locked_until, lock_count)
      values (${key}, 1, ${now}::timestamptz, null, 0)
      on conflict (key) do update set
        failures = case
          when ${locked} then t.failures
          when ${over} then 0
          when t.window_started_at <= ${windowStart}::timestamptz then 1
          else t.failures + 1 end,
        window_started_at = case
          when ${over} or (not ${locked} and t.window_started_at <= ${windowStart}::timestamptz) then ${now}::timestamptz
          else t.window_started_at end,
        locked_until = case
          when ${over} then ${now}::timestamptz
            + least(${rule.lockMs}::float8 * power(2, ${streak}), ${maxLockMs}::float8) * interval '1 millisecond'
          else t.locked_until end,
        lock_count = case when ${over} then ${streak} + 1 else t.lock_count end
      returning failures, locked_until`.execute(this.db);
    const row = result.rows[0] as ThrottleRow;
    const until = row.locked_until === null ? undefined : new Date(row.locked_until);
    if (until && until.getTime() > now.getTime())
      return { allowed: false, count: row.failures, lockedUntil: until };
    return { allowed: true, count: row.failures };
  }

  /** Gives back one attempt that proved right (a good guess is not a failure); a running lock stays. */
  async refund(key: string, now: Date): Promise<void> {
    await this.db
      .updateTable("login_throttle")
      .set({ failures: sql`greatest(failures - 1, 0)` })
      .where("key", "=", key)
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
      .execute();
  }

  /** When the latest running lock of these keys ends, if any (without counting an attempt). */
  async lockedUntil(keys: string[], now: Date): Promise<Date | undefined> {
    if (keys.length === 0) return undefined;
    const row = await this.db
      .selectFrom("login_throttle")
      .select((eb) => eb.fn.max("locked_until").as("until"))
      .where("key", "in", keys)
      .where("locked_until", ">", now)
      .executeTakeFirst();
    return row?.until ? new Date(row.until) : undefined;
  }

  /** Forgets a key: its count, its lock and its back-off (a right password, an admin's unlock). */
  async reset(key: string): Promise<void> {
    await this.db.deleteFrom("login_throttle").where("key", "=", key).execute();
  }

  /** Forgets a login's keys: the login's own and every (login, address) pair. */
  async resetLogin(login: string): Promise<number> {
    const pairs = `login-addr:${login.replace(/[\\%_]/g, (c) => `\\${c}`)}|%`;
    const r = await this.db
      .deleteFrom("login_throttle")
      .where((eb) => eb.or([eb("key", "=", `login:${login}`), eb("key", "like", pairs)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** The locks running on a login (its own, or from any address), latest end first. */
  async loginLocks(login: string, now: Date): Promise<{ key: string; lockedUntil: Date }[]> {
    const pairs = `login-addr:${login.replace(/[\\%_]/g, (c) => `\\${c}`)}|%`;
    const rows = await this.db
      .selectFrom("login_throttle")
      .select(["key", "locked_until"])
      .where((eb) => eb.or([eb("key", "=", `login:${login}`), eb("key", "like", pairs)]))
      .where("locked_until", ">", now)
      .orderBy("locked_until", "desc")
      .execute();
    return rows.map((r) => ({ key: r.key, lockedUntil: new Date(r.locked_until as Date) }));
  }

  /** Deletes rows with no running lock whose window and back-off memory are over (the sweep job). */
  async sweep(olderThan: Date): Promise<number> {
    const r = await this.db
      .deleteFrom("login_throttle")
      .where("window_started_at", "<", olderThan)
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", olderThan)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Logins with a running sign-in lock (their own or from some address), with the latest end of each. */
  async lockedLogins(now: Date): Promise<Map<string, Date>> {
    const rows = await this.db
      .selectFrom("login_throttle")
      .select(["key", "locked_until"])
      .where((eb) => eb.or([eb("key", "like", "login:%"), eb("key", "like", "login-addr:%")]))
      .where("locked_until", ">", now)
      .execute();
    const out = new Map<string, Date>();
    for (const r of rows) {
      const login = r.key.startsWith("login:")
        ? r.key.slice("login:".length)
        : r.key.slice("login-addr:".length, r.key.lastIndexOf("|"));
      const until = new Date(r.locked_until as Date);
      if (!out.has(login) || (out.get(login) as Date) < until) out.set(login, until);
    }
    return out;
  }
}
