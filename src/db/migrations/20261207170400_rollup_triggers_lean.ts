import { type Kysely, sql } from "kysely";

// The complaint triggers of 20261207090000 and 20261207090100, made cheaper
// for registration (issue 16's bar: rollups may cost registration at most 5%;
// measured at 18% with the first version).
// - A registration's delta is its 'r' part alone, written by a direct INSERT
//   instead of through the set-returning complaint_rollup_parts (which also
//   ran for every insert); a row inserted already resolved or breached (an
//   import) still gets its other parts from the function.
// - WHEN clauses keep the database from calling a function that would do
//   nothing: no consumer, no repeat to look for; no breach, no register
//   entry; an UPDATE that leaves the counted columns as they were, no delta.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function complaints_rollup_insert_delta() returns trigger language plpgsql as $$
    begin
      insert into complaint_rollup_deltas (part, at, dc_id, category_code, channel, area_type, received,
        st_registered, st_assigned, st_attended, st_waiting, st_resolved, st_closed, st_invalid, st_duplicate,
        repeats, reopened)
      values ('r', new.registered_at, new.dc_id, new.category_code, new.channel, new.area_type, 1,
        (new.status = 'registered')::int, (new.status = 'assigned')::int, (new.status = 'attended')::int,
        (new.status = 'waiting')::int, (new.status = 'resolved')::int, (new.status = 'closed')::int,
        (new.status = 'invalid')::int, (new.status = 'duplicate')::int, new.is_repeat::int,
        (new.reopen_count > 0)::int);
      if new.resolved_at is not null or new.breached_at is not null then
        insert into complaint_rollup_deltas (part, at, dc_id, category_code, channel, area_type,
          received, st_registered, st_assigned, st_attended, st_waiting, st_resolved, st_closed, st_invalid,
          st_duplicate, repeats, reopened, resolved, resolved_late, resolve_minutes,
          h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, breached)
        select * from complaint_rollup_parts(new) p where p.part <> 'r';
      end if;
      return null;
    end $$;

    drop trigger complaints_rollup_insert on complaints;
    create trigger complaints_rollup_insert after insert on complaints
      for each row execute function complaints_rollup_insert_delta();

    drop trigger complaints_rollup_update on complaints;
    create trigger complaints_rollup_update after update of status, registered_at, resolved_at, breached_at,
      dc_id, category_code, channel, area_type, reopen_count, is_repeat on complaints
      for each row
      when ((old.status, old.registered_at, old.resolved_at, old.breached_at, old.dc_id, old.category_code,
             old.channel, old.area_type, old.reopen_count > 0, old.is_repeat)
        is distinct from (new.status, new.registered_at, new.resolved_at, new.breached_at, new.dc_id,
             new.category_code, new.channel, new.area_type, new.reopen_count > 0, new.is_repeat))
      execute function complaints_rollup_delta();

    drop trigger complaints_mark_repeat on complaints;
    create trigger complaints_mark_repeat before insert on complaints
      for each row when (new.consumer_id is not null) execute function complaints_mark_repeat();

    drop trigger complaints_compensation_insert on complaints;
    create trigger complaints_compensation_insert after insert on complaints
      for each row when (new.breached_at is not null and new.compensation_rs > 0)
      execute function complaints_compensation_entry();
    drop trigger complaints_compensation_update on complaints;
    create trigger complaints_compensation_update after update of breached_at, compensation_rs on complaints
      for each row when (new.breached_at is not null and new.compensation_rs > old.compensation_rs)
      execute function complaints_compensation_entry();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger complaints_rollup_insert on complaints;
    create trigger complaints_rollup_insert after insert on complaints
      for each row execute function complaints_rollup_delta();
    drop function complaints_rollup_insert_delta();
    drop trigger complaints_rollup_update on complaints;
    create trigger complaints_rollup_update after update of status, registered_at, resolved_at, breached_at,
      dc_id, category_code, channel, area_type, reopen_count, is_repeat on complaints
      for each row execute function complaints_rollup_delta();
    drop trigger complaints_mark_repeat on complaints;
    create trigger complaints_mark_repeat before insert on complaints
      for each row execute function complaints_mark_repeat();
    drop trigger complaints_compensation_insert on complaints;
    create trigger complaints_compensation_insert after insert on complaints
      for each row execute function complaints_compensation_entry();
    drop trigger complaints_compensation_update on complaints;
    create trigger complaints_compensation_update after update of breached_at, compensation_rs on complaints
      for each row execute function complaints_compensation_entry();
  `.execute(db);
}
