import { type Kysely, sql } from "kysely";

// Who changed the SoP report's rows, and what (issue 16): a state's format is
// the commission's, so a change to it is answerable. Each save of the rows
// writes one entry with the rows before and after; the rows keep who saved
// them last.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table sop_report_rows add column updated_by text;
    create table sop_report_row_changes (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      actor_id bigint,
      actor_name text not null,
      changes jsonb not null
    );
    create index sop_report_row_changes_at_idx on sop_report_row_changes (at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table sop_report_row_changes;
    alter table sop_report_rows drop column updated_by;
  `.execute(db);
}
