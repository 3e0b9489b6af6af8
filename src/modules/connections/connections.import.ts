import type { Updateable } from "kysely";
import {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  SOP_AREAS,
  type SopArea,
  SUPPLY_TYPES,
  type SupplyType,
  TARIFF_CATEGORIES,
  type TariffCategory,
} from "../../db/schema.constants.ts";
import type {
  ApplicationDocument,
  ConnectionApplication,
  ConnectionApplicationTable,
} from "../../db/schema.ts";
import { type Clock, systemClock } from "../../lib/clock.ts";
import { normaliseMobile } from "../../lib/mobile.ts";
import { parseDateTime } from "../billing/billing.format.ts";
import type { Importer, Line, RowError, Validated, WriteResult } from "../imports/import.types.ts";
import { ORG_CODE, RecordReader } from "../imports/validate.ts";
import type { SettingsRepository } from "../settings/settings.repository.ts";
import {
  APPLICATION_DOCUMENT_CODES,
  type ApplicationDocumentCode,
  type ConnectionSopSettings,
  DEFAULT_DOCUMENTS,
} from "./connections.constants.ts";
import { compensationDue, loadSopSettings, sopSchedule } from "./connections.escalation.ts";
import { releaseDueAt } from "./connections.sop.ts";
import type {
  ConnectionsImportRepository,
  ImportEvent,
  ImportedApplication,
} from "./connections-import.repository.ts";

const NUMBER = /^[A-Z0-9][A-Z0-9/_.-]{0,39}$/;
const CONSUMER_NO = /^[A-Z0-9]{4,20}$/;
const PINCODE = /^[1-9][0-9]{5}$/;
/** Clocks of other systems drift: a time this far ahead of ours is still accepted. */
const FUTURE_SLACK_MS = 10 * 60_000;

export const CONNECTION_COLUMNS = {
  required: [
    "application_no",
    "applicant_name",
    "mobile",
    "address",
    "dc_code",
    "category",
    "load_kw",
    "status",
    "applied_at",
    "status_at",
  ],
  optional: [
    "pincode",
    "locality",
    "supply_type",
    "sop_area",
    "charges_demanded",
    "charges_paid",
    "consumer_no",
    "reject_reason",
    "documents_missing",
  ],
} as const;

/** The column of each stage's timestamp. */
const STAGE_AT: Partial<Record<ApplicationStatus, keyof ConnectionApplication>> = {
  documents_complete: "documents_complete_at",
  site_inspected: "site_inspected_at",
  demand_note_issued: "demand_note_at",
  charges_paid: "charges_paid_at",
  meter_installed: "meter_installed_at",
  released: "released_at",
  rejected: "rejected_at",
};
const ORDER: readonly ApplicationStatus[] = APPLICATION_STATUSES;

export interface ConnectionImportRow {
  number: string;
  applicantName: string;
  mobile: string;
  address: string;
  dcId: number;
  category: TariffCategory;
  loadKw: number;
  status: ApplicationStatus;
  appliedAt: Date;
  statusAt: Date;
  pincode: string | null;
  locality: string | null;
  supplyType: SupplyType;
  sopArea: SopArea;
  chargesDemanded: number | null;
  chargesPaid: number;
  consumerNo: string | null;
  rejectReason: string | null;
  documents: ApplicationDocument[];
}

export interface ConnectionImportOptions {
  clock?: Clock;
  timeZone?: string;
  batchSize?: number;
}

function rupeesInt(r: RecordReader, column: string): number | null {
  const v = r.optional(column);
  if (v === undefined) return null;
  const n = Number(v.replace(/,/g, ""));
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(v.replace(/,/g, "")) || n > 100_000_000) {
    r.fail(column, "must be an amount in rupees (0 to 10,00,00,000)", v);
    return null;
  }
  return Math.round(n);
}

/** The documents asked for the category, with the missing ones (by code) not received. */
function documentsOf(
  r: RecordReader,
  category: TariffCategory,
  missingText: string | undefined,
): ApplicationDocument[] {
  const missing = new Set<ApplicationDocumentCode>();
  for (const raw of (missingText ?? "").split(/[;|,\s]+/).filter(Boolean)) {
    const code = raw.toLowerCase() as ApplicationDocumentCode;
    if (!APPLICATION_DOCUMENT_CODES.includes(code))
      r.fail(
        "documents_missing",
        `${raw} is not a document code (${APPLICATION_DOCUMENT_CODES.join(", ")})`,
        raw,
      );
    else missing.add(code);
  }
  const codes = [
    ...(DEFAULT_DOCUMENTS[category] ?? []),
    ...[...missing].filter((c) => !DEFAULT_DOCUMENTS[category]?.includes(c)),
  ];
  return codes.map((code) => ({ code, received: !missing.has(code) }));
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * connections.csv: another system's new-connection applications (see
 * CONNECTION_COLUMNS), upserted by application number. A new application or
 * a changed one writes an `imported` entry in its history (a changed status
 * from → to); its stage's timestamp is the file's status_at, and its SoP
 * clock (limits, breach, compensation, the ladder's rung) is set as of now
 * without climbing the ladder for the past: officers hear only of rungs
 * reached after the import. A re-run changes nothing. No SMS: the other
 * system told its applicants of their history; changes made in PowerDesk
 * after the import send theirs.
 */
export function connectionsImporter(
  repo: ConnectionsImportRepository,
  settingsRepo: SettingsRepository,
  options: ConnectionImportOptions = {},
): Importer<ConnectionImportRow> {
  const clock = options.clock ?? systemClock;
  const timeZone = options.timeZone ?? "Asia/Kolkata";
  let dcs = new Map<string, number>();
  let settings: ConnectionSopSettings;
  let latest = 0;
  return {
    kind: "connections",
    ...CONNECTION_COLUMNS,
    batchSize: options.batchSize ?? 2000,
    async prepare() {
      dcs = await repo.dcCodes();
      settings = await loadSopSettings(settingsRepo);
      latest = clock().getTime() + FUTURE_SLACK_MS;
    },
    validate(record, line): Validated<ConnectionImportRow> {
      const r = new RecordReader(record, line);
      const number = r.code(
        "application_no",
        r.required("application_no").replace(/\s/g, ""),
        NUMBER,
        "application number (1-40 letters, digits, / _ . -)",
      );
      const applicantName = r.maxLength("applicant_name", r.required("applicant_name"), 120);
      const mobileText = r.required("mobile");
      const mobile = mobileText ? normaliseMobile(mobileText) : undefined;
      if (mobileText && !mobile) r.fail("mobile", "is not a 10-digit Indian mobile", mobileText);
      const address = r.maxLength("address", r.required("address"), 300);
      const dcCode = r.code("dc_code", r.required("dc_code"), ORG_CODE, "office code");
      const dcId = dcCode ? dcs.get(dcCode) : undefined;
      if (dcCode && ORG_CODE.test(dcCode) && dcId === undefined)
        r.fail("dc_code", "is no DC of the org hierarchy", dcCode);
      const category = r.oneOf("category", r.required("category") || undefined, TARIFF_CATEGORIES);
      const loadText = r.required("load_kw");
      const loadKw = Number(loadText);
      if (loadText && (!/^\d{1,6}(\.\d{1,3})?$/.test(loadText) || loadKw <= 0 || loadKw > 100_000))
        r.fail("load_kw", "must be a load in kW above 0, at most 100000", loadText);
      const status = r.oneOf("status", r.required("status") || undefined, APPLICATION_STATUSES);
      const at = (column: string) => {
        const v = r.required(column);
        if (!v) return undefined;
        const p = parseDateTime(v, timeZone);
        if (!p.ok) {
          r.fail(column, p.reason, v);
          return undefined;
        }
        if (p.value.at.getTime() > latest) {
          r.fail(column, "is in the future", v);
          return undefined;
        }
        return p.value.at;
      };
      const appliedAt = at("applied_at");
      const statusAt = at("status_at");
      if (appliedAt && statusAt && statusAt < appliedAt)
        r.fail("status_at", "is before applied_at", r.optional("status_at"));
      const pincode = r.optional("pincode");
      if (pincode && !PINCODE.test(pincode)) r.fail("pincode", "is not a 6-digit pin code", pincode);
      const locality = r.optional("locality");
      if (locality) r.maxLength("locality", locality, 100);
      const supplyType = r.oneOf("supply_type", r.optional("supply_type"), SUPPLY_TYPES, "lt");
      const sopArea = r.oneOf("sop_area", r.optional("sop_area"), SOP_AREAS, "urban");
      const chargesDemanded = rupeesInt(r, "charges_demanded");
      const chargesPaid = rupeesInt(r, "charges_paid") ?? 0;
      const consumerNoText = r.optional("consumer_no");
      const consumerNo = consumerNoText
        ? r.code("consumer_no", consumerNoText, CONSUMER_NO, "consumer number (4-20 letters or digits)")
        : null;
      const rejectReason = r.optional("reject_reason");
      if (rejectReason) r.maxLength("reject_reason", rejectReason, 500);
      if (status === "rejected" && !rejectReason)
        r.fail("reject_reason", "is required for a rejected application");
      const documents = category ? documentsOf(r, category, r.optional("documents_missing")) : [];
      if (r.errors.length > 0 || !mobile || dcId === undefined || !appliedAt || !statusAt)
        return { ok: false, errors: r.errors };
      return {
        ok: true,
        row: {
          number,
          applicantName,
          mobile,
          address,
          dcId,
          category,
          loadKw,
          status,
          appliedAt,
          statusAt,
          pincode: pincode ?? null,
          locality: locality ?? null,
          supplyType,
          sopArea,
          chargesDemanded,
          chargesPaid,
          consumerNo,
          rejectReason: rejectReason ?? null,
          documents,
        },
      };
    },
    key: (row) => row.number,
    finish: () => repo.analyze(),
    async write(lines: Line<ConnectionImportRow>[]): Promise<WriteResult> {
      const now = clock();
      const existing = await repo.existing(lines.map((l) => l.row.number));
      const consumers = await repo.consumerIds([
        ...new Set(lines.map((l) => l.row.consumerNo).filter((c): c is string => c !== null)),
      ]);
      const rejected: RowError[] = [];
      const inserts: ImportedApplication[] = [];
      const updates: { id: number; patch: Updateable<ConnectionApplicationTable> }[] = [];
      const events: ImportEvent[] = [];
      let unchanged = 0;
      for (const { line, row } of lines) {
        const consumerId = row.consumerNo ? consumers.get(row.consumerNo) : null;
        if (row.consumerNo && consumerId === undefined) {
          rejected.push({ line, column: "consumer_no", value: row.consumerNo, reason: "no such consumer" });
          continue;
        }
        const old = existing.get(row.number);
        const fields = {
          applicant_name: row.applicantName,
          mobile: row.mobile,
          address: row.address,
          locality: row.locality,
          pincode: row.pincode,
          dc_id: row.dcId,
          sop_area: row.sopArea,
          category: row.category,
          supply_type: row.supplyType,
          load_kw: row.loadKw,
          documents: row.documents,
          charges_demanded_rs: row.chargesDemanded,
          charges_paid_rs: row.chargesPaid,
          status: row.status,
          reject_reason: row.rejectReason,
          consumer_id: consumerId ?? null,
          applied_at: row.appliedAt,
          status_at: row.statusAt,
        };
        const changes: Record<string, [unknown, unknown]> = {};
        for (const [k, v] of Object.entries(fields)) {
          const before = old ? (old as unknown as Record<string, unknown>)[k] : null;
          const a = before instanceof Date ? before.toISOString() : JSON.stringify(before ?? null);
          const b = v instanceof Date ? v.toISOString() : JSON.stringify(v ?? null);
          if (!old || a !== b)
            changes[k] = [
              before instanceof Date ? before.toISOString() : (before ?? null),
              v instanceof Date ? v.toISOString() : v,
            ];
        }
        if (old && Object.keys(changes).length === 0) {
          unchanged++;
          continue;
        }
        const statusChanged =
          !old || old.status !== row.status || old.status_at.getTime() !== row.statusAt.getTime();
        // The stage timestamps: the file's status_at for the stage it names; the
        // clock needs complete documents for any stage past them (the file's
        // time of the first stage we saw past them, when it does not say).
        const stamps: Partial<Record<keyof ConnectionApplication, Date | null>> = {};
        if (statusChanged) {
          const col = STAGE_AT[row.status];
          if (col) stamps[col] = row.statusAt;
          const reached = ORDER.indexOf(row.status);
          const docsIdx = ORDER.indexOf("documents_complete");
          if (
            row.status !== "rejected" &&
            reached >= docsIdx &&
            !old?.documents_complete_at &&
            !stamps.documents_complete_at
          )
            stamps.documents_complete_at = row.statusAt;
        }
        const merged = {
          status: row.status,
          sop_area: row.sopArea,
          status_at: row.statusAt,
          documents_complete_at:
            stamps.documents_complete_at !== undefined
              ? stamps.documents_complete_at
              : (old?.documents_complete_at ?? null),
          demand_note_at:
            stamps.demand_note_at !== undefined ? stamps.demand_note_at : (old?.demand_note_at ?? null),
          charges_paid_at:
            stamps.charges_paid_at !== undefined ? stamps.charges_paid_at : (old?.charges_paid_at ?? null),
          released_at: stamps.released_at !== undefined ? stamps.released_at : (old?.released_at ?? null),
        };
        // The clock as of now, the past's rungs taken as climbed (no SMS for history).
        const sop: Partial<ConnectionApplication> = {};
        if (statusChanged && row.status === "released") {
          // Released: the final compensation, as of the release.
          const due = releaseDueAt(merged, settings, row.statusAt);
          const late = due !== null && due.getTime() < row.statusAt.getTime();
          Object.assign(sop, {
            stage_due_at: null,
            release_due_at: due,
            escalation_level: old?.escalation_level ?? 0,
            next_escalation_at: null,
            breached_at: late ? due : null,
            compensation_rs: compensationDue(due, settings, row.statusAt),
          });
        } else if (statusChanged) {
          const s = sopSchedule(merged, settings, now);
          const late = s.releaseDueAt !== null && s.releaseDueAt.getTime() <= now.getTime();
          Object.assign(sop, {
            stage_due_at: s.stageDueAt,
            release_due_at: s.releaseDueAt,
            escalation_level: s.level,
            next_escalation_at: s.nextEscalationAt,
            breached_at: late ? s.releaseDueAt : (old?.breached_at ?? null),
            compensation_rs: late
              ? compensationDue(s.releaseDueAt, settings, now)
              : (old?.compensation_rs ?? 0),
          });
        }
        const note = !old
          ? `imported at ${row.status}`
          : old.status !== row.status
            ? `imported: ${old.status} → ${row.status}`
            : "imported: changed";
        events.push({
          number: row.number,
          at: now,
          fromStatus: old ? old.status : null,
          toStatus: row.status,
          changes: {
            ...changes,
            ...Object.fromEntries(Object.entries(stamps).map(([k, v]) => [k, [null, iso(v ?? null)]])),
          },
          note,
        });
        if (!old) {
          inserts.push({
            number: row.number,
            ...fields,
            source: "import",
            documents_complete_at: null,
            site_inspected_at: null,
            demand_note_at: null,
            charges_paid_at: null,
            meter_installed_at: null,
            released_at: null,
            rejected_at: null,
            stage_due_at: null,
            release_due_at: null,
            breached_at: null,
            compensation_rs: 0,
            escalation_level: 0,
            next_escalation_at: null,
            ...stamps,
            ...sop,
          } as ImportedApplication);
        } else {
          updates.push({
            id: old.id,
            patch: {
              ...fields,
              documents: JSON.stringify(fields.documents),
              ...stamps,
              ...sop,
              updated_at: now,
            } as Updateable<ConnectionApplicationTable>,
          });
        }
      }
      await repo.write(inserts, updates, events, new Map([...existing].map(([k, v]) => [k, v.id])));
      return { inserted: inserts.length, updated: updates.length, unchanged, rejected };
    },
  };
}
