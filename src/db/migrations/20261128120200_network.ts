import { type Kysely, sql } from "kysely";

// The electrical network: 33/11 kV substation → 11 kV feeder → DT. Every element
// names the DC that maintains it, which is where its faults are routed.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table substations (
      id bigint generated always as identity primary key,
      code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9/-]{0,39}$'),
      name_en text not null,
      name_hi text not null default '',
      dc_id bigint not null references org_units (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index substations_dc_idx on substations (dc_id);

    create table feeders (
      id bigint generated always as identity primary key,
      code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9/-]{0,39}$'),
      name_en text not null,
      name_hi text not null default '',
      substation_id bigint not null references substations (id),
      dc_id bigint not null references org_units (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index feeders_substation_idx on feeders (substation_id);
    create index feeders_dc_idx on feeders (dc_id);

    create table dts (
      id bigint generated always as identity primary key,
      code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9/-]{0,39}$'),
      name_en text not null,
      name_hi text not null default '',
      feeder_id bigint not null references feeders (id),
      dc_id bigint not null references org_units (id),
      capacity_kva integer check (capacity_kva > 0),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index dts_feeder_idx on dts (feeder_id);
    create index dts_dc_idx on dts (dc_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table dts; drop table feeders; drop table substations`.execute(db);
}
