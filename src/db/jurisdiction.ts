import { sql } from "kysely";
import type { Principal } from "../modules/users/principal.ts";

/**
 * `column in (DCs of the principal's jurisdiction)`, or true for company-wide
 * principals. Every repository that reads DC-owned rows filters through this.
 */
export function dcInJurisdiction(column: string, principal: Principal) {
  if (principal.orgKind === "company") return sql<boolean>`true`;
  return sql<boolean>`${sql.ref(column)} in (select j.id from org_units j where j.kind = 'dc' and j.path like ${`${principal.orgPath}%`})`;
}

/** `column` (an org_units.path) lies in the principal's jurisdiction. */
export function pathInJurisdiction(column: string, principal: Principal) {
  return sql<boolean>`${sql.ref(column)} like ${`${principal.orgPath}%`}`;
}
