import type { Outage, OutageSource } from "../../db/schema.ts";
import type { Tx } from "../../db/unit-of-work.ts";
import { forbidden } from "../../lib/errors.ts";
import type { Principal } from "../access/principal.ts";
import {
  type Emit,
  earliest,
  latest,
  minutes,
  type OutageDeps,
  type OutageSettings,
  type OutageSteps,
  viaCalls,
  viaMeters,
  viaScada,
} from "./outage-steps.ts";
import { dtDarkByComplaints, dtDarkByMeters, feederDarkByDts } from "./outages.detection.ts";
import type { FeederRef } from "./outages.repository.ts";

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

/**
 * Outage detection: SCADA breaker trips and closes, smart-meter last gasps
 * and restores, trouble-call analysis of "no supply" calls, and the roll-up
 * of enough dark DTs to their feeder. Every decision about a feeder is taken
 * under a lock on its row, so duplicate and out-of-order messages, and
 * several processes, cannot open two outages for one fault.
 */
export class OutageDetection {
  constructor(
    private readonly deps: OutageDeps,
    private readonly steps: OutageSteps,
  ) {}

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
    const now = this.deps.clock();
    const feeder = await this.deps.outages().feederByCode(feederCode.trim().toUpperCase());
    if (!feeder) return { outcome: "unknown" };
    if (
      principal &&
      principal.orgKind !== "company" &&
      !(await this.deps.outages().dcVisible(principal, feeder.dc_id))
    )
      throw forbidden("that feeder is outside this token's jurisdiction");
    const [fresh] = await this.deps.outages().recordSignals([
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
    const s = await this.steps.config();
    const actor = viaScada(via);
    return this.deps.uow.run(async (tx, emit) => {
      const repo = this.deps.outages(tx);
      await repo.lockFeeder(feeder.id);
      const live = await repo.liveOnFeeder(feeder.id);
      const own = live.find((o) => o.scope === "feeder" && o.kind === "unplanned");
      const planned =
        live.find((o) => o.scope === "feeder" && o.kind === "planned") ??
        (await repo.plannedOnFeeder(feeder.id, at, minutes(s.plannedLeadMinutes)));

      if (event === "close") {
        if (own && own.started_at.getTime() <= at.getTime()) {
          await this.steps.restoreIn(tx, emit, own, at, actor, "SCADA: breaker closed", now);
          return { outcome: "restored", outageId: own.id };
        }
        if (planned?.status === "in_progress" && planned.started_at.getTime() <= at.getTime()) {
          await this.steps.restoreIn(tx, emit, planned, at, actor, "SCADA: breaker closed", now);
          return { outcome: "restored", outageId: planned.id };
        }
        return { outcome: "recorded" };
      }

      if (own) {
        if (own.status !== "suspected") return { outcome: "duplicate", outageId: own.id };
        await this.steps.confirmIn(repo, emit, own, actor, now, s, "SCADA: feeder breaker tripped", {
          started_at: at < own.started_at ? at : own.started_at,
        });
        return { outcome: "confirmed", outageId: own.id };
      }
      if (planned) {
        if (planned.status === "scheduled")
          await this.steps.startPlannedIn(repo, emit, planned, at, actor, now);
        else
          await repo.addEvents([
            this.steps.event(
              planned,
              now,
              "scada_trip",
              actor,
              planned.status,
              "SCADA: feeder breaker tripped",
            ),
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
          this.steps.event(
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
      const o = await this.steps.openIn(
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
    const now = this.deps.clock();
    const s = await this.steps.config();
    const numbers = [...new Set(events.map((e) => e.meterNo.trim().toUpperCase()))];
    const meters = new Map(
      (await this.deps.outages().meters(numbers, principal)).map((m) => [m.meter_no, m]),
    );
    const unknown = numbers.filter((n) => !meters.has(n));
    const known = events.filter((e) => meters.has(e.meterNo.trim().toUpperCase()));
    const fresh = await this.deps.outages().recordSignals(
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
      const r = await this.deps.uow.run(async (tx, emit) => {
        const repo = this.deps.outages(tx);
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
              await this.steps.restoreIn(
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
              await this.steps.openIn(
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
    const now = this.deps.clock();
    const s = await this.steps.config();
    const dt = await this.deps.outages().dtById(dtId);
    if (!dt) return undefined;
    return this.deps.uow.run(async (tx, emit) => {
      const repo = this.deps.outages(tx);
      await repo.lockFeeder(dt.feeder_id);
      const live = await repo.liveOnFeeder(dt.feeder_id);
      const covering = live.find(
        (o) => (o.scope === "feeder" && o.kind === "unplanned") || (o.scope === "dt" && o.dt_id === dtId),
      );
      const window = minutes(s.complaintWindowMinutes);
      if (covering) {
        const n = await this.deps.complaints.link(
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
      const { callers, first } = await this.deps.complaints.callers(tx, dtId, since);
      if (!dtDarkByComplaints(callers, s.complaintsPerDt)) return undefined;
      const feeder = (await repo.feederById(dt.feeder_id)) as FeederRef;
      const o = await this.steps.openIn(
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
    const repo = this.deps.outages(tx);
    const live = await repo.liveOnFeeder(feederId);
    if (live.some((o) => o.scope === "feeder")) return 0;
    const dtsOut = live.filter((o) => o.scope === "dt" && o.kind === "unplanned");
    if (!feederDarkByDts(dtsOut.length, await repo.dtsOnFeeder(feederId), s)) return 0;
    const votes = new Map<OutageSource, number>();
    for (const o of dtsOut) votes.set(o.source, (votes.get(o.source) ?? 0) + 1);
    const source = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "complaints";
    const feeder = (await repo.feederById(feederId)) as FeederRef;
    await this.steps.openIn(
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
}
