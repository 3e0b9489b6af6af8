import { type Kysely, sql } from "kysely";

// Recurring jobs run in every worker process; each (job, tick) is claimed by
// one of them with an insert that only one can win, so a job runs once per
// tick however many workers there are. tick = floor(epoch ms / the job's
// interval). Rows older than a week are swept.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table job_runs (
      job text not null,
      tick bigint not null,
      claimed_by text not null,
      claimed_at timestamptz not null,
      primary key (job, tick)
    );
    create index job_runs_claimed_at_idx on job_runs (claimed_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table job_runs`.execute(db);
}
