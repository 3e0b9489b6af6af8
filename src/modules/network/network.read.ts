import type { Kysely } from "kysely";
import { sql } from "kysely";
import { dcInJurisdiction } from "../../db/jurisdiction.ts";
import type { DB } from "../../db/schema.ts";
import { forbidden, notFound } from "../../lib/errors.ts";
import { can, type Principal } from "../users/principal.ts";

export interface FeederSummary {
  code: string;
  name_en: string;
  name_hi: string;
  dc_code: string;
  dts: number;
  consumers: number;
}

export interface DtDetail {
  code: string;
  name_en: string;
  name_hi: string;
  consumers: number;
  /** Up to `sample` consumers of the DT with their meter numbers (pickers, the storm simulator). */
  sample: { consumer_no: string; meter_no: string | null }[];
}

/**
 * The network as pickers and the storm simulator read it: feeders in a
 * jurisdiction by code or name, and one feeder's DTs with a few of their
 * consumers and meters.
 */
export class NetworkReader {
  constructor(private readonly db: Kysely<DB>) {}

  async feeders(principal: Principal, q: string, limit: number): Promise<FeederSummary[]> {
    if (!can(principal, "outages.read") && !can(principal, "consumers.read")) throw forbidden();
    const like = `%${q.trim().replaceAll("\\", "\\\\").replaceAll("%", "\\%").replaceAll("_", "\\_")}%`;
    const r = await sql<FeederSummary>`
      select f.code, f.name_en, f.name_hi, u.code as dc_code,
             (select count(*)::int from dts d where d.feeder_id = f.id) as dts,
             (select count(*)::int from consumers c where c.feeder_id = f.id and c.connection_status = 'active') as consumers
      from feeders f join org_units u on u.id = f.dc_id
      where ${dcInJurisdiction("f.dc_id", principal)}
        and (${q.trim() === ""} or f.code ilike ${like} or f.name_en ilike ${like} or f.name_hi ilike ${like})
      order by f.code
      limit ${limit}`.execute(this.db);
    return r.rows;
  }

  async feeder(principal: Principal, code: string, sample: number) {
    if (!can(principal, "outages.read") && !can(principal, "consumers.read")) throw forbidden();
    const f = await this.db
      .selectFrom("feeders as f")
      .innerJoin("org_units as u", "u.id", "f.dc_id")
      .select(["f.id", "f.code", "f.name_en", "f.name_hi", "u.code as dc_code"])
      .where("f.code", "=", code.trim().toUpperCase())
      .where(dcInJurisdiction("f.dc_id", principal))
      .executeTakeFirst();
    if (!f) throw notFound("feeder");
    const showConsumers = can(principal, "consumers.read");
    const dts = await sql<DtDetail>`
      select d.code, d.name_en, d.name_hi,
             (select count(*)::int from consumers c where c.dt_id = d.id and c.connection_status = 'active') as consumers,
             coalesce((select json_agg(json_build_object('consumer_no', s.consumer_no, 'meter_no', s.meter_no))
                       from (select c.consumer_no, c.meter_no from consumers c
                             where c.dt_id = d.id and c.connection_status = 'active'
                             order by c.id limit ${showConsumers ? sample : 0}) s), '[]'::json) as sample
      from dts d where d.feeder_id = ${f.id}
      order by d.code`.execute(this.db);
    return { feeder: f, dts: dts.rows };
  }
}
