const formats = new Map<string, Intl.DateTimeFormat>();
// formatToParts is slow and the answer changes once a minute.
let lastParts: { key: string; value: ReturnType<typeof zonedParts> } | undefined;

/** Calendar parts of an instant in a time zone: the one way the server reads a wall clock (hour 0-23). */
export function zonedParts(
  at: Date,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number } {
  const key = `${timeZone}|${Math.floor(at.getTime() / 60_000)}`;
  if (lastParts?.key === key) return lastParts.value;
  let f = formats.get(timeZone);
  if (!f) {
    // Building a formatter costs far more than using one.
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formats.set(timeZone, f);
  }
  const parts = f.formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const value = {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
  };
  lastParts = { key, value };
  return value;
}

/** The zone's offset from UTC at a whole-minute instant, in ms: the wall clock there minus UTC. */
function offsetAt(instant: number, timeZone: string): number {
  const w = zonedParts(new Date(instant), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - instant;
}

/**
 * The instant the wall clock in the time zone shows a date and time. The
 * offset is the one in force at that wall time, not at the UTC instant with
 * the same digits: in a zone east of UTC whose clocks change early in the
 * local day (Sydney, Auckland) the two differ on the day of the change. A
 * wall time the clocks skip moves on by the gap (02:30 on New York's spring
 * day is 03:30 EDT, as Temporal's "compatible"); so a day whose midnight is
 * skipped (Santiago) starts when the clocks jump.
 */
export function zonedTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const first = offsetAt(wall, timeZone);
  const guess = wall - first;
  const second = offsetAt(guess, timeZone);
  if (second === first) return new Date(guess);
  const retry = wall - second;
  if (offsetAt(retry, timeZone) === second) return new Date(retry);
  return new Date(Math.max(guess, retry));
}

/** Midnight of `at`'s day in the time zone, as an instant. */
export function startOfDay(at: Date, timeZone: string): Date {
  const p = zonedParts(at, timeZone);
  return zonedTime(p.year, p.month, p.day, 0, 0, timeZone);
}

/** Midnight of the first day of a month ("2026-11") in the time zone, as an instant. */
export function startOfMonth(month: string, timeZone: string): Date {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return zonedTime(y, m, 1, 0, 0, timeZone);
}

/** "2026-11" plus n months (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}`;
}

/** The month ("2026-11") an instant falls in, in the time zone. */
export function monthOf(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${String(p.month).padStart(2, "0")}`;
}
