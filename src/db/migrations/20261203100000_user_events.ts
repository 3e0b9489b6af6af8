import { type Kysely, sql } from "kysely";

// What was done to a user account and by whom, starting with an admin's
// unlock of a login locked by failed sign-ins (issue 12: audited unlocks).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table user_events (
      id bigint generated always as identity primary key,
      user_id bigint not null references users (id) on delete cascade,
      kind text not null check (kind in ('unlocked')),
      by_user_id bigint references users (id) on delete set null,
      by_name text not null,
      detail jsonb not null default '{}'::jsonb,
      at timestamptz not null default now()
    );
    create index user_events_user_at on user_events (user_id, at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table user_events`.execute(db);
}
