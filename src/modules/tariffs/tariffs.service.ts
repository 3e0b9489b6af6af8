import type { Clock } from "../../lib/clock.ts";
import { badRequest, forbidden, notFound } from "../../lib/errors.ts";
import { zonedParts } from "../../lib/time.ts";
import { can, type Principal } from "../access/principal.ts";
import { checkTariff, estimate, isDay, paiseText } from "./tariffs.calc.ts";
import { CATEGORY_NAMES, SUPPLY_TYPE_NAMES } from "./tariffs.constants.ts";
import type { TariffAuthor, TariffRow, TariffsRepository } from "./tariffs.repository.ts";
import type { EstimateInput, TariffInput } from "./tariffs.schemas.ts";

export type { TariffRow } from "./tariffs.repository.ts";

/** Today's date ('YYYY-MM-DD') in the time zone. */
export function localDay(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

function authorOf(p: Principal): TariffAuthor {
  return { kind: p.kind, id: p.id, name: p.name };
}

/**
 * The tariff table: company-wide (no jurisdiction), read by every agent with
 * kb.read, written by tariffs.manage only, each change in its history.
 */
export class TariffsService {
  constructor(
    private readonly repo: TariffsRepository,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  private day(date: string | undefined, field = "date"): string {
    if (date === undefined) return localDay(this.clock(), this.timeZone);
    if (!isDay(date)) throw badRequest(`${field} is not a date`, field);
    return date;
  }

  async list(p: Principal, input: { date?: string | undefined; all?: boolean | undefined }) {
    if (!can(p, "kb.read") && !can(p, "tariffs.manage")) throw forbidden();
    const date = this.day(input.date);
    if (input.all) {
      if (!can(p, "tariffs.manage")) throw forbidden("every version is for those who manage tariffs");
      return { date, items: await this.repo.all() };
    }
    return { date, items: await this.repo.inForce(date) };
  }

  async history(p: Principal, id: number) {
    if (!can(p, "tariffs.manage")) throw forbidden();
    if (!(await this.repo.get(id))) throw notFound("tariff");
    return this.repo.history(id);
  }

  create(p: Principal, input: TariffInput): Promise<TariffRow> {
    return this.write(p, input, null);
  }

  update(p: Principal, id: number, input: TariffInput): Promise<TariffRow> {
    return this.write(p, input, id);
  }

  private async write(p: Principal, input: TariffInput, id: number | null): Promise<TariffRow> {
    if (!can(p, "tariffs.manage")) throw forbidden();
    const checked = checkTariff(input);
    const r = await this.repo.save(
      checked,
      id === null ? null : { id },
      authorOf(p),
      id === null ? "created" : "updated",
      this.clock(),
    );
    if (!r.ok) {
      if (r.reason === "not_found") throw notFound("tariff");
      const o = r.other;
      throw badRequest(
        `these dates overlap "${o.name_en}" (${o.effective_from} to ${o.effective_to ?? "open"}): one category and supply type has one tariff on a day`,
        o.effective_from <= checked.effectiveFrom ? "effectiveFrom" : "effectiveTo",
      );
    }
    const row = await this.repo.get(r.id);
    if (!row) throw notFound("tariff");
    return row;
  }

  /** A month's bill for a category, supply type, load and units, from the tariff in force on the day. */
  async estimate(p: Principal, input: EstimateInput) {
    if (!can(p, "kb.read") && !can(p, "tariffs.manage")) throw forbidden();
    if (input.date !== undefined && input.month !== undefined)
      throw badRequest("give a date or a month, not both", "month");
    const date = input.month !== undefined ? this.day(`${input.month}-01`, "month") : this.day(input.date);
    const supplyType = input.supplyType ?? "lt";
    if (!Number.isFinite(input.units) || input.units < 0)
      throw badRequest("units may not be negative", "units");
    if (!Number.isFinite(input.loadKw) || input.loadKw < 0)
      throw badRequest("loadKw may not be negative", "loadKw");
    const t = await this.repo.find(input.category, supplyType, date);
    if (!t) {
      const c = CATEGORY_NAMES[input.category];
      const s = SUPPLY_TYPE_NAMES[supplyType];
      throw badRequest(`no ${c.en} ${s.en} tariff is in force on ${date}`, "category");
    }
    const r = estimate(
      { fixedChargePaise: t.fixed_charge_paise, fixedBasis: t.fixed_basis, slabs: t.slabs, extras: t.extras },
      input.loadKw,
      input.units,
    );
    const totalText = paiseText(r.totalPaise);
    const units = Number.isInteger(input.units) ? String(input.units) : input.units.toFixed(2);
    return {
      tariff: t,
      date,
      category: input.category,
      supplyType,
      loadKw: input.loadKw,
      units: input.units,
      lines: r.lines,
      total: r.totalPaise / 100,
      totalText,
      sayEn: `For ${units} units on the ${t.name_en} tariff, the bill comes to about ${totalText}, including fixed charges and duties. The actual bill may differ slightly.`,
      sayHi: `${t.name_hi} टैरिफ पर ${units} यूनिट का बिल लगभग ${totalText} होगा, जिसमें स्थायी प्रभार और शुल्क शामिल हैं। वास्तविक बिल थोड़ा अलग हो सकता है।`,
    };
  }
}
