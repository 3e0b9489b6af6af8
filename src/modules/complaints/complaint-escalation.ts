import type { ComplaintCategory } from "../../db/schema.ts";
import type { StagedWrites } from "../../db/staged-writes.ts";
import { actorFields, SYSTEM_ACTOR } from "../audit/actor.ts";
import { AUDITED, diff } from "./complaints.audit.ts";
import type { ComplaintsContext, Emit } from "./complaints.context.ts";
import { type ComplaintRow, ComplaintsRepository, type NewComplaintEvent } from "./complaints.repository.ts";
import { LADDER, levelAt, nextEscalationAt } from "./complaints.sla.ts";

/**
 * A registration or a change of category that makes a complaint an
 * emergency tells the DC's JE and the sub-division's AE at once. With `stage`
 * (a registration) its audit entry joins the registration's one statement.
 */
export async function alertEmergency(
  repo: ComplaintsRepository,
  emit: Emit,
  c: ComplaintRow,
  now: Date,
  stage?: StagedWrites,
): Promise<void> {
  const officers = [
    ...(await repo.targets.officersFor(c.dc_path, "je", "dc")),
    ...(await repo.targets.officersFor(c.dc_path, "ae", "subdivision")),
  ];
  const event: NewComplaintEvent = {
    complaintId: c.id,
    at: now,
    action: "emergency_alert",
    ...actorFields(SYSTEM_ACTOR),
    fromStatus: c.status,
    toStatus: c.status,
    note: officers.length
      ? officers.map((o) => `${o.name} (${o.role.toUpperCase()})`).join(", ")
      : "no JE or AE on record",
  };
  if (stage) ComplaintsRepository.stageEvents(stage, [event]);
  else await repo.addEvent(event);
  await emit({ type: "complaint.emergency", complaint: c, officers });
}

/** The SLA clock: breaches and the escalation ladder. */
export class ComplaintEscalation {
  constructor(private readonly ctx: ComplaintsContext) {}

  /**
   * Escalates every complaint whose next step has come: the first step (at the
   * due time) marks the breach and records the compensation due, and each step
   * tells the next officer up the ladder (JE, AE, EE, SE, CE).
   */
  async escalateDue(limit = 200): Promise<{ escalated: number; steps: number }> {
    return this.ctx.uow.run(async (tx, emit) => {
      const repo = this.ctx.complaints(tx);
      const now = this.ctx.clock();
      const due = await repo.queues.dueForEscalation(now, limit);
      let steps = 0;
      for (const c of due) {
        const category = (await this.ctx.catalogue(tx).category(c.category_code)) as ComplaintCategory;
        const target = levelAt(now, c.due_at, category);
        const row = (await repo.findById(c.id)) as ComplaintRow;
        let current = c;
        if (!c.breached_at && now.getTime() >= c.due_at.getTime()) {
          const updated = await repo.update(c.id, {
            updated_at: now,
            breached_at: c.due_at,
            compensation_rs: c.compensation_rs + category.compensation_rs,
          });
          await repo.addEvent({
            complaintId: c.id,
            at: now,
            action: "sla_breached",
            ...actorFields(SYSTEM_ACTOR),
            fromStatus: c.status,
            toStatus: c.status,
            changes: diff(c, updated, AUDITED),
          });
          current = updated;
        }
        for (let level = c.escalation_level + 1; level <= target; level++) {
          const rung = LADDER[level - 1];
          if (!rung) break;
          const officers = await repo.targets.officersFor(row.dc_path, rung.role, rung.kind);
          await repo.addEvent({
            complaintId: c.id,
            at: now,
            action: "escalated",
            ...actorFields(SYSTEM_ACTOR),
            fromStatus: c.status,
            toStatus: c.status,
            changes: { escalation_level: [level - 1, level] },
            note: officers.length
              ? `to ${rung.role.toUpperCase()}: ${officers.map((o) => o.name).join(", ")}`
              : `to ${rung.role.toUpperCase()}: nobody on record`,
          });
          await emit({
            type: "complaint.escalated",
            complaint: { ...row, escalation_level: level, updated_at: now },
            level,
            officers,
          });
          steps++;
        }
        const updated = await repo.update(c.id, {
          updated_at: now,
          escalation_level: Math.max(target, c.escalation_level),
          next_escalation_at: nextEscalationAt(c.due_at, Math.max(target, c.escalation_level), category),
        });
        await emit({
          type: "complaint.changed",
          complaint: { ...row, ...updated },
          action: "escalated",
          from: current.status,
          to: updated.status,
        });
      }
      return { escalated: due.length, steps };
    });
  }
}
