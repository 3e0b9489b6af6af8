import { type Kysely, sql } from "kysely";

// 20261128140200_complaints gained this index after it had landed, so
// databases that ran its first text never got it: a lineman's last assignment
// (the tie-break of the assignment policy) scanned the table there. Newer
// databases have it from that migration already, hence "if not exists".
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index if not exists complaints_assignee_history_idx on complaints (assigned_to, assigned_at desc)
      where assigned_to is not null`.execute(db);
}

// Nothing to undo: on a database migrated after the edit the index belongs to
// 20261128140200_complaints, and dropping it here would take it from that one.
export async function down(_db: Kysely<unknown>): Promise<void> {}
