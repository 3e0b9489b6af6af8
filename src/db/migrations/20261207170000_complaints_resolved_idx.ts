import { type Kysely, sql } from "kysely";

// The dashboard's figures link to the complaints behind them; "resolved in
// these days" (in one unit, or the whole company) is one of those lists, and
// without these indexes it read every complaint of the unit's history.
// Partial: an open complaint has no resolution time.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index complaints_dc_resolved_idx on complaints (dc_id, resolved_at desc) where resolved_at is not null;
    create index complaints_resolved_idx on complaints (resolved_at desc) where resolved_at is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index complaints_resolved_idx;
    drop index complaints_dc_resolved_idx;
  `.execute(db);
}
