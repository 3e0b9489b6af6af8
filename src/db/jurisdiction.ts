import { sql } from "kysely";
import type { OrgKind } from "./schema.ts";

/**
 * The part of a principal (modules/users) that scopes a query: the db layer
 * needs no more of who asks, and so imports nothing from the modules above it.
 */
export interface Jurisdiction {
  orgKind: OrgKind;
  /** Materialised path of the jurisdiction, e.g. '/MPEZ/JBP/'. */
  orgPath: string;
}

/**
 * `column in (DCs of the principal's jurisdiction)`, or true for company-wide
 * principals. Every repository that reads DC-owned rows filters through this.
 */
export function dcInJurisdiction(column: string, principal: Jurisdiction) {
  if (principal.orgKind === "company") return sql<boolean>`true`;
  return sql<boolean>`${sql.ref(column)} in (select j.id from org_units j where j.kind = 'dc' and j.path like ${`${principal.orgPath}%`})`;
}

/** `column` (an org_units.path) lies in the principal's jurisdiction. */
export function pathInJurisdiction(column: string, principal: Jurisdiction) {
  return sql<boolean>`${sql.ref(column)} like ${`${principal.orgPath}%`}`;
}
