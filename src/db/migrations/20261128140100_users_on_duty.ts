import { type Kysely, sql } from "kysely";

// Linemen on duty take new complaints of their DC (least open work first).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users add column on_duty boolean not null default true`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users drop column on_duty`.execute(db);
}
