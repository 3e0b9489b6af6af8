import type { Principal } from "../access/principal.ts";

/** Sessions that ended: one (sign-out), or all of a user's but `except` (password change, deactivation). */
export type SessionsEnded = { sessionId: string } | { userId: number; except?: string };

interface Entry {
  principal: Principal;
  userId: number;
  sessionId: string;
  expiresAt: Date;
  cachedAt: number;
}

/**
 * Who is behind a session cookie, remembered for a few seconds: a busy desk
 * sends several requests a second, and each would otherwise look the
 * session up again. Signing out, a password change and a deactivation in
 * this process forget the user at once; another API process notices within
 * the few seconds of `ttlMs`.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  /** Told of every session that ends in this process (the live hub passes it to every process). */
  private readonly listeners = new Set<(ended: SessionsEnded) => void>();

  constructor(private readonly ttlMs = 5_000) {}

  get(sessionId: string, now: number): Entry | undefined {
    const e = this.entries.get(sessionId);
    if (!e) return undefined;
    if (now - e.cachedAt > this.ttlMs || now >= e.expiresAt.getTime() || now < e.cachedAt) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return e;
  }

  set(entry: Omit<Entry, "cachedAt">, now: number): void {
    if (this.entries.size > 50_000) this.entries.clear();
    this.entries.set(entry.sessionId, { ...entry, cachedAt: now });
  }

  /** A session ended here: forget it and tell the listeners. */
  forgetSession(sessionId: string): void {
    this.forget({ sessionId });
    for (const l of this.listeners) l({ sessionId });
  }

  /** A user's sessions (all but `except`) ended here: forget them and tell the listeners. */
  forgetUser(userId: number, except?: string): void {
    const ended = except === undefined ? { userId } : { userId, except };
    this.forget(ended);
    for (const l of this.listeners) l(ended);
  }

  /** Forgets what ended (in this process or, told by the hub, in another) without telling anyone. */
  forget(ended: SessionsEnded): void {
    if ("sessionId" in ended) {
      this.entries.delete(ended.sessionId);
      return;
    }
    for (const [k, e] of this.entries)
      if (e.userId === ended.userId && k !== ended.except) this.entries.delete(k);
  }

  onEnded(listener: (ended: SessionsEnded) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
