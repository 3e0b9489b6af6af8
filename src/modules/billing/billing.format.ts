import type { Language } from "../../db/schema.ts";
import { zonedParts, zonedTime } from "../../lib/time.ts";

/**
 * Parsing and SMS wording of bill and payment values: amounts, months and
 * dates as billing systems write them, and as a consumer reads them in an SMS
 * ("Rs 1,245.50", "Nov 2026" / "नव॰ 2026", "15 Dec 2026").
 */

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Largest amount numeric(12,2) holds. */
const MAX_PAISE = 9_999_999_999_99;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * An amount in rupees: "1245.5", "1,245.50", "12,45,000" (Indian grouping),
 * an optional "Rs"/"₹" in front. Returns it as "1245.50"; zero, negative and
 * more than two decimals are refused.
 */
export function parseAmount(input: string): Parsed<string> {
  const v = input
    .trim()
    .replace(/^(rs\.?|inr|₹)\s*/i, "")
    .replace(/\s/g, "");
  if (/^[-−]/.test(v)) return { ok: false, reason: "must be more than zero (a credit is not a bill)" };
  if (!/^\d{1,3}(,\d{2,3})*(\.\d*)?$|^\d+(\.\d*)?$|^\.\d+$/.test(v))
    return { ok: false, reason: 'is not an amount in rupees (e.g. 1245.50 or "1,245.50")' };
  const [whole = "", frac = ""] = v.replaceAll(",", "").split(".");
  if (frac.length > 2) return { ok: false, reason: "has more than 2 decimals" };
  const paise = Number(whole || "0") * 100 + Number(frac.padEnd(2, "0"));
  if (paise <= 0) return { ok: false, reason: "must be more than zero" };
  if (paise > MAX_PAISE) return { ok: false, reason: "is too large" };
  return { ok: true, value: `${Math.floor(paise / 100)}.${String(paise % 100).padStart(2, "0")}` };
}

/** "1245.50" → "1,245.50"; "1234567.5" → "12,34,567.50" (en-IN grouping), for SMS and screens. */
export function rupees(amount: string | number): string {
  const [whole = "0", frac = ""] = (typeof amount === "number" ? amount.toFixed(2) : amount).split(".");
  const last3 = whole.slice(-3);
  const rest = whole.slice(0, -3);
  const grouped = rest ? `${rest.replace(/\B(?=(\d{2})+$)/g, ",")},${last3}` : last3;
  return `${grouped}.${frac.padEnd(2, "0").slice(0, 2)}`;
}

function validDate(y: number, m: number, d: number): boolean {
  if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A bill month as YYYY-MM (also YYYY-MM-01) → "YYYY-MM-01". */
export function parseMonth(input: string): Parsed<string> {
  const m = /^(\d{4})-(\d{1,2})(?:-01)?$/.exec(input.trim());
  if (!m || !validDate(Number(m[1]), Number(m[2]), 1))
    return { ok: false, reason: "is not a month as YYYY-MM (e.g. 2026-11)" };
  return { ok: true, value: `${m[1]}-${pad(Number(m[2]))}-01` };
}

/** A date as YYYY-MM-DD or DD-MM-YYYY (also with /) → "YYYY-MM-DD". */
export function parseDate(input: string): Parsed<string> {
  const v = input.trim();
  let y: number;
  let mo: number;
  let d: number;
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(v);
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    m = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$/.exec(v);
    if (!m) return { ok: false, reason: "is not a date as YYYY-MM-DD or DD-MM-YYYY" };
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  if (!validDate(y, mo, d)) return { ok: false, reason: "is not a real date" };
  return { ok: true, value: `${y}-${pad(mo)}-${pad(d)}` };
}

// A zone's offset changes at most at an hour boundary: one Intl call per zone, date and hour.
const offsets = new Map<string, number>();

/** The instant a wall-clock time ("HH:MM:SS", or "" for midnight) in the time zone stands for. */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, mo, d] = date.split("-").map(Number) as [number, number, number];
  const [h = 0, mi = 0, s = 0] = time ? time.split(":").map(Number) : [];
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  const key = `${timeZone}|${date}|${h}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    // The zone's offset at that wall-clock hour (lib/time settles a change of clocks).
    offset = Date.UTC(y, mo - 1, d, h) - zonedTime(y, mo, d, h, 0, timeZone).getTime();
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return new Date(guess - offset);
}

/**
 * When a payment was made: a date (its midnight), or a date and time
 * ("2026-11-20 14:35", "20-11-2026 14:35:10", ISO with T and an offset);
 * without an offset the time is local to the time zone. Returns the instant
 * and its local day ("YYYY-MM-DD").
 */
export function parseDateTime(input: string, timeZone: string): Parsed<{ at: Date; day: string }> {
  const v = input.trim();
  const m = /^(\S+?)(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(v);
  const date = m ? parseDate(m[1] as string) : undefined;
  if (!m || !date?.ok)
    return {
      ok: false,
      reason: "is not a date (YYYY-MM-DD or DD-MM-YYYY) or a date and time (YYYY-MM-DD HH:MM)",
    };
  const [h, mi, s] = [Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return { ok: false, reason: "has an impossible time" };
  const time = `${pad(h)}:${pad(mi)}:${pad(s)}`;
  const zone = m[5];
  if (zone) {
    const at = new Date(`${date.value}T${time}${zone.toUpperCase() === "Z" ? "Z" : zone}`);
    if (Number.isNaN(at.getTime())) return { ok: false, reason: "has an impossible time zone" };
    return { ok: true, value: { at, day: localDate(at, timeZone) } };
  }
  // Without an offset the day written is the local day.
  return { ok: true, value: { at: zonedInstant(date.value, time, timeZone), day: date.value } };
}

/** The local date ("YYYY-MM-DD") of an instant. */
export function localDate(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** A link a consumer can tap in an SMS: a URL without spaces or braces, with or without https://. */
export const SHORT_LINK =
  /^(https?:\/\/)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d{1,5})?([/?#][A-Za-z0-9._~:/?#@!$&'()*+,;=%-]*)?$/;

const hiMonth = new Intl.DateTimeFormat("hi-IN", { month: "short", year: "numeric", timeZone: "UTC" });
const hiDate = new Intl.DateTimeFormat("hi-IN", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const labels = new Map<string, string>();

function cached(key: string, make: () => string): string {
  let v = labels.get(key);
  if (v === undefined) {
    v = make();
    // A file holds a handful of months and dates; the cap only guards against a strange one.
    if (labels.size > 5000) labels.clear();
    labels.set(key, v);
  }
  return v;
}

/** "2026-11-01" → "Nov 2026" / "नव॰ 2026". */
export function monthLabel(billMonth: string, language: Language): string {
  return cached(`m|${language}|${billMonth}`, () => {
    const [y, m] = billMonth.split("-").map(Number) as [number, number];
    return language === "hi" ? hiMonth.format(new Date(Date.UTC(y, m - 1, 1))) : `${MONTHS_EN[m - 1]} ${y}`;
  });
}

/** "2026-12-15" → "15 Dec 2026" / "15 दिस॰ 2026". */
export function dateLabel(date: string, language: Language): string {
  return cached(`d|${language}|${date}`, () => {
    const [y, m, d] = date.split("-").map(Number) as [number, number, number];
    return language === "hi"
      ? hiDate.format(new Date(Date.UTC(y, m - 1, d)))
      : `${d} ${MONTHS_EN[m - 1]} ${y}`;
  });
}

/** A payment reference as the receipt SMS shows it: at most 30 characters, keeping its end (the unique part). */
export function receiptLabel(reference: string): string {
  return reference.length <= 30 ? reference : `…${reference.slice(-29)}`;
}
