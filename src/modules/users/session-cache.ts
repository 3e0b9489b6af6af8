import type { Principal } from "./principal.ts";

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

  forgetSession(sessionId: string): void {
    this.entries.delete(sessionId);
  }

  forgetUser(userId: number): void {
    for (const [k, e] of this.entries) if (e.userId === userId) this.entries.delete(k);
  }
}
