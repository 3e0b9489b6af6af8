import { type Kysely, sql } from "kysely";

// Outages: loss of supply on a feeder, a DT or one consumer, unplanned
// (detected from SCADA, smart meters or a cluster of complaints, or entered by
// staff) or planned (a shutdown). At most one unplanned outage is open on an
// element at a time: the partial unique indexes make a repeated SCADA trip, or
// two processes detecting the same fault, open one outage, not two.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table outages (
      id bigint generated always as identity primary key,
      kind text not null check (kind in ('unplanned', 'planned')),
      scope text not null check (scope in ('feeder', 'dt', 'consumer')),
      feeder_id bigint references feeders (id),
      dt_id bigint references dts (id),
      consumer_id bigint references consumers (id),
      dc_id bigint not null references org_units (id),
      source text not null check (source in ('scada', 'ami', 'complaints', 'staff')),
      status text not null check (status in ('suspected', 'confirmed', 'restored', 'dismissed', 'merged',
                                             'scheduled', 'in_progress', 'completed', 'cancelled')),
      started_at timestamptz not null,
      detected_at timestamptz not null,
      confirmed_at timestamptz,
      restored_at timestamptz,
      planned_start timestamptz,
      planned_end timestamptz,
      etr timestamptz,
      etr_set_at timestamptz,
      etr_set_by bigint references users (id),
      etr_set_by_name text,
      etr_notified timestamptz,
      etr_notices smallint not null default 0,
      cause text,
      affected_consumers integer not null default 0,
      merged_into bigint references outages (id),
      acknowledged_at timestamptz,
      acknowledged_by bigint references users (id),
      acknowledged_by_name text,
      advance_notice_at timestamptz,
      created_by bigint references users (id),
      updated_at timestamptz not null default now(),
      check ((scope = 'feeder' and feeder_id is not null)
          or (scope = 'dt' and dt_id is not null)
          or (scope = 'consumer' and consumer_id is not null)),
      check (kind = 'unplanned' or (planned_start is not null and planned_end is not null and planned_end > planned_start)),
      check (restored_at is null or restored_at >= started_at)
    );

    create unique index outages_one_open_feeder on outages (feeder_id)
      where scope = 'feeder' and status in ('suspected', 'confirmed');
    create unique index outages_one_open_dt on outages (dt_id)
      where scope = 'dt' and status in ('suspected', 'confirmed');
    create unique index outages_one_open_consumer on outages (consumer_id)
      where scope = 'consumer' and status in ('suspected', 'confirmed');
    -- What is off now, by feeder (linking a caller to a known outage) and by DC (screens).
    create index outages_live_feeder_idx on outages (feeder_id)
      where status in ('suspected', 'confirmed', 'in_progress');
    create index outages_live_dc_idx on outages (dc_id)
      where status in ('suspected', 'confirmed', 'in_progress');
    create index outages_planned_idx on outages (planned_start)
      where status in ('scheduled', 'in_progress');
    create index outages_started_idx on outages (started_at);
    create index outages_merged_into_idx on outages (merged_into) where merged_into is not null;

    -- The audit trail of an outage: who did what, when; never edited.
    create table outage_events (
      id bigint generated always as identity primary key,
      outage_id bigint not null references outages (id),
      at timestamptz not null,
      action text not null,
      actor_kind text not null check (actor_kind in ('user', 'token', 'system')),
      actor_id bigint,
      actor_name text not null,
      channel text not null,
      from_status text,
      to_status text,
      changes jsonb not null default '{}',
      note text
    );
    create index outage_events_outage_idx on outage_events (outage_id, id);
    create function outage_events_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'the outage audit trail cannot be changed' using errcode = 'insufficient_privilege';
    end;
    $$;
    create trigger outage_events_no_update before update or delete on outage_events
      for each row execute function outage_events_immutable();
    create trigger outage_events_no_truncate before truncate on outage_events
      for each statement execute function outage_events_immutable();

    -- Consumer notices to send for an outage, committed with the change that
    -- causes them and expanded into one SMS per consumer right after, so a
    -- feeder of 20,000 consumers never holds up the red alert.
    create table outage_notices (
      id bigint generated always as identity primary key,
      outage_id bigint not null references outages (id),
      kind text not null check (kind in ('notice', 'etr', 'restored', 'planned_notice', 'planned_started', 'planned_cancelled')),
      seq smallint not null default 0,
      variables jsonb not null,
      created_at timestamptz not null,
      expanded_at timestamptz,
      recipients integer,
      unique (outage_id, kind, seq)
    );
    create index outage_notices_pending_idx on outage_notices (id) where expanded_at is null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table outage_notices;
    drop table outage_events;
    drop function outage_events_immutable();
    drop table outages;
  `.execute(db);
}
