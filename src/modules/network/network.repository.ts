import { type Kysely, sql } from "kysely";
import { dcInJurisdiction } from "../../db/jurisdiction.ts";
import type { DB } from "../../db/schema.ts";
import type { Principal } from "../access/principal.ts";

export interface SubstationEntry {
  id: number;
  dcId: number;
}
export interface FeederEntry {
  id: number;
  dcId: number;
  substationId: number;
}
export interface DtEntry {
  id: number;
  dcId: number;
  feederId: number;
}

export interface NetworkIndex {
  substations: Map<string, SubstationEntry>;
  feeders: Map<string, FeederEntry>;
  dts: Map<string, DtEntry>;
}

interface ElementRow {
  code: string;
  nameEn: string;
  nameHi: string;
  dcId: number;
}
export type SubstationRow = ElementRow;
export interface FeederRow extends ElementRow {
  substationId: number;
}
export interface DtRow extends ElementRow {
  feederId: number;
  capacityKva: number | null;
  /** WGS-84, both or neither; absent keeps what is stored. */
  lat?: number | null;
  long?: number | null;
}

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

export interface BatchCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

interface Returned {
  id: number;
  code: string;
  inserted: boolean;
}

function counts(total: number, returned: Returned[]): BatchCounts {
  const inserted = returned.filter((r) => r.inserted).length;
  return { inserted, updated: returned.length - inserted, unchanged: total - returned.length };
}

export class NetworkRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Runs fn with a repository bound to one transaction. */
  transaction<T>(fn: (repo: NetworkRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(new NetworkRepository(trx)));
  }

  async analyze(): Promise<void> {
    await sql`analyze substations, feeders, dts`.execute(this.db);
  }

  async loadIndex(): Promise<NetworkIndex> {
    const [subs, feeders, dts] = await Promise.all([
      this.db.selectFrom("substations").select(["id", "code", "dc_id"]).execute(),
      this.db.selectFrom("feeders").select(["id", "code", "dc_id", "substation_id"]).execute(),
      this.db.selectFrom("dts").select(["id", "code", "dc_id", "feeder_id"]).execute(),
    ]);
    return {
      substations: new Map(subs.map((r) => [r.code, { id: r.id, dcId: r.dc_id }])),
      feeders: new Map(
        feeders.map((r) => [r.code, { id: r.id, dcId: r.dc_id, substationId: r.substation_id }]),
      ),
      dts: new Map(dts.map((r) => [r.code, { id: r.id, dcId: r.dc_id, feederId: r.feeder_id }])),
    };
  }

  // Each upsert updates a row only when something differs, so re-running an
  // import leaves the table (and its updated_at) untouched.

  async upsertSubstations(rows: SubstationRow[]): Promise<{ counts: BatchCounts; ids: Map<string, number> }> {
    if (rows.length === 0) return { counts: counts(0, []), ids: new Map() };
    const returned = (await this.db
      .insertInto("substations")
      .values(rows.map((r) => ({ code: r.code, name_en: r.nameEn, name_hi: r.nameHi, dc_id: r.dcId })))
      .onConflict((oc) =>
        oc
          .column("code")
          .doUpdateSet({
            name_en: sql`excluded.name_en`,
            name_hi: sql`excluded.name_hi`,
            dc_id: sql`excluded.dc_id`,
            updated_at: sql`now()`,
          })
          .where(
            sql<boolean>`(substations.name_en, substations.name_hi, substations.dc_id) is distinct from (excluded.name_en, excluded.name_hi, excluded.dc_id)`,
          ),
      )
      .returning(["id", "code", sql<boolean>`(xmax = 0)`.as("inserted")])
      .execute()) as Returned[];
    return { counts: counts(rows.length, returned), ids: new Map(returned.map((r) => [r.code, r.id])) };
  }

  async upsertFeeders(rows: FeederRow[]): Promise<{ counts: BatchCounts; ids: Map<string, number> }> {
    if (rows.length === 0) return { counts: counts(0, []), ids: new Map() };
    const returned = (await this.db
      .insertInto("feeders")
      .values(
        rows.map((r) => ({
          code: r.code,
          name_en: r.nameEn,
          name_hi: r.nameHi,
          dc_id: r.dcId,
          substation_id: r.substationId,
        })),
      )
      .onConflict((oc) =>
        oc
          .column("code")
          .doUpdateSet({
            name_en: sql`excluded.name_en`,
            name_hi: sql`excluded.name_hi`,
            dc_id: sql`excluded.dc_id`,
            substation_id: sql`excluded.substation_id`,
            updated_at: sql`now()`,
          })
          .where(
            sql<boolean>`(feeders.name_en, feeders.name_hi, feeders.dc_id, feeders.substation_id) is distinct from (excluded.name_en, excluded.name_hi, excluded.dc_id, excluded.substation_id)`,
          ),
      )
      .returning(["id", "code", sql<boolean>`(xmax = 0)`.as("inserted")])
      .execute()) as Returned[];
    return { counts: counts(rows.length, returned), ids: new Map(returned.map((r) => [r.code, r.id])) };
  }

  async upsertDts(rows: DtRow[]): Promise<{ counts: BatchCounts; ids: Map<string, number> }> {
    if (rows.length === 0) return { counts: counts(0, []), ids: new Map() };
    const returned = (await this.db
      .insertInto("dts")
      .values(
        rows.map((r) => ({
          code: r.code,
          name_en: r.nameEn,
          name_hi: r.nameHi,
          dc_id: r.dcId,
          feeder_id: r.feederId,
          capacity_kva: r.capacityKva,
          lat: r.lat ?? null,
          long: r.long ?? null,
        })),
      )
      .onConflict((oc) =>
        oc
          .column("code")
          .doUpdateSet({
            name_en: sql`excluded.name_en`,
            name_hi: sql`excluded.name_hi`,
            dc_id: sql`excluded.dc_id`,
            feeder_id: sql`excluded.feeder_id`,
            capacity_kva: sql`excluded.capacity_kva`,
            lat: sql`coalesce(excluded.lat, dts.lat)`,
            long: sql`coalesce(excluded.long, dts.long)`,
            updated_at: sql`now()`,
          })
          .where(
            sql<boolean>`(dts.name_en, dts.name_hi, dts.dc_id, dts.feeder_id, dts.capacity_kva, dts.lat, dts.long) is distinct from (excluded.name_en, excluded.name_hi, excluded.dc_id, excluded.feeder_id, excluded.capacity_kva, coalesce(excluded.lat, dts.lat), coalesce(excluded.long, dts.long))`,
          ),
      )
      .returning(["id", "code", sql<boolean>`(xmax = 0)`.as("inserted")])
      .execute()) as Returned[];
    return { counts: counts(rows.length, returned), ids: new Map(returned.map((r) => [r.code, r.id])) };
  }

  /** Feeders of the principal's jurisdiction whose code or name contains `q` (all when empty), by code. */
  async feedersFor(principal: Principal, q: string, limit: number): Promise<FeederSummary[]> {
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

  /** A feeder of the principal's jurisdiction by its code. */
  feederFor(principal: Principal, code: string) {
    return this.db
      .selectFrom("feeders as f")
      .innerJoin("org_units as u", "u.id", "f.dc_id")
      .select(["f.id", "f.code", "f.name_en", "f.name_hi", "u.code as dc_code"])
      .where("f.code", "=", code)
      .where(dcInJurisdiction("f.dc_id", principal))
      .executeTakeFirst();
  }

  /** A feeder's DTs by code, each with its active consumers' count and the first `sample` of them. */
  async dtsOf(feederId: number, sample: number): Promise<DtDetail[]> {
    const dts = await sql<DtDetail>`
      select d.code, d.name_en, d.name_hi,
             (select count(*)::int from consumers c where c.dt_id = d.id and c.connection_status = 'active') as consumers,
             coalesce((select json_agg(json_build_object('consumer_no', s.consumer_no, 'meter_no', s.meter_no))
                       from (select c.consumer_no, c.meter_no from consumers c
                             where c.dt_id = d.id and c.connection_status = 'active'
                             order by c.id limit ${sample}) s), '[]'::json) as sample
      from dts d where d.feeder_id = ${feederId}
      order by d.code`.execute(this.db);
    return dts.rows;
  }
}
