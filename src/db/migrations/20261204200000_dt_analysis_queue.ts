import { type Kysely, sql } from "kysely";

// Trouble-call analysis, durable: a "no supply" call not behind a known
// outage queues its DT in the registration's own statement (one row per DT:
// a storm of calls on one DT is analysed once). A worker claims rows with
// SKIP LOCKED and a lease, analyses the DT and deletes the row only if no
// call came in meanwhile (`requests` unchanged); a failure waits `run_after`
// (back-off). A crash loses nothing: the row stays until analysed. No
// foreign key: the registration statement stays lean (a DT gone analyses
// to nothing).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table dt_analysis_queue (
      dt_id bigint primary key,
      queued_at timestamptz not null,
      requests integer not null default 1,
      run_after timestamptz,
      attempts integer not null default 0,
      last_error text,
      claimed_by text,
      claimed_until timestamptz
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table dt_analysis_queue`.execute(db);
}
