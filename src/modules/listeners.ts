import type { EventBus } from "../db/unit-of-work.ts";
import type { WhatsAppBot } from "./channels/bot/bot.service.ts";
import type { InboxService } from "./channels/inbox.service.ts";
import type { ChannelSender } from "./channels/sender.ts";
import { type AppEvent, type AppEventType, Events } from "./events.ts";
import type { CallbacksService } from "./feedback/callbacks.service.ts";
import type { LiveHub } from "./live/live.hub.ts";
import { registerComplaintSms } from "./notifications/complaint-sms.listener.ts";
import { registerConnectionSms } from "./notifications/connection-sms.listener.ts";
import { registerOutageSms } from "./notifications/outage-sms.listener.ts";
import { registerOutageStaffSms } from "./notifications/outage-staff-sms.listener.ts";
import type { DtAnalysisQueue } from "./outages/dt-analysis.queue.ts";
import { DtAnalysisRepository } from "./outages/dt-analysis.repository.ts";

/**
 * Who reacts to each domain event, and when: "in transaction" listeners
 * write with the change (both or neither), "committed" ones run after it.
 * listeners.test.ts checks this list against what registerListeners puts on
 * the bus, so it cannot drift. Search here for an event to find its readers.
 */
export const LISTENERS: Record<AppEventType, { inTransaction: string[]; committed: string[] }> = {
  [Events.ComplaintRegistered]: {
    inTransaction: [
      "consumer SMS: registered (notifications/complaint-sms.listener.ts)",
      "a no-supply call's DT queued for trouble-call analysis (outages/dt-analysis.repository.ts)",
    ],
    committed: ["trouble-call analysis kicked, in worker roles", "live: the outage the call joined"],
  },
  [Events.ComplaintChanged]: {
    inTransaction: [
      "feedback: an open callback dropped when the complaint moves on (feedback/callbacks.service.ts)",
    ],
    committed: ["live: complaint counters, gathered a quarter second"],
  },
  [Events.ComplaintAssigned]: { inTransaction: ["lineman SMS (complaint-sms.listener.ts)"], committed: [] },
  [Events.ComplaintResolved]: {
    inTransaction: [
      "consumer SMS: resolved (complaint-sms.listener.ts)",
      "feedback: a callback for the resolution (feedback/callbacks.service.ts)",
    ],
    committed: [],
  },
  [Events.ComplaintReopened]: {
    inTransaction: ["consumer SMS: reopened (complaint-sms.listener.ts)"],
    committed: [],
  },
  [Events.ComplaintEscalated]: {
    inTransaction: ["officers' SMS (complaint-sms.listener.ts)"],
    committed: [],
  },
  [Events.ComplaintEmergency]: {
    inTransaction: ["officers' SMS (complaint-sms.listener.ts)"],
    committed: [],
  },
  [Events.OutageChanged]: { inTransaction: [], committed: ["live: the outage's card on every screen"] },
  [Events.OutageNotice]: {
    inTransaction: ["one notice row for the consumers behind it (notifications/outage-sms.listener.ts)"],
    committed: ["the notice expanded into one SMS per consumer (outage-sms.listener.ts)"],
  },
  [Events.OutageStaff]: {
    inTransaction: ["the owner's SMS: new outage or digest (notifications/outage-staff-sms.listener.ts)"],
    committed: [],
  },
  [Events.ConversationMessageReceived]: {
    inTransaction: [],
    committed: [
      "the WhatsApp bot answers a conversation it holds (channels/bot/bot.service.ts)",
      "inbox: a conversation waiting for the consumer opens again, its first-response limit set (channels/inbox.service.ts); then live: the inbox's waiting count, gathered a quarter second",
    ],
  },
  [Events.ConversationReplyQueued]: {
    inTransaction: [],
    committed: ["the channel sender kicked: the pending reply goes out (channels/sender.ts)"],
  },
  [Events.ConversationChanged]: {
    inTransaction: [],
    committed: ["live: the inbox's waiting count, gathered a quarter second"],
  },
  [Events.IvrCallAnswered]: {
    inTransaction: [],
    committed: ["live: the IVR counter, gathered with the complaint counters"],
  },
  [Events.ConnectionChanged]: {
    inTransaction: [
      "applicant SMS at every stage, with the next step (notifications/connection-sms.listener.ts)",
    ],
    committed: [],
  },
};

export interface ListenerDeps {
  timeZone: string;
  hub: LiveHub;
  callbacks: Pick<CallbacksService, "register">;
  /** Expands outage notices into SMS soon after their commit (the worker's sweep finishes what a crash left). */
  expandNotices: () => void;
  /** Trouble-call analysis in this process: kicked after a call's commit. Absent in an API-only process. */
  analysis?: DtAnalysisQueue | undefined;
  /** The WhatsApp self-service bot: answers consumers' messages while it holds their conversation. */
  bot: Pick<WhatsAppBot, "received">;
  /** The agents' inbox: statuses a consumer's message moves, and the wallboard's waiting count. */
  inbox?: Pick<InboxService, "onMessageReceived" | "pathsOf"> | undefined;
  /** Sends queued replies to WhatsApp, Facebook/Instagram and X. */
  channelSender?: Pick<ChannelSender, "kick"> | undefined;
}

/** Puts every listener of the domain events on the bus; `close()` stops the live screens' gathering timer. */
export function registerListeners(events: EventBus<AppEvent>, deps: ListenerDeps) {
  // SMS, written with the change that causes them.
  registerComplaintSms(events, deps.timeZone);
  registerOutageSms(events, deps.timeZone, deps.expandNotices);
  registerOutageStaffSms(events, deps.timeZone);
  registerConnectionSms(events, deps.timeZone);

  // Feedback callbacks on resolution.
  deps.callbacks.register(events);

  // Trouble-call analysis after each "no supply" call not already behind an
  // outage: the DT is queued in the registration's statement (durable; one
  // row per DT), and a process that analyses looks at once.
  const needsAnalysis = (e: Extract<AppEvent, { type: typeof Events.ComplaintRegistered }>) =>
    e.noSupply && !e.outage && e.complaint.dt_id !== null;
  events.onInTransaction(Events.ComplaintRegistered, async (ctx, e) => {
    if (needsAnalysis(e))
      DtAnalysisRepository.stage(ctx.stage, e.complaint.dt_id as number, e.complaint.registered_at);
  });
  events.onCommitted(Events.ComplaintRegistered, (e) => {
    if (needsAnalysis(e)) deps.analysis?.kick();
  });

  // The WhatsApp bot, after the intake's commit (it reads the stored message).
  events.onCommitted(Events.ConversationMessageReceived, (e) => deps.bot.received(e));
  // A reply queued by an agent or the bot goes out at once (the worker's sweep catches any left).
  events.onCommitted(Events.ConversationReplyQueued, () => deps.channelSender?.kick());

  // Live screens: every outage change at once; complaint changes gathered a quarter second.
  const hub = deps.hub;
  events.onCommitted(Events.OutageChanged, (e) => hub.publish({ type: "outage", id: e.outage.id }));
  // A call that joins a live outage changes its card (linked calls): in a storm
  // hundreds a minute, so gathered with the complaint counters, one message per outage.
  const changedPaths = new Set<string>();
  const joinedOutages = new Set<number>();
  let pathsTimer: NodeJS.Timeout | undefined;
  const gather = () => {
    pathsTimer ??= setTimeout(() => {
      pathsTimer = undefined;
      const paths = [...changedPaths];
      const outageIds = [...joinedOutages];
      changedPaths.clear();
      joinedOutages.clear();
      for (const id of outageIds) hub.publish({ type: "outage", id });
      if (paths.length) hub.publish({ type: "complaints", paths: paths.length > 50 ? ["/"] : paths });
    }, 250);
  };
  events.onCommitted(Events.ComplaintChanged, (e) => {
    changedPaths.add(e.complaint.dc_path);
    gather();
  });
  events.onCommitted(Events.ComplaintRegistered, (e) => {
    if (!e.outage) return;
    joinedOutages.add(e.outage.id);
    gather();
  });
  // A call the IVR answered moves the wallboard's IVR counter (a number no one has: company-wide screens).
  events.onCommitted(Events.IvrCallAnswered, (e) => {
    changedPaths.add(e.dcPath ?? "/");
    gather();
  });

  // The inbox: a consumer's message reopens a conversation waiting for him;
  // wallboards over the conversations that moved recount their waiting figure.
  const inbox = deps.inbox;
  const changedConversations = new Set<number>();
  let inboxTimer: NodeJS.Timeout | undefined;
  const gatherInbox = (id: number) => {
    changedConversations.add(id);
    inboxTimer ??= setTimeout(() => {
      inboxTimer = undefined;
      const ids = [...changedConversations];
      changedConversations.clear();
      void inbox
        ?.pathsOf(ids)
        .then((paths) => {
          if (paths.length) hub.publish({ type: "inbox", paths: paths.length > 50 ? ["/"] : paths });
        })
        .catch(() => hub.publish({ type: "inbox", paths: ["/"] }));
    }, 250);
  };
  events.onCommitted(Events.ConversationMessageReceived, async (e) => {
    if (e.status !== "bot") await inbox?.onMessageReceived(e.conversationId);
    gatherInbox(e.conversationId);
  });
  events.onCommitted(Events.ConversationChanged, (e) => gatherInbox(e.conversationId));

  return {
    close(): void {
      if (pathsTimer) clearTimeout(pathsTimer);
      if (inboxTimer) clearTimeout(inboxTimer);
    },
  };
}
