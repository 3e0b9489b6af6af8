import { type Kysely, sql } from "kysely";
import type { BulkSession, Database } from "../../db/database.ts";
import { dcInJurisdiction } from "../../db/jurisdiction.ts";
import type { AreaType, ConnectionStatus, DB, Language, TariffCategory } from "../../db/schema.ts";
import type { Principal } from "../access/principal.ts";
import { escapeLike } from "../org/org.repository.ts";

export type MatchKind = "consumer_no" | "meter_no" | "mobile" | "name";

export interface ConsumerSummaryRow {
  id: number;
  consumer_no: string;
  name: string;
  address: string;
  area_type: AreaType;
  connection_status: ConnectionStatus;
  meter_no: string | null;
  dc_code: string;
  dc_name_en: string;
  dc_name_hi: string;
  feeder_code: string | null;
  dt_code: string | null;
  mobile: string | null;
}

export interface ConsumerCardRow extends ConsumerSummaryRow {
  tariff_category: TariffCategory;
  dc_path: string;
  feeder_name_en: string | null;
  feeder_name_hi: string | null;
  substation_code: string | null;
  substation_name_en: string | null;
  substation_name_hi: string | null;
  dt_name_en: string | null;
  dt_name_hi: string | null;
  dt_capacity_kva: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface ConsumerMobileRow {
  mobile: string;
  verified: boolean;
  language: Language;
}

export interface ConsumerUpsertRow {
  consumerNo: string;
  name: string;
  address: string;
  tariffCategory: TariffCategory;
  areaType: AreaType;
  dcId: number;
  feederId: number | null;
  dtId: number | null;
  meterNo: string | null;
  connectionStatus: ConnectionStatus;
  mobiles: { mobile: string; verified: boolean; language: Language }[];
}

export interface ConsumerBatchCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  mobilesAdded: number;
  mobilesChanged: number;
}

export interface ExactLookup {
  consumerNo?: string;
  meterNo?: string;
  mobile?: string;
}

export class ConsumersRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly database: Pick<Database, "bulk">,
  ) {}

  private base(principal: Principal) {
    return this.db
      .selectFrom("consumers as c")
      .innerJoin("org_units as dc", "dc.id", "c.dc_id")
      .leftJoin("feeders as f", "f.id", "c.feeder_id")
      .leftJoin("dts as d", "d.id", "c.dt_id")
      .select([
        "c.id",
        "c.consumer_no",
        "c.name",
        "c.address",
        "c.area_type",
        "c.connection_status",
        "c.meter_no",
        "dc.code as dc_code",
        "dc.name_en as dc_name_en",
        "dc.name_hi as dc_name_hi",
        "f.code as feeder_code",
        "d.code as dt_code",
      ])
      .select((eb) =>
        eb
          .selectFrom("consumer_mobiles as m")
          .select("m.mobile")
          .whereRef("m.consumer_id", "=", "c.id")
          .orderBy("m.verified", "desc")
          .orderBy("m.created_at")
          .limit(1)
          .as("mobile"),
      )
      .where(dcInJurisdiction("c.dc_id", principal));
  }

  /** Consumers matching a consumer number, meter number or mobile exactly, in the principal's jurisdiction. */
  async findExact(principal: Principal, lookup: ExactLookup, limit: number) {
    const results: (ConsumerSummaryRow & { matched_by: MatchKind })[] = [];
    const seen = new Set<number>();
    const add = (rows: ConsumerSummaryRow[], kind: MatchKind) => {
      for (const r of rows) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        results.push({ ...r, matched_by: kind });
      }
    };
    if (lookup.consumerNo) {
      const rows = await this.base(principal).where("c.consumer_no", "=", lookup.consumerNo).execute();
      add(rows as ConsumerSummaryRow[], "consumer_no");
    }
    if (lookup.meterNo) {
      const rows = await this.base(principal).where("c.meter_no", "=", lookup.meterNo).limit(limit).execute();
      add(rows as ConsumerSummaryRow[], "meter_no");
    }
    if (lookup.mobile) {
      const mobile = lookup.mobile;
      const rows = await this.base(principal)
        .where(
          sql<boolean>`c.id = any(array(select consumer_id from consumer_mobiles where mobile = ${mobile}))`,
        )
        .orderBy("c.consumer_no")
        .limit(limit)
        .execute();
      add(rows as ConsumerSummaryRow[], "mobile");
    }
    return results.slice(0, limit);
  }

  /**
   * Consumers whose name contains every term (trigram index), names starting
   * with the first term first. At most `scan` matches are ranked, so a very
   * common name stays fast; the caller tells the agent to narrow the search.
   * The ranking touches only the consumers table; the joins and the mobile
   * are fetched for the page that is returned.
   */
  async findByName(principal: Principal, terms: string[], limit: number, scan = 300) {
    let matches = this.db
      .selectFrom("consumers as c")
      .select(["c.id", "c.name", "c.consumer_no"])
      .where(dcInJurisdiction("c.dc_id", principal))
      .limit(scan);
    for (const t of terms) {
      // A word of three letters or more matches anywhere in the name. A
      // shorter one ("om sharma") has no trigram of its own inside a word,
      // so it matches the start of a word: pg_trgm indexes words padded with
      // spaces, which keeps that condition on the index too.
      matches =
        t.length >= 3
          ? matches.where("c.name", "ilike", `%${escapeLike(t)}%`)
          : matches.where(sql<boolean>`c.name ~* ${`(^| )${t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`}`);
    }
    const first = terms[0] ?? "";
    const ranked = await this.db
      .selectFrom(matches.as("m"))
      .select("m.id")
      .orderBy(sql`m.name ilike ${`${escapeLike(first)}%`}`, "desc")
      .orderBy(sql`m.name`)
      .orderBy(sql`m.consumer_no`)
      .limit(limit + 1)
      .execute();
    const ids = ranked.slice(0, limit).map((r) => r.id);
    if (ids.length === 0) return { items: [], more: false };
    const rows = (await this.base(principal).where("c.id", "in", ids).execute()) as ConsumerSummaryRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return {
      items: ids.flatMap((id) => {
        const r = byId.get(id);
        return r ? [{ ...r, matched_by: "name" as const }] : [];
      }),
      more: ranked.length > limit,
    };
  }

  async findCardForUser(principal: Principal, consumerNo: string): Promise<ConsumerCardRow | undefined> {
    const row = await this.base(principal)
      .leftJoin("substations as s", "s.id", "f.substation_id")
      .select([
        "c.tariff_category",
        "dc.path as dc_path",
        "f.name_en as feeder_name_en",
        "f.name_hi as feeder_name_hi",
        "s.code as substation_code",
        "s.name_en as substation_name_en",
        "s.name_hi as substation_name_hi",
        "d.name_en as dt_name_en",
        "d.name_hi as dt_name_hi",
        "d.capacity_kva as dt_capacity_kva",
        "c.created_at",
        "c.updated_at",
      ])
      .where("c.consumer_no", "=", consumerNo)
      .executeTakeFirst();
    return row as ConsumerCardRow | undefined;
  }

  /** Refreshes planner statistics after a bulk load. */
  async analyze(): Promise<void> {
    await sql`analyze consumers, consumer_mobiles`.execute(this.db);
  }

  mobilesOf(consumerId: number): Promise<ConsumerMobileRow[]> {
    return this.db
      .selectFrom("consumer_mobiles")
      .select(["mobile", "verified", "language"])
      .where("consumer_id", "=", consumerId)
      .orderBy("verified", "desc")
      .orderBy("created_at")
      .execute();
  }

  /**
   * Upserts a batch by consumer number through a COPY-loaded staging table:
   * one set-based statement per table, rows changed only when a value differs.
   * Mobiles are added or updated, never removed, and a verified flag is never
   * cleared by an import (it may come from an OTP check the file knows nothing of).
   */
  async upsertBatch(rows: ConsumerUpsertRow[]): Promise<ConsumerBatchCounts> {
    return this.database.bulk((s) => upsertConsumers(s, rows));
  }
}

async function upsertConsumers(s: BulkSession, rows: ConsumerUpsertRow[]): Promise<ConsumerBatchCounts> {
  await s.query("set local synchronous_commit = off");
  await s.query(`
    create temp table stage_consumers (
      consumer_no text, name text, address text, tariff_category text, area_type text, dc_id bigint,
      feeder_id bigint, dt_id bigint, meter_no text, connection_status text
    ) on commit drop`);
  await s.query(
    "create temp table stage_mobiles (consumer_no text, mobile text, verified boolean, language text) on commit drop",
  );
  await s.copyRows(
    "stage_consumers",
    [
      "consumer_no",
      "name",
      "address",
      "tariff_category",
      "area_type",
      "dc_id",
      "feeder_id",
      "dt_id",
      "meter_no",
      "connection_status",
    ],
    rows.map((r) => [
      r.consumerNo,
      r.name,
      r.address,
      r.tariffCategory,
      r.areaType,
      r.dcId,
      r.feederId,
      r.dtId,
      r.meterNo,
      r.connectionStatus,
    ]),
  );
  const mobiles = rows.flatMap((r) =>
    r.mobiles.map((m) => [r.consumerNo, m.mobile, m.verified, m.language] as const),
  );
  await s.copyRows("stage_mobiles", ["consumer_no", "mobile", "verified", "language"], mobiles);
  const [c] = await s.query<{ inserted: number; updated: number }>(`
    with up as (
      insert into consumers as c (consumer_no, name, address, tariff_category, area_type, dc_id, feeder_id, dt_id,
                                  meter_no, connection_status)
      select consumer_no, name, address, tariff_category, area_type, dc_id, feeder_id, dt_id, meter_no, connection_status
      from stage_consumers
      on conflict (consumer_no) do update set
        name = excluded.name, address = excluded.address, tariff_category = excluded.tariff_category,
        area_type = excluded.area_type, dc_id = excluded.dc_id, feeder_id = excluded.feeder_id,
        dt_id = excluded.dt_id, meter_no = excluded.meter_no, connection_status = excluded.connection_status,
        updated_at = now()
      where (c.name, c.address, c.tariff_category, c.area_type, c.dc_id, c.feeder_id, c.dt_id, c.meter_no,
             c.connection_status)
        is distinct from
            (excluded.name, excluded.address, excluded.tariff_category, excluded.area_type, excluded.dc_id,
             excluded.feeder_id, excluded.dt_id, excluded.meter_no, excluded.connection_status)
      returning (xmax = 0) as inserted
    )
    select (count(*) filter (where inserted))::int as inserted, (count(*) filter (where not inserted))::int as updated
    from up`);
  let mobilesAdded = 0;
  let mobilesChanged = 0;
  if (mobiles.length > 0) {
    const [m] = await s.query<{ added: number; changed: number }>(`
      with up as (
        insert into consumer_mobiles as m (consumer_id, mobile, verified, verified_at, language)
        select c.id, s.mobile, s.verified, case when s.verified then now() end, s.language
        from stage_mobiles s join consumers c on c.consumer_no = s.consumer_no
        on conflict (consumer_id, mobile) do update set
          verified = m.verified or excluded.verified,
          verified_at = coalesce(m.verified_at, excluded.verified_at),
          language = excluded.language
        where (m.verified or excluded.verified, excluded.language) is distinct from (m.verified, m.language)
        returning (xmax = 0) as inserted
      )
      select (count(*) filter (where inserted))::int as added, (count(*) filter (where not inserted))::int as changed
      from up`);
    mobilesAdded = m?.added ?? 0;
    mobilesChanged = m?.changed ?? 0;
  }
  const inserted = c?.inserted ?? 0;
  const updated = c?.updated ?? 0;
  return { inserted, updated, unchanged: rows.length - inserted - updated, mobilesAdded, mobilesChanged };
}
