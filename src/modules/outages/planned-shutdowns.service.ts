import { badRequest, forbidden } from "../../lib/errors.ts";
import { can, type Principal } from "../access/principal.ts";
import { actorOf, minutes, type OutageDeps, type OutageSteps, SYSTEM } from "./outage-steps.ts";
import type { OutageRow } from "./outages.repository.ts";

export interface PlannedInput {
  feederCode?: string | undefined;
  dtCode?: string | undefined;
  start: Date;
  end: Date;
  cause: string;
}

/**
 * Planned shutdowns: scheduled by staff, then over time the advance SMS, the
 * start and the end (the worker's outages.planned job), each on time.
 */
export class PlannedShutdowns {
  constructor(
    private readonly deps: OutageDeps,
    private readonly steps: OutageSteps,
  ) {}

  /** A planned shutdown: consumers get an SMS in advance, at the start and at the end. */
  async schedule(principal: Principal, input: PlannedInput): Promise<OutageRow> {
    if (!can(principal, "outages.manage")) throw forbidden("your role may not schedule shutdowns");
    const now = this.deps.clock();
    if (input.start.getTime() < now.getTime() - minutes(5))
      throw badRequest("the start must be in the future", "start");
    if (input.end.getTime() <= input.start.getTime())
      throw badRequest("the end must be after the start", "end");
    if (input.end.getTime() - input.start.getTime() > minutes(24 * 60))
      throw badRequest("a shutdown longer than 24 hours must be split", "end");
    const cause = input.cause.trim();
    if (!cause) throw badRequest("say why the supply will be off (cause)", "cause");
    if (!input.feederCode && !input.dtCode) throw badRequest("say which feeder or DT", "feederCode");
    const el = await this.steps.element(principal, { feederCode: input.feederCode, dtCode: input.dtCode });
    const repo = this.deps.outages();
    const o = await this.deps.uow.run(async (tx, emit) => {
      const r = this.deps.outages(tx);
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
          ...this.steps.event(created, now, "scheduled", actorOf(principal), "scheduled", cause, {
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

  /** Advance notices, starts and ends of planned shutdowns whose time has come. */
  async runPlanned(limit = 100): Promise<{ notices: number; started: number; completed: number }> {
    const s = await this.steps.config();
    return this.deps.uow.run(async (tx, emit) => {
      const repo = this.deps.outages(tx);
      const now = this.deps.clock();
      let notices = 0;
      let started = 0;
      let completed = 0;
      for (const o of await repo.advanceNoticesDue(now, minutes(s.advanceNoticeHours * 60), limit)) {
        const updated = await repo.update(o.id, { advance_notice_at: now, updated_at: now });
        await repo.addEvents([
          this.steps.event(o, now, "advance_notice", SYSTEM, o.status, "consumers told in advance"),
        ]);
        await this.steps.notify(emit, updated, "planned_notice", 0);
        notices++;
      }
      for (const o of await repo.startsDue(now, limit)) {
        await this.steps.startPlannedIn(repo, emit, o, o.planned_start ?? now, SYSTEM, now);
        started++;
      }
      for (const o of await repo.endsDue(now, limit)) {
        await this.steps.restoreIn(
          tx,
          emit,
          o,
          o.planned_end ?? now,
          SYSTEM,
          "the planned window ended",
          now,
        );
        completed++;
      }
      return { notices, started, completed };
    });
  }
}
