const formats = new Map<string, Intl.DateTimeFormat>();
// formatToParts is slow and the answer changes once a minute.
let lastParts: { key: string; value: ReturnType<typeof zonedParts> } | undefined;

/** Calendar parts of an instant in a time zone. */
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

/** Midnight of `at`'s day in the time zone, as an instant. */
export function startOfDay(at: Date, timeZone: string): Date {
  const p = zonedParts(at, timeZone);
  const guess = Date.UTC(p.year, p.month - 1, p.day);
  // The zone's offset at that moment: the wall clock there minus UTC.
  const wall = zonedParts(new Date(guess), timeZone);
  const offset = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute) - guess;
  return new Date(guess - offset);
}

/** Midnight of the first day of a month ("2026-11") in the time zone, as an instant. */
export function startOfMonth(month: string, timeZone: string): Date {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, 1);
  const wall = zonedParts(new Date(guess), timeZone);
  const offset = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute) - guess;
  return new Date(guess - offset);
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
