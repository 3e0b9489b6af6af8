import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/schema.ts";
import { statusIn } from "./complaints.sql.ts";

/**
 * The complaints one fault causes: linked to its outage, moved when outages
 * merge, freed when one is dismissed, resolved together when supply is back.
 * Each change writes its audit entries in the same statement.
 */
export class ComplaintOutagesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Links the open "no supply" complaints behind an element (a feeder, a DT or
   * one consumer), registered since a time and not yet linked, to an outage;
   * each gets an audit entry. Returns how many.
   */
  async linkToOutage(
    outageId: number,
    element: { scope: "feeder" | "dt" | "consumer"; id: number },
    since: Date,
    at: Date,
    note: string,
  ): Promise<number> {
    const column =
      element.scope === "feeder" ? "feeder_id" : element.scope === "dt" ? "dt_id" : "consumer_id";
    const r = await sql<{ n: number }>`
      with linked as (
        update complaints c set outage_id = ${outageId}, updated_at = ${at}
        where c.${sql.ref(column)} = ${element.id}
          and c.registered_at >= ${since}
          and (c.outage_id is null
               or c.outage_id in (select m.id from outages m where m.merged_into = ${outageId}))
          and ${statusIn("c.status")}
          and c.category_code in (select code from complaint_categories where is_no_supply)
        returning c.id, c.status
      ), trail as (
        insert into complaint_events (complaint_id, at, action, actor_kind, actor_id, actor_name, actor_role, channel, from_status, to_status, changes, note)
        select id, ${at}, 'linked_to_outage', 'system', null, 'PowerDesk', null, 'system', status, status,
               jsonb_build_object('outage_id', jsonb_build_array(null, ${outageId}::bigint)), ${note}
        from linked
      )
      select count(*)::int as n from linked`.execute(this.db);
    return Number(r.rows[0]?.n ?? 0);
  }

  /** Moves the complaints of merged outages to the outage they merged into, each with an audit entry. */
  async relinkOutages(fromIds: number[], toId: number, at: Date): Promise<number> {
    if (fromIds.length === 0) return 0;
    const r = await sql<{ n: number }>`
      with before as (
        select id, status, outage_id from complaints where outage_id in (${sql.join(fromIds)}) for update
      ), moved as (
        update complaints c set outage_id = ${toId}, updated_at = ${at}
        from before b where c.id = b.id
        returning c.id, c.status, b.outage_id as from_outage
      ), trail as (
        insert into complaint_events (complaint_id, at, action, actor_kind, actor_id, actor_name, actor_role, channel, from_status, to_status, changes, note)
        select id, ${at}, 'linked_to_outage', 'system', null, 'PowerDesk', null, 'system', status, status,
               jsonb_build_object('outage_id', jsonb_build_array(from_outage, ${toId}::bigint)),
               ${"the fault is the whole feeder's"}
        from moved
      )
      select count(*)::int as n from moved`.execute(this.db);
    return Number(r.rows[0]?.n ?? 0);
  }

  /** Unlinks the open complaints of a dismissed outage: each stands on its own again. */
  async unlinkOutage(outageId: number, at: Date, note: string): Promise<number> {
    const r = await sql<{ n: number }>`
      with freed as (
        update complaints c set outage_id = null, updated_at = ${at}
        where c.outage_id = ${outageId} and ${statusIn("c.status")}
        returning c.id, c.status
      ), trail as (
        insert into complaint_events (complaint_id, at, action, actor_kind, actor_id, actor_name, actor_role, channel, from_status, to_status, changes, note)
        select id, ${at}, 'unlinked_from_outage', 'system', null, 'PowerDesk', null, 'system', status, status,
               jsonb_build_object('outage_id', jsonb_build_array(${outageId}::bigint, null)), ${note}
        from freed
      )
      select count(*)::int as n from freed`.execute(this.db);
    return Number(r.rows[0]?.n ?? 0);
  }

  /**
   * Trouble-call analysis: how many callers (consumers, or callers without a
   * consumer number) have an open "no supply" complaint on a DT, registered
   * since a time and not part of an outage; and when the first called.
   */
  async noSupplyCallers(dtId: number, since: Date): Promise<{ callers: number; first: Date | null }> {
    const r = await sql<{ callers: number; first: Date | null }>`
      select count(distinct coalesce(c.consumer_id::text, c.caller_phone, c.id::text))::int as callers,
             min(c.registered_at) as first
      from complaints c
      where c.dt_id = ${dtId}
        and c.registered_at >= ${since}
        and c.outage_id is null
        and ${statusIn("c.status")}
        and c.category_code in (select code from complaint_categories where is_no_supply)`.execute(this.db);
    const row = r.rows[0];
    return { callers: Number(row?.callers ?? 0), first: row?.first ? new Date(row.first) : null };
  }

  /**
   * Resolves every open complaint of an outage whose supply is back, in one
   * statement, each with its audit entry; time spent waiting is credited and
   * a missed limit recorded as for any resolution. Returns the ids.
   */
  async resolveForOutage(outageId: number, at: Date, remarks: string): Promise<number[]> {
    const r = await sql<{ id: number }>`
      with before as (
        select c.id, c.status, c.due_at, c.waiting_since, c.breached_at
        from complaints c
        where c.outage_id = ${outageId} and ${statusIn("c.status")}
        for update
      ), resolved as (
        update complaints c set
          status = 'resolved',
          resolution_code = 'supply_restored',
          resolution_remarks = ${remarks},
          resolved_at = ${at},
          next_escalation_at = null,
          waiting_since = null,
          due_at = b.due_at + coalesce(${at}::timestamptz - b.waiting_since, interval '0'),
          breached_at = case
            when b.breached_at is null and ${at}::timestamptz > b.due_at + coalesce(${at}::timestamptz - b.waiting_since, interval '0')
            then b.due_at + coalesce(${at}::timestamptz - b.waiting_since, interval '0')
            else b.breached_at end,
          compensation_rs = c.compensation_rs + case
            when b.breached_at is null and ${at}::timestamptz > b.due_at + coalesce(${at}::timestamptz - b.waiting_since, interval '0')
            then cat.compensation_rs else 0 end,
          updated_at = ${at}
        from before b, complaint_categories cat
        where c.id = b.id and cat.code = c.category_code
        returning c.id, b.status as from_status, c.breached_at, b.breached_at as was_breached
      ), trail as (
        insert into complaint_events (complaint_id, at, action, actor_kind, actor_id, actor_name, actor_role, channel, from_status, to_status, changes, note)
        select id, ${at}, 'resolved', 'system', null, 'PowerDesk', null, 'system', from_status, 'resolved',
               jsonb_build_object('status', jsonb_build_array(from_status, 'resolved'),
                                  'resolution_code', jsonb_build_array(null, 'supply_restored'))
                 || case when was_breached is null and breached_at is not null
                      then jsonb_build_object('breached_at', jsonb_build_array(null, breached_at)) else '{}'::jsonb end,
               ${remarks}
        from resolved
      )
      select id from resolved order by id`.execute(this.db);
    return r.rows.map((x) => Number(x.id));
  }
}
