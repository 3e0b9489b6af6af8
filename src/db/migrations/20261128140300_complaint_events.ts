import { type Kysely, sql } from "kysely";

// The audit trail: one row per action on a complaint, written in the same
// transaction as the change. A trigger refuses updates and deletes, so the
// trail cannot be edited, not even by the application's own database user.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table complaint_events (
      id bigint generated always as identity primary key,
      complaint_id bigint not null references complaints (id),
      at timestamptz not null,
      action text not null,
      actor_kind text not null check (actor_kind in ('user', 'token', 'system', 'public')),
      actor_id bigint,
      actor_name text not null,
      actor_role text,
      channel text not null,
      from_status text,
      to_status text,
      changes jsonb not null default '{}',
      note text
    );
    create index complaint_events_complaint_idx on complaint_events (complaint_id, id);

    create function complaint_events_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'the complaint audit trail cannot be changed' using errcode = 'insufficient_privilege';
    end;
    $$;
    create trigger complaint_events_no_update before update or delete on complaint_events
      for each row execute function complaint_events_immutable();
    create trigger complaint_events_no_truncate before truncate on complaint_events
      for each statement execute function complaint_events_immutable();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table complaint_events; drop function complaint_events_immutable()`.execute(db);
}
