import { type Kysely, sql } from "kysely";

// pg_trgm powers the partial-name consumer lookup. On a managed PostgreSQL the
// extension may need to be created once by a superuser before the first start.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop extension if exists pg_trgm`.execute(db);
}
