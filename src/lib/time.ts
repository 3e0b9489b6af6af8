/** Calendar parts of an instant in a time zone. */
export function zonedParts(
  at: Date,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
  };
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
