import type { ChannelDomainEvent } from "./channels/channels.events.ts";
import type { ComplaintDomainEvent } from "./complaints/complaints.events.ts";
import type { ConnectionDomainEvent } from "./connections/connections.events.ts";
import type { IvrDomainEvent } from "./ivr/ivr.events.ts";
import type { OutageDomainEvent } from "./outages/outages.events.ts";

/** Every domain event, on one bus: a restoration resolves complaints in the outage's transaction. */
export type AppEvent =
  | ComplaintDomainEvent
  | OutageDomainEvent
  | ChannelDomainEvent
  | IvrDomainEvent
  | ConnectionDomainEvent;
export type AppEventType = AppEvent["type"];

/**
 * The name of every domain event. Who reacts to each is listed in one
 * place, src/modules/listeners.ts: search it for the constant.
 */
export const Events = {
  ComplaintRegistered: "complaint.registered",
  ComplaintChanged: "complaint.changed",
  ComplaintAssigned: "complaint.assigned",
  ComplaintResolved: "complaint.resolved",
  ComplaintReopened: "complaint.reopened",
  ComplaintEscalated: "complaint.escalated",
  ComplaintEmergency: "complaint.emergency",
  OutageChanged: "outage.changed",
  OutageNotice: "outage.notice",
  OutageStaff: "outage.staff",
  ConversationMessageReceived: "conversation.message_received",
  ConversationReplyQueued: "conversation.reply_queued",
  ConversationChanged: "conversation.changed",
  IvrCallAnswered: "ivr.call_answered",
  ConnectionChanged: "connection.changed",
} as const satisfies Record<string, AppEventType>;

// Every event type has its constant: a new event without one fails to compile here, naming it.
type Unnamed = Exclude<AppEventType, (typeof Events)[keyof typeof Events]>;
const everyEventNamed: [Unnamed] extends [never] ? true : Unnamed = true;
void everyEventNamed;
