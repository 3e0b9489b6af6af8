import { type Kysely, sql } from "kysely";

// SMS counts for the service dashboard (issue 16): sent / delivered / failed
// per DC, template and day, without counting outbox_sms per page. The outbox
// holds every bill SMS, millions a month; a dashboard that ran count(*) over
// a month of it would read millions of rows per page view.
//
// Why a trigger writing inserted deltas (like the complaint rollups) and not
// the worker recounting recent days:
// - A message's status moves for days after it is queued (a delivery receipt
//   can come a day or more later, a retry later still), so a recount of
//   "recent days" either rereads a week of the outbox every few seconds or
//   freezes days whose figures still change. Deltas are exact at any moment.
// - The triggers are per STATEMENT with transition tables: the dispatcher
//   claims, marks sent and takes receipts in batches of hundreds of rows in
//   one statement, and each statement writes one delta row per (15-minute
//   bucket, DC, template, status) it changed, usually one or two, instead of
//   a row per message. Inserts only, so two dispatchers never wait on one
//   counter row; the worker folds the deltas into the daily and monthly
//   tables (job reports.sms-rollups) and readers add what is not folded yet.
// - A message counts in the day (and month) it was queued, in its current
//   status: the same reading as the complaint rollups' st_<status>. Days are
//   cut in the DISCOM's zone when folding; the 15-minute buckets keep that
//   exact for any zone whose offset is a multiple of 15 minutes (India +5:30).
//
// outbox_sms.dc_id: the DC the message is about, looked up once when it is
// queued (from its complaint, outage, consumer, bill, payment, conversation or
// connection application) by a row trigger, so that status changes need no
// lookup; 0 in the rollups stands for "no DC" (staff, test, knowledge-base
// messages), counted only company-wide. Existing rows are looked up here.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table outbox_sms add column dc_id bigint;

    create function outbox_sms_dc(rt text, rid bigint) returns bigint language sql stable as $$
      select case rt
        when 'complaint' then (select x.dc_id from complaints x where x.id = rid)
        when 'outage' then (select x.dc_id from outages x where x.id = rid)
        when 'consumer' then (select x.dc_id from consumers x where x.id = rid)
        when 'bill' then (select c.dc_id from bills b join consumers c on c.id = b.consumer_id where b.id = rid)
        when 'payment' then (select c.dc_id from payments b join consumers c on c.id = b.consumer_id where b.id = rid)
        when 'conversation' then (select x.dc_id from conversations x where x.id = rid)
        when 'connection_application' then (select x.dc_id from connection_applications x where x.id = rid)
      end
    $$;

    update outbox_sms set dc_id = outbox_sms_dc(related_type, related_id) where related_id is not null;

    create function outbox_sms_set_dc() returns trigger language plpgsql as $$
    begin
      if new.dc_id is null and new.related_id is not null then
        new.dc_id := outbox_sms_dc(new.related_type, new.related_id);
      end if;
      return new;
    end $$;
    create trigger outbox_sms_set_dc before insert on outbox_sms
      for each row execute function outbox_sms_set_dc();

    create table sms_rollup_deltas (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      dc_id bigint not null,
      template text not null,
      status text not null,
      n integer not null
    );

    create function outbox_sms_rollup_insert() returns trigger language plpgsql as $$
    begin
      insert into sms_rollup_deltas (at, dc_id, template, status, n)
      select date_bin('15 minutes', r.created_at, timestamptz '2000-01-01 00:00+00'), coalesce(r.dc_id, 0),
             r.template, r.status, count(*)
      from new_rows r group by 1, 2, 3, 4;
      return null;
    end $$;

    create function outbox_sms_rollup_update() returns trigger language plpgsql as $$
    begin
      insert into sms_rollup_deltas (at, dc_id, template, status, n)
      select date_bin('15 minutes', c.created_at, timestamptz '2000-01-01 00:00+00'), c.dc_id, c.template, c.status,
             sum(c.n)
      from (
        select n.created_at, coalesce(n.dc_id, 0) as dc_id, n.template, n.status, 1 as n
        from new_rows n join old_rows o on o.id = n.id
        where (o.status, o.template, o.created_at, o.dc_id) is distinct from (n.status, n.template, n.created_at, n.dc_id)
        union all
        select o.created_at, coalesce(o.dc_id, 0), o.template, o.status, -1
        from new_rows n join old_rows o on o.id = n.id
        where (o.status, o.template, o.created_at, o.dc_id) is distinct from (n.status, n.template, n.created_at, n.dc_id)
      ) c
      group by 1, 2, 3, 4
      having sum(c.n) <> 0;
      return null;
    end $$;

    create function outbox_sms_rollup_delete() returns trigger language plpgsql as $$
    begin
      insert into sms_rollup_deltas (at, dc_id, template, status, n)
      select date_bin('15 minutes', r.created_at, timestamptz '2000-01-01 00:00+00'), coalesce(r.dc_id, 0),
             r.template, r.status, -count(*)
      from old_rows r group by 1, 2, 3, 4;
      return null;
    end $$;

    create trigger outbox_sms_rollup_insert after insert on outbox_sms
      referencing new table as new_rows for each statement execute function outbox_sms_rollup_insert();
    create trigger outbox_sms_rollup_update after update on outbox_sms
      referencing old table as old_rows new table as new_rows
      for each statement execute function outbox_sms_rollup_update();
    create trigger outbox_sms_rollup_delete after delete on outbox_sms
      referencing old table as old_rows for each statement execute function outbox_sms_rollup_delete();

    create table sms_rollup_daily (
      day date not null,
      dc_id bigint not null,
      template text not null,
      status text not null,
      n bigint not null default 0,
      primary key (day, dc_id, template, status)
    );
    create index sms_rollup_daily_dc_idx on sms_rollup_daily (dc_id, day);

    create table sms_rollup_monthly (
      month date not null,
      dc_id bigint not null,
      template text not null,
      status text not null,
      n bigint not null default 0,
      primary key (month, dc_id, template, status)
    );
    create index sms_rollup_monthly_dc_idx on sms_rollup_monthly (dc_id, month);

    insert into sms_rollup_deltas (at, dc_id, template, status, n)
    select date_bin('15 minutes', created_at, timestamptz '2000-01-01 00:00+00'), coalesce(dc_id, 0), template,
           status, count(*)
    from outbox_sms group by 1, 2, 3, 4;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger outbox_sms_rollup_insert on outbox_sms;
    drop trigger outbox_sms_rollup_update on outbox_sms;
    drop trigger outbox_sms_rollup_delete on outbox_sms;
    drop trigger outbox_sms_set_dc on outbox_sms;
    drop function outbox_sms_rollup_insert();
    drop function outbox_sms_rollup_update();
    drop function outbox_sms_rollup_delete();
    drop function outbox_sms_set_dc();
    drop function outbox_sms_dc(text, bigint);
    drop table sms_rollup_monthly;
    drop table sms_rollup_daily;
    drop table sms_rollup_deltas;
    alter table outbox_sms drop column dc_id;
  `.execute(db);
}
