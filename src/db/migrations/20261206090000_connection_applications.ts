import { type Kysely, sql } from "kysely";

// New-connection applications (issue 15 §1).
//
// - connection_applications: one row per application, its current stage and
//   the SoP clock. The stage timestamps say when each stage was reached (an
//   import may fill them from another system's history). `release_due_at` is
//   the regulator's limit for the whole connection (counted from complete
//   documents; the days the consumer takes to pay a demand note are added to
//   it), `stage_due_at` the internal limit of the current stage; escalation
//   runs on the earlier of the two, up the officer ladder like complaints.
// - connection_application_events: the application's history, written in the
//   same transaction as each change and, like the complaints' audit trail,
//   refused any update or delete by a trigger.
// - Lookup: by number (unique), by mobile, by applicant name (trigram, so a
//   part of a Hindi or English name finds it), per DC and stage for the queues
//   and reports, and the escalation sweep's due index.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence connection_application_seq;
    create table connection_applications (
      id bigint generated always as identity primary key,
      number text not null unique,
      applicant_name text not null check (length(applicant_name) between 1 and 120),
      mobile text not null check (mobile ~ '^[6-9][0-9]{9}$'),
      mobile_verified boolean not null default false,
      language text not null default 'hi' check (language in ('hi', 'en')),
      address text not null check (length(address) between 1 and 300),
      locality text,
      pincode text check (pincode ~ '^[1-9][0-9]{5}$'),
      dc_id bigint not null references org_units (id),
      sop_area text not null check (sop_area in ('metro', 'urban', 'rural')),
      category text not null check (category in ('domestic', 'non_domestic', 'agriculture', 'industrial')),
      supply_type text not null default 'lt' check (supply_type in ('lt', 'ht')),
      load_kw double precision not null check (load_kw > 0 and load_kw <= 100000),
      documents jsonb not null default '[]',
      charges_demanded_rs integer check (charges_demanded_rs >= 0),
      charges_paid_rs integer not null default 0 check (charges_paid_rs >= 0),
      status text not null default 'applied' check (status in ('applied', 'documents_complete', 'site_inspected',
        'demand_note_issued', 'charges_paid', 'meter_installed', 'released', 'rejected')),
      reject_reason text,
      source text not null check (source in ('call', 'walk_in', 'portal', 'api', 'import')),
      consumer_id bigint references consumers (id),
      applied_at timestamptz not null,
      status_at timestamptz not null,
      documents_complete_at timestamptz,
      site_inspected_at timestamptz,
      demand_note_at timestamptz,
      charges_paid_at timestamptz,
      meter_installed_at timestamptz,
      released_at timestamptz,
      rejected_at timestamptz,
      stage_due_at timestamptz,
      release_due_at timestamptz,
      breached_at timestamptz,
      compensation_rs integer not null default 0,
      escalation_level integer not null default 0,
      next_escalation_at timestamptz,
      created_by bigint references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (status <> 'rejected' or reject_reason is not null)
    );
    create index connection_applications_mobile_idx on connection_applications (mobile, applied_at desc);
    create index connection_applications_dc_status_idx on connection_applications (dc_id, status, applied_at desc);
    create index connection_applications_name_trgm_idx on connection_applications using gin (applicant_name gin_trgm_ops);
    create index connection_applications_escalation_idx on connection_applications (next_escalation_at)
      where next_escalation_at is not null;
    create index connection_applications_released_idx on connection_applications (released_at)
      where released_at is not null;

    create table connection_application_events (
      id bigint generated always as identity primary key,
      application_id bigint not null references connection_applications (id),
      at timestamptz not null,
      action text not null,
      actor_kind text not null check (actor_kind in ('user', 'token', 'system', 'public')),
      actor_id bigint,
      actor_name text not null,
      actor_role text,
      from_status text,
      to_status text,
      changes jsonb not null default '{}',
      note text
    );
    create index connection_application_events_app_idx on connection_application_events (application_id, id);
    create function connection_application_events_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'the application history cannot be changed' using errcode = 'insufficient_privilege';
    end;
    $$;
    create trigger connection_application_events_no_update before update or delete on connection_application_events
      for each row execute function connection_application_events_immutable();
    create trigger connection_application_events_no_truncate before truncate on connection_application_events
      for each statement execute function connection_application_events_immutable();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table connection_application_events;
    drop function connection_application_events_immutable();
    drop table connection_applications;
    drop sequence connection_application_seq`.execute(db);
}
