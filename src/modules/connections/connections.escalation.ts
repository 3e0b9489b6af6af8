import type { ApplicationStatus, Language } from "../../db/schema.ts";
import type { Tx, UnitOfWork } from "../../db/unit-of-work.ts";
import type { Clock } from "../../lib/clock.ts";
import { badRequest, forbidden } from "../../lib/errors.ts";
import { can, type Principal } from "../access/principal.ts";
import { LADDER } from "../complaints/complaints.constants.ts";
import type { AppEvent } from "../events.ts";
import { sendSms } from "../notifications/send-sms.ts";
import { smsTime } from "../notifications/sms-templates.ts";
import type { SettingsRepository } from "../settings/settings.repository.ts";
import { type ConnectionSopSettings, SOP_SETTINGS_KEY } from "./connections.constants.ts";
import type { SopSettingsDto } from "./connections.schemas.ts";
import { daysLate, releaseDueAt, type SopClockInput, stageDueAt } from "./connections.sop.ts";
import { sopSettings } from "./connections.state.ts";
import type {
  ConnectionsEscalationRepository,
  EscalationRow,
  NewApplicationEvent,
  OfficerContact,
} from "./connections-escalation.repository.ts";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const FINAL: readonly ApplicationStatus[] = ["released", "rejected"];

/** The stage names an officer reads in the escalation SMS. */
const STAGE_NAMES: Record<ApplicationStatus, Record<Language, string>> = {
  applied: { en: "Applied", hi: "आवेदन प्राप्त" },
  documents_complete: { en: "Documents complete", hi: "दस्तावेज़ पूर्ण" },
  site_inspected: { en: "Site inspected", hi: "स्थल निरीक्षण हुआ" },
  demand_note_issued: { en: "Demand note issued", hi: "मांग पत्र जारी" },
  charges_paid: { en: "Charges paid", hi: "शुल्क जमा" },
  meter_installed: { en: "Meter installed", hi: "मीटर लगा" },
  released: { en: "Released", hi: "कनेक्शन जारी" },
  rejected: { en: "Rejected", hi: "अस्वीकृत" },
};

/** The stored settings over the defaults: the core's one reading (connections.state.ts). */
export { sopSettings as sopSettingsFrom };

export async function loadSopSettings(settings: SettingsRepository): Promise<ConnectionSopSettings> {
  return sopSettings(await settings.get<Partial<ConnectionSopSettings>>(SOP_SETTINGS_KEY));
}

export interface SopSchedule {
  stageDueAt: Date | null;
  releaseDueAt: Date | null;
  /** The limit the ladder climbs from (the earlier of the two), null when no clock runs. */
  limit: Date | null;
  /** The ladder's rung the application should be on at `now` (never below `level`). */
  level: number;
  /** When the sweep must look at it again (next rung, breach or a day more of compensation); null: never. */
  nextEscalationAt: Date | null;
}

/**
 * Where an application stands on the SoP clock at `now`: its limits, the rung
 * of the officer ladder (JE, AE, EE, SE, CE: one more every
 * `escalationStepHours` past the earlier limit) and when to look again.
 * Pure: the core (create, move) sets `stage_due_at`, `release_due_at`,
 * `next_escalation_at` from it with `level` 0 when the stage changes (a new
 * stage's limit starts the ladder afresh); the sweep with the stored level.
 * Nothing runs for final applications or while a demand note awaits payment.
 */
export function sopSchedule(
  app: SopClockInput,
  settings: ConnectionSopSettings,
  now: Date,
  level = 0,
): SopSchedule {
  if (FINAL.includes(app.status))
    return { stageDueAt: null, releaseDueAt: null, limit: null, level, nextEscalationAt: null };
  const paused = app.status === "demand_note_issued";
  const stage = stageDueAt(app, settings);
  const release = releaseDueAt(app, settings, now);
  if (paused) return { stageDueAt: null, releaseDueAt: release, limit: null, level, nextEscalationAt: null };
  const limits = [stage, release].filter((d): d is Date => d !== null);
  if (limits.length === 0)
    return { stageDueAt: stage, releaseDueAt: release, limit: null, level, nextEscalationAt: null };
  const limit = new Date(Math.min(...limits.map((d) => d.getTime())));
  const step = settings.escalationStepHours * HOUR;
  const target =
    now.getTime() < limit.getTime()
      ? 0
      : Math.min(LADDER.length, Math.floor((now.getTime() - limit.getTime()) / step) + 1);
  const reached = Math.max(level, target);
  const candidates: number[] = [];
  if (reached < LADDER.length) candidates.push(limit.getTime() + reached * step);
  if (release) {
    const late = daysLate(release, now);
    // The breach itself, then each further day (or part) of compensation.
    candidates.push(late === 0 ? release.getTime() : release.getTime() + late * DAY + 1);
  }
  const next = candidates.length ? new Date(Math.min(...candidates)) : null;
  return { stageDueAt: stage, releaseDueAt: release, limit, level: reached, nextEscalationAt: next };
}

/** The compensation due at `at` (the release, or now while still pending): each day or part late. */
export function compensationDue(releaseDue: Date | null, settings: ConnectionSopSettings, at: Date): number {
  return daysLate(releaseDue, at) * settings.compensationRsPerDay;
}

/**
 * The SoP clock's sweep (job `connections.escalate`): applications whose
 * next step has come climb the officer ladder, each rung an entry in their
 * history and an SMS to the officers of that rung; the release limit passing
 * records the breach and the compensation due (kept up to date daily while
 * late); an application released late gets its final compensation settled
 * once (an entry `compensation`), whoever released it.
 */
export class ConnectionEscalation {
  constructor(
    private readonly uow: UnitOfWork<AppEvent>,
    private readonly repo: (tx: Tx) => ConnectionsEscalationRepository,
    private readonly settings: SettingsRepository,
    private readonly clock: Clock,
    private readonly timeZone = "Asia/Kolkata",
  ) {}

  async escalateDue(
    limit = 200,
  ): Promise<{ escalated: number; steps: number; breached: number; settled: number }> {
    const settings = await loadSopSettings(this.settings);
    const now = this.clock();
    return this.uow.run(async (tx) => {
      const repo = this.repo(tx);
      const due = await repo.dueForEscalation(now, limit);
      const out = { escalated: due.length, steps: 0, breached: 0, settled: 0 };
      // The ladder's officers of a DC, once a sweep (a storm of late applications shares few DCs).
      const ladder = new Map<string, Promise<OfficerContact[]>>();
      const officersFor = (dcPath: string, level: number, rung: (typeof LADDER)[number]) => {
        const key = `${dcPath}|${level}`;
        let found = ladder.get(key);
        if (!found) {
          found = repo.officersFor(dcPath, rung.role, rung.kind);
          ladder.set(key, found);
        }
        return found;
      };
      for (const a of due) {
        if (FINAL.includes(a.status)) {
          if (a.status === "released" && (await this.settle(repo, a, settings, now))) out.settled++;
          await repo.update(a.id, { next_escalation_at: null });
          continue;
        }
        const s = sopSchedule(a, settings, now, a.escalation_level);
        const events: NewApplicationEvent[] = [];
        const late = s.releaseDueAt !== null && s.releaseDueAt.getTime() <= now.getTime();
        const compensation = late ? compensationDue(s.releaseDueAt, settings, now) : a.compensation_rs;
        if (late && !a.breached_at) {
          out.breached++;
          events.push({
            applicationId: a.id,
            at: now,
            action: "breached",
            fromStatus: a.status,
            toStatus: a.status,
            changes: {
              breached_at: [null, s.releaseDueAt],
              compensation_rs: [a.compensation_rs, compensation],
            },
            note: `release limit passed; compensation Rs ${compensation} so far (Rs ${settings.compensationRsPerDay} a day)`,
          });
        }
        for (let level = a.escalation_level + 1; level <= s.level; level++) {
          const rung = LADDER[level - 1];
          if (!rung || !s.limit) break;
          const officers = await officersFor(a.dc_path, level, rung);
          events.push({
            applicationId: a.id,
            at: now,
            action: "escalated",
            fromStatus: a.status,
            toStatus: a.status,
            changes: { escalation_level: [level - 1, level] },
            note: officers.length
              ? `to ${rung.role.toUpperCase()}: ${officers.map((o) => o.name).join(", ")}`
              : `to ${rung.role.toUpperCase()}: nobody on record`,
          });
          for (const o of officers) {
            if (!o.phone) continue;
            await sendSms(tx, {
              template: "connection_escalated",
              language: o.language,
              variables: {
                number: a.number,
                stage: STAGE_NAMES[a.status][o.language],
                dc: o.language === "hi" ? a.dc_name_hi : a.dc_name_en,
                due: smsTime(s.limit, o.language, this.timeZone),
              },
              recipient: o.phone,
              dedupKey: `connection:${a.id}:escalated:${s.limit.getTime()}:${level}:${o.id}`,
              urgent: false,
              relatedType: "connection_application",
              relatedId: a.id,
              createdAt: now,
            });
          }
          out.steps++;
        }
        await repo.addEvents(events);
        await repo.update(a.id, {
          stage_due_at: s.stageDueAt,
          release_due_at: s.releaseDueAt,
          ...(late && !a.breached_at ? { breached_at: s.releaseDueAt } : {}),
          compensation_rs: compensation,
          escalation_level: s.level,
          next_escalation_at: s.nextEscalationAt,
          ...(events.length ? { updated_at: now } : {}),
        });
      }
      // Released late by the core since the last sweeps: the final compensation, once.
      for (const a of await repo.releasedLateUnsettled(new Date(now.getTime() - 30 * DAY), limit)) {
        if (await this.settle(repo, a, settings, now)) out.settled++;
      }
      return out;
    });
  }

  /** The final compensation of an application released late, written once with its history entry. */
  private async settle(
    repo: ConnectionsEscalationRepository,
    a: EscalationRow,
    settings: ConnectionSopSettings,
    now: Date,
  ): Promise<boolean> {
    if (!a.released_at || !a.documents_complete_at) return false;
    const due = releaseDueAt(a, settings, a.released_at);
    const amount = compensationDue(due, settings, a.released_at);
    if (amount === 0) return false;
    await repo.addEvents([
      {
        applicationId: a.id,
        at: now,
        action: "compensation",
        fromStatus: a.status,
        toStatus: a.status,
        changes: { compensation_rs: [a.compensation_rs, amount] },
        note: `released ${daysLate(due, a.released_at)} day(s) late: compensation Rs ${amount}`,
      },
    ]);
    await repo.update(a.id, {
      release_due_at: due,
      breached_at: a.breached_at ?? due,
      compensation_rs: amount,
      next_escalation_at: null,
      updated_at: now,
    });
    return true;
  }
}

/** Stages whose internal limit cannot be set: the final ones, and the demand note (the applicant's time). */
const NO_STAGE_LIMIT: readonly ApplicationStatus[] = ["released", "rejected", "demand_note_issued"];

/**
 * The SoP settings as admins see and change them (GET/PUT
 * /api/connections/settings). Reading needs `connections.read`; changing
 * them `tariffs.manage` (the admin who keeps the regulator's figures: tariffs
 * and SoP limits). A change re-times every running clock at the next sweeps.
 */
export class ConnectionSettings {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly repo: ConnectionsEscalationRepository,
    private readonly clock: Clock,
  ) {}

  async get(p: Principal): Promise<SopSettingsDto> {
    if (!can(p, "connections.read")) throw forbidden();
    const s = await loadSopSettings(this.settings);
    return { ...s, stageDays: s.stageDays as SopSettingsDto["stageDays"] };
  }

  async update(p: Principal, body: SopSettingsDto): Promise<SopSettingsDto> {
    if (!can(p, "tariffs.manage")) throw forbidden();
    // The schema names the stages that may have a limit; this guards a caller past it.
    for (const [stage, days] of Object.entries(body.stageDays) as [ApplicationStatus, number][]) {
      if (!(stage in STAGE_NAMES) || NO_STAGE_LIMIT.includes(stage))
        throw badRequest(`the stage ${stage} has no internal limit`, `stageDays.${stage}`.slice(0, 60));
      if (!Number.isInteger(days) || days < 1 || days > 365)
        throw badRequest("a stage's limit is 1 to 365 whole days", `stageDays.${stage}`);
    }
    await this.settings.set(SOP_SETTINGS_KEY, body);
    await this.repo.retimePending(this.clock());
    return this.get(p);
  }
}
