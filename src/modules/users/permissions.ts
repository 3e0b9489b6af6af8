import type { OrgKind, Role } from "../../db/schema.ts";

export const PERMISSIONS = [
  "consumers.read",
  /** See consumers' full mobile numbers (others see them masked). */
  "consumers.read_mobile",
  "org.read",
  "users.manage",
  "tokens.manage",
  "complaints.read",
  /** Register complaints. */
  "complaints.create",
  /** Field work on a complaint: accept, attend (on site), wait for the consumer, resolve. */
  "complaints.work",
  /** Assign, close, mark invalid or duplicate, change category. */
  "complaints.manage",
  /** Reopen a resolved complaint (the consumer says it is not fixed). */
  "complaints.reopen",
  "complaints.note",
  /** See outages, the wallboard and reliability indices. */
  "outages.read",
  /** Open, confirm, dismiss, set the ETR of and restore outages; schedule shutdowns. */
  "outages.manage",
  /** Acknowledge a red alert on the wallboard. */
  "outages.acknowledge",
  /** Send SCADA and smart-meter events over HTTP (integration tokens). */
  "events.ingest",
  /** Add or change a consumer's mobile number (verified by an OTP SMS). */
  "consumers.mobiles",
  /** See the SMS outbox and the verified-mobile drive's figures. */
  "sms.read",
  /** Read the SMS consumers send to the DISCOM's number (the inbound list under SMS). */
  "sms.inbound",
  /** Edit SMS templates and their DLT registration. */
  "sms.manage",
  /** Send a consumer his bill's SMS (with the payment link) again. */
  "bills.resend",
  /** Work the feedback desk: call consumers back after resolution and record what they say. */
  "callbacks.work",
  /** See and close the grievances consumers raised (money asked, staff behaviour). */
  "grievances.manage",
  /** Work the monthly survey's calls. */
  "survey.work",
  /** See the survey's scorecards, trend, suggestions and action items. */
  "survey.read",
  /** Record what was done on a flagged area or a suggestion; register a complaint from an answer. */
  "survey.act",
  /** Reword the survey's questions, change its settings, build a month's campaign by hand. */
  "survey.manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = [
  "consumers.read",
  "consumers.read_mobile",
  "org.read",
  "complaints.read",
  "complaints.note",
  "outages.read",
];
const OFFICER: Permission[] = [
  ...READ,
  "bills.resend",
  "consumers.mobiles",
  "sms.read",
  "sms.inbound",
  "callbacks.work",
  "grievances.manage",
  "survey.work",
  "survey.read",
  "survey.act",
  "complaints.create",
  "complaints.work",
  "complaints.manage",
  "complaints.reopen",
  "outages.manage",
  "outages.acknowledge",
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  agent: [
    ...READ,
    "complaints.create",
    "complaints.reopen",
    "consumers.mobiles",
    "bills.resend",
    "callbacks.work",
    "survey.work",
    "sms.inbound",
  ],
  supervisor: [
    ...READ,
    "complaints.create",
    "complaints.manage",
    "complaints.reopen",
    "outages.acknowledge",
    "consumers.mobiles",
    "sms.read",
    "sms.inbound",
    "bills.resend",
    "callbacks.work",
    "survey.work",
    "survey.read",
  ],
  lineman: [...READ, "complaints.create", "complaints.work"],
  je: OFFICER,
  ae: OFFICER,
  ee: OFFICER,
  se: OFFICER,
  ce: OFFICER,
  admin: [...OFFICER, "users.manage", "tokens.manage", "sms.manage", "survey.manage"],
  viewer: ["consumers.read", "org.read", "complaints.read", "outages.read", "survey.read"],
};

/** What an integration token may be granted; never user or token management. */
export const TOKEN_SCOPES: readonly Permission[] = [
  "consumers.read",
  "consumers.read_mobile",
  "org.read",
  "complaints.read",
  "complaints.create",
  "outages.read",
  "events.ingest",
];

/**
 * The org level each field role serves at. A JE is in charge of a DC, an AE of a
 * sub-division and so on up the officer ladder; call-centre and admin roles may
 * sit at any level.
 */
export const ROLE_ORG_KIND: Partial<Record<Role, OrgKind>> = {
  lineman: "dc",
  je: "dc",
  ae: "subdivision",
  ee: "division",
  se: "circle",
  ce: "region",
};

export function roleFitsOrgKind(role: Role, kind: OrgKind): boolean {
  const required = ROLE_ORG_KIND[role];
  return required === undefined || required === kind;
}
