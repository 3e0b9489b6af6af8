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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = [
  "consumers.read",
  "consumers.read_mobile",
  "org.read",
  "complaints.read",
  "complaints.note",
];
const OFFICER: Permission[] = [
  ...READ,
  "complaints.create",
  "complaints.work",
  "complaints.manage",
  "complaints.reopen",
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  agent: [...READ, "complaints.create", "complaints.reopen"],
  supervisor: [...READ, "complaints.create", "complaints.manage", "complaints.reopen"],
  lineman: [...READ, "complaints.create", "complaints.work"],
  je: OFFICER,
  ae: OFFICER,
  ee: OFFICER,
  se: OFFICER,
  ce: OFFICER,
  admin: [...OFFICER, "users.manage", "tokens.manage"],
  viewer: ["consumers.read", "org.read", "complaints.read"],
};

/** What an integration token may be granted; never user or token management. */
export const TOKEN_SCOPES: readonly Permission[] = [
  "consumers.read",
  "consumers.read_mobile",
  "org.read",
  "complaints.read",
  "complaints.create",
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
