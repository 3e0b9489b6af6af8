import type {
  Outage,
  OutageNoticeKind,
  OutageScope,
  OutageSource,
  OutageStatus,
  OutageUpdate,
  SignalEvent,
} from "../../db/schema.ts";
import type { Tx, UnitOfWork } from "../../db/unit-of-work.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../lib/errors.ts";
import { type Actor as AuditActor, actorOf, SYSTEM_ACTOR } from "../audit/actor.ts";
import type { AppEvent } from "../events.ts";
import type { SettingsRepository } from "../settings/settings.repository.ts";
import type { Permission } from "../users/permissions.ts";
import { can, type Principal } from "../users/principal.ts";
import type { OutageComplaints } from "./outage-complaints.ts";
import {
  DEFAULT_DETECTION,
  type DetectionSettings,
  dtDarkByComplaints,
  dtDarkByMeters,
  etrMovedEnough,
  feederDarkByDts,
} from "./outages.detection.ts";
import type {
  FeederRef,
  NewOutageEvent,
  OutageFilter,
  OutageRow,
  OutagesRepository,
} from "./outages.repository.ts";
import { allowedOutageActions, isLive, nextOutageStatus, type OutageAction } from "./outages.state.ts";

export interface OutageSettings extends DetectionSettings {
  /** The ETR consumers are told when nobody has set one yet, by what is out. */
  defaultEtrMinutes: Record<OutageScope, number>;
  /** A new ETR is sent to consumers only when it moves by more than this. */
  etrMarginMinutes: number;
  /** Interruptions shorter than this are momentary (MAIFI, not SAIFI/SAIDI). India: 3 minutes. */
  momentaryMinutes: number;
  /** Advance SMS for a planned shutdown, this long before it starts. */
  advanceNoticeHours: number;
  /** Whether consumers are told of a suspected outage (from calls or meters) before a JE confirms it. */
  notifySuspected: boolean;
  /** A SCADA trip this close before a planned shutdown's start is the shutdown beginning. */
  plannedLeadMinutes: number;
  /** The outage's owner hears of the calls that joined it at most this often (one digest SMS). */
  ownerDigestMinutes: number;
}

export const DEFAULT_OUTAGE_SETTINGS: OutageSettings = {
  ...DEFAULT_DETECTION,
  defaultEtrMinutes: { feeder: 120, dt: 240, consumer: 240 },
  etrMarginMinutes: 30,
  momentaryMinutes: 3,
  advanceNoticeHours: 24,
  notifySuspected: false,
  plannedLeadMinutes: 30,
  ownerDigestMinutes: 15,
};

/** What became of one SCADA or smart-meter message. */
export type SignalOutcome =
  | "opened"
  | "confirmed"
  | "restored"
  | "planned"
  | "duplicate"
  | "stale"
  | "late"
  | "recorded"
  | "unknown";

export interface AmiEventInput {
  meterNo: string;
  event: "last_gasp" | "power_restore";
  at: Date;
}

export interface OpenOutageInput {
  feederCode?: string | undefined;
  dtCode?: string | undefined;
  consumerNo?: string | undefined;
  startedAt?: Date | undefined;
  etr?: Date | undefined;
  cause?: string | undefined;
}

export interface PlannedInput {
  feederCode?: string | undefined;
  dtCode?: string | undefined;
  start: Date;
  end: Date;
  cause: string;
}

export interface OutageActionInput {
  etr?: Date | undefined;
  at?: Date | undefined;
  reason?: string | undefined;
  cause?: string | undefined;
  note?: string | undefined;
}

type Actor = AuditActor<"user" | "token" | "system">;

const SYSTEM: Actor = SYSTEM_ACTOR;
const viaScada = (via: string): Actor => ({ ...SYSTEM, name: "SCADA", channel: via });
const viaMeters = (via: string): Actor => ({ ...SYSTEM, name: "Smart meters", channel: via });
const viaCalls: Actor = { ...SYSTEM, name: "Trouble-call analysis" };

const ACTION_PERMISSION: Record<OutageAction, Permission> = {
  confirm: "outages.manage",
  dismiss: "outages.manage",
  set_etr: "outages.manage",
  restore: "outages.manage",
  start: "outages.manage",
  cancel: "outages.manage",
  acknowledge: "outages.acknowledge",
  note: "outages.read",
};

const ACTION_NAME: Record<OutageAction, string> = {
  confirm: "confirmed",
  dismiss: "dismissed",
  set_etr: "etr_set",
  restore: "restored",
  start: "started",
  cancel: "cancelled",
  acknowledge: "acknowledged",
  note: "note",
};

type Emit = (e: AppEvent) => Promise<void>;

interface OpenSpec {
  scope: OutageScope;
  feeder: { id: number; dc_id: number };
  dtId: number | null;
  consumerId: number | null;
  dcId: number;
  source: OutageSource;
  status: "suspected" | "confirmed";
  startedAt: Date;
  etr?: Date | null;
  etrSetBy?: { id: number | null; name: string } | null;
  cause?: string | null;
  actor: Actor;
  note: string;
  createdBy?: number | null;
}

const minutes = (n: number) => n * 60_000;
const latest = (ds: Date[]) => new Date(Math.max(...ds.map((d) => d.getTime())));
const earliest = (ds: Date[]) => new Date(Math.min(...ds.map((d) => d.getTime())));

/**
 * Outages: detection from SCADA, smart meters and clusters of complaints;
 * what staff do to them; planned shutdowns. All decisions about one feeder
 * (and its DTs and consumers) are taken under a lock on the feeder's row, so
 * duplicate and out-of-order messages, and several processes, cannot open
 * two outages for one fault.
 */
export class OutagesService {
  constructor(
    private readonly uow: UnitOfWork<AppEvent>,
    private readonly outages: (tx?: Tx) => OutagesRepository,
    private readonly complaints: OutageComplaints,
    private readonly settings: SettingsRepository,
    private readonly clock: Clock,
  ) {}

  private settingsCache: { value: OutageSettings; at: number } | undefined;

  async config(): Promise<OutageSettings> {
    const now = Date.now();
    if (this.settingsCache && now - this.settingsCache.at < 30_000) return this.settingsCache.value;
    const stored = (await this.settings.get<Partial<OutageSettings>>("outages")) ?? {};
    const value: OutageSettings = {
      ...DEFAULT_OUTAGE_SETTINGS,
      ...stored,
      defaultEtrMinutes: {
        ...DEFAULT_OUTAGE_SETTINGS.defaultEtrMinutes,
        ...(stored.defaultEtrMinutes ?? {}),
      },
    };
    this.settingsCache = { value, at: now };
    return value;
  }

  // SCADA

  /**
   * A feeder breaker's trip or close. A trip opens a confirmed feeder outage
   * (or confirms a suspected one, or begins a planned shutdown); a close
   * restores it. Repeated messages change nothing; a trip older than a close
   * already received is recorded as an interruption that is over, never
   * reopened.
   */
  async scada(
    feederCode: string,
    event: "trip" | "close",
    at: Date,
    via: string,
    principal?: Principal,
  ): Promise<{ outcome: SignalOutcome; outageId?: number }> {
    const now = this.clock();
    const feeder = await this.outages().feederByCode(feederCode.trim().toUpperCase());
    if (!feeder) return { outcome: "unknown" };
    if (
      principal &&
      principal.orgKind !== "company" &&
      !(await this.outages().dcVisible(principal, feeder.dc_id))
    )
      throw forbidden("that feeder is outside this token's jurisdiction");
    const [fresh] = await this.outages().recordSignals([
      {
        source: "scada",
        element: feeder.code,
        event,
        at,
        receivedAt: now,
        feederId: feeder.id,
        dtId: null,
        consumerId: null,
      },
    ]);
    if (!fresh) return { outcome: "duplicate" };
    const s = await this.config();
    const actor = viaScada(via);
    return this.uow.run(async (tx, emit) => {
      const repo = this.outages(tx);
      await repo.lockFeeder(feeder.id);
      const live = await repo.liveOnFeeder(feeder.id);
      const own = live.find((o) => o.scope === "feeder" && o.kind === "unplanned");
      const planned =
        live.find((o) => o.scope === "feeder" && o.kind === "planned") ??
        (await repo.plannedOnFeeder(feeder.id, at, minutes(s.plannedLeadMinutes)));

      if (event === "close") {
        if (own && own.started_at.getTime() <= at.getTime()) {
          await this.restoreIn(tx, emit, own, at, actor, "SCADA: breaker closed", now);
          return { outcome: "restored", outageId: own.id };
        }
        if (planned?.status === "in_progress" && planned.started_at.getTime() <= at.getTime()) {
          await this.restoreIn(tx, emit, planned, at, actor, "SCADA: breaker closed", now);
          return { outcome: "restored", outageId: planned.id };
        }
        return { outcome: "recorded" };
      }

      if (own) {
        if (own.status !== "suspected") return { outcome: "duplicate", outageId: own.id };
        await this.confirmIn(repo, emit, own, actor, now, s, "SCADA: feeder breaker tripped", {
          started_at: at < own.started_at ? at : own.started_at,
        });
        return { outcome: "confirmed", outageId: own.id };
      }
      if (planned) {
        if (planned.status === "scheduled") await this.startPlannedIn(repo, emit, planned, at, actor, now);
        else
          await repo.addEvents([
            this.event(planned, now, "scada_trip", actor, planned.status, "SCADA: feeder breaker tripped"),
          ]);
        return { outcome: "planned", outageId: planned.id };
      }
      if (await repo.finishedFeederOutageAt(feeder.id, at)) return { outcome: "stale" };
      const closedAt = await repo.scadaCloseAfter(feeder.id, at);
      if (closedAt) {
        // The close came first: the interruption is over. Record it for the
        // indices; no alert, no SMS.
        const o = await repo.insert({
          kind: "unplanned",
          scope: "feeder",
          feederId: feeder.id,
          dtId: null,
          consumerId: null,
          dcId: feeder.dc_id,
          source: "scada",
          status: "restored",
          startedAt: at,
          detectedAt: now,
          confirmedAt: now,
          etr: null,
          affectedConsumers: await repo.affectedConsumers("feeder", feeder.id),
          createdBy: null,
        });
        await repo.update(o.id, { restored_at: closedAt });
        await repo.addEvents([
          this.event(
            o,
            now,
            "recorded",
            actor,
            "restored",
            "SCADA: trip received after its close; over already",
          ),
        ]);
        await emit({ type: "outage.changed", outage: { ...o, restored_at: closedAt }, action: "recorded" });
        return { outcome: "late", outageId: o.id };
      }
      const o = await this.openIn(
        tx,
        emit,
        {
          scope: "feeder",
          feeder,
          dtId: null,
          consumerId: null,
          dcId: feeder.dc_id,
          source: "scada",
          status: "confirmed",
          startedAt: at,
          actor,
          note: "SCADA: feeder breaker tripped",
        },
        s,
      );
      return { outcome: "opened", outageId: o.id };
    });
  }

  // Smart meters

  /**
   * Smart-meter last gasps and power restores, in a batch. Last gasps from
   * enough meters of one DT within the window suspect a DT outage; enough DTs
   * of a feeder roll up to the feeder. When every meter of an outage the
   * meters found is back, it is restored. A meter's state is its latest
   * signal by event time, so a restore that arrives before its last gasp
   * leaves it on.
   */
  async ami(
    events: AmiEventInput[],
    via: string,
    principal?: Principal,
  ): Promise<{ received: number; unknown: string[]; duplicates: number; opened: number; restored: number }> {
    const now = this.clock();
    const s = await this.config();
    const numbers = [...new Set(events.map((e) => e.meterNo.trim().toUpperCase()))];
    const meters = new Map((await this.outages().meters(numbers, principal)).map((m) => [m.meter_no, m]));
    const unknown = numbers.filter((n) => !meters.has(n));
    const known = events.filter((e) => meters.has(e.meterNo.trim().toUpperCase()));
    const fresh = await this.outages().recordSignals(
      known.map((e) => {
        const m = meters.get(e.meterNo.trim().toUpperCase()) as NonNullable<ReturnType<typeof meters.get>>;
        return {
          source: "ami" as const,
          element: m.meter_no,
          event: e.event,
          at: e.at,
          receivedAt: now,
          feederId: m.feeder_id,
          dtId: m.dt_id,
          consumerId: m.consumer_id,
        };
      }),
    );
    // By feeder, then DT: what arrived new.
    const byFeeder = new Map<number, Map<number, { gasps: Date[]; restores: Date[] }>>();
    for (const f of fresh) {
      const m = meters.get(f.element);
      if (!m?.dt_id || !m.feeder_id) continue;
      const dts = byFeeder.get(m.feeder_id) ?? new Map();
      byFeeder.set(m.feeder_id, dts);
      const d = dts.get(m.dt_id) ?? { gasps: [], restores: [] };
      dts.set(m.dt_id, d);
      (f.event === "last_gasp" ? d.gasps : d.restores).push(new Date(f.at));
    }
    let opened = 0;
    let restored = 0;
    const actor = viaMeters(via);
    for (const [feederId, dts] of byFeeder) {
      const r = await this.uow.run(async (tx, emit) => {
        const repo = this.outages(tx);
        await repo.lockFeeder(feederId);
        let o = 0;
        let r = 0;
        for (const [dtId, d] of dts) {
          const live = await repo.liveOnFeeder(feederId);
          const covering = live.filter((x) => x.scope === "feeder" || (x.scope === "dt" && x.dt_id === dtId));
          if (d.restores.length) {
            for (const x of covering) {
              if (x.source !== "ami" || x.kind !== "unplanned") continue;
              const since = new Date(x.started_at.getTime() - s.amiWindowSeconds * 1000);
              const dark = await repo.metersDark(
                x.scope === "dt" ? { dtId: x.dt_id as number } : { feederId },
                since,
              );
              if (dark.n > 0) continue;
              const back = latest(d.restores);
              await this.restoreIn(
                tx,
                emit,
                x,
                new Date(Math.max(back.getTime(), x.started_at.getTime())),
                actor,
                "smart meters: every meter has power again",
                now,
              );
              r++;
            }
          }
          if (d.gasps.length && covering.length === 0) {
            const newest = latest(d.gasps);
            const dark = await repo.metersDark(
              { dtId },
              new Date(newest.getTime() - s.amiWindowSeconds * 1000),
            );
            if (dtDarkByMeters(dark.n, await repo.metersOnDt(dtId), s.amiMetersPerDt)) {
              const feeder = (await repo.feederById(feederId)) as FeederRef;
              const dt = await repo.dtById(dtId);
              await this.openIn(
                tx,
                emit,
                {
                  scope: "dt",
                  feeder,
                  dtId,
                  consumerId: null,
                  dcId: dt?.dc_id ?? feeder.dc_id,
                  source: "ami",
                  status: "suspected",
                  startedAt: dark.first ?? earliest(d.gasps),
                  actor,
                  note: `smart meters: ${dark.n} meters sent a last gasp`,
                },
                s,
              );
              o++;
            }
          }
        }
        o += await this.rollUpIn(tx, emit, feederId, s);
        return { o, r };
      });
      opened += r.o;
      restored += r.r;
    }
    return { received: events.length, unknown, duplicates: known.length - fresh.length, opened, restored };
  }

  // Trouble calls

  /**
   * Trouble-call analysis after a "no supply" complaint on a DT: enough
   * callers within the window suspect a DT outage, and enough DTs roll up to
   * the feeder. A call behind an outage opened meanwhile joins it.
   */
  async analyseDt(dtId: number): Promise<Outage | undefined> {
    const now = this.clock();
    const s = await this.config();
    const dt = await this.outages().dtById(dtId);
    if (!dt) return undefined;
    return this.uow.run(async (tx, emit) => {
      const repo = this.outages(tx);
      await repo.lockFeeder(dt.feeder_id);
      const live = await repo.liveOnFeeder(dt.feeder_id);
      const covering = live.find(
        (o) => (o.scope === "feeder" && o.kind === "unplanned") || (o.scope === "dt" && o.dt_id === dtId),
      );
      const window = minutes(s.complaintWindowMinutes);
      if (covering) {
        const n = await this.complaints.link(
          tx,
          covering.id,
          { scope: "dt", id: dtId },
          new Date(covering.started_at.getTime() - window),
          now,
          `outage #${covering.id}`,
        );
        if (n > 0) await emit({ type: "outage.changed", outage: covering, action: "linked" });
        return covering;
      }
      const since = new Date(now.getTime() - window);
      const { callers, first } = await this.complaints.callers(tx, dtId, since);
      if (!dtDarkByComplaints(callers, s.complaintsPerDt)) return undefined;
      const feeder = (await repo.feederById(dt.feeder_id)) as FeederRef;
      const o = await this.openIn(
        tx,
        emit,
        {
          scope: "dt",
          feeder,
          dtId,
          consumerId: null,
          dcId: dt.dc_id,
          source: "complaints",
          status: "suspected",
          startedAt: first ?? now,
          actor: viaCalls,
          note: `${callers} callers on this DT reported no supply within ${s.complaintWindowMinutes} minutes`,
        },
        s,
      );
      await this.rollUpIn(tx, emit, dt.feeder_id, s);
      return o;
    });
  }

  /** Enough DTs of a feeder are out: the fault is the feeder's. Returns 1 if a feeder outage was opened. */
  private async rollUpIn(tx: Tx, emit: Emit, feederId: number, s: OutageSettings): Promise<number> {
    const repo = this.outages(tx);
    const live = await repo.liveOnFeeder(feederId);
    if (live.some((o) => o.scope === "feeder")) return 0;
    const dtsOut = live.filter((o) => o.scope === "dt" && o.kind === "unplanned");
    if (!feederDarkByDts(dtsOut.length, await repo.dtsOnFeeder(feederId), s)) return 0;
    const votes = new Map<OutageSource, number>();
    for (const o of dtsOut) votes.set(o.source, (votes.get(o.source) ?? 0) + 1);
    const source = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "complaints";
    const feeder = (await repo.feederById(feederId)) as FeederRef;
    await this.openIn(
      tx,
      emit,
      {
        scope: "feeder",
        feeder,
        dtId: null,
        consumerId: null,
        dcId: feeder.dc_id,
        source,
        status: dtsOut.every((o) => o.status === "confirmed") ? "confirmed" : "suspected",
        startedAt: earliest(dtsOut.map((o) => o.started_at)),
        actor: source === "ami" ? viaMeters("system") : viaCalls,
        note: `${dtsOut.length} DTs of this feeder are out: the fault is the feeder's`,
      },
      s,
    );
    return 1;
  }

  // Opening, confirming, restoring: the shared steps

  private event(
    o: Outage,
    at: Date,
    action: string,
    actor: Actor,
    to: string | null,
    note?: string | null,
    changes?: Record<string, unknown>,
  ): NewOutageEvent {
    return {
      outageId: o.id,
      at,
      action,
      actorKind: actor.kind,
      actorId: actor.id,
      actorName: actor.name,
      channel: actor.channel,
      fromStatus: o.status,
      toStatus: to,
      changes: changes ?? {},
      note: note ?? null,
    };
  }

  /**
   * Opens an unplanned outage: merges the smaller outages under it (a feeder
   * swallows its DTs', a DT its consumers'), links the recent "no supply"
   * calls behind it, and, once confirmed, tells every consumer behind it.
   */
  /** Settings come from the caller: read outside the transaction (the embedded database has one session). */
  private async openIn(tx: Tx, emit: Emit, spec: OpenSpec, s: OutageSettings): Promise<Outage> {
    const repo = this.outages(tx);
    const now = this.clock();
    const elementId = (
      spec.scope === "feeder" ? spec.feeder.id : spec.scope === "dt" ? spec.dtId : spec.consumerId
    ) as number;
    const etr =
      spec.etr ??
      (spec.status === "confirmed"
        ? new Date(now.getTime() + minutes(s.defaultEtrMinutes[spec.scope]))
        : null);
    let o = await repo.insert({
      kind: "unplanned",
      scope: spec.scope,
      feederId: spec.feeder.id,
      dtId: spec.dtId,
      consumerId: spec.consumerId,
      dcId: spec.dcId,
      source: spec.source,
      status: spec.status,
      startedAt: spec.startedAt,
      detectedAt: now,
      confirmedAt: spec.status === "confirmed" ? now : null,
      etr,
      etrSetBy: spec.etr ? (spec.etrSetBy ?? null) : { id: null, name: "PowerDesk (default)" },
      cause: spec.cause ?? null,
      affectedConsumers: await repo.affectedConsumers(spec.scope, elementId),
      createdBy: spec.createdBy ?? null,
    });
    const events: NewOutageEvent[] = [
      {
        ...this.event(o, now, "opened", spec.actor, o.status, spec.note, {
          status: [null, o.status],
          affected_consumers: [null, o.affected_consumers],
          ...(etr ? { etr: [null, etr.toISOString()] } : {}),
        }),
        fromStatus: null,
      },
    ];
    // Smaller outages inside this one become part of it.
    const live = await repo.liveOnFeeder(spec.feeder.id);
    const inside = live.filter(
      (x) =>
        x.id !== o.id &&
        x.kind === "unplanned" &&
        (spec.scope === "feeder"
          ? x.scope !== "feeder"
          : spec.scope === "dt" && x.scope === "consumer" && x.dt_id === spec.dtId),
    );
    if (inside.length) {
      const ids = inside.map((x) => x.id);
      await repo.mergeInto(ids, o.id, now);
      for (const x of inside) {
        events.push(this.event(x, now, "merged", spec.actor, "merged", `part of outage #${o.id}`));
        await emit({
          type: "outage.changed",
          outage: { ...x, status: "merged", merged_into: o.id },
          action: "merged",
        });
      }
      await this.complaints.relink(tx, ids, o.id, now);
      // The earliest sign of the fault is when it began; an acknowledged child counts as seen.
      const first = earliest([o.started_at, ...inside.map((x) => x.started_at)]);
      const acked = inside.find((x) => x.acknowledged_at);
      o = await repo.update(o.id, {
        started_at: first,
        ...(acked
          ? {
              acknowledged_at: acked.acknowledged_at,
              acknowledged_by: acked.acknowledged_by,
              acknowledged_by_name: acked.acknowledged_by_name,
            }
          : {}),
      });
    }
    await this.complaints.link(
      tx,
      o.id,
      { scope: spec.scope, id: elementId },
      new Date(o.started_at.getTime() - minutes(s.complaintWindowMinutes)),
      now,
      `outage #${o.id}`,
    );
    await repo.addEvents(events);
    o = await this.ownIn(repo, emit, o, now, spec.createdBy ?? null);
    if (o.status === "confirmed" || s.notifySuspected) o = await this.noticeIn(repo, emit, o, now);
    await emit({ type: "outage.changed", outage: o, action: "opened" });
    return o;
  }

  /**
   * Gives a new outage its owner in the field and tells him once (not the
   * officer who opened it himself: he knows). The calls behind it are his
   * through the outage, not assigned one by one.
   */
  private async ownIn(
    repo: OutagesRepository,
    emit: Emit,
    o: Outage,
    now: Date,
    openedBy: number | null,
  ): Promise<Outage> {
    const owner = await repo.ownerFor(o.dc_id);
    if (!owner) return o;
    const calls = await repo.linkedCount(o.id);
    const updated = await repo.update(o.id, {
      owner_id: owner.id,
      owner_name: owner.name,
      staff_told_at: now,
      staff_told_calls: calls,
    });
    if (owner.id !== openedBy)
      await emit({
        type: "outage.staff",
        outage: updated,
        owner,
        kind: "owner",
        calls,
        newCalls: calls,
        since: now,
        seq: 0,
      });
    return updated;
  }

  /**
   * The owners' digests: each live outage whose owner last heard of it at
   * least ownerDigestMinutes ago and that calls joined since gets one SMS with
   * the new calls. Run every minute by the worker; several workers skip each
   * other's outages.
   */
  async digestOwners(limit = 100): Promise<{ digests: number }> {
    const s = await this.config();
    return this.uow.run(async (tx, emit) => {
      const repo = this.outages(tx);
      const now = this.clock();
      const due = await repo.ownerDigestsDue(new Date(now.getTime() - minutes(s.ownerDigestMinutes)), limit);
      let digests = 0;
      for (const o of due) {
        const owner = await repo.ownerContact(Number(o.owner_id));
        const updated = await repo.update(o.id, {
          staff_told_at: now,
          staff_told_calls: o.calls,
          staff_digests: o.staff_digests + 1,
        });
        if (!owner) continue;
        await emit({
          type: "outage.staff",
          outage: updated,
          owner,
          kind: "digest",
          calls: o.calls,
          newCalls: o.calls - o.staff_told_calls,
          since: o.staff_told_at ?? o.detected_at,
          seq: updated.staff_digests,
        });
        digests++;
      }
      return { digests };
    });
  }

  /** Tells the consumers behind a live outage (once per outage) and remembers the ETR they were told. */
  private async noticeIn(repo: OutagesRepository, emit: Emit, o: Outage, now: Date): Promise<Outage> {
    if (o.etr_notified) return o;
    const updated = await repo.update(o.id, { etr_notified: o.etr ?? now, updated_at: now });
    await this.notify(emit, updated, "notice", 0);
    return updated;
  }

  private notify(emit: Emit, outage: Outage, notice: OutageNoticeKind, seq: number) {
    return emit({ type: "outage.notice", outage, notice, seq });
  }

  private async confirmIn(
    repo: OutagesRepository,
    emit: Emit,
    o: Outage,
    actor: Actor,
    now: Date,
    s: OutageSettings,
    note: string,
    extra: OutageUpdate = {},
  ): Promise<Outage> {
    const etr = o.etr ?? new Date(now.getTime() + minutes(s.defaultEtrMinutes[o.scope]));
    let updated = await repo.update(o.id, {
      status: "confirmed",
      confirmed_at: now,
      etr,
      ...(o.etr ? {} : { etr_set_at: now, etr_set_by: null, etr_set_by_name: "PowerDesk (default)" }),
      updated_at: now,
      ...extra,
    });
    await repo.addEvents([
      this.event(o, now, "confirmed", actor, "confirmed", note, {
        status: [o.status, "confirmed"],
        ...(o.etr ? {} : { etr: [null, etr.toISOString()] }),
      }),
    ]);
    updated = await this.noticeIn(repo, emit, updated, now);
    await emit({ type: "outage.changed", outage: updated, action: "confirmed" });
    return updated;
  }

  /** Supply is back: the outage ends, its open complaints are resolved, consumers who were told hear of it. */
  private async restoreIn(
    tx: Tx,
    emit: Emit,
    o: Outage,
    at: Date,
    actor: Actor,
    note: string | null,
    now: Date,
    cause?: string,
  ): Promise<Outage> {
    const repo = this.outages(tx);
    const status: OutageStatus = o.kind === "planned" ? "completed" : "restored";
    const updated = await repo.update(o.id, {
      status,
      restored_at: at,
      ...(cause ? { cause } : {}),
      updated_at: now,
    });
    // A call registered while its DT outage was being merged can still point at
    // the merged one: bring such stragglers over before resolving.
    const merged = await repo.mergedInto(o.id);
    if (merged.length) await this.complaints.relink(tx, merged, o.id, now);
    const resolved = await this.complaints.resolve(tx, emit, o.id, at, `supply restored (outage #${o.id})`);
    await repo.addEvents([
      this.event(
        o,
        now,
        "restored",
        actor,
        status,
        [note, resolved ? `${resolved} linked complaint(s) resolved` : null].filter(Boolean).join("; ") ||
          null,
        {
          status: [o.status, status],
          restored_at: [null, at.toISOString()],
          ...(cause ? { cause: [o.cause, cause] } : {}),
        },
      ),
    ]);
    await this.notify(emit, updated, "restored", 0);
    await emit({ type: "outage.changed", outage: updated, action: "restored" });
    return updated;
  }

  private async startPlannedIn(
    repo: OutagesRepository,
    emit: Emit,
    o: Outage,
    at: Date,
    actor: Actor,
    now: Date,
  ): Promise<Outage> {
    const updated = await repo.update(o.id, {
      status: "in_progress",
      started_at: at,
      etr_notified: o.planned_end,
      updated_at: now,
    });
    await repo.addEvents([
      this.event(o, now, "started", actor, "in_progress", null, {
        status: [o.status, "in_progress"],
        started_at: [o.started_at.toISOString(), at.toISOString()],
      }),
    ]);
    await this.notify(emit, updated, "planned_started", 0);
    await emit({ type: "outage.changed", outage: updated, action: "started" });
    return updated;
  }

  // Staff

  private async element(
    principal: Principal,
    input: { feederCode?: string | undefined; dtCode?: string | undefined; consumerNo?: string | undefined },
  ) {
    const repo = this.outages();
    let result: {
      scope: OutageScope;
      feeder: FeederRef;
      dtId: number | null;
      consumerId: number | null;
      dcId: number;
    };
    if (input.feederCode) {
      const feeder = await repo.feederByCode(input.feederCode.trim().toUpperCase());
      if (!feeder) throw badRequest(`no feeder ${input.feederCode}`, "feederCode");
      result = { scope: "feeder", feeder, dtId: null, consumerId: null, dcId: feeder.dc_id };
    } else if (input.dtCode) {
      const dt = await repo.dtByCode(input.dtCode.trim().toUpperCase());
      if (!dt) throw badRequest(`no DT ${input.dtCode}`, "dtCode");
      const feeder = (await repo.feederById(dt.feeder_id)) as FeederRef;
      result = { scope: "dt", feeder, dtId: dt.id, consumerId: null, dcId: dt.dc_id };
    } else if (input.consumerNo) {
      const c = await repo.consumerByNo(input.consumerNo.trim().toUpperCase());
      if (!c) throw badRequest(`no consumer ${input.consumerNo}`, "consumerNo");
      if (!c.feeder_id) throw badRequest("this consumer is not on a feeder on record", "consumerNo");
      const feeder = (await repo.feederById(c.feeder_id)) as FeederRef;
      result = { scope: "consumer", feeder, dtId: c.dt_id, consumerId: c.id, dcId: c.dc_id };
    } else {
      throw badRequest("say what is out: a feeder code, a DT code or a consumer number", "feederCode");
    }
    if (principal.orgKind !== "company" && !(await repo.dcVisible(principal, result.dcId)))
      throw forbidden("that feeder, DT or consumer is outside your jurisdiction");
    return result;
  }

  /** A JE or AE records an outage he knows of (a line down, a DT burnt): confirmed at once. */
  async open(principal: Principal, input: OpenOutageInput): Promise<OutageRow> {
    if (!can(principal, "outages.manage")) throw forbidden("your role may not open outages");
    const now = this.clock();
    const startedAt = input.startedAt ?? now;
    if (startedAt.getTime() > now.getTime() + 60_000)
      throw badRequest("the start cannot be in the future", "startedAt");
    if (input.etr && input.etr.getTime() <= now.getTime())
      throw badRequest("the ETR must be in the future", "etr");
    const el = await this.element(principal, input);
    const actor = actorOf(principal);
    const s = await this.config();
    const o = await this.uow.run(async (tx, emit) => {
      const repo = this.outages(tx);
      await repo.lockFeeder(el.feeder.id);
      const live = await repo.liveOnFeeder(el.feeder.id);
      const over = live.find(
        (x) =>
          x.kind === "unplanned" &&
          (x.scope === "feeder" ||
            (x.scope === el.scope &&
              (el.scope === "dt" ? x.dt_id === el.dtId : x.consumer_id === el.consumerId)) ||
            (el.scope === "consumer" && x.scope === "dt" && x.dt_id === el.dtId)),
      );
      if (over)
        throw conflict(
          `outage #${over.id} is already open over this ${over.scope === "dt" ? "DT" : over.scope}`,
          el.scope === "dt" ? "dtCode" : el.scope === "consumer" ? "consumerNo" : "feederCode",
        );
      return this.openIn(
        tx,
        emit,
        {
          ...el,
          source: "staff",
          status: "confirmed",
          startedAt,
          etr: input.etr ?? null,
          etrSetBy: { id: principal.id, name: principal.name },
          cause: input.cause?.trim() || null,
          actor,
          note: input.cause?.trim() || "opened by staff",
          createdBy: principal.kind === "user" ? principal.id : null,
        },
        s,
      );
    });
    return (await this.outages().findById(o.id)) as OutageRow;
  }

  /** A planned shutdown: consumers get an SMS in advance, at the start and at the end. */
  async schedule(principal: Principal, input: PlannedInput): Promise<OutageRow> {
    if (!can(principal, "outages.manage")) throw forbidden("your role may not schedule shutdowns");
    const now = this.clock();
    if (input.start.getTime() < now.getTime() - minutes(5))
      throw badRequest("the start must be in the future", "start");
    if (input.end.getTime() <= input.start.getTime())
      throw badRequest("the end must be after the start", "end");
    if (input.end.getTime() - input.start.getTime() > minutes(24 * 60))
      throw badRequest("a shutdown longer than 24 hours must be split", "end");
    const cause = input.cause.trim();
    if (!cause) throw badRequest("say why the supply will be off (cause)", "cause");
    if (!input.feederCode && !input.dtCode) throw badRequest("say which feeder or DT", "feederCode");
    const el = await this.element(principal, { feederCode: input.feederCode, dtCode: input.dtCode });
    const repo = this.outages();
    const o = await this.uow.run(async (tx, emit) => {
      const r = this.outages(tx);
      const created = await r.insert({
        kind: "planned",
        scope: el.scope,
        feederId: el.feeder.id,
        dtId: el.dtId,
        consumerId: null,
        dcId: el.dcId,
        source: "staff",
        status: "scheduled",
        startedAt: input.start,
        detectedAt: now,
        confirmedAt: now,
        plannedStart: input.start,
        plannedEnd: input.end,
        etr: input.end,
        etrSetBy: { id: principal.id, name: principal.name },
        cause,
        affectedConsumers: await r.affectedConsumers(
          el.scope,
          (el.scope === "feeder" ? el.feeder.id : el.dtId) as number,
        ),
        createdBy: principal.kind === "user" ? principal.id : null,
      });
      await r.addEvents([
        {
          ...this.event(created, now, "scheduled", actorOf(principal), "scheduled", cause, {
            planned_start: [null, input.start.toISOString()],
            planned_end: [null, input.end.toISOString()],
          }),
          fromStatus: null,
        },
      ]);
      await emit({ type: "outage.changed", outage: created, action: "scheduled" });
      return created;
    });
    return (await repo.findById(o.id)) as OutageRow;
  }

  actionsFor(principal: Principal, o: Outage): OutageAction[] {
    return allowedOutageActions(o.status).filter((a) => {
      if (!can(principal, ACTION_PERMISSION[a])) return false;
      if (a === "acknowledge") return o.kind === "unplanned" && !o.acknowledged_at;
      return true;
    });
  }

  /**
   * One staff action on an outage, under a lock on it: 409 with the allowed
   * actions when its state does not allow it, 400 naming the field for bad
   * input (an ETR in the past, a restoration before the start).
   */
  async act(
    principal: Principal,
    id: number,
    action: OutageAction,
    input: OutageActionInput,
  ): Promise<OutageRow> {
    const found = await this.outages().findForUser(principal, id);
    if (!found) {
      if (await this.outages().exists(id)) throw forbidden("this outage is outside your jurisdiction");
      throw notFound("outage");
    }
    if (!can(principal, ACTION_PERMISSION[action]))
      throw forbidden(`your role may not ${action.replace("_", " ")} outages`);
    const now = this.clock();
    const s = await this.config();
    const actor = actorOf(principal);
    await this.uow.run(async (tx, emit) => {
      const repo = this.outages(tx);
      if (found.feeder_id) await repo.lockFeeder(found.feeder_id);
      const o = await repo.lock(id);
      const to = nextOutageStatus(o.status, action);
      const allowed = this.actionsFor(principal, o);
      if (to === undefined || (action === "acknowledge" && !allowed.includes("acknowledge"))) {
        const why =
          action === "acknowledge" && o.acknowledged_at
            ? `already acknowledged by ${o.acknowledged_by_name ?? "someone"}`
            : `a ${o.status.replace("_", " ")} outage cannot be ${ACTION_NAME[action].replace("_", " ")}`;
        throw new AppError(
          409,
          "action_not_allowed",
          `${why}; allowed now: ${allowed.join(", ") || "nothing"}`,
          "action",
          undefined,
          allowed,
        );
      }
      const required = (v: string | undefined, field: string, what: string) => {
        if (!v?.trim()) throw badRequest(`${what} is required`, field);
        return v.trim();
      };
      switch (action) {
        case "confirm":
          await this.confirmIn(repo, emit, o, actor, now, s, input.note?.trim() || "confirmed by staff");
          return;
        case "dismiss": {
          const reason = required(input.reason, "reason", "a reason");
          const updated = await repo.update(o.id, { status: "dismissed", updated_at: now });
          const freed = await this.complaints.unlink(tx, o.id, now, `outage #${o.id} dismissed: ${reason}`);
          await repo.addEvents([
            this.event(
              o,
              now,
              "dismissed",
              actor,
              "dismissed",
              `${reason}${freed ? `; ${freed} complaint(s) freed` : ""}`,
              {
                status: [o.status, "dismissed"],
              },
            ),
          ]);
          await emit({ type: "outage.changed", outage: updated, action: "dismissed" });
          return;
        }
        case "set_etr": {
          if (!input.etr) throw badRequest("the new ETR is required", "etr");
          const etr = input.etr;
          if (etr.getTime() <= now.getTime()) throw badRequest("the ETR must be in the future", "etr");
          if (o.kind === "planned" && o.planned_start && etr.getTime() <= o.planned_start.getTime())
            throw badRequest("the end must be after the start", "etr");
          const changes: OutageUpdate = {
            etr,
            etr_set_at: now,
            etr_set_by: actor.kind === "user" ? actor.id : null,
            etr_set_by_name: actor.name,
            updated_at: now,
            ...(o.kind === "planned" ? { planned_end: etr } : {}),
          };
          const tell =
            isLive(o.status) &&
            o.etr_notified !== null &&
            etrMovedEnough(o.etr_notified, etr, s.etrMarginMinutes);
          if (tell) Object.assign(changes, { etr_notified: etr, etr_notices: o.etr_notices + 1 });
          const updated = await repo.update(o.id, changes);
          await repo.addEvents([
            this.event(o, now, "etr_set", actor, o.status, input.note?.trim() || null, {
              etr: [o.etr?.toISOString() ?? null, etr.toISOString()],
              ...(tell ? { consumers_told: [false, true] } : {}),
            }),
          ]);
          if (tell) await this.notify(emit, updated, "etr", updated.etr_notices);
          await emit({ type: "outage.changed", outage: updated, action: "etr_set" });
          return;
        }
        case "restore": {
          const at = input.at ?? now;
          if (at.getTime() > now.getTime() + 60_000)
            throw badRequest("the restoration time cannot be in the future", "at");
          if (at.getTime() < o.started_at.getTime())
            throw badRequest("the restoration time is before the outage started", "at");
          await this.restoreIn(
            tx,
            emit,
            o,
            at,
            actor,
            input.note?.trim() || null,
            now,
            input.cause?.trim() || undefined,
          );
          return;
        }
        case "acknowledge": {
          const updated = await repo.update(o.id, {
            acknowledged_at: now,
            acknowledged_by: actor.kind === "user" ? actor.id : null,
            acknowledged_by_name: actor.name,
            updated_at: now,
          });
          await repo.addEvents([this.event(o, now, "acknowledged", actor, o.status, null)]);
          await emit({ type: "outage.changed", outage: updated, action: "acknowledged" });
          return;
        }
        case "start":
          await this.startPlannedIn(repo, emit, o, now, actor, now);
          return;
        case "cancel": {
          const reason = required(input.reason, "reason", "a reason");
          const updated = await repo.update(o.id, { status: "cancelled", updated_at: now });
          await repo.addEvents([
            this.event(o, now, "cancelled", actor, "cancelled", reason, { status: [o.status, "cancelled"] }),
          ]);
          if (o.advance_notice_at) await this.notify(emit, updated, "planned_cancelled", 0);
          await emit({ type: "outage.changed", outage: updated, action: "cancelled" });
          return;
        }
        case "note": {
          const note = required(input.note, "note", "a note");
          await repo.addEvents([this.event(o, now, "note", actor, o.status, note)]);
          await emit({ type: "outage.changed", outage: o, action: "note" });
          return;
        }
      }
    });
    return (await this.outages().findById(id)) as OutageRow;
  }

  // Planned shutdowns over time

  /** Advance notices, starts and ends of planned shutdowns whose time has come. */
  async runPlanned(limit = 100): Promise<{ notices: number; started: number; completed: number }> {
    const s = await this.config();
    return this.uow.run(async (tx, emit) => {
      const repo = this.outages(tx);
      const now = this.clock();
      let notices = 0;
      let started = 0;
      let completed = 0;
      for (const o of await repo.advanceNoticesDue(now, minutes(s.advanceNoticeHours * 60), limit)) {
        const updated = await repo.update(o.id, { advance_notice_at: now, updated_at: now });
        await repo.addEvents([
          this.event(o, now, "advance_notice", SYSTEM, o.status, "consumers told in advance"),
        ]);
        await this.notify(emit, updated, "planned_notice", 0);
        notices++;
      }
      for (const o of await repo.startsDue(now, limit)) {
        await this.startPlannedIn(repo, emit, o, o.planned_start ?? now, SYSTEM, now);
        started++;
      }
      for (const o of await repo.endsDue(now, limit)) {
        await this.restoreIn(tx, emit, o, o.planned_end ?? now, SYSTEM, "the planned window ended", now);
        completed++;
      }
      return { notices, started, completed };
    });
  }

  // Reading

  private async visible(principal: Principal, id: number): Promise<OutageRow> {
    if (!can(principal, "outages.read")) throw forbidden();
    const o = await this.outages().findForUser(principal, id);
    if (!o) throw notFound("outage");
    return o;
  }

  async get(principal: Principal, id: number) {
    const outage = await this.visible(principal, id);
    const repo = this.outages();
    const [events, complaints, sms, merged] = await Promise.all([
      repo.events(id),
      repo.linkedComplaints(id, 100),
      repo.smsCounts(id),
      repo.mergedInto(id),
    ]);
    return { outage, events, complaints, sms, merged, actions: this.actionsFor(principal, outage) };
  }

  list(principal: Principal, filter: OutageFilter) {
    if (!can(principal, "outages.read")) throw forbidden();
    return this.outages().list(principal, filter);
  }

  async live(principal: Principal) {
    if (!can(principal, "outages.read")) throw forbidden();
    return this.outages().live(principal);
  }

  /** For the agent's consumer card: is this caller behind a known outage, or a shutdown coming soon? */
  async forConsumer(principal: Principal, consumerNo: string) {
    if (!can(principal, "outages.read")) throw forbidden();
    const repo = this.outages();
    const consumer = await repo.consumerByNo(consumerNo.trim().toUpperCase());
    if (!consumer) throw notFound("consumer");
    if (principal.orgKind !== "company" && !(await repo.dcVisible(principal, consumer.dc_id)))
      throw notFound("consumer");
    return repo.forConsumer(consumer, this.clock(), 48 * 3600_000);
  }

  countLive(principal: Principal) {
    return this.outages().countLive(principal);
  }

  /** An outage row with its names, for live screens. */
  row(id: number) {
    return this.outages().findById(id);
  }
}

export type { SignalEvent };
