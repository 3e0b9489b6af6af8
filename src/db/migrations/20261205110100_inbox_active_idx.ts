import { type Kysely, sql } from "kysely";

// The inbox's queue and counts read the conversations still worked (new,
// open, waiting) of a jurisdiction's DCs: closed ones pile up by the hundred
// thousand, and without this every queue read and count scanned them. The
// closed ones are read as history, the latest first.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index conversations_active_idx on conversations (dc_id, status)
      where status in ('new', 'open', 'waiting');
    create index conversations_closed_idx on conversations (closed_at desc, id desc)
      where status = 'closed'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index conversations_closed_idx;
    drop index conversations_active_idx`.execute(db);
}
