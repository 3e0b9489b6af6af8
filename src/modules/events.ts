import type { ComplaintDomainEvent } from "./complaints/complaints.events.ts";
import type { OutageDomainEvent } from "./outages/outages.events.ts";

/** Every domain event, on one bus: a restoration resolves complaints in the outage's transaction. */
export type AppEvent = ComplaintDomainEvent | OutageDomainEvent;
