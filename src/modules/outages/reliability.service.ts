import type { Clock } from "../../lib/clock.ts";
import { badRequest, forbidden } from "../../lib/errors.ts";
import { addMonths, monthOf, startOfMonth } from "../../lib/time.ts";
import { can, type Principal } from "../access/principal.ts";
import type { ReliabilityLevel, ReliabilityRepository, ReliabilityUnit } from "./reliability.repository.ts";
import {
  addTotals,
  type InterruptionTotals,
  indicesFromTotals,
  NO_INTERRUPTIONS,
  type ReliabilityIndices,
} from "./reliability.ts";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Reliability indices per area and month. Customers served are today's
 * active consumers of each area (the register keeps no history of them); an
 * interruption counts in the month it began.
 */
export class ReliabilityService {
  constructor(
    private readonly repo: ReliabilityRepository,
    private readonly momentaryMinutes: () => Promise<number>,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  private unitsCache = new Map<string, { at: number; value: (ReliabilityUnit & { customers: number })[] }>();

  /** Areas and their customers: counting a million consumers is kept ten minutes. */
  private async units(principal: Principal, level: ReliabilityLevel) {
    const key = `${level}|${principal.orgPath}`;
    const hit = this.unitsCache.get(key);
    if (hit && Date.now() - hit.at < 600_000) return hit.value;
    const value = await this.repo.units(principal, level);
    this.unitsCache.set(key, { at: Date.now(), value });
    return value;
  }

  private month(value: string | undefined, field: string): string {
    const m = value ?? monthOf(this.clock(), this.timeZone);
    if (!MONTH.test(m)) throw badRequest("a month looks like 2026-11", field);
    return m;
  }

  /** Every area at a level for one month, worst SAIDI first, and the whole jurisdiction's figures. */
  async table(
    principal: Principal,
    q: { level: ReliabilityLevel; month?: string | undefined; includePlanned?: boolean | undefined },
  ) {
    if (!can(principal, "outages.read")) throw forbidden();
    const month = this.month(q.month, "month");
    const momentaryMinutes = await this.momentaryMinutes();
    const [units, totals] = await Promise.all([
      this.units(principal, q.level),
      this.repo.totals(principal, q.level, {
        from: startOfMonth(month, this.timeZone),
        to: startOfMonth(addMonths(month, 1), this.timeZone),
        includePlanned: q.includePlanned ?? false,
        momentaryMinutes,
        timeZone: this.timeZone,
      }),
    ]);
    const byUnit = new Map(totals.map((t) => [t.unitId, t]));
    const rows = units
      .map((u) => ({ unit: u, ...indicesFromTotals(byUnit.get(u.id) ?? NO_INTERRUPTIONS, u.customers) }))
      .sort((a, b) => b.saidi - a.saidi || b.saifi - a.saifi || a.unit.code.localeCompare(b.unit.code));
    const sum = totals.reduce<InterruptionTotals>((acc, t) => addTotals(acc, t), NO_INTERRUPTIONS);
    const served = units.reduce((n, u) => n + u.customers, 0);
    return { month, level: q.level, momentaryMinutes, rows, total: indicesFromTotals(sum, served) };
  }

  /** Month by month for the last n months: one area (by code) or the whole jurisdiction. */
  async trend(
    principal: Principal,
    q: {
      level: ReliabilityLevel;
      unitCode?: string | undefined;
      months?: number | undefined;
      includePlanned?: boolean | undefined;
    },
  ): Promise<{
    unit: ReliabilityUnit | null;
    momentaryMinutes: number;
    points: ({ month: string } & ReliabilityIndices)[];
  }> {
    if (!can(principal, "outages.read")) throw forbidden();
    const months = Math.min(Math.max(q.months ?? 12, 1), 36);
    const last = monthOf(this.clock(), this.timeZone);
    const first = addMonths(last, -(months - 1));
    const momentaryMinutes = await this.momentaryMinutes();
    const units = await this.units(principal, q.level);
    let unit: (ReliabilityUnit & { customers: number }) | undefined;
    if (q.unitCode) {
      unit = units.find((u) => u.code === q.unitCode?.trim().toUpperCase());
      if (!unit) throw badRequest(`no ${q.level} ${q.unitCode} in your jurisdiction`, "unit");
    }
    const totals = await this.repo.totals(principal, q.level, {
      from: startOfMonth(first, this.timeZone),
      to: startOfMonth(addMonths(last, 1), this.timeZone),
      includePlanned: q.includePlanned ?? false,
      momentaryMinutes,
      timeZone: this.timeZone,
      ...(unit ? { unitId: unit.id } : {}),
    });
    const served = unit ? unit.customers : units.reduce((n, u) => n + u.customers, 0);
    const points = Array.from({ length: months }, (_, i) => {
      const month = addMonths(first, i);
      const sum = totals
        .filter((t) => t.month === month)
        .reduce<InterruptionTotals>((acc, t) => addTotals(acc, t), NO_INTERRUPTIONS);
      return { month, ...indicesFromTotals(sum, served) };
    });
    return {
      unit: unit ? { id: unit.id, code: unit.code, name_en: unit.name_en, name_hi: unit.name_hi } : null,
      momentaryMinutes,
      points,
    };
  }
}
