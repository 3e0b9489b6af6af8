import type { OrgKind, OrgUnit } from "../../db/schema.ts";
import { keysetPages } from "../../http/exports.ts";
import { forbidden, notFound } from "../../lib/errors.ts";
import { can, type Principal } from "../access/principal.ts";
import type { OrgRepository } from "./org.repository.ts";

export interface OrgNode {
  unit: OrgUnit;
  ancestors: OrgUnit[];
  children: (OrgUnit & { child_count: number })[];
}

export class OrgService {
  constructor(private readonly org: OrgRepository) {}

  /** A unit in the principal's jurisdiction with its ancestors and children; his own unit when no code is given. */
  async node(principal: Principal, code?: string): Promise<OrgNode> {
    if (!can(principal, "org.read")) throw forbidden();
    const unit = code
      ? await this.org.findForUser(principal, code.trim().toUpperCase())
      : await this.org.findById(principal.orgUnitId);
    if (!unit) throw notFound("org unit");
    const [ancestors, children] = await Promise.all([
      this.org.ancestorsOf(unit.path),
      this.org.childrenOf(unit.id),
    ]);
    return { unit, ancestors: ancestors.filter((a) => a.id !== unit.id), children };
  }

  /**
   * The unit shown (his own when no code is given) and every unit below it,
   * a page at a time in path order (each office followed by its subtree): the
   * offices export. Permission and the unit checked now (403, 404).
   */
  async subtree(principal: Principal, code?: string) {
    if (!can(principal, "org.read")) throw forbidden();
    const unit = code
      ? await this.org.findForUser(principal, code.trim().toUpperCase())
      : await this.org.findById(principal.orgUnitId);
    if (!unit) throw notFound("org unit");
    return {
      unit,
      rows: keysetPages(
        (after: string | undefined, limit) => this.org.subtreeAfter(unit.path, after, limit),
        (u) => u.path,
      ),
    };
  }

  search(principal: Principal, q: string, kinds: OrgKind[] | undefined, limit: number): Promise<OrgUnit[]> {
    if (!can(principal, "org.read")) throw forbidden();
    return this.org.searchForUser(principal, q, kinds, limit);
  }
}
