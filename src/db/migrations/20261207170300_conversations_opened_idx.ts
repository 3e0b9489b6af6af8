import { type Kysely, sql } from "kysely";

// The service dashboard's inbox first-response time (median and 90th
// percentile per channel) reads the conversations opened in one month: by
// opening moment, carrying what the figure needs (channel, DC, first reply),
// so the month is an index-only range scan, not a pass over every conversation.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index conversations_opened_idx on conversations (opened_at)
      include (channel, dc_id, first_responded_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index conversations_opened_idx`.execute(db);
}
