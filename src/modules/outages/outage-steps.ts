import type {
  Outage,
  OutageNoticeKind,
  OutageScope,
  OutageSource,
  OutageStatus,
  OutageUpdate,
} from "../../db/schema.ts";
import type { Tx, UnitOfWork } from "../../db/unit-of-work.ts";
import type { Clock } from "../../lib/clock.ts";
import { badRequest, forbidden } from "../../lib/errors.ts";
import type { Principal } from "../access/principal.ts";
import { type Actor as AuditActor, actorOf, SYSTEM_ACTOR } from "../audit/actor.ts";
import type { OutageComplaints } from "../complaints/outage-links.ts";
import type { AppEvent } from "../events.ts";
import type { SettingsRepository } from "../settings/settings.repository.ts";
import { DEFAULT_DETECTION, type DetectionSettings } from "./outages.detection.ts";
import type { FeederRef, NewOutageEvent, OutagesRepository } from "./outages.repository.ts";

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

export type Actor = AuditActor<"user" | "token" | "system">;
export { actorOf };

export const SYSTEM: Actor = SYSTEM_ACTOR;
export const viaScada = (via: string): Actor => ({ ...SYSTEM, name: "SCADA", channel: via });
export const viaMeters = (via: string): Actor => ({ ...SYSTEM, name: "Smart meters", channel: via });
export const viaCalls: Actor = { ...SYSTEM, name: "Trouble-call analysis" };

export type Emit = (e: AppEvent) => Promise<void>;

export interface OpenSpec {
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

export const minutes = (n: number) => n * 60_000;
export const latest = (ds: Date[]) => new Date(Math.max(...ds.map((d) => d.getTime())));
export const earliest = (ds: Date[]) => new Date(Math.min(...ds.map((d) => d.getTime())));

/** What every part of the outage service works with. */
export interface OutageDeps {
  uow: UnitOfWork<AppEvent>;
  outages: (tx?: Tx) => OutagesRepository;
  complaints: OutageComplaints;
  clock: Clock;
}

/**
 * The steps detection, planned shutdowns and staff actions share: opening an
 * outage (merging the smaller ones under it), confirming, restoring, starting
 * a planned shutdown, telling consumers and the owner, and the settings all
 * of them read. Each step runs in its caller's transaction, under the lock
 * on the feeder's row the caller took.
 */
export class OutageSteps {
  constructor(
    private readonly deps: OutageDeps,
    private readonly settings: SettingsRepository,
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

  // Opening, confirming, restoring: the shared steps

  event(
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
  async openIn(tx: Tx, emit: Emit, spec: OpenSpec, s: OutageSettings): Promise<Outage> {
    const repo = this.deps.outages(tx);
    const now = this.deps.clock();
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
      await this.deps.complaints.relink(tx, ids, o.id, now);
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
    await this.deps.complaints.link(
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
  async ownIn(
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

  /** Tells the consumers behind a live outage (once per outage) and remembers the ETR they were told. */
  async noticeIn(repo: OutagesRepository, emit: Emit, o: Outage, now: Date): Promise<Outage> {
    if (o.etr_notified) return o;
    const updated = await repo.update(o.id, { etr_notified: o.etr ?? now, updated_at: now });
    await this.notify(emit, updated, "notice", 0);
    return updated;
  }

  notify(emit: Emit, outage: Outage, notice: OutageNoticeKind, seq: number) {
    return emit({ type: "outage.notice", outage, notice, seq });
  }

  async confirmIn(
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
  async restoreIn(
    tx: Tx,
    emit: Emit,
    o: Outage,
    at: Date,
    actor: Actor,
    note: string | null,
    now: Date,
    cause?: string,
  ): Promise<Outage> {
    const repo = this.deps.outages(tx);
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
    if (merged.length) await this.deps.complaints.relink(tx, merged, o.id, now);
    const resolved = await this.deps.complaints.resolve(
      tx,
      emit,
      o.id,
      at,
      `supply restored (outage #${o.id})`,
    );
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

  async startPlannedIn(
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

  /** What a staff member names (a feeder, a DT or a consumer), within his jurisdiction. */
  async element(
    principal: Principal,
    input: { feederCode?: string | undefined; dtCode?: string | undefined; consumerNo?: string | undefined },
  ) {
    const repo = this.deps.outages();
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
}
