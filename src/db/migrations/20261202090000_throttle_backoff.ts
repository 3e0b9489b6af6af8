import { type Kysely, sql } from "kysely";

// Throttles count every attempt before it is checked (one statement that
// counts and answers), and a key that is locked again waits twice as long as
// the last time: lock_count is how many locks in a row the key has had.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table login_throttle add column lock_count integer not null default 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table login_throttle drop column lock_count`.execute(db);
}
