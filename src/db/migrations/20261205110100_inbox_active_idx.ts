import { type Kysely, sql } from "kysely";

// The inbox's queue and counts read the conversations still worked (new,
// open, waiting) of a jurisdiction's DCs: closed ones pile up by the hundred
// thousand, and without this every queue read and count scanned them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index conversations_active_idx on conversations (dc_id, status)
      where status in ('new', 'open', 'waiting')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index conversations_active_idx`.execute(db);
}
