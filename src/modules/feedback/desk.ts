import { sql } from "kysely";
import { AppError, badRequest } from "../../lib/errors.ts";

// Rules the two feedback desks (callbacks after resolution, the monthly
// survey's calls) share: who may take a call now, and what a rating is.

/**
 * Free for this agent: nobody holds it, the holder's minutes are over, or he
 * holds it himself. `prefix` is the table's alias with its dot ("b.", or "").
 */
export function leaseFree(prefix: string, now: Date, userId: number) {
  const until = sql.ref(`${prefix}lease_until`);
  return sql<boolean>`(${until} is null or ${until} < ${now} or ${sql.ref(`${prefix}lease_user_id`)} = ${userId})`;
}

/** A whole number from 1 to 5, or nothing. */
export function rating(value: number | undefined, field: string): number | null {
  if (value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > 5)
    throw badRequest(`${field} is a whole number from 1 to 5`, field);
  return value;
}

/** Another agent opened it and his few minutes are not over. */
export function heldByAnother(
  row: { lease_user_id: number | null; lease_until: Date | null },
  userId: number,
  now: Date,
): boolean {
  return (
    row.lease_user_id !== null &&
    Number(row.lease_user_id) !== userId &&
    row.lease_until !== null &&
    row.lease_until > now
  );
}

/**
 * The CTI hook: asks the call centre's dialler (a softphone or a predictive
 * dialler at CTI_URL) to place a call for the agent. 404 when none is
 * configured, 502 when it does not answer or refuses: the agent dials by hand.
 */
export async function placeCall(ctiUrl: string | undefined, call: Record<string, unknown>): Promise<void> {
  if (!ctiUrl) throw new AppError(404, "not_found", "no dialler is configured (CTI_URL)");
  let res: Response;
  try {
    res = await fetch(ctiUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(call),
      signal: AbortSignal.timeout(5000),
    });
  } catch {
    throw new AppError(502, "dialler_unreachable", "the dialler did not answer; dial the number by hand");
  }
  if (!res.ok)
    throw new AppError(502, "dialler_refused", `the dialler refused the call (${res.status}); dial by hand`);
}
