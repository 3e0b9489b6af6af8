import { createHash, randomBytes } from "node:crypto";
import { throttleAddress } from "../../lib/address.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, notFound, tooManyRequests } from "../../lib/errors.ts";
import type { ThrottleRepository, ThrottleRule } from "../users/throttle.repository.ts";

// The one-use links consumers get by SMS (feedback after a resolution, the
// monthly survey): a short random token, only its hash stored, guessing
// throttled per address.

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const TOKEN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

export function newToken(length = 8): string {
  const bytes = randomBytes(length);
  return [...bytes].map((b) => TOKEN_ALPHABET[b % TOKEN_ALPHABET.length]).join("");
}

/** The link in an SMS: at most 30 characters (a DLT variable), so the scheme goes when the base is long. */
export function publicLink(base: string, prefix: "f" | "s" | "t", token: string): string {
  const full = `${base.replace(/\/$/, "")}/${prefix}/${token}`;
  return full.length <= 30 ? full : full.replace(/^https?:\/\//, "");
}

/** Wrong link tokens from one address: 20 in 15 minutes, then a lock that doubles each time in a row. */
const LINK_GUESSES: ThrottleRule = {
  windowMs: 15 * 60_000,
  limit: 20,
  lockMs: 15 * 60_000,
  maxLockMs: 4 * 3600_000,
};

interface StoredLink {
  token_hash: string;
  expires_at: Date;
  /** Absent: a link that may be opened again until it expires (tracking). */
  used_at?: Date | null;
}

/**
 * Finds a link by its token: 404 for an unknown one (and a failure counted
 * against the address: 20 in 15 minutes lock it out), 410 used or expired.
 */
export async function findLink<T extends StoredLink>(
  deps: { throttle: ThrottleRepository; clock: Clock },
  kind: "feedback" | "survey" | "tracking",
  token: string,
  address: string,
  lookup: (hash: string) => Promise<T | undefined>,
): Promise<T> {
  const now = deps.clock();
  const key = `${kind}:${throttleAddress(address)}`;
  // Counted before the lookup, in one statement: parallel guesses get at most the limit looked up.
  const a = await deps.throttle.attempt(key, now, LINK_GUESSES);
  if (!a.allowed)
    throw tooManyRequests(
      "too many wrong links: wait a few minutes",
      Math.ceil(((a.lockedUntil ?? now).getTime() - now.getTime()) / 1000),
    );
  const link = /^[A-Za-z0-9]{6,20}$/.test(token) ? await lookup(hashToken(token)) : undefined;
  // Every try counts, a real link too: refunding real ones would let a person with
  // one link of his own alternate it with guesses and never reach the limit.
  if (!link) throw notFound(`${kind} link`);
  if (link.used_at) throw new AppError(410, "gone", "this link was used already: thank you for your answer");
  if (link.expires_at.getTime() <= now.getTime())
    throw new AppError(410, "gone", "this link has expired; call 1912 if you need us");
  return link;
}
