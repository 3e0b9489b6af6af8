import type { Outage, OutageUpdate } from "../../db/schema.ts";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../lib/errors.ts";
import type { Permission } from "../access/permissions.ts";
import { can, type Principal } from "../access/principal.ts";
import { actorOf, minutes, type OutageDeps, type OutageSteps } from "./outage-steps.ts";
import { etrMovedEnough } from "./outages.detection.ts";
import type { OutageRow } from "./outages.repository.ts";
import { allowedOutageActions, isLive, nextOutageStatus, type OutageAction } from "./outages.state.ts";

export interface OpenOutageInput {
  feederCode?: string | undefined;
  dtCode?: string | undefined;
  consumerNo?: string | undefined;
  startedAt?: Date | undefined;
  etr?: Date | undefined;
  cause?: string | undefined;
}

export interface OutageActionInput {
  etr?: Date | undefined;
  at?: Date | undefined;
  reason?: string | undefined;
  cause?: string | undefined;
  note?: string | undefined;
}

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

/**
 * What staff do to an outage after it is found: open one they know of,
 * confirm, set the ETR, acknowledge, restore, dismiss, cancel, note; and the
 * owner's digests of the calls that joined it.
 */
export class OutageLifecycle {
  constructor(
    private readonly deps: OutageDeps,
    private readonly steps: OutageSteps,
  ) {}

  /** A JE or AE records an outage he knows of (a line down, a DT burnt): confirmed at once. */
  async open(principal: Principal, input: OpenOutageInput): Promise<OutageRow> {
    if (!can(principal, "outages.manage")) throw forbidden("your role may not open outages");
    const now = this.deps.clock();
    const startedAt = input.startedAt ?? now;
    if (startedAt.getTime() > now.getTime() + 60_000)
      throw badRequest("the start cannot be in the future", "startedAt");
    if (input.etr && input.etr.getTime() <= now.getTime())
      throw badRequest("the ETR must be in the future", "etr");
    const el = await this.steps.element(principal, input);
    const actor = actorOf(principal);
    const s = await this.steps.config();
    const o = await this.deps.uow.run(async (tx, emit) => {
      const repo = this.deps.outages(tx);
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
      return this.steps.openIn(
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
    return (await this.deps.outages().findById(o.id)) as OutageRow;
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
    const found = await this.deps.outages().findForUser(principal, id);
    if (!found) {
      if (await this.deps.outages().exists(id)) throw forbidden("this outage is outside your jurisdiction");
      throw notFound("outage");
    }
    if (!can(principal, ACTION_PERMISSION[action]))
      throw forbidden(`your role may not ${action.replace("_", " ")} outages`);
    const now = this.deps.clock();
    const s = await this.steps.config();
    const actor = actorOf(principal);
    await this.deps.uow.run(async (tx, emit) => {
      const repo = this.deps.outages(tx);
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
          await this.steps.confirmIn(
            repo,
            emit,
            o,
            actor,
            now,
            s,
            input.note?.trim() || "confirmed by staff",
          );
          return;
        case "dismiss": {
          const reason = required(input.reason, "reason", "a reason");
          const updated = await repo.update(o.id, { status: "dismissed", updated_at: now });
          const freed = await this.deps.complaints.unlink(
            tx,
            o.id,
            now,
            `outage #${o.id} dismissed: ${reason}`,
          );
          await repo.addEvents([
            this.steps.event(
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
            this.steps.event(o, now, "etr_set", actor, o.status, input.note?.trim() || null, {
              etr: [o.etr?.toISOString() ?? null, etr.toISOString()],
              ...(tell ? { consumers_told: [false, true] } : {}),
            }),
          ]);
          if (tell) await this.steps.notify(emit, updated, "etr", updated.etr_notices);
          await emit({ type: "outage.changed", outage: updated, action: "etr_set" });
          return;
        }
        case "restore": {
          const at = input.at ?? now;
          if (at.getTime() > now.getTime() + 60_000)
            throw badRequest("the restoration time cannot be in the future", "at");
          if (at.getTime() < o.started_at.getTime())
            throw badRequest("the restoration time is before the outage started", "at");
          await this.steps.restoreIn(
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
          await repo.addEvents([this.steps.event(o, now, "acknowledged", actor, o.status, null)]);
          await emit({ type: "outage.changed", outage: updated, action: "acknowledged" });
          return;
        }
        case "start":
          await this.steps.startPlannedIn(repo, emit, o, now, actor, now);
          return;
        case "cancel": {
          const reason = required(input.reason, "reason", "a reason");
          const updated = await repo.update(o.id, { status: "cancelled", updated_at: now });
          await repo.addEvents([
            this.steps.event(o, now, "cancelled", actor, "cancelled", reason, {
              status: [o.status, "cancelled"],
            }),
          ]);
          if (o.advance_notice_at) await this.steps.notify(emit, updated, "planned_cancelled", 0);
          await emit({ type: "outage.changed", outage: updated, action: "cancelled" });
          return;
        }
        case "note": {
          const note = required(input.note, "note", "a note");
          await repo.addEvents([this.steps.event(o, now, "note", actor, o.status, note)]);
          await emit({ type: "outage.changed", outage: o, action: "note" });
          return;
        }
      }
    });
    return (await this.deps.outages().findById(id)) as OutageRow;
  }

  /**
   * The owners' digests: each live outage whose owner last heard of it at
   * least ownerDigestMinutes ago and that calls joined since gets one SMS with
   * the new calls. Run every minute by the worker; several workers skip each
   * other's outages.
   */
  async digestOwners(limit = 100): Promise<{ digests: number }> {
    const s = await this.steps.config();
    return this.deps.uow.run(async (tx, emit) => {
      const repo = this.deps.outages(tx);
      const now = this.deps.clock();
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
}
