import { type Kysely, sql } from "kysely";

// Staff accounts. The org unit is the user's jurisdiction: he sees that unit and
// everything below it. Logins are stored lower-case.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table users (
      id bigint generated always as identity primary key,
      login text not null unique check (login ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
      name text not null,
      role text not null
        check (role in ('agent', 'supervisor', 'lineman', 'je', 'ae', 'ee', 'se', 'ce', 'admin', 'viewer')),
      org_unit_id bigint not null references org_units (id),
      phone text check (phone ~ '^[6-9][0-9]{9}$'),
      password_hash text,
      language text not null default 'en' check (language in ('hi', 'en')),
      active boolean not null default true,
      last_login_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index users_org_unit_idx on users (org_unit_id);
    create index users_role_idx on users (role);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table users`.execute(db);
}
