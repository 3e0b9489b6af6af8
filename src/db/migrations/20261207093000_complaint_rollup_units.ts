import { type Kysely, sql } from "kysely";

// The complaint rollups again, per org unit above the DC (company, region,
// circle, division, sub-division) × day or month × category × channel × area
// type (issue 16). With 1,500 DCs a day's complaints barely share a DC-level
// key, so the DC rollup is nearly as long as the complaints it counts: a
// company's 30-day trend would sum half a million rows. Kept per unit, the
// company's month is a few hundred rows and a circle's children are a few
// units' rows. The worker's fold writes both from the same deltas; readers
// take a DC's figures from the DC rollup and any other unit's from these.
// A DC moved to another sub-division leaves its past counted under the old
// one until `powerdesk rollups rebuild`.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table complaint_rollup_unit_daily (like complaint_rollup_daily including defaults);
    alter table complaint_rollup_unit_daily rename column dc_id to unit_id;
    alter table complaint_rollup_unit_daily add primary key (unit_id, day, category_code, channel, area_type);

    create table complaint_rollup_unit_monthly (like complaint_rollup_monthly including defaults);
    alter table complaint_rollup_unit_monthly rename column dc_id to unit_id;
    alter table complaint_rollup_unit_monthly add primary key (unit_id, month, category_code, channel, area_type);
  `.execute(db);
  const measures = MEASURES.join(", ");
  const sums = MEASURES.map((m) => `sum(r.${m})`).join(", ");
  for (const [target, source, period] of [
    ["complaint_rollup_unit_daily", "complaint_rollup_daily", "day"],
    ["complaint_rollup_unit_monthly", "complaint_rollup_monthly", "month"],
  ] as const) {
    await sql
      .raw(`
      insert into ${target} (unit_id, ${period}, category_code, channel, area_type, ${measures})
      select u.id, r.${period}, r.category_code, r.channel, r.area_type, ${sums}
      from ${source} r
      join (
        select dc.id as dc_id, u.id as unit_id from org_units dc
        join org_units u on u.code = any(string_to_array(trim(both '/' from dc.path), '/')) and u.kind <> 'dc'
        where dc.kind = 'dc'
      ) a on a.dc_id = r.dc_id
      join org_units u on u.id = a.unit_id
      group by 1, 2, 3, 4, 5`)
      .execute(db);
  }
}

// The measures as migration 20261207090000 created them (a migration keeps its own copy).
const MEASURES = [
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
  ...Array.from({ length: 13 }, (_, i) => `h${i}`),
  "breached",
];

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table complaint_rollup_unit_monthly; drop table complaint_rollup_unit_daily`.execute(db);
}
