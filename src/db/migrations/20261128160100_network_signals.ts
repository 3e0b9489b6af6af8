import { type Kysely, sql } from "kysely";

// What SCADA and smart meters said, as received. An element's state is its
// latest signal by event time, not by arrival, so a "close" that arrives
// before its "trip", or a restore before its last gasp, is read correctly;
// the unique key makes a repeated message a no-op.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table network_signals (
      id bigint generated always as identity primary key,
      source text not null check (source in ('scada', 'ami')),
      element text not null,
      event text not null check (event in ('trip', 'close', 'last_gasp', 'power_restore')),
      at timestamptz not null,
      received_at timestamptz not null,
      feeder_id bigint references feeders (id),
      dt_id bigint references dts (id),
      consumer_id bigint references consumers (id),
      unique (source, element, event, at)
    );
    create index network_signals_feeder_idx on network_signals (feeder_id, at desc) where source = 'scada';
    create index network_signals_dt_idx on network_signals (dt_id, at desc) where source = 'ami';
    create index network_signals_received_idx on network_signals (received_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table network_signals`.execute(db);
}
