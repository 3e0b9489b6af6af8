import { type Kysely, sql } from "kysely";

// The survey's counts per campaign and DC, for the scorecards and the service
// dashboard's survey figures and trend (issue 16). Both grouped the month's
// targets per page view, and the dashboard's trend a year of them: 30 targets
// a DC a month is 45,000 rows a month at 1,500 DCs, 540,000 for the trend.
//
// Kept by statement-level triggers with transition tables (the campaign's
// sampling inserts a month's targets in one statement; an answer updates
// one), which add each statement's changes to the (campaign, DC) row. No
// deltas and no fold, unlike the complaint and SMS rollups: nothing here
// depends on a time zone (a target belongs to its campaign's month), and a
// DC's row is touched by a few answers an hour, so writers never queue on it.
// Keyed by campaign, not month, so a trigger needs no look-up and a campaign's
// cascade delete leaves an orphan readers never join to. The update trigger
// runs for every update of targets (a desk's lease too: transition tables
// cannot be limited to columns) and writes only when a counted column moved.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table survey_rollup (
      campaign_id bigint not null,
      dc_id bigint not null,
      sampled bigint not null default 0,
      answered bigint not null default 0,
      regular bigint not null default 0,
      regular_n bigint not null default 0,
      meter bigint not null default 0,
      meter_n bigint not null default 0,
      on_time bigint not null default 0,
      on_time_n bigint not null default 0,
      correct bigint not null default 0,
      correct_n bigint not null default 0,
      primary key (campaign_id, dc_id)
    );

    create function survey_rollup_insert() returns trigger language plpgsql as $$
    begin
      insert into survey_rollup as r (campaign_id, dc_id, sampled, answered, regular, regular_n, meter, meter_n,
        on_time, on_time_n, correct, correct_n)
      select n.campaign_id, n.dc_id, count(*), count(*) filter (where n.status = 'answered'),
        count(*) filter (where n.regular_supply), count(n.regular_supply),
        count(*) filter (where n.meter_read), count(n.meter_read),
        count(*) filter (where n.bill_on_time), count(n.bill_on_time),
        count(*) filter (where n.bill_correct), count(n.bill_correct)
      from new_rows n group by 1, 2 order by 1, 2
      on conflict (campaign_id, dc_id) do update set
        sampled = r.sampled + excluded.sampled, answered = r.answered + excluded.answered,
        regular = r.regular + excluded.regular, regular_n = r.regular_n + excluded.regular_n,
        meter = r.meter + excluded.meter, meter_n = r.meter_n + excluded.meter_n,
        on_time = r.on_time + excluded.on_time, on_time_n = r.on_time_n + excluded.on_time_n,
        correct = r.correct + excluded.correct, correct_n = r.correct_n + excluded.correct_n;
      return null;
    end $$;

    create function survey_rollup_update() returns trigger language plpgsql as $$
    begin
      insert into survey_rollup as r (campaign_id, dc_id, sampled, answered, regular, regular_n, meter, meter_n,
        on_time, on_time_n, correct, correct_n)
      select c.campaign_id, c.dc_id, sum(c.s), coalesce(sum(c.s) filter (where c.status = 'answered'), 0),
        coalesce(sum(c.s) filter (where c.regular_supply), 0),
        coalesce(sum(c.s) filter (where c.regular_supply is not null), 0),
        coalesce(sum(c.s) filter (where c.meter_read), 0),
        coalesce(sum(c.s) filter (where c.meter_read is not null), 0),
        coalesce(sum(c.s) filter (where c.bill_on_time), 0),
        coalesce(sum(c.s) filter (where c.bill_on_time is not null), 0),
        coalesce(sum(c.s) filter (where c.bill_correct), 0),
        coalesce(sum(c.s) filter (where c.bill_correct is not null), 0)
      from (
        select n.campaign_id, n.dc_id, n.status, n.regular_supply, n.meter_read, n.bill_on_time, n.bill_correct,
               1 as s
        from new_rows n join old_rows o on o.id = n.id
        where (o.campaign_id, o.dc_id, o.status = 'answered', o.regular_supply, o.meter_read, o.bill_on_time,
               o.bill_correct)
          is distinct from (n.campaign_id, n.dc_id, n.status = 'answered', n.regular_supply, n.meter_read,
               n.bill_on_time, n.bill_correct)
        union all
        select o.campaign_id, o.dc_id, o.status, o.regular_supply, o.meter_read, o.bill_on_time, o.bill_correct,
               -1
        from new_rows n join old_rows o on o.id = n.id
        where (o.campaign_id, o.dc_id, o.status = 'answered', o.regular_supply, o.meter_read, o.bill_on_time,
               o.bill_correct)
          is distinct from (n.campaign_id, n.dc_id, n.status = 'answered', n.regular_supply, n.meter_read,
               n.bill_on_time, n.bill_correct)
      ) c
      group by 1, 2 order by 1, 2
      on conflict (campaign_id, dc_id) do update set
        sampled = r.sampled + excluded.sampled, answered = r.answered + excluded.answered,
        regular = r.regular + excluded.regular, regular_n = r.regular_n + excluded.regular_n,
        meter = r.meter + excluded.meter, meter_n = r.meter_n + excluded.meter_n,
        on_time = r.on_time + excluded.on_time, on_time_n = r.on_time_n + excluded.on_time_n,
        correct = r.correct + excluded.correct, correct_n = r.correct_n + excluded.correct_n;
      return null;
    end $$;

    create function survey_rollup_delete() returns trigger language plpgsql as $$
    begin
      insert into survey_rollup as r (campaign_id, dc_id, sampled, answered, regular, regular_n, meter, meter_n,
        on_time, on_time_n, correct, correct_n)
      select o.campaign_id, o.dc_id, -count(*), -count(*) filter (where o.status = 'answered'),
        -count(*) filter (where o.regular_supply), -count(o.regular_supply),
        -count(*) filter (where o.meter_read), -count(o.meter_read),
        -count(*) filter (where o.bill_on_time), -count(o.bill_on_time),
        -count(*) filter (where o.bill_correct), -count(o.bill_correct)
      from old_rows o group by 1, 2 order by 1, 2
      on conflict (campaign_id, dc_id) do update set
        sampled = r.sampled + excluded.sampled, answered = r.answered + excluded.answered,
        regular = r.regular + excluded.regular, regular_n = r.regular_n + excluded.regular_n,
        meter = r.meter + excluded.meter, meter_n = r.meter_n + excluded.meter_n,
        on_time = r.on_time + excluded.on_time, on_time_n = r.on_time_n + excluded.on_time_n,
        correct = r.correct + excluded.correct, correct_n = r.correct_n + excluded.correct_n;
      return null;
    end $$;

    create trigger survey_targets_rollup_insert after insert on survey_targets
      referencing new table as new_rows for each statement execute function survey_rollup_insert();
    create trigger survey_targets_rollup_update after update on survey_targets
      referencing old table as old_rows new table as new_rows
      for each statement execute function survey_rollup_update();
    create trigger survey_targets_rollup_delete after delete on survey_targets
      referencing old table as old_rows for each statement execute function survey_rollup_delete();

    insert into survey_rollup (campaign_id, dc_id, sampled, answered, regular, regular_n, meter, meter_n,
      on_time, on_time_n, correct, correct_n)
    select campaign_id, dc_id, count(*), count(*) filter (where status = 'answered'),
      count(*) filter (where regular_supply), count(regular_supply),
      count(*) filter (where meter_read), count(meter_read),
      count(*) filter (where bill_on_time), count(bill_on_time),
      count(*) filter (where bill_correct), count(bill_correct)
    from survey_targets group by 1, 2;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger survey_targets_rollup_insert on survey_targets;
    drop trigger survey_targets_rollup_update on survey_targets;
    drop trigger survey_targets_rollup_delete on survey_targets;
    drop function survey_rollup_insert();
    drop function survey_rollup_update();
    drop function survey_rollup_delete();
    drop table survey_rollup;
  `.execute(db);
}
