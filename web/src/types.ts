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
  /** Failed sign-ins have locked the login until then (in the list). */
  lockedUntil?: string | null;
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
  /** Registered by SMS from a mobile the consumer has not registered. */
  fromUnregisteredMobile?: boolean;
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
  /** Who owns it in the field: he gets one SMS and digests, not one a call. */
  owner: string | null;
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

// The monthly survey (see /api/survey in src/modules/feedback/survey.routes.ts)

export const SURVEY_LEVELS = ["region", "circle", "division", "subdivision", "dc"] as const;
export type SurveyLevel = (typeof SURVEY_LEVELS)[number];
export const SURVEY_METRICS = ["regularSupply", "meterRead", "billOnTime", "billCorrect"] as const;
export type SurveyMetric = (typeof SURVEY_METRICS)[number];
export const SURVEY_OUTCOMES = [
  "reached",
  "no_answer",
  "busy",
  "switched_off",
  "wrong_number",
  "refused",
] as const;
export type SurveyOutcome = (typeof SURVEY_OUTCOMES)[number];
export type SurveyTargetStatus = "pending" | "link_sent" | "answered" | "refused" | "unanswered";

export interface SurveyQuestion {
  code: string;
  position: number;
  kind: "hours" | "count" | "yes_no" | "text";
  metric:
    | "supply_hours"
    | "interruptions"
    | "meter_read"
    | "bill_on_time"
    | "bill_correct"
    | "suggestion"
    | null;
  textEn: string;
  textHi: string;
  active: boolean;
  builtIn: boolean;
}

/** What a consumer said; the server's Answers. */
export interface SurveyAnswers {
  supplyHours?: number;
  interruptions?: number;
  meterRead?: boolean;
  billOnTime?: boolean;
  billCorrect?: boolean;
  suggestion?: string;
  extra?: Record<string, boolean | number | string>;
}

export interface SurveySettings {
  sampleSize: number;
  maxAttempts: number;
  retryAfterHours: number[];
  regularSupplyHours: number;
  regularMaxInterruptions: number;
  flagBelowPercent: number;
  minAnswers: number;
  /** Whether the worker builds each month's campaign on the 1st. */
  autoCampaign?: boolean;
}

export interface SurveyCampaign {
  id: number;
  month: string;
  seed: string;
  sampleSize: number;
  sampled: number;
  answered: number;
  linkSent: number;
  unanswered: number;
  status: "open" | "closed";
  createdAt: string;
  closedAt: string | null;
}

export interface SurveyTarget {
  id: number;
  month: string;
  consumerNo: string;
  name: string;
  phone: string;
  language: "hi" | "en";
  dc: { code: string; nameEn: string; nameHi: string };
  status: SurveyTargetStatus;
  attempts: number;
  nextAttemptAt: string;
  lastOutcome: string | null;
}

export interface SurveyProgress {
  due: number;
  mine: number;
  desk: number;
  month: string | null;
  sampled: number;
  answered: number;
  linkSent: number;
}

export interface SurveyAttempt {
  at: string;
  outcome: string;
  note: string | null;
  by: string | null;
}

export interface SurveyOrg {
  code: string;
  kind: string;
  nameEn: string;
  nameHi: string;
}

export interface SurveyFigures {
  sampled: number;
  answered: number;
  responseRate: number | null;
  regularSupply: number | null;
  meterRead: number | null;
  billOnTime: number | null;
  billCorrect: number | null;
  callbackSatisfaction: number | null;
  callbackAnswers: number;
  flagged: SurveyMetric[];
}

export interface SurveyScore extends SurveyFigures {
  org: SurveyOrg;
}

export interface SurveyScorecards {
  month: string;
  threshold: number;
  minAnswers: number;
  items: SurveyScore[];
}

export interface SurveyTrend {
  org: SurveyOrg;
  items: (SurveyFigures & { month: string })[];
}

export interface SurveyAction {
  id: number;
  month: string;
  org: SurveyOrg;
  metrics: { metric: SurveyMetric; value: number; threshold: number }[];
  status: "open" | "done";
  assignedTo: string | null;
  createdAt: string;
  doneAt: string | null;
  doneBy: string | null;
  actionTaken: string | null;
}

export interface SurveySuggestion {
  id: number;
  month: string;
  consumerNo: string;
  name: string;
  dc: { code: string; nameEn: string; nameHi: string };
  text: string;
  answeredAt: string | null;
  via: "call" | "link" | null;
  wantsComplaint: boolean;
  status: "new" | "acted";
  actedAt: string | null;
  actedBy: string | null;
  actedNote: string | null;
  complaintNumber: string | null;
}

/** The consumer's survey link (no sign-in). */
export interface SurveyLinkInfo {
  month: string;
  language: "hi" | "en";
  dc: { nameEn: string; nameHi: string };
  questions: SurveyQuestion[];
  expiresAt: string;
}
