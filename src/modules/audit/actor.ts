import type { Principal } from "../access/principal.ts";

/** Who an audit entry names: a user, an integration token, PowerDesk itself, or a consumer on a public page. */
export type ActorKind = "user" | "token" | "system" | "public";

/**
 * The author of a change, as the audit trails of complaints and outages
 * record it. `K` narrows the kinds where a trail admits fewer (an outage is
 * never changed from a public page).
 */
export interface Actor<K extends ActorKind = ActorKind> {
  kind: K;
  id: number | null;
  name: string;
  role: string | null;
  channel: string;
}

/** PowerDesk itself: the SLA clock, the assignment policy, the detectors. */
export const SYSTEM_ACTOR: Actor<"system"> = {
  kind: "system",
  id: null,
  name: "PowerDesk",
  role: null,
  channel: "system",
};

/** A signed-in user (on the web) or an integration token (through the API). */
export function actorOf(p: Principal): Actor<"user" | "token"> {
  return { kind: p.kind, id: p.id, name: p.name, role: p.role, channel: p.kind === "token" ? "api" : "web" };
}

/** An actor as the flat fields of an audit entry. */
export function actorFields<K extends ActorKind>(a: Actor<K>) {
  return { actorKind: a.kind, actorId: a.id, actorName: a.name, actorRole: a.role, channel: a.channel };
}
