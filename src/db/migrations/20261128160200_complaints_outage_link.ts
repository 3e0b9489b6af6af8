import { type Kysely, sql } from "kysely";

// A "no supply" complaint from a consumer behind an open outage belongs to it:
// restoration resolves them together. Trouble-call analysis counts the recent
// complaints on one DT; an outage links the recent ones behind its feeder or DT.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table complaints add column outage_id bigint references outages (id);
    create index complaints_outage_idx on complaints (outage_id) where outage_id is not null;
    create index complaints_dt_recent_idx on complaints (dt_id, registered_at desc) where dt_id is not null;
    create index complaints_feeder_recent_idx on complaints (feeder_id, registered_at desc) where feeder_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index complaints_feeder_recent_idx;
    drop index complaints_dt_recent_idx;
    alter table complaints drop column outage_id;
  `.execute(db);
}
