import { type Kysely, sql } from "kysely";
import { dcInJurisdiction } from "../../db/jurisdiction.ts";
import type { DB } from "../../db/schema.ts";
import type { Principal } from "../access/principal.ts";
import { RELIABILITY_LEVELS, type ReliabilityLevel } from "./outages.constants.ts";
import type { InterruptionTotals } from "./reliability.ts";

export { RELIABILITY_LEVELS, type ReliabilityLevel };

export interface ReliabilityUnit {
  id: number;
  code: string;
  name_en: string;
  name_hi: string;
}

export interface TotalsRow extends InterruptionTotals {
  unitId: number;
  month: string;
}

/** The sums behind SAIFI, SAIDI, CAIDI and MAIFI, straight from finished outages. */
export class ReliabilityRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Sums per area at one level and per month (yyyy-mm in the time zone) over
   * outages that started in [from, to) and are over: restored unplanned ones,
   * and completed planned ones when asked. Dismissed, merged (counted in the
   * outage they joined) and cancelled ones never count.
   */
  async totals(
    principal: Principal,
    level: ReliabilityLevel,
    q: {
      from: Date;
      to: Date;
      includePlanned: boolean;
      momentaryMinutes: number;
      timeZone: string;
      unitId?: number;
    },
  ): Promise<TotalsRow[]> {
    const unit = level === "feeder" ? sql`o.feeder_id` : level === "dc" ? sql`o.dc_id` : sql`a.id`;
    const ancestor =
      level === "feeder" || level === "dc"
        ? sql``
        : sql`join org_units a on a.kind = ${level} and o.dc_path like a.path || '%'`;
    const only = q.unitId === undefined ? sql`` : sql`and ${unit} = ${q.unitId}`;
    const m = q.momentaryMinutes;
    const r = await sql<{
      unit_id: number;
      month: string;
      interruptions: number;
      momentary: number;
      customer_interruptions: number;
      customer_minutes: number;
      momentary_customers: number;
    }>`
      with o as (
        select o.feeder_id, o.dc_id, dc.path as dc_path, o.affected_consumers as n,
               extract(epoch from (o.restored_at - o.started_at)) / 60.0 as minutes,
               to_char(o.started_at at time zone ${q.timeZone}, 'YYYY-MM') as month
        from outages o
        join org_units dc on dc.id = o.dc_id
        where o.started_at >= ${q.from} and o.started_at < ${q.to}
          and o.restored_at is not null
          and (o.status = 'restored' or (${q.includePlanned} and o.status = 'completed'))
          and ${dcInJurisdiction("o.dc_id", principal)}
      )
      select ${unit} as unit_id, o.month,
             count(*) filter (where o.minutes >= ${m})::int as interruptions,
             count(*) filter (where o.minutes < ${m})::int as momentary,
             coalesce(sum(o.n) filter (where o.minutes >= ${m}), 0)::float8 as customer_interruptions,
             coalesce(sum(o.n * o.minutes) filter (where o.minutes >= ${m}), 0)::float8 as customer_minutes,
             coalesce(sum(o.n) filter (where o.minutes < ${m}), 0)::float8 as momentary_customers
      from o ${ancestor}
      where ${unit} is not null ${only}
      group by 1, 2`.execute(this.db);
    return r.rows.map((x) => ({
      unitId: Number(x.unit_id),
      month: x.month,
      interruptions: Number(x.interruptions),
      momentary: Number(x.momentary),
      customerInterruptions: Number(x.customer_interruptions),
      customerMinutes: Number(x.customer_minutes),
      momentaryCustomers: Number(x.momentary_customers),
    }));
  }

  /** The areas at a level in the principal's jurisdiction, with the active consumers each serves now. */
  async units(
    principal: Principal,
    level: ReliabilityLevel,
  ): Promise<(ReliabilityUnit & { customers: number })[]> {
    if (level === "feeder") {
      const r = await sql<ReliabilityUnit & { customers: number }>`
        select f.id, f.code, f.name_en, f.name_hi, coalesce(n.customers, 0)::int as customers
        from feeders f
        left join (select feeder_id, count(*) as customers from consumers
                   where connection_status = 'active' and feeder_id is not null group by feeder_id) n
          on n.feeder_id = f.id
        where ${dcInJurisdiction("f.dc_id", principal)}`.execute(this.db);
      return r.rows.map((x) => ({ ...x, id: Number(x.id), customers: Number(x.customers) }));
    }
    const r = await sql<ReliabilityUnit & { customers: number }>`
      select a.id, a.code, a.name_en, a.name_hi, coalesce(sum(n.customers), 0)::int as customers
      from org_units a
      join org_units dc on dc.kind = 'dc' and dc.path like a.path || '%'
      left join (select dc_id, count(*) as customers from consumers
                 where connection_status = 'active' group by dc_id) n on n.dc_id = dc.id
      where a.kind = ${level} and a.path like ${`${principal.orgPath}%`}
      group by a.id, a.code, a.name_en, a.name_hi`.execute(this.db);
    return r.rows.map((x) => ({ ...x, id: Number(x.id), customers: Number(x.customers) }));
  }
}
