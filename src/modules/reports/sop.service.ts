import type { Clock } from "../../lib/clock.ts";
import { badRequest, forbidden, notFound } from "../../lib/errors.ts";
import { htmlToPdf } from "../../lib/pdf.ts";
import { addMonths, monthOf, startOfMonth } from "../../lib/time.ts";
import { can, type Principal } from "../access/principal.ts";
import type { ReliabilityLevel } from "../outages/outages.constants.ts";
import type { ReliabilityService } from "../outages/reliability.service.ts";
import {
  addTotals,
  type InterruptionTotals,
  indicesFromTotals,
  NO_INTERRUPTIONS,
} from "../outages/reliability.ts";
import type { RollupRow, RollupsRepository } from "./rollups.repository.ts";
import { renderSopHtml } from "./sop.html.ts";
import type { SopRepository, SopRowRecord, SopUnit } from "./sop.repository.ts";
import { SOP_AREAS, type SopArea, type SopCell, type SopReport, type SopReportLine } from "./sop.types.ts";

// The regulator's Standards of Performance compliance report (issue 16).
//
// Definitions, for a period P = [first day, last day] (a month or a quarter, in
// the DISCOM's time zone), per row and area type:
// - complaint rows, read from the monthly rollups (never the complaints table):
//   received        complaints registered in P (of the row's categories);
//   invalid/dup.    of those, the ones whose status now is invalid or duplicate;
//   within / beyond complaints resolved in P (by resolution day), beyond when
//                   the complaint had breached its limit when resolved; a
//                   reopened complaint counts once, by its latest resolution;
//   pending (end)   everything registered up to P's last day, minus everything
//                   resolved up to then, minus every invalid or duplicate one
//                   registered up to then (cumulative over the monthly rollup);
//   pending (start) the same up to the day before P;
//   so pending(end) = pending(start) + received − within − beyond − invalid/dup.
// - the connections row, read from the applications: received when the
//   documents are complete in P (the SoP clock starts then), within or beyond
//   by release against release_due_at, rejected ones leave the pending count;
// - % compliance = within / (within + beyond), none when nothing was redressed;
// - compensation due and paid: register entries breached in P (waived ones owe
//   nothing), paid = what billing has credited so far.
// The same text is printed under the report (sop.html.ts, the web page).

export type { SopArea, SopCell, SopReliabilityRow, SopReport, SopReportLine } from "./sop.types.ts";
export { SOP_AREAS } from "./sop.types.ts";

export interface SopQuery {
  period?: string | undefined;
  unit?: string | undefined;
  lang?: "hi" | "en" | undefined;
}

const PERIOD = /^(\d{4})-(?:Q([1-4])|(0[1-9]|1[0-2]))$/;

/** "2026-Q3" or "2026-09" → its months; a bad period is a 400 naming `period`. */
export function parsePeriod(code: string): SopReport["period"] {
  const m = PERIOD.exec(code);
  if (!m) throw badRequest("a period looks like 2026-Q3 (a quarter) or 2026-09 (a month)", "period");
  const year = m[1] as string;
  const first = m[2] ? `${year}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, "0")}` : `${year}-${m[3]}`;
  const n = m[2] ? 3 : 1;
  const months = Array.from({ length: n }, (_, i) => addMonths(first, i));
  const last = months[months.length - 1] as string;
  const next = addMonths(last, 1);
  const lastDay = new Date(Date.UTC(Number(next.slice(0, 4)), Number(next.slice(5, 7)) - 1, 0));
  return {
    code,
    kind: m[2] ? "quarter" : "month",
    firstDay: `${first}-01`,
    lastDay: lastDay.toISOString().slice(0, 10),
    months,
  };
}

function emptyCell(): SopCell {
  return {
    pendingStart: 0,
    received: 0,
    rejected: 0,
    within: 0,
    beyond: 0,
    pendingEnd: 0,
    compliancePct: null,
    compensationDueRs: 0,
    compensationPaidRs: 0,
  };
}

function addCell(a: SopCell, b: SopCell): void {
  a.pendingStart += b.pendingStart;
  a.received += b.received;
  a.rejected += b.rejected;
  a.within += b.within;
  a.beyond += b.beyond;
  a.pendingEnd += b.pendingEnd;
  a.compensationDueRs += b.compensationDueRs;
  a.compensationPaidRs += b.compensationPaidRs;
}

function finish(c: SopCell): SopCell {
  const done = c.within + c.beyond;
  c.compliancePct = done > 0 ? Math.round((1000 * c.within) / done) / 10 : null;
  return c;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

const levelFor = (kind: string): ReliabilityLevel =>
  kind === "dc" || kind === "subdivision" || kind === "division" ? kind : "circle";

/** The SoP compliance report and its row configuration. */
export class SopService {
  constructor(
    private readonly repo: SopRepository,
    private readonly rollups: RollupsRepository,
    private readonly reliability: ReliabilityService,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  /** The previous whole quarter: what a regulator's report is usually asked for. */
  defaultPeriod(): string {
    const month = monthOf(this.clock(), this.timeZone);
    const q = Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1;
    const year = Number(month.slice(0, 4));
    return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
  }

  private async unitFor(p: Principal, code: string | undefined): Promise<SopUnit> {
    const unit = code
      ? await this.repo.unitByCode(code.trim().toUpperCase(), p)
      : await this.repo.unitById(p.orgUnitId);
    if (!unit) throw notFound(`office ${code ?? ""}`.trim());
    return unit;
  }

  async report(p: Principal, q: SopQuery): Promise<SopReport> {
    if (!can(p, "reports.regulator")) throw forbidden();
    const period = parsePeriod(q.period ?? this.defaultPeriod());
    const unit = await this.unitFor(p, q.unit);
    const first = period.months[0] as string;
    const last = period.months[period.months.length - 1] as string;
    const from = startOfMonth(first, this.timeZone);
    const to = startOfMonth(addMonths(last, 1), this.timeZone);
    // A DC reads the DC rollups; any office above one reads its own per-unit rollup (a few rows a month).
    const scope = unit.kind === "dc" ? { dcIds: [unit.id] } : { unitIds: [unit.id] };
    const rows = (await this.repo.rows()).filter((r) => r.active);
    const categories = [...new Set(rows.flatMap((r) => r.category_codes))];
    const base = {
      grain: "month" as const,
      ...scope,
      categories,
      groupBy: ["category_code", "area_type"] as const,
    };
    const [before, within, connections, compensation, discom, reliability] = await Promise.all([
      categories.length
        ? this.rollups.counts(
            { ...base, from: "1900-01-01", to: `${addMonths(first, -1)}-01` },
            this.timeZone,
          )
        : Promise.resolve([]),
      categories.length
        ? this.rollups.counts({ ...base, from: `${first}-01`, to: `${last}-01` }, this.timeZone)
        : Promise.resolve([]),
      this.repo.connections(unit.path, from, to),
      this.repo.compensation(unit.path, from, to),
      this.repo.company(),
      this.reliabilityFor(p, unit, period.months),
    ]);

    const lines: SopReportLine[] = rows.map((r) => this.line(r, before, within, connections, compensation));
    const total = Object.fromEntries(SOP_AREAS.map((a) => [a, emptyCell()])) as Record<SopArea, SopCell>;
    for (const l of lines) for (const a of SOP_AREAS) addCell(total[a], l.cells[a]);
    for (const a of SOP_AREAS) finish(total[a]);
    return {
      period,
      unit: { code: unit.code, kind: unit.kind, nameEn: unit.name_en, nameHi: unit.name_hi },
      discom: {
        code: discom?.code ?? "",
        nameEn: discom?.name_en ?? "",
        nameHi: discom?.name_hi ?? "",
      },
      generatedAt: this.clock().toISOString(),
      timeZone: this.timeZone,
      language: q.lang ?? p.language,
      rows: lines,
      total,
      reliability,
    };
  }

  private line(
    r: SopRowRecord,
    before: RollupRow[],
    within: RollupRow[],
    connections: Awaited<ReturnType<SopRepository["connections"]>>,
    compensation: Awaited<ReturnType<SopRepository["compensation"]>>,
  ): SopReportLine {
    const cells = Object.fromEntries(SOP_AREAS.map((a) => [a, emptyCell()])) as Record<SopArea, SopCell>;
    for (const area of ["urban", "rural"] as const) {
      const c = cells[area];
      if (r.source === "complaints") {
        const mine = (x: RollupRow) =>
          x.area_type === area && r.category_codes.includes(x.category_code ?? "");
        for (const b of before.filter(mine))
          c.pendingStart += b.received - b.resolved - b.st_invalid - b.st_duplicate;
        for (const w of within.filter(mine)) {
          c.received += w.received;
          c.rejected += w.st_invalid + w.st_duplicate;
          c.within += w.resolved - w.resolved_late;
          c.beyond += w.resolved_late;
        }
        c.pendingEnd = c.pendingStart + c.received - c.within - c.beyond - c.rejected;
        for (const e of compensation)
          if (
            e.source === "complaint" &&
            e.area_type === area &&
            r.category_codes.includes(e.category_code)
          ) {
            c.compensationDueRs += e.due;
            c.compensationPaidRs += e.paid;
          }
      } else {
        const n = connections.find((x) => x.area_type === area);
        if (n) {
          c.pendingStart = n.pending_start;
          c.received = n.received;
          c.rejected = n.rejected;
          c.within = n.within;
          c.beyond = n.beyond;
          c.pendingEnd = n.pending_end;
        }
        for (const e of compensation)
          if (e.source === "connection" && e.area_type === area) {
            c.compensationDueRs += e.due;
            c.compensationPaidRs += e.paid;
          }
      }
      addCell(cells.total, finish(c));
    }
    finish(cells.total);
    return {
      code: r.code,
      labelEn: r.label_en,
      labelHi: r.label_hi,
      standardEn: r.standard_en,
      standardHi: r.standard_hi,
      source: r.source,
      cells,
    };
  }

  /**
   * The reliability indices of the period: per circle for a company, region or
   * circle report (for a smaller office, that office). SAIFI, SAIDI and MAIFI
   * of a quarter are the sums of its months' (interruptions are summed over
   * the same customers served), CAIDI = SAIDI / SAIFI.
   */
  private async reliabilityFor(
    p: Principal,
    unit: SopUnit,
    months: string[],
  ): Promise<SopReport["reliability"]> {
    const level = levelFor(unit.kind);
    // The report's reader sees the unit's reliability even without outages.read: it is part of the report.
    const scoped: Principal = {
      ...p,
      orgUnitId: unit.id,
      orgKind: unit.kind,
      orgPath: unit.path,
      permissions: new Set([...p.permissions, "outages.read"]),
    };
    const tables = await Promise.all(months.map((month) => this.reliability.table(scoped, { level, month })));
    const byCode = new Map<
      string,
      { nameEn: string; nameHi: string; served: number; totals: InterruptionTotals }
    >();
    for (const t of tables)
      for (const r of t.rows) {
        const prev = byCode.get(r.unit.code);
        byCode.set(r.unit.code, {
          nameEn: r.unit.name_en,
          nameHi: r.unit.name_hi,
          served: r.customersServed,
          totals: addTotals(prev?.totals ?? NO_INTERRUPTIONS, r),
        });
      }
    const present = (i: ReturnType<typeof indicesFromTotals>) => ({
      customersServed: i.customersServed,
      saifi: round(i.saifi),
      saidi: round(i.saidi, 1),
      caidi: round(i.caidi, 1),
      maifi: round(i.maifi),
    });
    const rows = [...byCode.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, u]) => ({
        code,
        nameEn: u.nameEn,
        nameHi: u.nameHi,
        ...present(indicesFromTotals(u.totals, u.served)),
      }));
    const served = [...byCode.values()].reduce((n, u) => n + u.served, 0);
    const sum = [...byCode.values()].reduce<InterruptionTotals>(
      (a, u) => addTotals(a, u.totals),
      NO_INTERRUPTIONS,
    );
    return {
      level,
      momentaryMinutes: tables[0]?.momentaryMinutes ?? 3,
      rows,
      total: present(indicesFromTotals(sum, served)),
    };
  }

  /** The report as a PDF (landscape A4, both languages' labels): the route and the scheduled reports. */
  async pdf(p: Principal, q: SopQuery): Promise<{ report: SopReport; pdf: Buffer }> {
    const report = await this.report(p, q);
    return { report, pdf: await sopPdf(report) };
  }

  // ---- row configuration ----

  async rows(p: Principal) {
    if (!can(p, "reports.configure") && !can(p, "reports.regulator")) throw forbidden();
    const [rows, categories, changes] = await Promise.all([
      this.repo.rows(),
      this.repo.categoryCodes(),
      can(p, "reports.configure") ? this.repo.lastChanges(10) : Promise.resolve([]),
    ]);
    return { rows, categories: categories.sort(), changes };
  }

  async saveRows(p: Principal, input: SopRowInput[]) {
    if (!can(p, "reports.configure")) throw forbidden();
    const known = new Set(await this.repo.categoryCodes());
    const seen = new Set<string>();
    const rows = input.map((r, i) => {
      const at = `rows.${i}`;
      const code = r.code.trim();
      if (!/^[a-z][a-z0-9_]{1,31}$/.test(code))
        throw badRequest(
          "a code is 2 to 32 lowercase letters, digits or _ and starts with a letter",
          `${at}.code`,
        );
      if (seen.has(code)) throw badRequest(`the code ${code} is used twice`, `${at}.code`);
      seen.add(code);
      const labelEn = r.labelEn.trim();
      const labelHi = r.labelHi.trim();
      if (!labelEn) throw badRequest("the English label may not be empty", `${at}.labelEn`);
      if (!labelHi) throw badRequest("the Hindi label may not be empty", `${at}.labelHi`);
      const categoryCodes = [...new Set(r.categoryCodes.map((c) => c.trim()).filter(Boolean))];
      if (r.source === "complaints") {
        if (!categoryCodes.length)
          throw badRequest("a complaints row counts at least one category", `${at}.categoryCodes`);
        const unknown = categoryCodes.find((c) => !known.has(c));
        if (unknown) throw badRequest(`no complaint category ${unknown}`, `${at}.categoryCodes`);
      } else if (categoryCodes.length)
        throw badRequest("the connections row counts applications, not categories", `${at}.categoryCodes`);
      return {
        code,
        position: i + 1,
        label_en: labelEn,
        label_hi: labelHi,
        source: r.source,
        category_codes: r.source === "complaints" ? categoryCodes : [],
        standard_en: (r.standardEn ?? "").trim(),
        standard_hi: (r.standardHi ?? "").trim(),
        active: r.active ?? true,
      };
    });
    await this.repo.replaceRows(rows, { id: p.kind === "user" ? p.id : null, name: p.name }, this.clock());
    return this.rows(p);
  }
}

export interface SopRowInput {
  code: string;
  labelEn: string;
  labelHi: string;
  source: "complaints" | "connections";
  categoryCodes: string[];
  standardEn?: string | undefined;
  standardHi?: string | undefined;
  active?: boolean | undefined;
}

/** Renders a report to a landscape PDF through Chromium. */
export function sopPdf(report: SopReport): Promise<Buffer> {
  return htmlToPdf(renderSopHtml(report, report.language), { landscape: true });
}
