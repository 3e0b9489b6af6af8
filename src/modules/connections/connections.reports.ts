import type { ApplicationStatus } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { badRequest, forbidden } from "../../lib/errors.ts";
import { addMonths, monthOf, startOfMonth } from "../../lib/time.ts";
import { can, type Principal } from "../access/principal.ts";
import type { ConnectionReport } from "./connections.schemas.ts";
import type { ConnectionsReportsRepository, ReportOffice } from "./connections-reports.repository.ts";

const PENDING: readonly ApplicationStatus[] = [
  "applied",
  "documents_complete",
  "site_inspected",
  "demand_note_issued",
  "charges_paid",
  "meter_installed",
];

interface Counts {
  pending: Record<string, number>;
  pendingTotal: number;
  beyondSop: number;
  releasedThisMonth: number;
  compensationRs: number;
}

function empty(): Counts {
  return {
    pending: Object.fromEntries(PENDING.map((s) => [s, 0])),
    pendingTotal: 0,
    beyondSop: 0,
    releasedThisMonth: 0,
    compensationRs: 0,
  };
}

const named = (o: ReportOffice) => ({ code: o.code, nameEn: o.name_en, nameHi: o.name_hi });

/**
 * New connections per office: pending by stage, beyond the SoP release limit,
 * released in the month, and the compensation (run up by the pending ones
 * beyond their limit, and due on those released in the month). One row per
 * office directly below the viewer's (or the chosen office); a DC is one row.
 */
export class ConnectionsReports {
  constructor(
    private readonly repo: ConnectionsReportsRepository,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  async report(
    p: Principal,
    q: { dc?: string | undefined; month?: string | undefined },
  ): Promise<ConnectionReport> {
    if (!can(p, "connections.read")) throw forbidden();
    const now = this.clock();
    const month = q.month ?? monthOf(now, this.timeZone);
    const root = q.dc ? await this.repo.office(q.dc, p) : await this.repo.officeById(p.orgUnitId);
    if (!root) throw badRequest(`no office ${q.dc ?? ""} in your jurisdiction`, "dc");
    const offices = root.kind === "dc" ? [root] : await this.repo.children(root.id);
    const [dcs, pending, released] = await Promise.all([
      this.repo.dcsUnder(root.path),
      this.repo.pendingByDc(root.path, p, now),
      this.repo.releasedByDc(
        root.path,
        p,
        startOfMonth(month, this.timeZone),
        startOfMonth(addMonths(month, 1), this.timeZone),
      ),
    ]);
    // Each DC to the office shown above it.
    const officeOf = new Map<number, number>();
    for (const d of dcs) {
      const o = offices.find((x) => d.path.startsWith(x.path));
      if (o) officeOf.set(d.id, o.id);
    }
    const rows = new Map<number, Counts>(offices.map((o) => [o.id, empty()]));
    const totals = empty();
    for (const r of pending) {
      const c = rows.get(officeOf.get(r.dc_id) ?? -1);
      for (const t of c ? [c, totals] : [totals]) {
        t.pending[r.status] = (t.pending[r.status] ?? 0) + r.n;
        t.pendingTotal += r.n;
        t.beyondSop += r.late;
        t.compensationRs += r.compensation;
      }
    }
    for (const r of released) {
      const c = rows.get(officeOf.get(r.dc_id) ?? -1);
      for (const t of c ? [c, totals] : [totals]) {
        t.releasedThisMonth += r.n;
        t.compensationRs += r.compensation;
      }
    }
    return {
      month,
      rows: offices.map((o) => ({ office: named(o), ...(rows.get(o.id) as Counts) })),
      totals,
    };
  }
}
