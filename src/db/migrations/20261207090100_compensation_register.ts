import { type Kysely, sql } from "kysely";

// The compensation register (issue 16): every missed standard of performance
// that earns the consumer compensation, what is due, and what billing has
// credited.
//
// - compensation_entries: one row per breach of a complaint (a complaint
//   reopened and late again has a second row) and one per late new-connection
//   application (its amount grows with each day late, so the row follows the
//   application's compensation_rs). Triggers write them, so no code path that
//   records a breach can forget the register.
// - compensation_credits: what the billing system says it credited, imported
//   from its CSV (`powerdesk import credits`); `reference` is billing's own id
//   of the credit, so importing a file twice credits nothing twice.
//   credited_rs on the entry is the sum of its credits.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table compensation_entries (
      id bigint generated always as identity primary key,
      source text not null check (source in ('complaint', 'connection')),
      complaint_id bigint references complaints (id),
      application_id bigint references connection_applications (id),
      consumer_id bigint references consumers (id),
      dc_id bigint not null references org_units (id),
      category_code text not null,
      area_type text not null check (area_type in ('urban', 'rural')),
      breached_at timestamptz not null,
      due_rs integer not null check (due_rs >= 0),
      credited_rs integer not null default 0 check (credited_rs >= 0),
      credited_at timestamptz,
      status text not null default 'due' check (status in ('due', 'part_credited', 'credited', 'waived')),
      waive_reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((source = 'complaint') = (complaint_id is not null)),
      check ((source = 'connection') = (application_id is not null))
    );
    create unique index compensation_entries_complaint_breach on compensation_entries (complaint_id, breached_at)
      where complaint_id is not null;
    create unique index compensation_entries_application on compensation_entries (application_id)
      where application_id is not null;
    create index compensation_entries_dc_idx on compensation_entries (dc_id, breached_at desc);
    create index compensation_entries_breached_idx on compensation_entries (breached_at);
    create index compensation_entries_open_idx on compensation_entries (dc_id, breached_at)
      where status in ('due', 'part_credited');

    create table compensation_credits (
      id bigint generated always as identity primary key,
      entry_id bigint not null references compensation_entries (id),
      amount_rs integer not null check (amount_rs > 0),
      credited_on date not null,
      reference text not null unique check (length(reference) between 1 and 64),
      imported_by bigint references users (id),
      imported_at timestamptz not null default now()
    );
    create index compensation_credits_entry_idx on compensation_credits (entry_id);

    create function complaints_compensation_entry() returns trigger language plpgsql as $$
    declare
      increase integer := new.compensation_rs - coalesce(old.compensation_rs, 0);
    begin
      if new.breached_at is not null and increase > 0
         and (tg_op = 'INSERT' or old.breached_at is null or old.breached_at <> new.breached_at) then
        insert into compensation_entries (source, complaint_id, consumer_id, dc_id, category_code, area_type,
          breached_at, due_rs)
        values ('complaint', new.id, new.consumer_id, new.dc_id, new.category_code, new.area_type,
          new.breached_at, increase)
        on conflict (complaint_id, breached_at) where complaint_id is not null
        do update set due_rs = compensation_entries.due_rs + excluded.due_rs, updated_at = now();
      end if;
      return null;
    end $$;
    create trigger complaints_compensation_insert after insert on complaints
      for each row execute function complaints_compensation_entry();
    create trigger complaints_compensation_update after update of breached_at, compensation_rs on complaints
      for each row execute function complaints_compensation_entry();

    create function connections_compensation_entry() returns trigger language plpgsql as $$
    begin
      if new.breached_at is not null and new.compensation_rs > 0 then
        insert into compensation_entries (source, application_id, consumer_id, dc_id, category_code, area_type,
          breached_at, due_rs)
        values ('connection', new.id, new.consumer_id, new.dc_id, 'new_connection',
          case when new.sop_area = 'rural' then 'rural' else 'urban' end, new.breached_at, new.compensation_rs)
        on conflict (application_id) where application_id is not null
        do update set due_rs = excluded.due_rs, consumer_id = excluded.consumer_id,
          breached_at = excluded.breached_at, updated_at = now();
      end if;
      return null;
    end $$;
    create trigger connections_compensation_insert after insert on connection_applications
      for each row execute function connections_compensation_entry();
    create trigger connections_compensation_update after update of breached_at, compensation_rs, consumer_id
      on connection_applications for each row execute function connections_compensation_entry();

    insert into compensation_entries (source, complaint_id, consumer_id, dc_id, category_code, area_type, breached_at, due_rs)
    select 'complaint', id, consumer_id, dc_id, category_code, area_type, breached_at, compensation_rs
    from complaints where breached_at is not null and compensation_rs > 0;
    insert into compensation_entries (source, application_id, consumer_id, dc_id, category_code, area_type, breached_at, due_rs)
    select 'connection', id, consumer_id, dc_id, 'new_connection',
      case when sop_area = 'rural' then 'rural' else 'urban' end, breached_at, compensation_rs
    from connection_applications where breached_at is not null and compensation_rs > 0;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger connections_compensation_insert on connection_applications;
    drop trigger connections_compensation_update on connection_applications;
    drop trigger complaints_compensation_insert on complaints;
    drop trigger complaints_compensation_update on complaints;
    drop function connections_compensation_entry();
    drop function complaints_compensation_entry();
    drop table compensation_credits;
    drop table compensation_entries;
  `.execute(db);
}
