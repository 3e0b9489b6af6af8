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
export const ROLLUP_DIMENSIONS = [
  "period",
  "dc_id",
  "unit_id",
  "category_code",
  "channel",
  "area_type",
] as const;
export type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];

export interface RollupQuery {
  grain: "day" | "month";
  /** First day (or month's first day) counted, YYYY-MM-DD, inclusive. */
  from: string;
  /** Last day (or month's first day) counted, YYYY-MM-DD, inclusive. */
  to: string;
  /** Only these DCs (any set the caller resolved; grouping by dc_id is possible); undefined: all. */
  dcIds?: readonly number[] | undefined;
  /**
   * Instead of dcIds: these org units, of any level, each counted whole
   * (everything below it), read from the per-unit rollups; group by unit_id
   * for one row per unit (a unit's children side by side). Cheaper than
   * listing a big unit's DCs: prefer it for a unit and its children.
   */
  unitIds?: readonly number[] | undefined;
  categories?: readonly string[] | undefined;
  channels?: readonly string[] | undefined;
  areaTypes?: readonly string[] | undefined;
  groupBy: readonly RollupDimension[];
}

export type RollupRow = RollupCounts & {
  /** YYYY-MM-DD of the day or of the month's first day, when grouped by period. */
  period?: string;
  dc_id?: number;
  unit_id?: number;
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
      ), unit_days as (
        select a.unit_id, d.day, d.category_code, d.channel, d.area_type, ${sumList("d.")}
        from days d
        join (
          -- Each DC of the batch and the units above it (the codes in its path), worked out once per DC.
          select dc.id as dc_id, u.id as unit_id
          from org_units dc
          join org_units u on u.code = any(string_to_array(trim(both '/' from dc.path), '/')) and u.kind <> 'dc'
          where dc.id in (select distinct dc_id from days)
        ) a on a.dc_id = d.dc_id
        group by 1, 2, 3, 4, 5
      ), unit_daily as (
        insert into complaint_rollup_unit_daily as r (unit_id, day, category_code, channel, area_type, ${plainList})
        select * from unit_days order by 1, 2, 3, 4, 5
        on conflict (unit_id, day, category_code, channel, area_type) do update set ${upsertSet("r")}
        returning 1
      ), unit_monthly as (
        insert into complaint_rollup_unit_monthly as r (unit_id, month, category_code, channel, area_type, ${plainList})
        select unit_id, date_trunc('month', day)::date, category_code, channel, area_type, ${sumList("")}
        from unit_days group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
        on conflict (unit_id, month, category_code, channel, area_type) do update set ${upsertSet("r")}
        returning 1
      )
      select (select count(*) from batch) as folded, (select count(*) from daily) as d, (select count(*) from monthly) as m,
        (select count(*) from unit_daily) as ud, (select count(*) from unit_monthly) as um
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
    if (q.unitIds && q.dcIds) throw new Error("counts: dcIds or unitIds, not both");
    if (q.groupBy.includes("unit_id") && !q.unitIds)
      throw new Error("counts: grouping by unit_id needs unitIds");
    if (q.groupBy.includes("dc_id") && q.unitIds) throw new Error("counts: group units by unit_id");
    const grain =
      q.grain === "day"
        ? { base: "complaint_rollup_daily", unit: "complaint_rollup_unit_daily", col: "day" }
        : { base: "complaint_rollup_monthly", unit: "complaint_rollup_unit_monthly", col: "month" };
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
      if (q.categories) parts.push(sql`${col("category_code")} = any(${sql.val([...q.categories])}::text[])`);
      if (q.channels) parts.push(sql`${col("channel")} = any(${sql.val([...q.channels])}::text[])`);
      if (q.areaTypes) parts.push(sql`${col("area_type")} = any(${sql.val([...q.areaTypes])}::text[])`);
      return sql.join(parts, sql` and `);
    };
    const ids = (list: readonly number[]) => sql`any(${sql.val([...list])}::bigint[])`;
    const dims = q.groupBy.filter((d) => d !== "period");
    const byPeriod = q.groupBy.includes("period");
    // Each source row as (period?, dims…, measures): `unitCol` is what stands for unit_id / dc_id there.
    const select = (alias: string, period: RawBuilder<unknown>, unitCol: RawBuilder<unknown>) =>
      sql.join(
        [
          ...(byPeriod ? [sql`${period} as period`] : []),
          ...dims.map((d) =>
            d === "unit_id" || d === "dc_id"
              ? sql`${unitCol} as ${sql.raw(d)}`
              : sql`${sql.ref(`${alias}.${d}`)} as ${sql.raw(d)}`,
          ),
          sql.raw(ROLLUP_MEASURES.map((m) => `${alias}.${m}`).join(", ")),
        ],
        sql`, `,
      );
    const basePeriod = sql.ref(`r.${grain.col}`);
    const sources: RawBuilder<unknown>[] = [];
    if (q.unitIds) {
      const kinds = q.unitIds.length
        ? await this.db
            .selectFrom("org_units")
            .select(["id", "kind"])
            .where("id", "in", [...q.unitIds])
            .execute()
        : [];
      const dcs = kinds.filter((k) => k.kind === "dc").map((k) => Number(k.id));
      const upper = kinds.filter((k) => k.kind !== "dc").map((k) => Number(k.id));
      if (dcs.length) {
        sources.push(sql`select ${select("r", basePeriod, sql`r.dc_id`)} from ${sql.table(grain.base)} r
          where r.dc_id = ${ids(dcs)} and ${filters("r", basePeriod)}`);
        sources.push(sql`select ${select("d", deltaPeriod, sql`d.dc_id`)} from complaint_rollup_deltas d
          where d.dc_id = ${ids(dcs)} and ${filters("d", deltaPeriod)}`);
      }
      if (upper.length) {
        sources.push(sql`select ${select("r", basePeriod, sql`r.unit_id`)} from ${sql.table(grain.unit)} r
          where r.unit_id = ${ids(upper)} and ${filters("r", basePeriod)}`);
        sources.push(sql`select ${select("d", deltaPeriod, sql`a.unit_id`)} from complaint_rollup_deltas d
          join (
            select dc.id as dc_id, u.id as unit_id
            from org_units u
            join org_units dc on dc.kind = 'dc' and dc.path like u.path || '%'
            where u.id = ${ids(upper)}
          ) a on a.dc_id = d.dc_id
          where ${filters("d", deltaPeriod)}`);
      }
      if (!sources.length) return [];
    } else {
      const dcFilter = (alias: string) =>
        q.dcIds
          ? q.dcIds.length
            ? sql`${sql.ref(`${alias}.dc_id`)} = ${ids(q.dcIds)}`
            : sql`false`
          : sql`true`;
      sources.push(sql`select ${select("r", basePeriod, sql`r.dc_id`)} from ${sql.table(grain.base)} r
        where ${dcFilter("r")} and ${filters("r", basePeriod)}`);
      sources.push(sql`select ${select("d", deltaPeriod, sql`d.dc_id`)} from complaint_rollup_deltas d
        where ${dcFilter("d")} and ${filters("d", deltaPeriod)}`);
    }
    const keys = [...(byPeriod ? ["period"] : []), ...dims];
    const groupBy = keys.length ? sql`group by ${sql.raw(keys.join(", "))}` : sql``;
    const orderBy = keys.length ? sql`order by ${sql.raw(keys.join(", "))}` : sql``;
    const r = await sql<Record<string, unknown>>`
      select ${sql.raw(keys.map((k) => `${k}, `).join(""))}${sumList("")}
      from (${sql.join(sources, sql` union all `)}) u
      ${groupBy} ${orderBy}
    `.execute(this.db);
    return r.rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const m of ROLLUP_MEASURES) out[m] = Number(row[m] ?? 0);
      if (byPeriod) out.period = periodText(row.period);
      for (const d of dims) out[d] = d === "dc_id" || d === "unit_id" ? Number(row[d]) : row[d];
      return out as RollupRow;
    });
  }

  /**
   * Recomputes the rollups (per DC and per unit above it, daily and monthly)
   * from the complaints themselves, days taken in `timeZone`: after a change
   * of the DISCOM's time zone, a DC moved in the org tree, or to repair
   * counts. One transaction: it locks the complaints in share mode
   * (registrations and changes wait until it commits; readers do not), then
   * the deltas and the rollup tables in the order a fold takes them (so a
   * fold in progress finishes first and a new one waits, and neither
   * deadlocks with it), drops every delta (the complaints as they stand now
   * already include them) and writes the sums of complaint_rollup_parts, the
   * trigger's own definitions. `progress` hears each step.
   */
  async rebuild(
    timeZone: string,
    progress: (step: string) => void = () => {},
  ): Promise<{
    complaints: number;
    deltasCleared: number;
    dailyRows: number;
    monthlyRows: number;
    unitDailyRows: number;
    unitMonthlyRows: number;
  }> {
    return this.db.transaction().execute(async (tx) => {
      progress("waiting for complaint writers (lock complaints in share mode)");
      await sql`lock table complaints in share mode`.execute(tx);
      await sql`lock table complaint_rollup_deltas, complaint_rollup_daily, complaint_rollup_monthly,
        complaint_rollup_unit_daily, complaint_rollup_unit_monthly in exclusive mode`.execute(tx);
      const cleared = await sql`delete from complaint_rollup_deltas`.execute(tx);
      progress(`cleared ${Number(cleared.numAffectedRows ?? 0)} unfolded deltas`);
      for (const table of [
        "complaint_rollup_daily",
        "complaint_rollup_monthly",
        "complaint_rollup_unit_daily",
        "complaint_rollup_unit_monthly",
      ])
        await sql`delete from ${sql.table(table)}`.execute(tx);
      const counted = await sql<{ n: string | number }>`select count(*) as n from complaints`.execute(tx);
      progress(`counting ${Number(counted.rows[0]?.n ?? 0)} complaints by day in ${timeZone}`);
      const rows = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0);
      const daily = rows(
        await sql`
        insert into complaint_rollup_daily (day, dc_id, category_code, channel, area_type, ${plainList})
        select (p.at at time zone ${timeZone})::date, p.dc_id, p.category_code, p.channel, p.area_type, ${sumList("p.")}
        from complaints c, lateral complaint_rollup_parts(c) p
        group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`.execute(tx),
      );
      progress(`wrote ${daily} daily rows (by DC)`);
      const monthly = rows(
        await sql`
        insert into complaint_rollup_monthly (month, dc_id, category_code, channel, area_type, ${plainList})
        select date_trunc('month', day)::date, dc_id, category_code, channel, area_type, ${sumList("")}
        from complaint_rollup_daily
        group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`.execute(tx),
      );
      progress(`wrote ${monthly} monthly rows (by DC)`);
      // The units above each DC as the fold finds them (the codes in the DC's path).
      const unitDaily = rows(
        await sql`
        insert into complaint_rollup_unit_daily (unit_id, day, category_code, channel, area_type, ${plainList})
        select a.unit_id, r.day, r.category_code, r.channel, r.area_type, ${sumList("r.")}
        from complaint_rollup_daily r
        join (
          select dc.id as dc_id, u.id as unit_id
          from org_units dc
          join org_units u on u.code = any(string_to_array(trim(both '/' from dc.path), '/')) and u.kind <> 'dc'
          where dc.kind = 'dc'
        ) a on a.dc_id = r.dc_id
        group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`.execute(tx),
      );
      progress(`wrote ${unitDaily} daily rows (by unit above the DC)`);
      const unitMonthly = rows(
        await sql`
        insert into complaint_rollup_unit_monthly (unit_id, month, category_code, channel, area_type, ${plainList})
        select unit_id, date_trunc('month', day)::date, category_code, channel, area_type, ${sumList("")}
        from complaint_rollup_unit_daily
        group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`.execute(tx),
      );
      progress(`wrote ${unitMonthly} monthly rows (by unit above the DC)`);
      return {
        complaints: Number(counted.rows[0]?.n ?? 0),
        deltasCleared: Number(cleared.numAffectedRows ?? 0),
        dailyRows: daily,
        monthlyRows: monthly,
        unitDailyRows: unitDaily,
        unitMonthlyRows: unitMonthly,
      };
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
