import { type Kysely, type RawBuilder, sql } from "kysely";
import { dcInJurisdiction, type Jurisdiction } from "../../db/jurisdiction.ts";
import type { DB, OrgKind } from "../../db/schema.ts";
import type { Principal } from "../access/principal.ts";
import { callbackMonths } from "../feedback/callback-rollups.repository.ts";

/** An org unit as the dashboard names it. */
export interface DashboardUnit {
  id: number;
  code: string;
  kind: OrgKind;
  name_en: string;
  name_hi: string;
  path: string;
}

/**
 * Where a figure is read: one unit (its path scopes every query, and lies in
 * the asker's jurisdiction) and its child units, the next level down, that
 * each row is attributed to (null: the unit's own rows under no child, e.g.
 * the central desk's conversations at the company).
 */
export interface DashboardScope {
  unit: DashboardUnit;
  childIds: readonly number[];
  /** Inclusive, [from, to) as instants; months are cut in `timeZone`. */
  from: Date;
  to: Date;
  timeZone: string;
}

export interface CallbackRow {
  month: string;
  child_id: number | null;
  closed: number;
  confirmed: number;
  not_fixed: number;
  not_confirmed: number;
  cancelled: number;
  time_sum: number;
  time_n: number;
  overall_sum: number;
  overall_n: number;
}

export interface SmsRow {
  month: string;
  child_id: number | null;
  /** '' outside the month the templates are asked for. */
  template: string;
  status: string;
  n: number;
}

export interface CoverageRow {
  child_id: number | null;
  consumers: number;
  verified: number;
  counted_at: Date | null;
}

export interface FirstResponseRow {
  month: string;
  /** A channel; '' per child unit over all channels; '*' the unit over all channels. */
  channel: string;
  child_id: number | null;
  conversations: number;
  answered: number;
  median_minutes: number | null;
  p90_minutes: number | null;
}

const num = (v: unknown) => Number(v ?? 0);
const idOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * The service dashboard's figures other than the survey's and the
 * reliability indices (read through their own services): callbacks, SMS from
 * their rollups, verified-mobile coverage and the inbox's first replies.
 * Every query is scoped by the unit's DCs (`dcInJurisdiction` of the unit,
 * which the service has checked lies in the asker's jurisdiction).
 */
export class ServiceDashboardRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** A unit by code in the principal's jurisdiction. */
  async unit(principal: Principal, code: string): Promise<DashboardUnit | undefined> {
    const r = await this.db
      .selectFrom("org_units")
      .select(["id", "code", "kind", "name_en", "name_hi", "path"])
      .where("code", "=", code)
      .where("path", "like", `${principal.orgPath}%`)
      .executeTakeFirst();
    return r ? { ...r, id: Number(r.id) } : undefined;
  }

  /** The units from the principal's own down to `unit`: the breadcrumb. */
  async trail(principal: Principal, unit: DashboardUnit): Promise<DashboardUnit[]> {
    const r = await sql<DashboardUnit>`
      select id, code, kind, name_en, name_hi, path from org_units
      where ${unit.path} like path || '%' and path like ${`${principal.orgPath}%`}
      order by length(path)`.execute(this.db);
    return r.rows.map((x) => ({ ...x, id: Number(x.id) }));
  }

  /** The units one level below, by code. */
  async children(unit: DashboardUnit): Promise<DashboardUnit[]> {
    const r = await this.db
      .selectFrom("org_units")
      .select(["id", "code", "kind", "name_en", "name_hi", "path"])
      .where("parent_id", "=", unit.id)
      .orderBy("code")
      .execute();
    return r.map((x) => ({ ...x, id: Number(x.id) }));
  }

  private jurisdiction(s: DashboardScope): Jurisdiction {
    return { orgKind: s.unit.kind, orgPath: s.unit.path };
  }

  /**
   * `dc_child (dc_id, child_id)`: the child unit each DC of the unit lies in,
   * from the paths once per query; joined left, so rows under no child keep
   * a null child_id.
   */
  private dcChild(s: DashboardScope): RawBuilder<unknown> {
    if (s.childIds.length === 0)
      return sql`dc_child as (select null::bigint as dc_id, null::bigint as child_id where false)`;
    return sql`dc_child as (
      select d.id as dc_id, ch.id as child_id
      from org_units ch join org_units d on d.kind = 'dc' and d.path like ch.path || '%'
      where ch.id = any(${sql.val([...s.childIds])}::bigint[]))`;
  }

  /**
   * Callbacks closed in [from, to) per month and child unit: outcomes and
   * ratings, from the callback rollup (migration 20261208090000) and its
   * deltas not folded yet.
   */
  async callbacks(s: DashboardScope): Promise<CallbackRow[]> {
    const r = await sql<CallbackRow>`
      with ${this.dcChild(s)}, g as (
        select u.* from (${callbackMonths(s.from, s.to, s.timeZone)}) u
        where ${dcInJurisdiction("u.dc_id", this.jurisdiction(s))}
      )
      select month, dcc.child_id,
        sum(closed)::int as closed, sum(confirmed)::int as confirmed, sum(not_fixed)::int as not_fixed,
        sum(not_confirmed)::int as not_confirmed, sum(cancelled)::int as cancelled,
        sum(time_sum)::int as time_sum, sum(time_n)::int as time_n,
        sum(overall_sum)::int as overall_sum, sum(overall_n)::int as overall_n
      from g left join dc_child dcc on dcc.dc_id = g.dc_id group by 1, 2
      having sum(closed) <> 0`.execute(this.db);
    return r.rows.map((x) => ({
      month: x.month,
      child_id: idOrNull(x.child_id),
      closed: num(x.closed),
      confirmed: num(x.confirmed),
      not_fixed: num(x.not_fixed),
      not_confirmed: num(x.not_confirmed),
      cancelled: num(x.cancelled),
      time_sum: num(x.time_sum),
      time_n: num(x.time_n),
      overall_sum: num(x.overall_sum),
      overall_n: num(x.overall_n),
    }));
  }

  /**
   * SMS queued in [from, to) per month, child unit and current status, from
   * the rollups (migration 20261207170200) plus the deltas not folded yet;
   * per template only in `templatesIn` (a month, YYYY-MM). Messages about no
   * DC count only at the company.
   */
  async sms(s: DashboardScope, templatesIn: string): Promise<SmsRow[]> {
    const tz = s.timeZone;
    const fromMonth = sql`date_trunc('month', (${s.from}::timestamptz at time zone ${tz})::date)::date`;
    const toMonth = sql`date_trunc('month', (${s.to}::timestamptz at time zone ${tz})::date)::date`;
    const r = await sql<SmsRow>`
      with ${this.dcChild(s)}, u as (
        select to_char(m.month, 'YYYY-MM') as month, m.dc_id, m.template, m.status, m.n
        from sms_rollup_monthly m where m.month >= ${fromMonth} and m.month < ${toMonth}
        union all
        select to_char(d.at at time zone ${tz}, 'YYYY-MM'), d.dc_id, d.template, d.status, d.n
        from sms_rollup_deltas d where d.at >= ${s.from} and d.at < ${s.to}
      ), g as (
        select u.month, u.dc_id, case when u.month = ${templatesIn} then u.template else '' end as template,
               u.status, sum(u.n) as n
        from u where ${dcInJurisdiction("u.dc_id", this.jurisdiction(s))}
        group by 1, 2, 3, 4
      )
      select month, dcc.child_id, template, status, sum(n)::bigint as n
      from g left join dc_child dcc on dcc.dc_id = g.dc_id group by 1, 2, 3, 4
      having sum(n) <> 0`.execute(this.db);
    return r.rows.map((x) => ({
      month: x.month,
      child_id: idOrNull(x.child_id),
      template: x.template,
      status: x.status,
      n: num(x.n),
    }));
  }

  /** Active consumers and those with a verified mobile, from the last count, per child unit. */
  async coverage(s: DashboardScope): Promise<CoverageRow[]> {
    const r = await sql<CoverageRow>`
      with ${this.dcChild(s)}
      select dcc.child_id, sum(m.consumers)::bigint as consumers,
             sum(m.verified)::bigint as verified, min(m.counted_at) as counted_at
      from mobile_coverage m left join dc_child dcc on dcc.dc_id = m.dc_id
      where ${dcInJurisdiction("m.dc_id", this.jurisdiction(s))}
      group by 1`.execute(this.db);
    return r.rows.map((x) => ({
      child_id: idOrNull(x.child_id),
      consumers: num(x.consumers),
      verified: num(x.verified),
      counted_at: x.counted_at,
    }));
  }

  /**
   * First-response time of conversations opened in [from, to), in minutes:
   * median and 90th percentile per month: per channel over the unit, per
   * child unit over all channels, and the unit over all channels. Read through
   * conversations_opened_idx (opened_at, including channel, DC and first reply).
   */
  async firstResponse(s: DashboardScope): Promise<FirstResponseRow[]> {
    const tz = s.timeZone;
    const base = sql`
      select to_char(c.opened_at at time zone ${tz}, 'YYYY-MM') as month, c.channel, c.dc_id,
             extract(epoch from (c.first_responded_at - c.opened_at)) / 60.0 as minutes
      from conversations c
      where c.opened_at >= ${s.from} and c.opened_at < ${s.to}
        and ${dcInJurisdiction("c.dc_id", this.jurisdiction(s))}`;
    const figures = sql`count(*)::int as conversations, count(minutes)::int as answered,
      percentile_cont(0.5) within group (order by minutes) as median_minutes,
      percentile_cont(0.9) within group (order by minutes) as p90_minutes`;
    const r = await sql<FirstResponseRow>`
      with ${this.dcChild(s)}, c as (${base})
      select month, channel, null::bigint as child_id, ${figures} from c group by month, channel
      union all
      select month, case when grouping(child_id) = 1 then '*' else '' end as channel, child_id, ${figures}
      from (select c.*, dcc.child_id from c left join dc_child dcc on dcc.dc_id = c.dc_id) x
      group by grouping sets ((month, child_id), (month))`.execute(this.db);
    return r.rows.map((x) => ({
      month: x.month,
      channel: x.channel,
      child_id: idOrNull(x.child_id),
      conversations: num(x.conversations),
      answered: num(x.answered),
      median_minutes: x.median_minutes === null ? null : Number(x.median_minutes),
      p90_minutes: x.p90_minutes === null ? null : Number(x.p90_minutes),
    }));
  }

  /**
   * Folds up to `limit` SMS deltas, oldest first, into the daily and monthly
   * rollups in `timeZone`; one statement, skipping rows another folder holds.
   */
  async foldSms(timeZone: string, limit = 50_000): Promise<number> {
    const r = await sql<{ folded: string | number }>`
      with batch as (
        delete from sms_rollup_deltas
        where id in (select id from sms_rollup_deltas order by id limit ${limit} for update skip locked)
        returning at, dc_id, template, status, n
      ), days as (
        select (at at time zone ${timeZone})::date as day, dc_id, template, status, sum(n) as n
        from batch group by 1, 2, 3, 4
      ), daily as (
        insert into sms_rollup_daily as r (day, dc_id, template, status, n)
        select * from days order by 1, 2, 3, 4
        on conflict (day, dc_id, template, status) do update set n = r.n + excluded.n
        returning 1
      ), monthly as (
        insert into sms_rollup_monthly as r (month, dc_id, template, status, n)
        select date_trunc('month', day)::date, dc_id, template, status, sum(n)
        from days group by 1, 2, 3, 4 order by 1, 2, 3, 4
        on conflict (month, dc_id, template, status) do update set n = r.n + excluded.n
        returning 1
      )
      select (select count(*) from batch) as folded, (select count(*) from daily) as d,
             (select count(*) from monthly) as m`.execute(this.db);
    return Number(r.rows[0]?.folded ?? 0);
  }

  /** Folds until no SMS delta is left (the job, tests, benchmarks). */
  async foldAllSms(timeZone: string): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.foldSms(timeZone);
      total += n;
      if (n === 0) return total;
    }
  }
}
