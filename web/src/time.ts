import { dateTimeOptions } from "./contract.ts";

/**
 * Time on the web, in the DISCOM's zone (the server's TZ), whatever the
 * browser's own: the call centre reads times to callers, and a lineman's
 * phone may be set to anything. The server says the zone in the session
 * (`me.timeZone`); until it has (the sign-in page, the consumer's pages
 * from an SMS link) the zone is India's, the usual one.
 */
export const DEFAULT_TIME_ZONE = "Asia/Kolkata";

let zone = DEFAULT_TIME_ZONE;
const listeners = new Set<() => void>();

/** The zone the screens show times in. */
export function timeZone(): string {
  return zone;
}

/** Takes the zone the server said; an unknown one (or none) leaves the current zone. */
export function setTimeZone(next: string | undefined): void {
  if (!next || next === zone) return;
  try {
    new Intl.DateTimeFormat("en", { timeZone: next });
  } catch {
    return;
  }
  zone = next;
  for (const l of listeners) l();
}

/** Hears when the zone changes (for `useTimeZone`). */
export function subscribeTimeZone(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * An Intl.DateTimeFormat in the zone (kept: making one is slow, the wallboard
 * formats every second); in Hindi a 12-hour time says "सुबह"/"शाम"/"रात", not am/pm.
 */
export function dateFormat(
  locale: string,
  options: Omit<Intl.DateTimeFormatOptions, "timeZone">,
  tz = zone,
): Intl.DateTimeFormat {
  const key = `${locale}|${tz}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...dateTimeOptions(locale, options), timeZone: tz });
    formats.set(key, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading of a moment in the zone. */
export function wallClock(d: Date, tz = zone): WallClock {
  const parts = dateFormat(
    "en-US",
    {
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      hourCycle: "h23",
    },
    tz,
  ).formatToParts(d);
  const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: n("year"),
    month: n("month"),
    day: n("day"),
    hour: n("hour"),
    minute: n("minute"),
    second: n("second"),
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** "2026-11-28": the day a moment falls on in the zone. */
export function dayOf(d: Date, tz = zone): string {
  const c = wallClock(d, tz);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;
}

/** "2026-11": the month a moment falls in, in the zone (this month by default). */
export function monthOf(d = new Date(), tz = zone): string {
  return dayOf(d, tz).slice(0, 7);
}

/** The datetime-local input's value ("2026-11-28T14:05") for a moment, in the zone. */
export function toZonedInput(d: Date, tz = zone): string {
  const c = wallClock(d, tz);
  return `${dayOf(d, tz)}T${pad(c.hour)}:${pad(c.minute)}`;
}

/** How far the zone's clock is ahead of UTC at a moment (it changes on DST days in some zones). */
function offsetAt(ms: number, tz: string): number {
  const c = wallClock(new Date(ms), tz);
  const asUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * A datetime-local input's value ("2026-11-28T14:05") read as wall-clock
 * time in the zone, whatever the browser's own zone; undefined when empty
 * or not a time.
 */
export function fromZonedInput(value: string, tz = zone): string | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const asUtc = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, Number.isNaN(s) ? 0 : (s ?? 0));
  if (Number.isNaN(asUtc)) return undefined;
  // The offset at the guess, then at the moment it gives: right also across a DST change.
  const first = asUtc - offsetAt(asUtc, tz);
  return new Date(asUtc - offsetAt(first, tz)).toISOString();
}
