import type { Language, ReportFrequency } from "../../db/schema.ts";
import { addMonths, monthOf, zonedParts, zonedTime } from "../../lib/time.ts";

// A scheduled report covers the last full week (Monday to Sunday) or month in
// the DISCOM's time zone, and runs next at 6 a.m. on the first day after the
// following one.

export interface ReportPeriod {
  frequency: ReportFrequency;
  /** What the subscription records as sent: "2026-11" (a month) or "2026-11-23" (the week's Monday). */
  key: string;
  /** First and last days counted, YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  /** For the SMS (at most 30 characters) and the PDF's title. */
  label: Record<Language, string>;
}

const RUN_HOUR = 6;

const ymd = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.toISOString().slice(0, 10);
};
const parseYmd = (s: string) => {
  const [y, m, d] = s.split("-").map(Number) as [number, number, number];
  return { y, m, d };
};
/** Calendar arithmetic on dates as written (no zone involved). */
const plusDays = (s: string, n: number) => {
  const { y, m, d } = parseYmd(s);
  return ymd(y, m, d + n);
};

function monthLabel(month: string, language: Language): string {
  const { y, m } = parseYmd(`${month}-01`);
  return new Intl.DateTimeFormat(language === "hi" ? "hi-IN" : "en-IN", {
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, 15)));
}

function weekLabel(from: string, to: string, language: Language): string {
  const f = (s: string, opts: Intl.DateTimeFormatOptions) => {
    const { y, m, d } = parseYmd(s);
    return new Intl.DateTimeFormat(language === "hi" ? "hi-IN" : "en-IN", {
      ...opts,
      timeZone: "UTC",
    }).format(new Date(Date.UTC(y, m - 1, d)));
  };
  return `${f(from, { day: "numeric", month: "short" })} - ${f(to, { day: "numeric", month: "short", year: "numeric" })}`;
}

export function monthPeriod(month: string): ReportPeriod {
  const to = plusDays(`${addMonths(month, 1)}-01`, -1);
  return {
    frequency: "monthly",
    key: month,
    from: `${month}-01`,
    to,
    label: { en: monthLabel(month, "en"), hi: monthLabel(month, "hi") },
  };
}

/** The Monday-to-Sunday week holding the date. */
export function weekPeriod(date: string): ReportPeriod {
  const { y, m, d } = parseYmd(date);
  const dow = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0
  const from = plusDays(date, -dow);
  const to = plusDays(from, 6);
  return {
    frequency: "weekly",
    key: from,
    from,
    to,
    label: { en: weekLabel(from, to, "en"), hi: weekLabel(from, to, "hi") },
  };
}

const today = (now: Date, timeZone: string) => {
  const p = zonedParts(now, timeZone);
  return ymd(p.year, p.month, p.day);
};

/** The last full week or month before `now`. */
export function lastFullPeriod(frequency: ReportFrequency, now: Date, timeZone: string): ReportPeriod {
  if (frequency === "monthly") return monthPeriod(addMonths(monthOf(now, timeZone), -1));
  return weekPeriod(plusDays(weekPeriod(today(now, timeZone)).from, -7));
}

/** When a subscription runs next: 6 a.m. on the first day of the next week or month after `now`. */
export function nextRunAfter(frequency: ReportFrequency, now: Date, timeZone: string): Date {
  const at = (day: string) => {
    const { y, m, d } = parseYmd(day);
    return zonedTime(y, m, d, RUN_HOUR, 0, timeZone);
  };
  if (frequency === "monthly") {
    const thisMonth = at(`${monthOf(now, timeZone)}-01`);
    return thisMonth.getTime() > now.getTime() ? thisMonth : at(`${addMonths(monthOf(now, timeZone), 1)}-01`);
  }
  const thisMonday = weekPeriod(today(now, timeZone)).from;
  const monday = at(thisMonday);
  return monday.getTime() > now.getTime() ? monday : at(plusDays(thisMonday, 7));
}

/** The period a download asks for: "2026-11" (a month) or a date (its week); the last full month by default. */
export function periodFromQuery(
  q: string | undefined,
  now: Date,
  timeZone: string,
): ReportPeriod | undefined {
  if (!q) return lastFullPeriod("monthly", now, timeZone);
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(q)) return monthPeriod(q);
  if (/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(q)) {
    const { y, m, d } = parseYmd(q);
    if (ymd(y, m, d) !== q) return undefined;
    return weekPeriod(q);
  }
  return undefined;
}

/** The instants a period starts and ends (exclusive) in the zone. */
export function periodBounds(p: ReportPeriod, timeZone: string): { start: Date; end: Date } {
  const s = parseYmd(p.from);
  const e = parseYmd(plusDays(p.to, 1));
  return { start: zonedTime(s.y, s.m, s.d, 0, 0, timeZone), end: zonedTime(e.y, e.m, e.d, 0, 0, timeZone) };
}
