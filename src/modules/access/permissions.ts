import type { OrgKind, Role } from "../../db/schema.ts";

import { PERMISSIONS, type Permission, TOKEN_SCOPES } from "./access.constants.ts";

export { PERMISSIONS, type Permission, TOKEN_SCOPES };

const READ: Permission[] = [
  "consumers.read",
  "consumers.read_mobile",
  "org.read",
  "complaints.read",
  "complaints.note",
  "outages.read",
  "connections.read",
  "kb.read",
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
  "connections.create",
  "connections.manage",
  "kb.send",
  "reports.read",
  "reports.regulator",
  "compensation.read",
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
    "inbox.work",
    "connections.create",
    "kb.send",
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
    "inbox.work",
    "inbox.manage",
    "connections.create",
    "kb.send",
    "kb.edit",
    "kb.publish",
    "reports.read",
  ],
  lineman: [...READ, "complaints.create", "complaints.work"],
  je: OFFICER,
  ae: OFFICER,
  ee: OFFICER,
  se: OFFICER,
  ce: OFFICER,
  admin: [
    ...OFFICER,
    "users.manage",
    "tokens.manage",
    "sms.manage",
    "survey.manage",
    "inbox.work",
    "inbox.manage",
    "kb.edit",
    "kb.publish",
    "tariffs.manage",
    "reports.configure",
    "compensation.manage",
  ],
  viewer: [
    "consumers.read",
    "org.read",
    "complaints.read",
    "outages.read",
    "survey.read",
    "connections.read",
    "kb.read",
    "reports.read",
  ],
};

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
