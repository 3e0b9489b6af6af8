import type { Language, OrgKind, Role } from "../../db/schema.ts";
import type { Permission } from "./permissions.ts";

/** Who is asking: a signed-in user or an integration token. Repositories scope every query by it. */
export interface Principal {
  kind: "user" | "token";
  id: number;
  name: string;
  login: string | null;
  role: Role | "integration";
  language: Language;
  orgUnitId: number;
  orgCode: string;
  orgKind: OrgKind;
  /** Materialised path of the jurisdiction, e.g. '/MPEZ/JBP/': the unit and all below it. */
  orgPath: string;
  permissions: ReadonlySet<Permission>;
}

export function can(principal: Principal, permission: Permission): boolean {
  return principal.permissions.has(permission);
}

/** True when the principal's jurisdiction is the whole company (no scoping filter needed). */
export function seesEverything(principal: Principal): boolean {
  return principal.orgKind === "company";
}
