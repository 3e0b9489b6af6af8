// Shapes of the API's answers (see /api/openapi.json).

export type Role = "agent" | "supervisor" | "lineman" | "je" | "ae" | "ee" | "se" | "ce" | "admin" | "viewer";
export const ROLES: Role[] = [
  "agent",
  "supervisor",
  "lineman",
  "je",
  "ae",
  "ee",
  "se",
  "ce",
  "admin",
  "viewer",
];
export type OrgKind = "company" | "region" | "circle" | "division" | "subdivision" | "dc";
export type ConnectionStatus = "active" | "temporarily_disconnected" | "permanently_disconnected";

export interface Named {
  code: string;
  nameEn: string;
  nameHi: string;
}

export interface OrgUnit extends Named {
  kind: OrgKind;
}

export interface Me {
  id: number;
  login: string;
  name: string;
  role: Role;
  language: "en" | "hi";
  onDuty: boolean;
  orgUnit: OrgUnit;
  permissions: string[];
}

export interface ConsumerSummary {
  consumerNo: string;
  name: string;
  address: string;
  areaType: "urban" | "rural";
  connectionStatus: ConnectionStatus;
  meterNo: string | null;
  mobile: string | null;
  dc: Named;
  feederCode: string | null;
  dtCode: string | null;
  matchedBy: "consumer_no" | "meter_no" | "mobile" | "name";
}

export interface ConsumerCard {
  consumerNo: string;
  name: string;
  address: string;
  tariffCategory: "domestic" | "non_domestic" | "agriculture" | "industrial";
  areaType: "urban" | "rural";
  connectionStatus: ConnectionStatus;
  meterNo: string | null;
  mobiles: { mobile: string; verified: boolean; language: "hi" | "en" }[];
  dc: Named;
  orgChain: OrgUnit[];
  substation: Named | null;
  feeder: Named | null;
  dt: (Named & { capacityKva: number | null }) | null;
  updatedAt: string;
}

// Bills and payments on the consumer card (see src/modules/billing/billing.routes.ts)
export const BILL_STATUSES = ["paid", "partial", "unpaid", "overdue"] as const;
export type BillStatus = (typeof BILL_STATUSES)[number];

export interface Bill {
  id: number;
  /** YYYY-MM */
  month: string;
  billNo: string | null;
  /** Rupees. */
  amount: number;
  dueDate: string;
  paymentLink: string;
  issuedAt: string;
  version: number;
  status: BillStatus;
  paid: number;
  balance: number;
  payments: { reference: string; amount: number; paidAt: string; mode: string }[];
  sms: { count: number; lastStatus: string; lastAt: string } | null;
  resendsToday: number;
}

export interface ConsumerBills {
  consumerNo: string;
  today: string;
  resendLimit: number;
  canResend: boolean;
  smsMobile: { mobile: string; language: "hi" | "en" } | null;
  bills: Bill[];
}

export interface BillResent {
  mobile: string;
  language: "hi" | "en";
  queuedAt: string;
  resendsLeft: number;
}

export interface UserDto {
  id: number;
  login: string;
  name: string;
  role: Role;
  phone: string | null;
  language: "en" | "hi";
  active: boolean;
  orgUnit: OrgUnit;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface TokenDto {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  orgCode: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type ComplaintStatus =
  | "registered"
  | "assigned"
  | "attended"
  | "waiting"
  | "resolved"
  | "closed"
  | "invalid"
  | "duplicate";
export const OPEN_STATUSES: ComplaintStatus[] = ["registered", "assigned", "attended", "waiting"];
export type ComplaintAction =
  | "assign"
  | "accept"
  | "attend"
  | "wait"
  | "resume"
  | "resolve"
  | "reopen"
  | "close"
  | "mark_invalid"
  | "mark_duplicate"
  | "change_category"
  | "note";
export const CHANNELS = ["call", "web", "sms", "whatsapp", "social", "walk_in", "field", "api"] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Complaint {
  number: string;
  status: ComplaintStatus;
  category: Named;
  subcategoryCode: string | null;
  description: string;
  channel: Channel;
  language: "hi" | "en";
  emergency: boolean;
  priority: number;
  consumer: { consumerNo: string; name: string; mobile: string | null } | null;
  callerName: string | null;
  callerPhone: string | null;
  altPhone: string | null;
  location: string | null;
  landmark: string | null;
  dc: Named;
  feederCode: string | null;
  dtCode: string | null;
  areaType: "urban" | "rural";
  assignee: { name: string; login: string } | null;
  registeredAt: string;
  assignedAt: string | null;
  attendedAt: string | null;
  waitingSince: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  dueAt: string;
  breachedAt: string | null;
  escalationLevel: number;
  compensationRs: number;
  resolutionCode: string | null;
  resolutionRemarks: string | null;
  reopenCount: number;
  callCount: number;
  closeReason: string | null;
  actions: ComplaintAction[];
}

export interface TimelineEvent {
  id: number;
  at: string;
  action: string;
  actor: { kind: string; name: string; role: string | null };
  channel: string;
  fromStatus: string | null;
  toStatus: string | null;
  changes: Record<string, unknown>;
  note: string | null;
}

export interface Category extends Named {
  urbanLimitMinutes: number;
  ruralLimitMinutes: number;
  priority: number;
  emergency: boolean;
  subcategories: Named[];
}

export interface Catalogue {
  categories: Category[];
  resolutionCodes: Named[];
}

export interface Summary {
  open: number;
  overdue: number;
  emergencies: number;
  escalated: number;
  unassigned: number;
  registeredToday: number;
}

// Outages (see src/modules/outages/outages.present.ts)

export const OUTAGE_STATUSES = [
  "suspected",
  "confirmed",
  "restored",
  "dismissed",
  "merged",
  "scheduled",
  "in_progress",
  "completed",
  "cancelled",
] as const;
export type OutageStatus = (typeof OUTAGE_STATUSES)[number];
/** Supply is off now. */
export const LIVE_OUTAGE_STATUSES: OutageStatus[] = ["suspected", "confirmed", "in_progress"];
export type OutageKind = "unplanned" | "planned";
export type OutageScope = "feeder" | "dt" | "consumer";
export type OutageSource = "scada" | "ami" | "complaints" | "staff";
export type OutageAction =
  | "confirm"
  | "dismiss"
  | "set_etr"
  | "restore"
  | "acknowledge"
  | "start"
  | "cancel"
  | "note";

export interface Outage {
  id: number;
  kind: OutageKind;
  scope: OutageScope;
  status: OutageStatus;
  source: OutageSource;
  feeder: Named | null;
  dt: Named | null;
  consumerNo: string | null;
  dc: Named;
  affectedConsumers: number;
  linkedComplaints: number;
  startedAt: string;
  detectedAt: string;
  confirmedAt: string | null;
  restoredAt: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  etr: string | null;
  etrSetAt: string | null;
  etrSetBy: string | null;
  cause: string | null;
  mergedInto: number | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export interface OutageEvent {
  id: number;
  at: string;
  action: string;
  actor: { kind: string; name: string };
  channel: string;
  fromStatus: string | null;
  toStatus: string | null;
  changes: Record<string, unknown>;
  note: string | null;
}

export interface OutageDetail {
  outage: Outage;
  actions: OutageAction[];
  events: OutageEvent[];
  complaints: {
    number: string;
    status: ComplaintStatus;
    registeredAt: string;
    categoryCode: string;
    consumerNo: string | null;
    consumerName: string | null;
  }[];
  sms: { template: string; status: string; count: number }[];
  merged: number[];
}

/** The wallboard's counters (GET /api/wallboard, SSE `counters`). */
export interface Counters {
  openComplaints: number;
  overdue: number;
  registeredToday: number;
  outagesNow: number;
  plannedNow: number;
  consumersOff: number;
}

export interface Snapshot {
  at: string;
  outages: Outage[];
  counters: Counters;
}

export const RELIABILITY_LEVELS = ["feeder", "dc", "subdivision", "division", "circle", "region"] as const;
export type ReliabilityLevel = (typeof RELIABILITY_LEVELS)[number];

export interface ReliabilityIndices {
  customersServed: number;
  interruptions: number;
  momentary: number;
  customerInterruptions: number;
  customerMinutes: number;
  saifi: number;
  saidi: number;
  caidi: number;
  maifi: number;
}

export interface ReliabilityTable {
  month: string;
  level: ReliabilityLevel;
  momentaryMinutes: number;
  total: ReliabilityIndices;
  rows: ({ unit: Named } & ReliabilityIndices)[];
}

export interface ReliabilityTrend {
  unit: Named | null;
  momentaryMinutes: number;
  points: ({ month: string } & ReliabilityIndices)[];
}
