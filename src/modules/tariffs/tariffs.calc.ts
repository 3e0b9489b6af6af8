// The tariff arithmetic, pure: checking a tariff an admin wrote and estimating a bill from it.
// Everything is integer paise and basis points, so no float rounding creeps into a total.

import type { FixedBasis, TariffExtra, TariffSlab } from "../../db/schema.ts";
import { badRequest } from "../../lib/errors.ts";
import { rupees } from "../billing/billing.format.ts";
import type { EstimateLine, TariffExtraDto, TariffInput, TariffSlabDto } from "./tariffs.schemas.ts";

/** A tariff version as the arithmetic needs it. */
export interface TariffTerms {
  fixedChargePaise: number;
  fixedBasis: FixedBasis;
  slabs: TariffSlab[];
  extras: TariffExtra[];
}

/** A checked tariff, in paise and basis points, ready to store. */
export interface CheckedTariff extends TariffTerms {
  category: TariffInput["category"];
  supplyType: TariffInput["supplyType"];
  effectiveFrom: string;
  effectiveTo: string | null;
  nameEn: string;
  nameHi: string;
}

const MAX_PAISE = 100_000_000; // ₹10 lakh: no rate or fixed charge comes near it

/** Rupees with at most two decimals → paise; throws 400 naming the field otherwise. */
export function toPaise(value: number, field: string): number {
  if (!Number.isFinite(value)) throw badRequest(`${field} must be a number`, field);
  if (value < 0) throw badRequest(`${field} may not be negative`, field);
  const paise = Math.round(value * 100);
  if (Math.abs(paise - value * 100) > 1e-6) throw badRequest(`${field} has more than two decimals`, field);
  if (paise > MAX_PAISE) throw badRequest(`${field} is too large`, field);
  return paise;
}

/** Percent with at most two decimals → basis points (0-100%). */
export function toBasisPoints(value: number, field: string): number {
  if (!Number.isFinite(value)) throw badRequest(`${field} must be a number`, field);
  if (value < 0) throw badRequest(`${field} may not be negative`, field);
  if (value > 100) throw badRequest(`${field} may not be over 100`, field);
  const bp = Math.round(value * 100);
  if (Math.abs(bp - value * 100) > 1e-6) throw badRequest(`${field} has more than two decimals`, field);
  return bp;
}

export function isDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 2000 || y > 2100 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/**
 * Checks what an admin wrote: dates, non-negative money, slabs from 0 upward,
 * each starting where the one before ended and only the last open-ended.
 * Throws a 400 naming the first wrong field ("slabs.1.fromUnits").
 */
export function checkTariff(input: TariffInput): CheckedTariff {
  if (!isDay(input.effectiveFrom)) throw badRequest("effectiveFrom is not a date", "effectiveFrom");
  if (input.effectiveTo !== null) {
    if (!isDay(input.effectiveTo)) throw badRequest("effectiveTo is not a date", "effectiveTo");
    if (input.effectiveTo < input.effectiveFrom)
      throw badRequest("effectiveTo is before effectiveFrom", "effectiveTo");
  }
  const nameEn = input.nameEn.trim();
  const nameHi = input.nameHi.trim();
  if (!nameEn) throw badRequest("nameEn is empty", "nameEn");
  if (!nameHi) throw badRequest("nameHi is empty", "nameHi");
  const fixedChargePaise = toPaise(input.fixedCharge, "fixedCharge");
  const slabs = checkSlabs(input.slabs);
  const extras = input.extras.map((e, i) => checkExtra(e, i));
  return {
    category: input.category,
    supplyType: input.supplyType,
    effectiveFrom: input.effectiveFrom,
    effectiveTo: input.effectiveTo,
    nameEn,
    nameHi,
    fixedChargePaise,
    fixedBasis: input.fixedBasis,
    slabs,
    extras,
  };
}

function checkSlabs(slabs: TariffSlabDto[]): TariffSlab[] {
  if (slabs.length === 0) throw badRequest("a tariff needs at least one slab", "slabs");
  return slabs.map((s, i) => {
    const at = `slabs.${i}`;
    const previous = slabs[i - 1];
    const expectedFrom = previous ? previous.toUnits : 0;
    if (!Number.isInteger(s.fromUnits) || s.fromUnits < 0)
      throw badRequest(`${at}.fromUnits must be a whole number of units, 0 or more`, `${at}.fromUnits`);
    if (s.fromUnits !== expectedFrom)
      throw badRequest(
        i === 0
          ? `${at}.fromUnits must be 0: the first slab starts at no units`
          : `${at}.fromUnits must be ${expectedFrom}: slabs must follow on without gaps or overlaps`,
        `${at}.fromUnits`,
      );
    const last = i === slabs.length - 1;
    if (last && s.toUnits !== null)
      throw badRequest(`${at}.toUnits must be empty: the last slab is open-ended`, `${at}.toUnits`);
    if (!last && s.toUnits === null)
      throw badRequest(`${at}.toUnits is needed: only the last slab is open-ended`, `${at}.toUnits`);
    if (s.toUnits !== null && (!Number.isInteger(s.toUnits) || s.toUnits <= s.fromUnits))
      throw badRequest(`${at}.toUnits must be a whole number above fromUnits`, `${at}.toUnits`);
    return { from: s.fromUnits, to: s.toUnits, ratePaise: toPaise(s.rate, `${at}.rate`) };
  });
}

function checkExtra(e: TariffExtraDto, i: number): TariffExtra {
  const at = `extras.${i}`;
  const nameEn = e.nameEn.trim();
  const nameHi = e.nameHi.trim();
  if (!nameEn) throw badRequest(`${at}.nameEn is empty`, `${at}.nameEn`);
  if (!nameHi) throw badRequest(`${at}.nameHi is empty`, `${at}.nameHi`);
  return { nameEn, nameHi, basisPoints: toBasisPoints(e.percent, `${at}.percent`) };
}

/** Whether two versions' day ranges (both ends included, null: open) share a day. */
export function overlaps(
  a: { effectiveFrom: string; effectiveTo: string | null },
  b: { effectiveFrom: string; effectiveTo: string | null },
): boolean {
  const aEndsBeforeB = a.effectiveTo !== null && a.effectiveTo < b.effectiveFrom;
  const bEndsBeforeA = b.effectiveTo !== null && b.effectiveTo < a.effectiveFrom;
  return !aEndsBeforeB && !bEndsBeforeA;
}

const unitsText = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
const money = (paise: number) => `₹${rupees(paise / 100)}`;
const rate = (paise: number) => `₹${(paise / 100).toFixed(2)}`;

/** The energy slab a unit count falls into, and how many of its units are charged there. */
export function slabUnits(slab: TariffSlab, units: number): number {
  const top = slab.to === null ? units : Math.min(units, slab.to);
  return Math.max(0, top - slab.from);
}

/**
 * A month's bill from a tariff: the fixed charge (per kW of load or per
 * connection), each slab's units × its rate, and each extra line as a
 * percentage of fixed + energy charges; every line rounded to the paisa.
 * Slabs the units do not reach are left out; zero units still pay the fixed
 * charge.
 */
export function estimate(
  terms: TariffTerms,
  loadKw: number,
  units: number,
): { lines: EstimateLine[]; totalPaise: number } {
  const lines: EstimateLine[] = [];
  const line = (
    kind: EstimateLine["kind"],
    labelEn: string,
    labelHi: string,
    detailEn: string,
    detailHi: string,
    paise: number,
  ) =>
    lines.push({ kind, labelEn, labelHi, detailEn, detailHi, amount: paise / 100, amountText: money(paise) });

  const perKw = terms.fixedBasis === "per_kw";
  const fixed = perKw ? Math.round(terms.fixedChargePaise * loadKw) : terms.fixedChargePaise;
  line(
    "fixed",
    "Fixed charge",
    "स्थायी प्रभार",
    perKw
      ? `${unitsText(loadKw)} kW × ${rate(terms.fixedChargePaise)} per kW`
      : `${rate(terms.fixedChargePaise)} per connection`,
    perKw
      ? `${unitsText(loadKw)} किलोवाट × ${rate(terms.fixedChargePaise)} प्रति किलोवाट`
      : `${rate(terms.fixedChargePaise)} प्रति कनेक्शन`,
    fixed,
  );
  let energy = 0;
  for (const slab of terms.slabs) {
    const n = slabUnits(slab, units);
    if (n <= 0) continue;
    const paise = Math.round(n * slab.ratePaise);
    energy += paise;
    const all = slab.to === null && slab.from === 0;
    const rangeEn = all
      ? "all units"
      : slab.to === null
        ? `above ${slab.from} units`
        : `${slab.from + 1}–${slab.to} units`;
    const rangeHi = all
      ? "सभी यूनिट"
      : slab.to === null
        ? `${slab.from} यूनिट से अधिक`
        : `${slab.from + 1}–${slab.to} यूनिट`;
    line(
      "slab",
      `Energy charge, ${rangeEn}`,
      `ऊर्जा प्रभार, ${rangeHi}`,
      `${unitsText(n)} units × ${rate(slab.ratePaise)}`,
      `${unitsText(n)} यूनिट × ${rate(slab.ratePaise)}`,
      paise,
    );
  }
  const base = fixed + energy;
  let extras = 0;
  for (const e of terms.extras) {
    const paise = Math.round((base * e.basisPoints) / 10_000);
    extras += paise;
    const pct = `${(e.basisPoints / 100).toFixed(2).replace(/\.?0+$/, "")}%`;
    line("extra", e.nameEn, e.nameHi, `${pct} of ${money(base)}`, `${money(base)} का ${pct}`, paise);
  }
  return { lines, totalPaise: base + extras };
}

export { money as paiseText };
