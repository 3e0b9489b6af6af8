import type { OrgKind, Role } from "../../db/schema.ts";

export const PERMISSIONS = [
  "consumers.read",
  /** See consumers' full mobile numbers (others see them masked). */
  "consumers.read_mobile",
  "org.read",
  "users.manage",
  "tokens.manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const FIELD: Permission[] = ["consumers.read", "consumers.read_mobile", "org.read"];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  agent: FIELD,
  supervisor: FIELD,
  lineman: FIELD,
  je: FIELD,
  ae: FIELD,
  ee: FIELD,
  se: FIELD,
  ce: FIELD,
  admin: [...FIELD, "users.manage", "tokens.manage"],
  viewer: ["consumers.read", "org.read"],
};

/** What an integration token may be granted; never user or token management. */
export const TOKEN_SCOPES: readonly Permission[] = ["consumers.read", "consumers.read_mobile", "org.read"];

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
