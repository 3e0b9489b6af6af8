import { type Kysely, sql } from "kysely";

// Complaints. Numbers come from a sequence, so they are never reused and
// registration takes no lock shared by every call. "Open" means registered,
// assigned, attended or waiting: the queues and the SLA job read only the
// partial indexes over open complaints, however long the history grows.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence complaint_number_seq;

    create table complaints (
      id bigint generated always as identity primary key,
      number text not null unique,
      consumer_id bigint references consumers (id),
      caller_name text,
      caller_phone text check (caller_phone ~ '^[6-9][0-9]{9}$'),
      alt_phone text check (alt_phone ~ '^[6-9][0-9]{9}$'),
      location text,
      landmark text,
      dc_id bigint not null references org_units (id),
      feeder_id bigint references feeders (id),
      dt_id bigint references dts (id),
      area_type text not null check (area_type in ('urban', 'rural')),
      category_code text not null references complaint_categories (code),
      subcategory_code text,
      description text not null default '',
      channel text not null check (channel in ('call', 'web', 'sms', 'whatsapp', 'social', 'walk_in', 'field', 'api')),
      language text not null default 'hi' check (language in ('hi', 'en')),
      priority smallint not null,
      emergency boolean not null default false,
      status text not null check (status in ('registered', 'assigned', 'attended', 'waiting', 'resolved', 'closed', 'invalid', 'duplicate')),
      assigned_to bigint references users (id),
      registered_at timestamptz not null,
      assigned_at timestamptz,
      attended_at timestamptz,
      waiting_since timestamptz,
      resolved_at timestamptz,
      closed_at timestamptz,
      due_at timestamptz not null,
      breached_at timestamptz,
      compensation_rs integer not null default 0,
      escalation_level smallint not null default 0,
      next_escalation_at timestamptz,
      resolution_code text references resolution_codes (code),
      resolution_remarks text,
      reopen_count smallint not null default 0,
      call_count integer not null default 1,
      duplicate_of bigint references complaints (id),
      close_reason text,
      created_by bigint references users (id),
      updated_at timestamptz not null default now(),
      check (consumer_id is not null or location is not null or feeder_id is not null or dt_id is not null)
    );

    -- Queues: emergencies first, then by time left.
    create index complaints_open_dc_due_idx on complaints (dc_id, emergency desc, due_at)
      where status in ('registered', 'assigned', 'attended', 'waiting');
    create index complaints_open_due_idx on complaints (emergency desc, due_at)
      where status in ('registered', 'assigned', 'attended', 'waiting');
    create index complaints_escalation_idx on complaints (next_escalation_at)
      where status in ('registered', 'assigned', 'attended') and next_escalation_at is not null;
    create index complaints_assigned_idx on complaints (assigned_to)
      where status in ('registered', 'assigned', 'attended', 'waiting');
    -- A lineman's last assignment (the tie-break of the assignment policy) and his history.
    create index complaints_assignee_history_idx on complaints (assigned_to, assigned_at desc)
      where assigned_to is not null;
    create unique index complaints_one_open_per_consumer_category on complaints (consumer_id, category_code)
      where consumer_id is not null and status in ('registered', 'assigned', 'attended', 'waiting');
    create index complaints_consumer_idx on complaints (consumer_id, registered_at desc);
    create index complaints_dc_registered_idx on complaints (dc_id, registered_at desc);
    create index complaints_registered_idx on complaints (registered_at desc);

    create table idempotency_keys (
      principal text not null,
      key text not null,
      request_hash text not null,
      complaint_id bigint not null references complaints (id),
      created_at timestamptz not null default now(),
      primary key (principal, key)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table idempotency_keys; drop table complaints; drop sequence complaint_number_seq`.execute(
    db,
  );
}
