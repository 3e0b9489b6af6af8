import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../db/schema.ts";

/** The figures a closed callback adds to its DC's month (migration 20261208090000). */
export const CALLBACK_MEASURES = [
  "closed",
  "confirmed",
  "not_fixed",
  "not_confirmed",
  "cancelled",
  "time_sum",
  "time_n",
  "overall_sum",
  "overall_n",
] as const;
const measures = (prefix: string) => sql.raw(CALLBACK_MEASURES.map((m) => `${prefix}${m}`).join(", "));
const sums = (prefix: string) =>
  sql.raw(CALLBACK_MEASURES.map((m) => `sum(${prefix}${m}) as ${m}`).join(", "));

/**
 * Callbacks closed in [from, to) (instants at the start of months in
 * `timeZone`), as rows of (month 'YYYY-MM', dc_id, closed, confirmed,
 * not_fixed, not_confirmed, cancelled, time_sum, time_n, overall_sum,
 * overall_n): the monthly rollup plus the deltas not folded yet, not summed
 * (a DC's month may appear more than once). What the service dashboard and
 * the survey scorecards read instead of a year of callbacks.
 */
export function callbackMonths(from: Date, to: Date, timeZone: string): RawBuilder<unknown> {
  const month = (d: Date) =>
    sql`date_trunc('month', (${d}::timestamptz at time zone ${timeZone})::date)::date`;
  return sql`
    select to_char(m.month, 'YYYY-MM') as month, m.dc_id, ${measures("m.")}
    from callback_rollup_monthly m where m.month >= ${month(from)} and m.month < ${month(to)}
    union all
    select to_char(d.at at time zone ${timeZone}, 'YYYY-MM'), d.dc_id, ${measures("d.")}
    from callback_rollup_deltas d where d.at >= ${from} and d.at < ${to}`;
}

/** Folding and rebuilding the callback rollups. */
export class CallbackRollupsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Folds up to `limit` deltas, oldest first, into the monthly rollup with
   * months cut in `timeZone`; one statement, skipping rows another folder holds.
   */
  async fold(timeZone: string, limit = 50_000): Promise<number> {
    const r = await sql<{ folded: string | number }>`
      with batch as (
        delete from callback_rollup_deltas
        where id in (select id from callback_rollup_deltas order by id limit ${limit} for update skip locked)
        returning *
      ), monthly as (
        insert into callback_rollup_monthly as r (month, dc_id, ${measures("")})
        select date_trunc('month', (at at time zone ${timeZone})::date)::date, dc_id, ${sums("")}
        from batch group by 1, 2 order by 1, 2
        on conflict (month, dc_id) do update set
          ${sql.raw(CALLBACK_MEASURES.map((m) => `${m} = r.${m} + excluded.${m}`).join(", "))}
        returning 1
      )
      select (select count(*) from batch) as folded, (select count(*) from monthly) as m`.execute(this.db);
    return Number(r.rows[0]?.folded ?? 0);
  }

  /** Folds until no delta is left (the job, tests, benchmarks). */
  async foldAll(timeZone: string): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.fold(timeZone);
      total += n;
      if (n === 0) return total;
    }
  }

  /**
   * Recounts the monthly rollup from the callbacks in `timeZone` (after a
   * change of TZ, or to repair it), in one transaction that keeps callbacks
   * from changing meanwhile; readers see the old figures until it commits.
   */
  async rebuild(timeZone: string): Promise<{ callbacks: number; monthlyRows: number }> {
    return this.db.transaction().execute(async (tx) => {
      await sql`lock table callbacks in share mode`.execute(tx);
      await sql`delete from callback_rollup_deltas`.execute(tx);
      await sql`delete from callback_rollup_monthly`.execute(tx);
      const n = await sql<{ n: number }>`
        select count(*)::int as n from callbacks where closed_at is not null`.execute(tx);
      const rows = await sql`
        insert into callback_rollup_monthly (month, dc_id, ${measures("")})
        select date_trunc('month', (closed_at at time zone ${timeZone})::date)::date, dc_id, count(*),
          count(*) filter (where status = 'confirmed'), count(*) filter (where status = 'not_fixed'),
          count(*) filter (where status = 'not_confirmed'), count(*) filter (where status = 'cancelled'),
          coalesce(sum(time_rating), 0), count(time_rating), coalesce(sum(overall_rating), 0),
          count(overall_rating)
        from callbacks where closed_at is not null group by 1, 2`.execute(tx);
      return { callbacks: n.rows[0]?.n ?? 0, monthlyRows: Number(rows.numAffectedRows ?? 0) };
    });
  }
}
