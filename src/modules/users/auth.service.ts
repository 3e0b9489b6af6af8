import { createHash, randomBytes } from "node:crypto";
import type { Role } from "../../db/schema.ts";
import { throttleAddress } from "../../lib/address.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest, tooManyRequests, unauthorized } from "../../lib/errors.ts";
import { count } from "../../lib/plural.ts";
import { type Permission, ROLE_PERMISSIONS } from "../access/permissions.ts";
import type { Principal } from "../access/principal.ts";
import { hashPassword, passwordProblem, verifyPassword } from "./password.ts";
import { SessionCache } from "./session-cache.ts";
import type { SessionsRepository } from "./sessions.repository.ts";
import type { ThrottleRepository } from "./throttle.repository.ts";
import type { TokensRepository } from "./tokens.repository.ts";
import type { UsersRepository, UserWithOrg } from "./users.repository.ts";

export interface AuthPolicy {
  /** A session ends after this long without a request (a call-centre shift plus margin). */
  sessionIdleMs: number;
  /** ...and in any case this long after sign-in. */
  sessionMaxMs: number;
  loginWindowMs: number;
  /** Failed sign-ins for one login from one address within the window before that pair is locked. */
  loginFailuresPerLoginAddress: number;
  /** Failed sign-ins for one login from anywhere within the window before the login is locked. */
  loginFailuresPerLogin: number;
  /** Sign-ins for logins that do not exist from one address before the address is locked for them. */
  loginFailuresPerAddress: number;
  /** The first lock; each further one in a row doubles, up to maxLockMs. */
  lockMs: number;
  maxLockMs: number;
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = {
  sessionIdleMs: 12 * 3600_000,
  sessionMaxMs: 7 * 24 * 3600_000,
  loginWindowMs: 15 * 60_000,
  loginFailuresPerLoginAddress: 5,
  loginFailuresPerLogin: 20,
  loginFailuresPerAddress: 20,
  lockMs: 60_000,
  maxLockMs: 3600_000,
};

/** The throttle keys of one sign-in: a whole call centre behind one NAT is never one key. */
export function signInKeys(login: string, ip: string) {
  const address = throttleAddress(ip);
  return {
    loginAddress: `login-addr:${login}|${address}`,
    login: `login:${login}`,
    unknownFromAddress: `addr:${address}`,
  };
}

const TOUCH_EVERY_MS = 60_000;

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function principalFromUser(user: UserWithOrg): Principal {
  return {
    kind: "user",
    id: user.id,
    name: user.name,
    login: user.login,
    role: user.role,
    language: user.language,
    orgUnitId: user.org_unit_id,
    orgCode: user.org_code,
    orgKind: user.org_kind,
    orgPath: user.org_path,
    permissions: new Set<Permission>(ROLE_PERMISSIONS[user.role as Role]),
  };
}

export interface SignInResult {
  token: string;
  /** When the cookie should lapse: the session's absolute limit (idle expiry is enforced by the server). */
  expiresAt: Date;
  principal: Principal;
}

export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly throttle: ThrottleRepository,
    private readonly tokens: TokensRepository,
    private readonly clock: Clock,
    private readonly policy: AuthPolicy = DEFAULT_AUTH_POLICY,
    private readonly cache: SessionCache = new SessionCache(),
  ) {}

  /**
   * Checks a login and password and opens a session. Each attempt is counted
   * before the password is compared (so parallel guesses get at most the limit
   * compared): per login and address, and per login from anywhere; a login that
   * does not exist counts against the address instead, so guessing logins from
   * one address stops without locking the real users behind it. Past a limit the
   * attempt is refused with 429, even with the right password, for a lock that
   * doubles each time in a row.
   */
  async signIn(loginInput: string, password: string, address: string): Promise<SignInResult> {
    const login = loginInput.trim().toLowerCase();
    const now = this.clock();
    const p = this.policy;
    const keys = signInKeys(login, address);
    const rule = (limit: number) => ({
      windowMs: p.loginWindowMs,
      limit,
      lockMs: p.lockMs,
      maxLockMs: p.maxLockMs,
    });
    const user = await this.users.findByLoginForAuth(login);
    const counted: string[] = [];
    // A login that does not exist is counted like one that does (so the 429 does not
    // tell which logins exist), and also against the address, which alone stops
    // guessing many logins from one place.
    const steps: [string, number][] = [
      [keys.loginAddress, p.loginFailuresPerLoginAddress],
      [keys.login, p.loginFailuresPerLogin],
      ...(user ? [] : ([[keys.unknownFromAddress, p.loginFailuresPerAddress]] as [string, number][])),
    ];
    for (const [key, limit] of steps) {
      const a = await this.throttle.attempt(key, now, rule(limit));
      if (!a.allowed) {
        // The keys counted before this one were not checked either: give them back.
        for (const k of counted) await this.throttle.refund(k, now);
        throw this.lockedError(a.lockedUntil ?? now, now);
      }
      counted.push(key);
    }
    const ok = await verifyPassword(password, user?.active ? user.password_hash : null);
    if (!ok || !user) throw new AppError(401, "invalid_credentials", "wrong login or password");
    // Right: this address's slate for the login is clean; the login's own count gets this one back.
    await this.throttle.reset(keys.loginAddress);
    await this.throttle.refund(keys.login, now);
    const token = randomBytes(32).toString("base64url");
    await this.sessions.create(sha256(token), user.id, now, this.expiry(now, now));
    await this.users.recordLogin(user.id, now);
    return {
      token,
      expiresAt: new Date(now.getTime() + this.policy.sessionMaxMs),
      principal: principalFromUser(user),
    };
  }

  /** Ends every lock and count on a login (an admin's unlock): from every address. */
  async unlock(login: string): Promise<void> {
    await this.throttle.resetLogin(login);
  }

  private lockedError(until: Date, now: Date): AppError {
    const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    return tooManyRequests(
      `too many failed sign-ins: try again in ${count(Math.ceil(seconds / 60), "minute")} or ask an administrator to unlock your login`,
      seconds,
    );
  }

  private expiry(now: Date, createdAt: Date): Date {
    return new Date(
      Math.min(now.getTime() + this.policy.sessionIdleMs, createdAt.getTime() + this.policy.sessionMaxMs),
    );
  }

  async signOut(token: string): Promise<void> {
    await this.sessions.delete(sha256(token));
    this.cache.forgetSession(sha256(token));
  }

  /** The principal behind a session cookie, sliding the idle expiry; undefined when expired or unknown. */
  async principalFromSession(
    token: string,
  ): Promise<{ principal: Principal; expiresAt: Date; sessionId: string } | undefined> {
    const now = this.clock();
    const id = sha256(token);
    const cached = this.cache.get(id, now.getTime());
    if (cached) return { principal: cached.principal, expiresAt: cached.expiresAt, sessionId: id };
    const found = await this.sessions.findValid(id, now);
    if (!found) return undefined;
    let expiresAt = found.expiresAt;
    if (now.getTime() - found.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      expiresAt = this.expiry(now, found.createdAt);
      await this.sessions.touch(found.sessionId, now, expiresAt);
    }
    const principal = principalFromUser(found.user);
    this.cache.set(
      { principal, userId: found.user.id, sessionId: found.sessionId, expiresAt },
      now.getTime(),
    );
    return { principal, expiresAt, sessionId: found.sessionId };
  }

  /** The principal behind an integration token (`Authorization: Bearer pd_...`). */
  async principalFromToken(token: string): Promise<Principal | undefined> {
    const row = await this.tokens.findActiveByHash(sha256(token));
    if (!row) return undefined;
    await this.tokens.touch(row.id, this.clock());
    return {
      kind: "token",
      id: row.id,
      name: row.name,
      login: null,
      role: "integration",
      language: "en",
      orgUnitId: row.org_unit_id,
      orgCode: row.org_code,
      orgKind: row.org_kind,
      orgPath: row.org_path,
      permissions: new Set(row.scopes as Permission[]),
    };
  }

  async changePassword(
    principal: Principal,
    current: string,
    next: string,
    sessionId: string,
  ): Promise<void> {
    if (principal.kind !== "user") throw unauthorized();
    const user = await this.users.findById(principal.id);
    if (!user || !(await verifyPassword(current, user.password_hash))) {
      throw new AppError(400, "invalid_credentials", "the current password is wrong", "currentPassword");
    }
    const problem = passwordProblem(next, user.login);
    if (problem) throw badRequest(`new password ${problem}`, "newPassword");
    await this.users.setPasswordHash(user.id, await hashPassword(next));
    // Other sessions (a forgotten shared terminal) end; this one stays.
    await this.sessions.deleteForUser(user.id, sessionId);
    this.cache.forgetUser(user.id, sessionId);
  }
}
