import type { ApplicationDocument, ApplicationStatus, SopArea } from "../../db/schema.ts";
import {
  APPLICATION_MOVES,
  type ConnectionSopSettings,
  DEFAULT_SOP_SETTINGS,
} from "./connections.constants.ts";
import { releaseDueAt, stageDueAt } from "./connections.sop.ts";

/** What a move may carry besides its target (the API's move body). */
export interface MoveInput {
  to: ApplicationStatus;
  rejectReason?: string | undefined;
  chargesDemandedRs?: number | undefined;
  chargesPaidRs?: number | undefined;
  consumerNo?: string | undefined;
}

/** The part of an application a move's guards read. */
export interface MoveSubject {
  status: ApplicationStatus;
  documents: readonly ApplicationDocument[];
  charges_demanded_rs: number | null;
  charges_paid_rs: number;
}

/** Why a move is refused: 409 when the stage does not allow it, 400 naming what the request lacks. */
export interface MoveRefusal {
  status: 400 | 409;
  code: string;
  message: string;
  field: string;
}

/** The stage each move's timestamp column records. */
export const STAGE_COLUMN = {
  documents_complete: "documents_complete_at",
  site_inspected: "site_inspected_at",
  demand_note_issued: "demand_note_at",
  charges_paid: "charges_paid_at",
  meter_installed: "meter_installed_at",
  released: "released_at",
  rejected: "rejected_at",
} as const satisfies Partial<Record<ApplicationStatus, string>>;

export const FINAL_STATUSES: readonly ApplicationStatus[] = ["released", "rejected"];

/** The documents not yet received. */
export function missingDocuments(documents: readonly ApplicationDocument[]): string[] {
  return documents.filter((d) => !d.received).map((d) => d.code);
}

/**
 * Whether `input` may move the application now: the stage must allow the
 * target (APPLICATION_MOVES), and the target's guard must hold: complete
 * documents need every document received, a demand note its amount, paid
 * charges the demand reached, a rejection its reason. Undefined when allowed.
 */
export function refuseMove(app: MoveSubject, input: MoveInput): MoveRefusal | undefined {
  const allowed = APPLICATION_MOVES[app.status];
  if (!allowed.includes(input.to)) {
    return {
      status: 409,
      code: "move_not_allowed",
      message: allowed.length
        ? `an application at ${app.status} can move to ${allowed.join(" or ")}, not ${input.to}`
        : `a ${app.status} application is final`,
      field: "to",
    };
  }
  switch (input.to) {
    case "documents_complete": {
      const missing = missingDocuments(app.documents);
      if (missing.length)
        return {
          status: 409,
          code: "documents_missing",
          message: `documents not received yet: ${missing.join(", ")}`,
          field: "documents",
        };
      return undefined;
    }
    case "demand_note_issued":
      if (input.chargesDemandedRs === undefined)
        return {
          status: 400,
          code: "bad_request",
          message: "a demand note needs the charges demanded",
          field: "chargesDemandedRs",
        };
      return undefined;
    case "charges_paid": {
      const demanded = app.charges_demanded_rs ?? 0;
      const paid = input.chargesPaidRs ?? app.charges_paid_rs;
      if (paid < demanded)
        return {
          status: 400,
          code: "bad_request",
          message: `Rs ${paid} paid of Rs ${demanded} demanded: the charges are not paid in full`,
          field: "chargesPaidRs",
        };
      return undefined;
    }
    case "rejected":
      if (!input.rejectReason?.trim())
        return { status: 400, code: "bad_request", message: "say why it is rejected", field: "rejectReason" };
      return undefined;
    default:
      return undefined;
  }
}

/**
 * The moves to offer now: those the stage allows, less "documents complete"
 * while a document is missing (the others ask for their input when made).
 */
export function offeredMoves(app: MoveSubject): ApplicationStatus[] {
  return APPLICATION_MOVES[app.status].filter(
    (to) => to !== "documents_complete" || missingDocuments(app.documents).length === 0,
  );
}

/** An application's clock inputs as stored. */
export interface ClockRow {
  status: ApplicationStatus;
  sop_area: SopArea;
  status_at: Date;
  documents_complete_at: Date | null;
  demand_note_at: Date | null;
  charges_paid_at: Date | null;
}

/**
 * The SoP clock's columns for an application as it stands at `now`: the
 * stage's limit, the regulator's limit, and the next escalation at the
 * earlier of the two; no escalation while the demand note awaits the
 * applicant's payment or once the application is released or rejected.
 */
export function clockColumns(app: ClockRow, settings: ConnectionSopSettings, now: Date) {
  const final = FINAL_STATUSES.includes(app.status);
  const stage = final ? null : stageDueAt(app, settings);
  const release = app.status === "rejected" ? null : releaseDueAt(app, settings, now);
  const paused = app.status === "demand_note_issued";
  const candidates = [stage, release].filter((d): d is Date => d !== null);
  const next =
    final || paused || candidates.length === 0
      ? null
      : new Date(Math.min(...candidates.map((d) => d.getTime())));
  return { stage_due_at: stage, release_due_at: release, next_escalation_at: next };
}

/** The stored settings over the defaults (a partial or older value keeps the defaults it lacks). */
export function sopSettings(stored: Partial<ConnectionSopSettings> | undefined): ConnectionSopSettings {
  if (!stored || typeof stored !== "object") return DEFAULT_SOP_SETTINGS;
  return {
    releaseDays: { ...DEFAULT_SOP_SETTINGS.releaseDays, ...(stored.releaseDays ?? {}) },
    stageDays: stored.stageDays ?? DEFAULT_SOP_SETTINGS.stageDays,
    compensationRsPerDay: stored.compensationRsPerDay ?? DEFAULT_SOP_SETTINGS.compensationRsPerDay,
    escalationStepHours: stored.escalationStepHours ?? DEFAULT_SOP_SETTINGS.escalationStepHours,
  };
}

/** An address as the duplicate check compares it: lower case, letters and digits, single spaces. */
export function normaliseAddress(address: string): string {
  return address
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, " ")
    .trim();
}
