import { type Kysely, sql } from "kysely";

// Pre-aggregated complaint counts for the dashboards and the regulator's
// report (issue 16), kept current as complaints change instead of counted
// from tens of millions of rows per page.
//
// - complaints.is_repeat: set on insert when the consumer already had two or
//   more complaints registered in the 30 days before (this is his third or
//   later), so "repeat complaints" is one more counter.
// - complaint_rollup_parts(c): what one complaint contributes. Three parts,
//   each dated by its own moment: 'r' on the day it was registered (received,
//   its current status, repeat, reopened), 'x' on the day it was resolved
//   (resolved, late, minutes taken and a histogram of them, for medians and
//   90th percentiles), 'b' on the day it breached its limit.
// - A trigger on complaints writes, for every change, the parts of the new
//   row that the old row did not have and the old row's parts that are gone
//   (negated) into complaint_rollup_deltas: inserts only, so two
//   registrations in the same DC never wait on one counter row. Any write
//   path (service, import, demo, a bulk resolve for an outage) is counted.
// - The worker folds the deltas into complaint_rollup_daily and
//   complaint_rollup_monthly (day or month × DC × category × channel × area
//   type) every few seconds, turning moments into days in the DISCOM's time
//   zone; readers add the deltas not folded yet, so figures are exact.
// - Existing complaints are written as deltas here, and the first fold counts them.
//
// Histogram bucket upper bounds, minutes (h0..h12; h12 is longer than 15 days):
// 60, 120, 240, 360, 720, 1440, 2880, 4320, 7200, 10080, 14400, 21600.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table complaints add column is_repeat boolean not null default false;

    create function complaints_mark_repeat() returns trigger language plpgsql as $$
    begin
      if new.consumer_id is not null then
        new.is_repeat := (
          select count(*) >= 2 from complaints p
          where p.consumer_id = new.consumer_id
            and p.registered_at >= new.registered_at - interval '30 days'
            and p.registered_at <= new.registered_at
        );
      end if;
      return new;
    end $$;
    create trigger complaints_mark_repeat before insert on complaints
      for each row execute function complaints_mark_repeat();

    update complaints c set is_repeat = true
    where c.consumer_id is not null and (
      select count(*) from complaints p
      where p.consumer_id = c.consumer_id and p.id <> c.id
        and p.registered_at >= c.registered_at - interval '30 days'
        and p.registered_at <= c.registered_at
    ) >= 2;

    create table complaint_rollup_deltas (
      id bigint generated always as identity primary key,
      part text not null,
      at timestamptz not null,
      dc_id bigint not null,
      category_code text not null,
      channel text not null,
      area_type text not null,
      received integer not null default 0,
      st_registered integer not null default 0,
      st_assigned integer not null default 0,
      st_attended integer not null default 0,
      st_waiting integer not null default 0,
      st_resolved integer not null default 0,
      st_closed integer not null default 0,
      st_invalid integer not null default 0,
      st_duplicate integer not null default 0,
      repeats integer not null default 0,
      reopened integer not null default 0,
      resolved integer not null default 0,
      resolved_late integer not null default 0,
      resolve_minutes bigint not null default 0,
      h0 integer not null default 0, h1 integer not null default 0, h2 integer not null default 0,
      h3 integer not null default 0, h4 integer not null default 0, h5 integer not null default 0,
      h6 integer not null default 0, h7 integer not null default 0, h8 integer not null default 0,
      h9 integer not null default 0, h10 integer not null default 0, h11 integer not null default 0,
      h12 integer not null default 0,
      breached integer not null default 0
    );

    create function complaint_rollup_parts(c complaints) returns table (
      part text, at timestamptz, dc_id bigint, category_code text, channel text, area_type text,
      received integer, st_registered integer, st_assigned integer, st_attended integer, st_waiting integer,
      st_resolved integer, st_closed integer, st_invalid integer, st_duplicate integer,
      repeats integer, reopened integer, resolved integer, resolved_late integer, resolve_minutes bigint,
      h0 integer, h1 integer, h2 integer, h3 integer, h4 integer, h5 integer, h6 integer,
      h7 integer, h8 integer, h9 integer, h10 integer, h11 integer, h12 integer, breached integer
    ) language plpgsql immutable as $$
    declare
      minutes bigint;
    begin
      return query select 'r'::text, c.registered_at, c.dc_id, c.category_code, c.channel, c.area_type,
        1, (c.status = 'registered')::int, (c.status = 'assigned')::int, (c.status = 'attended')::int,
        (c.status = 'waiting')::int, (c.status = 'resolved')::int, (c.status = 'closed')::int,
        (c.status = 'invalid')::int, (c.status = 'duplicate')::int,
        c.is_repeat::int, (c.reopen_count > 0)::int, 0, 0, 0::bigint,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0;
      if c.resolved_at is not null then
        minutes := greatest(0, ceil(extract(epoch from (c.resolved_at - c.registered_at)) / 60))::bigint;
        return query select 'x'::text, c.resolved_at, c.dc_id, c.category_code, c.channel, c.area_type,
          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, (c.breached_at is not null)::int, minutes,
          (minutes <= 60)::int, (minutes > 60 and minutes <= 120)::int,
          (minutes > 120 and minutes <= 240)::int, (minutes > 240 and minutes <= 360)::int,
          (minutes > 360 and minutes <= 720)::int, (minutes > 720 and minutes <= 1440)::int,
          (minutes > 1440 and minutes <= 2880)::int, (minutes > 2880 and minutes <= 4320)::int,
          (minutes > 4320 and minutes <= 7200)::int, (minutes > 7200 and minutes <= 10080)::int,
          (minutes > 10080 and minutes <= 14400)::int, (minutes > 14400 and minutes <= 21600)::int,
          (minutes > 21600)::int, 0;
      end if;
      if c.breached_at is not null then
        return query select 'b'::text, c.breached_at, c.dc_id, c.category_code, c.channel, c.area_type,
          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0::bigint, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1;
      end if;
    end $$;

    create function complaints_rollup_delta() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        insert into complaint_rollup_deltas (part, at, dc_id, category_code, channel, area_type,
          received, st_registered, st_assigned, st_attended, st_waiting, st_resolved, st_closed, st_invalid,
          st_duplicate, repeats, reopened, resolved, resolved_late, resolve_minutes,
          h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, breached)
        select * from complaint_rollup_parts(new);
      elsif tg_op = 'UPDATE' then
        insert into complaint_rollup_deltas (part, at, dc_id, category_code, channel, area_type,
          received, st_registered, st_assigned, st_attended, st_waiting, st_resolved, st_closed, st_invalid,
          st_duplicate, repeats, reopened, resolved, resolved_late, resolve_minutes,
          h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, breached)
        select * from (select * from complaint_rollup_parts(new) except all select * from complaint_rollup_parts(old)) n
        union all
        select o.part, o.at, o.dc_id, o.category_code, o.channel, o.area_type,
          -o.received, -o.st_registered, -o.st_assigned, -o.st_attended, -o.st_waiting, -o.st_resolved,
          -o.st_closed, -o.st_invalid, -o.st_duplicate, -o.repeats, -o.reopened, -o.resolved,
          -o.resolved_late, -o.resolve_minutes, -o.h0, -o.h1, -o.h2, -o.h3, -o.h4, -o.h5, -o.h6, -o.h7,
          -o.h8, -o.h9, -o.h10, -o.h11, -o.h12, -o.breached
        from (select * from complaint_rollup_parts(old) except all select * from complaint_rollup_parts(new)) o;
      else
        insert into complaint_rollup_deltas (part, at, dc_id, category_code, channel, area_type,
          received, st_registered, st_assigned, st_attended, st_waiting, st_resolved, st_closed, st_invalid,
          st_duplicate, repeats, reopened, resolved, resolved_late, resolve_minutes,
          h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, breached)
        select o.part, o.at, o.dc_id, o.category_code, o.channel, o.area_type,
          -o.received, -o.st_registered, -o.st_assigned, -o.st_attended, -o.st_waiting, -o.st_resolved,
          -o.st_closed, -o.st_invalid, -o.st_duplicate, -o.repeats, -o.reopened, -o.resolved,
          -o.resolved_late, -o.resolve_minutes, -o.h0, -o.h1, -o.h2, -o.h3, -o.h4, -o.h5, -o.h6, -o.h7,
          -o.h8, -o.h9, -o.h10, -o.h11, -o.h12, -o.breached
        from complaint_rollup_parts(old) o;
      end if;
      return null;
    end $$;

    create trigger complaints_rollup_insert after insert on complaints
      for each row execute function complaints_rollup_delta();
    create trigger complaints_rollup_update after update of status, registered_at, resolved_at, breached_at,
      dc_id, category_code, channel, area_type, reopen_count, is_repeat on complaints
      for each row execute function complaints_rollup_delta();
    create trigger complaints_rollup_delete after delete on complaints
      for each row execute function complaints_rollup_delta();

    create table complaint_rollup_daily (
      day date not null,
      dc_id bigint not null,
      category_code text not null,
      channel text not null,
      area_type text not null,
      received integer not null default 0,
      st_registered integer not null default 0,
      st_assigned integer not null default 0,
      st_attended integer not null default 0,
      st_waiting integer not null default 0,
      st_resolved integer not null default 0,
      st_closed integer not null default 0,
      st_invalid integer not null default 0,
      st_duplicate integer not null default 0,
      repeats integer not null default 0,
      reopened integer not null default 0,
      resolved integer not null default 0,
      resolved_late integer not null default 0,
      resolve_minutes bigint not null default 0,
      h0 integer not null default 0, h1 integer not null default 0, h2 integer not null default 0,
      h3 integer not null default 0, h4 integer not null default 0, h5 integer not null default 0,
      h6 integer not null default 0, h7 integer not null default 0, h8 integer not null default 0,
      h9 integer not null default 0, h10 integer not null default 0, h11 integer not null default 0,
      h12 integer not null default 0,
      breached integer not null default 0,
      primary key (day, dc_id, category_code, channel, area_type)
    );
    create index complaint_rollup_daily_dc_idx on complaint_rollup_daily (dc_id, day);

    create table complaint_rollup_monthly (like complaint_rollup_daily including defaults);
    alter table complaint_rollup_monthly rename column day to month;
    alter table complaint_rollup_monthly add primary key (month, dc_id, category_code, channel, area_type);
    create index complaint_rollup_monthly_dc_idx on complaint_rollup_monthly (dc_id, month);

    insert into complaint_rollup_deltas (part, at, dc_id, category_code, channel, area_type,
      received, st_registered, st_assigned, st_attended, st_waiting, st_resolved, st_closed, st_invalid,
      st_duplicate, repeats, reopened, resolved, resolved_late, resolve_minutes,
      h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, breached)
    select p.* from complaints c, lateral complaint_rollup_parts(c) p;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger complaints_rollup_insert on complaints;
    drop trigger complaints_rollup_update on complaints;
    drop trigger complaints_rollup_delete on complaints;
    drop trigger complaints_mark_repeat on complaints;
    drop function complaints_rollup_delta();
    drop function complaint_rollup_parts(complaints);
    drop function complaints_mark_repeat();
    drop table complaint_rollup_monthly;
    drop table complaint_rollup_daily;
    drop table complaint_rollup_deltas;
    alter table complaints drop column is_repeat;
  `.execute(db);
}
