import { sql } from "kysely";

// SQL the two feedback desks' repositories (callbacks, survey) share.

/**
 * Free for this agent: nobody holds it, the holder's minutes are over, or he
 * holds it himself. `prefix` is the table's alias with its dot ("b.", or "").
 */
export function leaseFree(prefix: string, now: Date, userId: number) {
  const until = sql.ref(`${prefix}lease_until`);
  return sql<boolean>`(${until} is null or ${until} < ${now} or ${sql.ref(`${prefix}lease_user_id`)} = ${userId})`;
}
