import type { Kysely } from "kysely";
import type { DB } from "../../db/schema.ts";
import type { ActorKind } from "./actor.ts";

/** One entry of an audit trail: what happened to a complaint or an outage, by whom. */
export interface AuditEvent<K extends ActorKind = ActorKind> {
  at: Date;
  action: string;
  actorKind: K;
  actorId: number | null;
  actorName: string;
  /** Recorded where the trail has the column (complaints'). */
  actorRole?: string | null;
  channel: string;
  fromStatus: string | null;
  toStatus: string | null;
  changes?: Record<string, unknown>;
  note?: string | null;
}

/** An entry of the complaints' trail. */
export interface ComplaintAuditEvent extends AuditEvent {
  complaintId: number;
  actorRole: string | null;
}

/** An entry of the outages' trail (no public actor, no role column). */
export interface OutageAuditEvent extends AuditEvent<Exclude<ActorKind, "public">> {
  outageId: number;
}

/** A complaint_events row for an entry; `changes` as an object (staged rows travel as JSON). */
export function complaintEventRow(e: ComplaintAuditEvent) {
  return {
    complaint_id: e.complaintId,
    at: e.at,
    action: e.action,
    actor_kind: e.actorKind,
    actor_id: e.actorId,
    actor_name: e.actorName,
    actor_role: e.actorRole,
    channel: e.channel,
    from_status: e.fromStatus,
    to_status: e.toStatus,
    changes: e.changes ?? {},
    note: e.note ?? null,
  };
}

/** An outage_events row for an entry. */
export function outageEventRow(e: OutageAuditEvent) {
  return {
    outage_id: e.outageId,
    at: e.at,
    action: e.action,
    actor_kind: e.actorKind,
    actor_id: e.actorId,
    actor_name: e.actorName,
    channel: e.channel,
    from_status: e.fromStatus,
    to_status: e.toStatus,
    changes: e.changes ?? {},
    note: e.note ?? null,
  };
}

const asJson = <R extends { changes: Record<string, unknown> }>(r: R) => ({
  ...r,
  changes: JSON.stringify(r.changes),
});

/*
 * The audit trails' writes: the complaints' and the outages' take the same
 * entry (an actor, a change, a note) and differ only in their subject column.
 */

export async function writeComplaintEvents(db: Kysely<DB>, events: ComplaintAuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto("complaint_events")
    .values(events.map((e) => asJson(complaintEventRow(e))))
    .execute();
}

export async function writeOutageEvents(db: Kysely<DB>, events: OutageAuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto("outage_events")
    .values(events.map((e) => asJson(outageEventRow(e))))
    .execute();
}
