import { type Kysely, sql } from "kysely";

// Consumers and their mobile numbers. A mobile may be shared by several
// consumers of one family, so it is indexed, not unique. The trigram index
// serves the agent's partial-name lookup.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table consumers (
      id bigint generated always as identity primary key,
      consumer_no text not null unique check (consumer_no ~ '^[A-Z0-9]{4,20}$'),
      name text not null check (length(name) between 1 and 120),
      address text not null default '',
      tariff_category text not null
        check (tariff_category in ('domestic', 'non_domestic', 'agriculture', 'industrial')),
      area_type text not null check (area_type in ('urban', 'rural')),
      dc_id bigint not null references org_units (id),
      feeder_id bigint references feeders (id),
      dt_id bigint references dts (id),
      meter_no text,
      connection_status text not null default 'active'
        check (connection_status in ('active', 'temporarily_disconnected', 'permanently_disconnected')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index consumers_dc_idx on consumers (dc_id);
    create index consumers_feeder_idx on consumers (feeder_id);
    create index consumers_dt_idx on consumers (dt_id);
    create index consumers_meter_idx on consumers (meter_no) where meter_no is not null;
    create index consumers_name_trgm_idx on consumers using gin (name gin_trgm_ops);

    create table consumer_mobiles (
      consumer_id bigint not null references consumers (id) on delete cascade,
      mobile text not null check (mobile ~ '^[6-9][0-9]{9}$'),
      verified boolean not null default false,
      verified_at timestamptz,
      language text not null default 'hi' check (language in ('hi', 'en')),
      created_at timestamptz not null default now(),
      primary key (consumer_id, mobile)
    );
    create index consumer_mobiles_mobile_idx on consumer_mobiles (mobile);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table consumer_mobiles; drop table consumers`.execute(db);
}
