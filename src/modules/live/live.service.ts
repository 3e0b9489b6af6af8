import type { Logger } from "pino";
import { can, type Principal } from "../access/principal.ts";
import type { InboxService } from "../channels/inbox.service.ts";
import type { ComplaintsService } from "../complaints/complaints.service.ts";
import type { IvrService } from "../ivr/ivr.service.ts";
import { presentOutage } from "../outages/outages.present.ts";
import type { OutagesService } from "../outages/outages.service.ts";
import type { SessionsEnded } from "../users/session-cache.ts";
import type { LiveHub, LiveMessage } from "./live.hub.ts";

export interface Counters {
  openComplaints: number;
  overdue: number;
  registeredToday: number;
  outagesNow: number;
  plannedNow: number;
  consumersOff: number;
  /** Calls the IVR answered today (outage answers, key-press registrations) and missed calls. */
  ivrAnsweredToday: number;
  ivrMissedCallsToday: number;
  /** The inbox: conversations waiting for an agent (new, or the consumer wrote again) and those past their first-response limit. */
  inboxWaiting: number;
  inboxOverdue: number;
}

/**
 * Screens that see the same counters: one jurisdiction, and whether complaints
 * may be counted there (an outages-only token sees zeros, a supervisor beside
 * it must not).
 */
function scopeKey(p: Principal): string {
  return `${can(p, "complaints.read") ? "c" : "-"}${p.orgPath}`;
}

/** A connected screen: who is looking (his jurisdiction scopes what he gets) and how to reach him. */
export interface LiveClient {
  principal: Principal;
  /** The session behind the screen (a hash), when signed in with a cookie. */
  sessionId?: string;
  send(event: "snapshot" | "outage" | "counters", data: unknown): void;
  /** Whether the sign-in behind the screen still holds; false ends the stream (checked before each batch). */
  alive?(): Promise<boolean>;
  /** Ends the stream: its session ended. */
  end?(): void;
}

/** Whether a screen's session is among those that ended. */
export function endedFor(client: LiveClient, ended: SessionsEnded): boolean {
  if (client.principal.kind !== "user") return false;
  if ("sessionId" in ended) return client.sessionId === ended.sessionId;
  return client.principal.id === ended.userId && client.sessionId !== ended.except;
}

/**
 * Live screens (the wallboard, the officer's home page): a snapshot when a
 * screen connects or must resync, then each outage change in its
 * jurisdiction as it happens, and fresh counters at most once a second per
 * jurisdiction when complaints or outages changed there.
 */
export class LiveService {
  private readonly clients = new Set<LiveClient>();
  /** Jurisdictions (by scopeKey) whose counters changed since the last flush. */
  private readonly dirty = new Set<string>();
  private readonly unsubscribe: () => void;
  private readonly timers: NodeJS.Timeout[] = [];
  private flushing = false;
  /** Messages are handled one at a time, in the order they came: an older read never overwrites a newer one. */
  private handling: Promise<void> = Promise.resolve();

  constructor(
    hub: LiveHub,
    private readonly outages: OutagesService,
    private readonly complaints: ComplaintsService,
    private readonly logger?: Logger,
    options: { countersEveryMs?: number; refreshEveryMs?: number } = {},
    /** The consumer channels' figures for the counters: the IVR's answers today, the inbox's waiting. */
    private readonly channels: {
      ivr?: Pick<IvrService, "answeredToday">;
      inbox?: Pick<InboxService, "waiting">;
    } = {},
  ) {
    this.unsubscribe = hub.subscribe((m) => {
      this.handling = this.handling
        .then(() => this.onMessage(m))
        .catch((err: unknown) => this.logger?.error({ err }, "live: message failed"));
    });
    const every = options.countersEveryMs ?? 1000;
    const t = setInterval(() => void this.flush(), every);
    t.unref();
    this.timers.push(t);
    // Overdue counts change with time alone.
    const r = setInterval(() => {
      for (const c of this.clients) this.dirty.add(scopeKey(c.principal));
    }, options.refreshEveryMs ?? 30_000);
    r.unref();
    this.timers.push(r);
  }

  get size(): number {
    return this.clients.size;
  }

  /** Attaches a screen and sends its snapshot; returns the detach function. */
  async attach(client: LiveClient): Promise<() => void> {
    this.clients.add(client);
    await this.sendSnapshot(client);
    return () => this.clients.delete(client);
  }

  async snapshot(principal: Principal) {
    const [outages, counters] = await Promise.all([this.outages.live(principal), this.counters(principal)]);
    return { at: new Date().toISOString(), outages: outages.map(presentOutage), counters };
  }

  async counters(principal: Principal): Promise<Counters> {
    const [c, o, ivr, inbox] = await Promise.all([
      can(principal, "complaints.read")
        ? this.complaints.summary(principal)
        : Promise.resolve({ open: 0, overdue: 0, registeredToday: 0 }),
      this.outages.countLive(principal),
      this.channels.ivr?.answeredToday(principal) ?? Promise.resolve({ answered: 0, missedCalls: 0 }),
      this.channels.inbox?.waiting(principal) ?? Promise.resolve({ waiting: 0, overdue: 0 }),
    ]);
    return {
      openComplaints: c.open,
      overdue: c.overdue,
      registeredToday: c.registeredToday,
      outagesNow: o.unplanned,
      plannedNow: o.planned,
      consumersOff: o.consumersOff,
      ivrAnsweredToday: ivr.answered,
      ivrMissedCallsToday: ivr.missedCalls,
      inboxWaiting: inbox.waiting,
      inboxOverdue: inbox.overdue,
    };
  }

  private async sendSnapshot(client: LiveClient) {
    try {
      client.send("snapshot", await this.snapshot(client.principal));
    } catch (err) {
      this.logger?.error({ err }, "live: snapshot failed");
    }
  }

  private async onMessage(m: LiveMessage): Promise<void> {
    if (m.type === "sessions_ended") {
      this.sessionsEnded?.(m.ended);
      for (const c of this.clients) if (endedFor(c, m.ended)) this.drop(c);
      return;
    }
    if (this.clients.size === 0) return;
    if (m.type === "resync") {
      for (const c of this.clients) await this.sendSnapshot(c);
      return;
    }
    if (m.type === "complaints" || m.type === "inbox") {
      for (const c of this.clients) {
        if (m.paths.some((p) => p === "/" || p.startsWith(c.principal.orgPath)))
          this.dirty.add(scopeKey(c.principal));
      }
      return;
    }
    const row = await this.outages.row(m.id);
    if (!row) return;
    const dto = presentOutage(row);
    const to = [...this.clients].filter(
      (c) => row.dc_path.startsWith(c.principal.orgPath) && can(c.principal, "outages.read"),
    );
    for (const c of await this.stillSignedIn(to)) {
      c.send("outage", dto);
      this.dirty.add(scopeKey(c.principal));
    }
  }

  /** Fresh counters for every jurisdiction that changed, computed once each. */
  private async flush(): Promise<void> {
    if (this.flushing || this.dirty.size === 0) return;
    this.flushing = true;
    try {
      const scopes = [...this.dirty];
      this.dirty.clear();
      for (const scope of scopes) {
        const members = await this.stillSignedIn(
          [...this.clients].filter((c) => scopeKey(c.principal) === scope),
        );
        const first = members[0];
        if (!first) continue;
        const counters = await this.counters(first.principal);
        for (const c of members) c.send("counters", counters);
      }
    } catch (err) {
      this.logger?.error({ err }, "live: counters failed");
    } finally {
      this.flushing = false;
    }
  }

  /** Told of sessions another process ended (the registry forgets them in its session cache). */
  sessionsEnded: ((ended: SessionsEnded) => void) | undefined;

  /** The screens whose sign-in still holds; the others are ended (each batch re-checks). */
  private async stillSignedIn(clients: LiveClient[]): Promise<LiveClient[]> {
    const alive = await Promise.all(clients.map((c) => (c.alive ? c.alive().catch(() => false) : true)));
    const out: LiveClient[] = [];
    for (const [i, c] of clients.entries()) {
      if (alive[i]) out.push(c);
      else this.drop(c);
    }
    return out;
  }

  private drop(c: LiveClient): void {
    this.clients.delete(c);
    c.end?.();
  }

  /** Stops listening; screens still connected get nothing more. */
  close(): void {
    this.unsubscribe();
    for (const t of this.timers) clearInterval(t);
    this.clients.clear();
  }
}
