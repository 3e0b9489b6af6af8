import { type Kysely, sql } from "kysely";

// Sessions and API tokens store only a SHA-256 of the secret, so a database
// dump cannot be replayed as a login. login_throttle counts failed sign-ins per
// login and per address across all API processes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sessions (
      id text primary key,
      user_id bigint not null references users (id) on delete cascade,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index sessions_user_idx on sessions (user_id);
    create index sessions_expires_idx on sessions (expires_at);

    create table api_tokens (
      id bigint generated always as identity primary key,
      name text not null,
      token_hash text not null unique,
      prefix text not null,
      org_unit_id bigint not null references org_units (id),
      scopes text[] not null,
      created_by bigint references users (id),
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    create table login_throttle (
      key text primary key,
      failures integer not null,
      window_started_at timestamptz not null,
      locked_until timestamptz
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table login_throttle; drop table api_tokens; drop table sessions`.execute(db);
}
