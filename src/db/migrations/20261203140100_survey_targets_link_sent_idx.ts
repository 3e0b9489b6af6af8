import { type Kysely, sql } from "kysely";

// 20261129000000_survey gained this index after it had landed, so databases
// that ran its first text never got it: the hourly sweep for links that
// expired after their month closed scanned survey_targets there. Newer
// databases have it from that migration already, hence "if not exists".
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index if not exists survey_targets_link_sent_idx on survey_targets (campaign_id)
      where status = 'link_sent'`.execute(db);
}

// Nothing to undo: on a database migrated after the edit the index belongs to
// 20261129000000_survey, and dropping it here would take it from that one.
export async function down(_db: Kysely<unknown>): Promise<void> {}
