// New-connection applications: the stages' moves, documents and SoP settings.
// Dependency-free: the web type-checks against this file (through contract.ts)
// and tests read it. Import nothing here (types from another constants file at most).
import type { ApplicationStatus, SopArea, TariffCategory } from "../../db/schema.constants.ts";

/**
 * The moves staff may make from each stage. Every stage before release may
 * end in `rejected` (with a reason); `released` and `rejected` are final.
 * An import of another system's records may set any stage (its history is
 * kept as imported), never through these moves.
 */
export const APPLICATION_MOVES: Record<ApplicationStatus, readonly ApplicationStatus[]> = {
  applied: ["documents_complete", "rejected"],
  documents_complete: ["site_inspected", "rejected"],
  site_inspected: ["demand_note_issued", "rejected"],
  demand_note_issued: ["charges_paid", "rejected"],
  charges_paid: ["meter_installed", "rejected"],
  meter_installed: ["released"],
  released: [],
  rejected: [],
};

/** The documents an application needs, by code, with the names agents and applicants read. */
export const APPLICATION_DOCUMENTS = {
  identity_proof: { en: "Proof of identity", hi: "पहचान का प्रमाण" },
  ownership_proof: { en: "Proof of ownership or occupancy", hi: "स्वामित्व या अधिभोग का प्रमाण" },
  photo: { en: "Passport-size photograph", hi: "पासपोर्ट साइज़ फोटो" },
  wiring_certificate: { en: "Wiring test certificate", hi: "वायरिंग परीक्षण प्रमाणपत्र" },
  noc: { en: "No-objection certificate (tenant or society)", hi: "अनापत्ति प्रमाणपत्र (किरायेदार या सोसाइटी)" },
  load_sanction: {
    en: "Load sanction / factory licence (HT, industrial)",
    hi: "भार स्वीकृति / कारखाना लाइसेंस (एचटी, औद्योगिक)",
  },
} as const;
export type ApplicationDocumentCode = keyof typeof APPLICATION_DOCUMENTS;
export const APPLICATION_DOCUMENT_CODES = Object.keys(APPLICATION_DOCUMENTS) as ApplicationDocumentCode[];

/** The documents asked for by default, per category (the agent may add or drop one). */
export const DEFAULT_DOCUMENTS: Record<TariffCategory, readonly ApplicationDocumentCode[]> = {
  domestic: ["identity_proof", "ownership_proof", "photo", "wiring_certificate"],
  non_domestic: ["identity_proof", "ownership_proof", "photo", "wiring_certificate"],
  agriculture: ["identity_proof", "ownership_proof", "photo"],
  industrial: ["identity_proof", "ownership_proof", "photo", "wiring_certificate", "load_sanction"],
};

/**
 * The SoP clock's settings (app_settings `connections.sop`), configurable per
 * state. Defaults per DESIGN.md: the connection within 3 / 7 / 15 days for
 * metro / urban / rural, counted from complete documents; the days a demand
 * note waits for the consumer's payment do not count.
 */
export interface ConnectionSopSettings {
  /** Days from complete documents to release, by area (the regulator's limit). */
  releaseDays: Record<SopArea, number>;
  /** Internal limits per stage in days (the DISCOM's own targets); a stage without one has none. */
  stageDays: Partial<Record<ApplicationStatus, number>>;
  /** Compensation due for each day (or part) the release is late. */
  compensationRsPerDay: number;
  /** Hours between escalation steps up the officer ladder once a limit is missed. */
  escalationStepHours: number;
}

export const SOP_SETTINGS_KEY = "connections.sop";

export const DEFAULT_SOP_SETTINGS: ConnectionSopSettings = {
  releaseDays: { metro: 3, urban: 7, rural: 15 },
  stageDays: { applied: 2, documents_complete: 3, site_inspected: 2, charges_paid: 5, meter_installed: 1 },
  compensationRsPerDay: 100,
  escalationStepHours: 24,
};

/** Duplicate check: an application for the same mobile and address within this many days. */
export const DUPLICATE_WINDOW_DAYS = 30;

/** Application numbers: NC + region code + YYMM + a six-digit sequence, e.g. NCJBP2612000123. */
export const APPLICATION_NUMBER = /^NC[A-Z]{2,6}[0-9]{4}[0-9]{6}$/;
