import { AppError, badRequest } from "../../lib/errors.ts";
import type { SettingsRepository } from "../settings/settings.repository.ts";

// Rules the two feedback desks (callbacks after resolution, the monthly
// survey's calls) share: who may take a call now, and what a rating is (the
// lease as their queries test it is in desk.sql.ts).

/** A whole number from 1 to 5, or nothing. */
export function rating(value: number | undefined, field: string): number | null {
  if (value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > 5)
    throw badRequest(`${field} is a whole number from 1 to 5`, field);
  return value;
}

/** Another agent opened it and his few minutes are not over. */
export function heldByAnother(
  row: { lease_user_id: number | null; lease_until: Date | null },
  userId: number,
  now: Date,
): boolean {
  return (
    row.lease_user_id !== null &&
    Number(row.lease_user_id) !== userId &&
    row.lease_until !== null &&
    row.lease_until > now
  );
}

/**
 * The CTI hook: asks the call centre's dialler (a softphone or a predictive
 * dialler at CTI_URL) to place a call for the agent. 404 when none is
 * configured, 502 when it does not answer or refuses: the agent dials by hand.
 */
export async function placeCall(ctiUrl: string | undefined, call: Record<string, unknown>): Promise<void> {
  if (!ctiUrl) throw new AppError(404, "not_found", "no dialler is configured (CTI_URL)");
  let res: Response;
  try {
    res = await fetch(ctiUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(call),
      signal: AbortSignal.timeout(5000),
    });
  } catch {
    throw new AppError(502, "dialler_unreachable", "the dialler did not answer; dial the number by hand");
  }
  if (!res.ok)
    throw new AppError(502, "dialler_refused", `the dialler refused the call (${res.status}); dial by hand`);
}

/**
 * A desk's settings: what is stored under `key` in app_settings over the
 * defaults, kept 30 s; an admin's change validated field by field (whole
 * numbers within their limits, the waits between calls, yes/no flags), 400
 * naming the first bad one.
 */
export class DeskSettings<T extends { retryAfterHours: number[] }> {
  private cached: { value: T; at: number } | undefined;

  constructor(
    private readonly store: SettingsRepository,
    private readonly key: string,
    private readonly defaults: T,
    private readonly limits: Partial<Record<keyof T, readonly [number, number]>>,
  ) {}

  /** As stored now; `store` is a transaction's repository when called inside one. */
  async read(store: SettingsRepository = this.store): Promise<T> {
    return { ...this.defaults, ...((await store.get<Partial<T>>(this.key)) ?? {}) };
  }

  async get(): Promise<T> {
    if (this.cached && Date.now() - this.cached.at < 30_000) return this.cached.value;
    const value = await this.read();
    this.cached = { value, at: Date.now() };
    return value;
  }

  /** Changes the fields given; `check` validates the rest of a desk's own fields into `next`. */
  async update(input: Partial<T>, check?: (input: Partial<T>, next: T) => void): Promise<T> {
    const next = { ...(await this.get()) };
    const fields = next as Record<string, unknown>;
    for (const [key, range] of Object.entries(this.limits) as [string, readonly [number, number]][]) {
      const v = (input as Record<string, unknown>)[key];
      if (v === undefined) continue;
      const [min, max] = range;
      if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
        throw badRequest(`${key} is a whole number from ${min} to ${max}`, key);
      fields[key] = v;
    }
    const h = input.retryAfterHours;
    if (h !== undefined) {
      if (
        !Array.isArray(h) ||
        h.length === 0 ||
        h.length > 10 ||
        h.some((x) => !(Number.isInteger(x) && x >= 1 && x <= 240))
      )
        throw badRequest(
          "retryAfterHours is a list of 1 to 10 waits, each 1 to 240 hours",
          "retryAfterHours",
        );
      next.retryAfterHours = h;
    }
    for (const [key, v] of Object.entries(input)) {
      if (v === undefined || typeof (this.defaults as Record<string, unknown>)[key] !== "boolean") continue;
      if (typeof v !== "boolean") throw badRequest(`${key} is true or false`, key);
      fields[key] = v;
    }
    check?.(input, next);
    await this.store.set(this.key, next);
    this.cached = { value: next, at: Date.now() };
    return next;
  }
}
