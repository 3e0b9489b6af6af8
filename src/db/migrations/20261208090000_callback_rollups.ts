import { type Kysely, sql } from "kysely";

// Callback outcomes per DC and month, for the service dashboard and the
// survey scorecards (issue 16). Both read a year of callbacks per page: the
// dashboard's trend (outcomes and ratings month by month) and the
// scorecards' callback satisfaction. At 500 callbacks a day that is 180,000
// rows read and grouped for every page view, twice; measured at p99 1 s for
// the company's Service tab against the 300 ms target.
//
// The same shape as the SMS rollups (20261207170200): a row trigger writes
// inserted deltas (a closed callback adds itself; a change to a closed one
// takes its old figures away and adds the new), the worker folds them into
// the monthly table (job feedback.callback-rollups) with the month cut in the
// DISCOM's zone, and readers add the deltas not folded yet, so the figures
// are exact at any moment. Row-level: a few hundred callbacks close a day,
// one at a time.
//
// A callback counts in the month it closed (closed_at), as the dashboard and
// the scorecards read it. Existing closed callbacks are written as deltas here
// and folded by the worker's first run.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table callback_rollup_deltas (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      dc_id bigint not null,
      closed integer not null,
      confirmed integer not null,
      not_fixed integer not null,
      not_confirmed integer not null,
      cancelled integer not null,
      time_sum integer not null,
      time_n integer not null,
      overall_sum integer not null,
      overall_n integer not null
    );

    create table callback_rollup_monthly (
      month date not null,
      dc_id bigint not null,
      closed bigint not null default 0,
      confirmed bigint not null default 0,
      not_fixed bigint not null default 0,
      not_confirmed bigint not null default 0,
      cancelled bigint not null default 0,
      time_sum bigint not null default 0,
      time_n bigint not null default 0,
      overall_sum bigint not null default 0,
      overall_n bigint not null default 0,
      primary key (month, dc_id)
    );

    create function callback_rollup_delta() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' and old.closed_at is not null then
        insert into callback_rollup_deltas (at, dc_id, closed, confirmed, not_fixed, not_confirmed, cancelled,
          time_sum, time_n, overall_sum, overall_n)
        values (old.closed_at, old.dc_id, -1, -(old.status = 'confirmed')::int, -(old.status = 'not_fixed')::int,
          -(old.status = 'not_confirmed')::int, -(old.status = 'cancelled')::int, -coalesce(old.time_rating, 0),
          -(old.time_rating is not null)::int, -coalesce(old.overall_rating, 0),
          -(old.overall_rating is not null)::int);
      end if;
      if tg_op <> 'DELETE' and new.closed_at is not null then
        insert into callback_rollup_deltas (at, dc_id, closed, confirmed, not_fixed, not_confirmed, cancelled,
          time_sum, time_n, overall_sum, overall_n)
        values (new.closed_at, new.dc_id, 1, (new.status = 'confirmed')::int, (new.status = 'not_fixed')::int,
          (new.status = 'not_confirmed')::int, (new.status = 'cancelled')::int, coalesce(new.time_rating, 0),
          (new.time_rating is not null)::int, coalesce(new.overall_rating, 0),
          (new.overall_rating is not null)::int);
      end if;
      return null;
    end $$;

    create trigger callbacks_rollup_insert after insert on callbacks
      for each row when (new.closed_at is not null) execute function callback_rollup_delta();
    create trigger callbacks_rollup_update after update of closed_at, status, dc_id, time_rating, overall_rating
      on callbacks for each row
      when ((old.closed_at, old.status, old.dc_id, old.time_rating, old.overall_rating)
        is distinct from (new.closed_at, new.status, new.dc_id, new.time_rating, new.overall_rating)
        and (old.closed_at is not null or new.closed_at is not null))
      execute function callback_rollup_delta();
    create trigger callbacks_rollup_delete after delete on callbacks
      for each row when (old.closed_at is not null) execute function callback_rollup_delta();

    insert into callback_rollup_deltas (at, dc_id, closed, confirmed, not_fixed, not_confirmed, cancelled,
      time_sum, time_n, overall_sum, overall_n)
    select date_bin('15 minutes', closed_at, timestamptz '2000-01-01 00:00+00'), dc_id, count(*),
      count(*) filter (where status = 'confirmed'), count(*) filter (where status = 'not_fixed'),
      count(*) filter (where status = 'not_confirmed'), count(*) filter (where status = 'cancelled'),
      coalesce(sum(time_rating), 0), count(time_rating), coalesce(sum(overall_rating), 0), count(overall_rating)
    from callbacks where closed_at is not null group by 1, 2;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger callbacks_rollup_insert on callbacks;
    drop trigger callbacks_rollup_update on callbacks;
    drop trigger callbacks_rollup_delete on callbacks;
    drop function callback_rollup_delta();
    drop table callback_rollup_monthly;
    drop table callback_rollup_deltas;
  `.execute(db);
}
