import { type Kysely, sql } from "kysely";

// Where a DT stands (WGS-84), optional: an Open311 report with only GPS
// coordinates goes to the nearest DT (issue 14 §4). network.csv may carry
// them; a DT without them is simply never chosen by coordinates. The index
// serves the bounding-box search around a report.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table dts
      add column lat double precision,
      add column long double precision,
      add constraint dts_coordinates_check
        check ((lat is null) = (long is null) and lat between -90 and 90 and long between -180 and 180);
    create index dts_lat_long_idx on dts (lat, long) where lat is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index dts_lat_long_idx;
    alter table dts drop constraint dts_coordinates_check, drop column lat, drop column long;
  `.execute(db);
}
