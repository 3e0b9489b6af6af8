import { type Kysely, sql } from "kysely";

// Open311 GeoReport v2 (issue 14 §4): what a civic report carries beyond a
// complaint. A report from someone who is not a consumer may give coordinates
// and a photo link; the complaint keeps the address as its location, and these
// stay beside it for the Open311 reads (lat/long, media_url). The reporter's
// name and phone go on the complaint as its caller (never shown by Open311);
// the e-mail is not stored: PowerDesk writes to nobody by e-mail.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table open311_requests (
      complaint_id bigint primary key references complaints (id) on delete cascade,
      lat double precision check (lat between -90 and 90),
      long double precision check (long between -180 and 180),
      address_string text,
      media_url text,
      created_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table open311_requests`.execute(db);
}
