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

/**
 * A company-wide integration acting for consumers ("SMS 1912", "WhatsApp
 * 1912", the consumer portal): it reaches the services with the permissions
 * given, and the channel itself decides what the person may see. Built once
 * the company is known, then cached.
 */
export function companyIntegration(
  name: string,
  permissions: Permission[],
  company: () => Promise<{ id: number; code: string; path: string } | undefined>,
): () => Promise<Principal> {
  let cached: Principal | undefined;
  return async () => {
    if (cached) return cached;
    const c = await company();
    if (!c) throw new Error("no company in the org hierarchy: import it first");
    cached = {
      kind: "token",
      id: 0,
      name,
      login: null,
      role: "integration",
      language: "hi",
      orgUnitId: c.id,
      orgCode: c.code,
      orgKind: "company",
      orgPath: c.path,
      permissions: new Set(permissions),
    };
    return cached;
  };
}
