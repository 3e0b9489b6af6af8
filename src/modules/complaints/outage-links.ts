import type { Tx } from "../../db/unit-of-work.ts";
import type { ComplaintDomainEvent } from "./complaints.events.ts";

export type OutageElement = { scope: "feeder" | "dt" | "consumer"; id: number };

/**
 * What the outages service needs of complaints, always inside its own
 * transaction: the complaints module implements it (and publishes its own
 * events), so neither service reaches into the other's tables.
 */
export interface OutageComplaints {
  /** Links the open "no supply" complaints behind an element registered since a time; returns how many. */
  link(
    tx: Tx,
    outageId: number,
    element: OutageElement,
    since: Date,
    at: Date,
    note: string,
  ): Promise<number>;
  /** Moves merged outages' complaints to the outage they merged into. */
  relink(tx: Tx, fromIds: number[], toId: number, at: Date): Promise<number>;
  /** Frees the open complaints of a dismissed outage. */
  unlink(tx: Tx, outageId: number, at: Date, note: string): Promise<number>;
  /** Distinct callers with an open, unlinked "no supply" complaint on a DT since a time. */
  callers(tx: Tx, dtId: number, since: Date): Promise<{ callers: number; first: Date | null }>;
  /** Resolves the open complaints of a restored outage; each goes on to feedback. */
  resolve(
    tx: Tx,
    emit: (e: ComplaintDomainEvent) => Promise<void>,
    outageId: number,
    at: Date,
    remarks: string,
  ): Promise<number>;
}
