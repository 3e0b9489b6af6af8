import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../db/schema.ts";

/** The counters kept per day (or month) × DC × category × channel × area type. */
export const ROLLUP_MEASURES = [
  "received",
  "st_registered",
  "st_assigned",
  "st_attended",
  "st_waiting",
  "st_resolved",
  "st_closed",
  "st_invalid",
  "st_duplicate",
  "repeats",
  "reopened",
  "resolved",
  "resolved_late",
  "resolve_minutes",
  "h0",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "h7",
  "h8",
  "h9",
  "h10",
  "h11",
  "h12",
  "breached",
] as const;
export type RollupMeasure = (typeof ROLLUP_MEASURES)[number];
export type RollupCounts = Record<RollupMeasure, number>;

/** Upper bounds of the resolution-time histogram's buckets h0..h11, in minutes; h12 is anything longer. */
export const HISTOGRAM_BOUNDS_MINUTES = [
  60, 120, 240, 360, 720, 1440, 2880, 4320, 7200, 10080, 14400, 21600,
] as const;

/** What a rollup row may be grouped by. */
export const ROLLUP_DIMENSIONS = ["period", "dc_id", "category_code", "channel", "area_type"] as const;
export type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];

export interface RollupQuery {
  grain: "day" | "month";
  /** First day (or month's first day) counted, YYYY-MM-DD, inclusive. */
  from: string;
  /** Last day (or month's first day) counted, YYYY-MM-DD, inclusive. */
  to: string;
  /** Only these DCs (the caller resolves a unit and the principal's jurisdiction to DCs); undefined: all. */
  dcIds?: readonly number[] | undefined;
  categories?: readonly string[] | undefined;
  channels?: readonly string[] | undefined;
  areaTypes?: readonly string[] | undefined;
  groupBy: readonly RollupDimension[];
}

export type RollupRow = RollupCounts & {
  /** YYYY-MM-DD of the day or of the month's first day, when grouped by period. */
  period?: string;
  dc_id?: number;
  category_code?: string;
  channel?: string;
  area_type?: string;
};

const sumList = (prefix: string) =>
  sql.raw(ROLLUP_MEASURES.map((m) => `sum(${prefix}${m})::bigint as ${m}`).join(", "));
const plainList = sql.raw(ROLLUP_MEASURES.join(", "));
const upsertSet = (table: string) =>
  sql.raw(ROLLUP_MEASURES.map((m) => `${m} = ${table}.${m} + excluded.${m}`).join(", "));

/**
 * The complaint rollups (migration 20261207090000): folding the deltas the
 * complaints' trigger writes, and reading counts. Counts are not scoped here:
 * callers pass the DCs a principal may see (`dcIds`).
 */
export class RollupsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Folds up to `limit` deltas, oldest first, into the daily and monthly
   * rollups, turning moments into days in `timeZone`; one statement, so a
   * crash folds all of a batch or none. Two folders at once: the second
   * finds the rows locked and skips them. Returns how many were folded.
   */
  async fold(timeZone: string, limit = 50_000): Promise<number> {
    const r = await sql<{ folded: string | number }>`
      with batch as (
        delete from complaint_rollup_deltas
        where id in (select id from complaint_rollup_deltas order by id limit ${limit} for update skip locked)
        returning *
      ), days as (
        select (at at time zone ${timeZone})::date as day, dc_id, category_code, channel, area_type, ${sumList("")}
        from batch group by 1, 2, 3, 4, 5
      ), daily as (
        insert into complaint_rollup_daily as r (day, dc_id, category_code, channel, area_type, ${plainList})
        select * from days order by 1, 2, 3, 4, 5
        on conflict (day, dc_id, category_code, channel, area_type) do update set ${upsertSet("r")}
        returning 1
      ), monthly as (
        insert into complaint_rollup_monthly as r (month, dc_id, category_code, channel, area_type, ${plainList})
        select date_trunc('month', day)::date, dc_id, category_code, channel, area_type, ${sumList("")}
        from days group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
        on conflict (month, dc_id, category_code, channel, area_type) do update set ${upsertSet("r")}
        returning 1
      )
      select (select count(*) from batch) as folded, (select count(*) from daily) as d, (select count(*) from monthly) as m
    `.execute(this.db);
    return Number(r.rows[0]?.folded ?? 0);
  }

  /** Folds until no delta is left (tests, benchmarks, the CLI). */
  async foldAll(timeZone: string): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.fold(timeZone);
      total += n;
      if (n === 0) return total;
    }
  }

  /**
   * Counts summed over the filter, grouped as asked: the rollup's rows plus
   * the deltas not folded yet, so a figure is exact the moment a complaint
   * changes.
   */
  async counts(q: RollupQuery, timeZone: string): Promise<RollupRow[]> {
    const table = q.grain === "day" ? "complaint_rollup_daily" : "complaint_rollup_monthly";
    const periodCol = q.grain === "day" ? "day" : "month";
    const deltaPeriod =
      q.grain === "day"
        ? sql`(d.at at time zone ${timeZone})::date`
        : sql`date_trunc('month', (d.at at time zone ${timeZone})::date)::date`;
    const filters = (alias: string, period: RawBuilder<unknown>) => {
      const parts: RawBuilder<unknown>[] = [
        sql`${period} >= ${q.from}::date`,
        sql`${period} <= ${q.to}::date`,
      ];
      const col = (c: string) => sql.ref(`${alias}.${c}`);
      if (q.dcIds)
        parts.push(
          q.dcIds.length ? sql`${col("dc_id")} = any(${sql.val([...q.dcIds])}::bigint[])` : sql`false`,
        );
      if (q.categories) parts.push(sql`${col("category_code")} = any(${sql.val([...q.categories])}::text[])`);
      if (q.channels) parts.push(sql`${col("channel")} = any(${sql.val([...q.channels])}::text[])`);
      if (q.areaTypes) parts.push(sql`${col("area_type")} = any(${sql.val([...q.areaTypes])}::text[])`);
      return sql.join(parts, sql` and `);
    };
    const dims = q.groupBy.filter((d) => d !== "period");
    const byPeriod = q.groupBy.includes("period");
    const rolledSelect = sql.join(
      [
        ...(byPeriod ? [sql`r.${sql.raw(periodCol)} as period`] : []),
        ...dims.map((d) => sql`r.${sql.raw(d)} as ${sql.raw(d)}`),
        sql.raw(ROLLUP_MEASURES.map((m) => `r.${m}`).join(", ")),
      ],
      sql`, `,
    );
    const deltaSelect = sql.join(
      [
        ...(byPeriod ? [sql`${deltaPeriod} as period`] : []),
        ...dims.map((d) => sql`d.${sql.raw(d)} as ${sql.raw(d)}`),
        sql.raw(ROLLUP_MEASURES.map((m) => `d.${m}`).join(", ")),
      ],
      sql`, `,
    );
    const keys = [...(byPeriod ? ["period"] : []), ...dims];
    const groupBy = keys.length ? sql`group by ${sql.raw(keys.join(", "))}` : sql``;
    const orderBy = keys.length ? sql`order by ${sql.raw(keys.join(", "))}` : sql``;
    const r = await sql<Record<string, unknown>>`
      select ${sql.raw(keys.map((k) => `${k}, `).join(""))}${sumList("")}
      from (
        select ${rolledSelect} from ${sql.table(table)} r where ${filters("r", sql.ref(`r.${periodCol}`))}
        union all
        select ${deltaSelect} from complaint_rollup_deltas d where ${filters("d", deltaPeriod)}
      ) u
      ${groupBy} ${orderBy}
    `.execute(this.db);
    return r.rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const m of ROLLUP_MEASURES) out[m] = Number(row[m] ?? 0);
      if (byPeriod) out.period = periodText(row.period);
      for (const d of dims) out[d] = d === "dc_id" ? Number(row[d]) : row[d];
      return out as RollupRow;
    });
  }

  /** How many deltas wait to be folded (health, and the benchmarks). */
  async pending(): Promise<number> {
    const r = await sql<{ n: string | number }>`select count(*) as n from complaint_rollup_deltas`.execute(
      this.db,
    );
    return Number(r.rows[0]?.n ?? 0);
  }
}

function periodText(v: unknown): string {
  if (v instanceof Date) {
    const y = v.getFullYear();
    const m = String(v.getMonth() + 1).padStart(2, "0");
    const d = String(v.getDate()).padStart(2, "0");
    return `${y}-${m}-${d}`;
  }
  return String(v).slice(0, 10);
}
