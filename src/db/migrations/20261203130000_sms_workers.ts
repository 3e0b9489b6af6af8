import { type Kysely, sql } from "kysely";

// Each SMS worker process has a row here and holds a session advisory lock on
// its id while it lives; outbox_sms.claimed_by says whose claim a row is. A
// worker that starts (and every few seconds after) gives back at once the rows
// of a worker whose lock is gone (killed, crashed), instead of waiting out the
// lease.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sms_workers (
      id serial primary key,
      host text not null,
      pid integer not null,
      started_at timestamptz not null
    )`.execute(db);
  await sql`alter table outbox_sms add column claimed_by integer`.execute(db);
  await sql`create index outbox_sms_claimed_by on outbox_sms (claimed_by) where status = 'sending'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index outbox_sms_claimed_by`.execute(db);
  await sql`alter table outbox_sms drop column claimed_by`.execute(db);
  await sql`drop table sms_workers`.execute(db);
}
