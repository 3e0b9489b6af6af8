import { randomBytes } from "node:crypto";
import type { Language, Role } from "../../db/schema.ts";
import { keysetPages } from "../../http/exports.ts";
import type { Clock } from "../../lib/clock.ts";
import { badRequest, conflict, forbidden, notFound } from "../../lib/errors.ts";
import { normaliseMobile } from "../../lib/mobile.ts";
import { type Permission, ROLE_ORG_KIND, roleFitsOrgKind, TOKEN_SCOPES } from "../access/permissions.ts";
import { can, type Principal } from "../access/principal.ts";
import type { OrgRepository } from "../org/org.repository.ts";
import { sha256 } from "./auth.service.ts";
import { hashPassword, passwordProblem } from "./password.ts";
import type { SessionCache } from "./session-cache.ts";
import type { SessionsRepository } from "./sessions.repository.ts";
import type { ThrottleRepository } from "./throttle.repository.ts";
import type { TokenRow, TokensRepository } from "./tokens.repository.ts";
import type { UserFilter, UsersRepository, UserWithOrg } from "./users.repository.ts";

export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export interface CreateUserInput {
  login: string;
  name: string;
  role: Role;
  orgCode: string;
  phone?: string | null;
  password: string;
  language?: Language;
}

export interface UpdateUserInput {
  name?: string;
  role?: Role;
  orgCode?: string;
  phone?: string | null;
  language?: Language;
  active?: boolean;
}

function requirePermission(principal: Principal, permission: Permission): void {
  if (!can(principal, permission)) throw forbidden();
}

export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly org: OrgRepository,
    private readonly tokens: TokensRepository,
    private readonly clock: Clock,
    private readonly sessionCache: SessionCache,
    private readonly throttle: ThrottleRepository,
  ) {}

  /** The principal's own account (any role may read and change his own preferences). */
  async self(principal: Principal): Promise<UserWithOrg> {
    if (principal.kind !== "user") throw forbidden("integration tokens have no user account");
    const user = await this.users.findById(principal.id);
    if (!user) throw notFound("user");
    return user;
  }

  async updateOwn(
    principal: Principal,
    changes: { language?: Language; onDuty?: boolean },
  ): Promise<UserWithOrg> {
    const user = await this.self(principal);
    await this.users.update(user.id, {
      ...(changes.language ? { language: changes.language } : {}),
      ...(changes.onDuty !== undefined ? { onDuty: changes.onDuty } : {}),
    });
    return this.self(principal);
  }

  list(principal: Principal, filter: UserFilter) {
    requirePermission(principal, "users.manage");
    return this.users.listForUser(principal, filter);
  }

  /** Every user of the same list, a page at a time (the export); permission checked now. */
  listAll(principal: Principal, filter: Omit<UserFilter, "limit" | "offset">) {
    requirePermission(principal, "users.manage");
    return keysetPages(
      (after: string | undefined, limit) => this.users.listAfter(principal, filter, after, limit),
      (u) => u.login,
    );
  }

  async get(principal: Principal, id: number): Promise<UserWithOrg> {
    requirePermission(principal, "users.manage");
    const user = await this.users.findForUser(principal, id);
    if (!user) throw notFound("user");
    return user;
  }

  private async orgFor(principal: Principal, code: string, role: Role) {
    const unit = await this.org.findForUser(principal, code.trim().toUpperCase());
    if (!unit) throw badRequest(`org unit ${code} is unknown or outside your jurisdiction`, "orgCode");
    if (!roleFitsOrgKind(role, unit.kind)) {
      throw badRequest(
        `a ${role.toUpperCase()} serves a ${ROLE_ORG_KIND[role]}, and ${unit.code} is a ${unit.kind}`,
        "orgCode",
      );
    }
    return unit;
  }

  private phone(input: string | null | undefined): string | null {
    if (input === undefined || input === null || input.trim() === "") return null;
    const phone = normaliseMobile(input);
    if (!phone) throw badRequest("phone must be a 10-digit mobile number", "phone");
    return phone;
  }

  async create(principal: Principal, input: CreateUserInput): Promise<UserWithOrg> {
    requirePermission(principal, "users.manage");
    const login = input.login.trim().toLowerCase();
    if (!LOGIN_PATTERN.test(login)) {
      throw badRequest("login must be 2-64 letters, digits, dots, dashes or underscores", "login");
    }
    const name = input.name.trim();
    if (!name) throw badRequest("name is required", "name");
    const unit = await this.orgFor(principal, input.orgCode, input.role);
    const problem = passwordProblem(input.password, login);
    if (problem) throw badRequest(`password ${problem}`, "password");
    const id = await this.users.create({
      login,
      name,
      role: input.role,
      orgUnitId: unit.id,
      phone: this.phone(input.phone),
      passwordHash: await hashPassword(input.password),
      language: input.language ?? "hi",
      active: true,
    });
    if (!id) throw conflict(`login ${login} is taken`, "login");
    return this.get(principal, id);
  }

  async update(principal: Principal, id: number, input: UpdateUserInput): Promise<UserWithOrg> {
    const user = await this.get(principal, id);
    if (
      principal.kind === "user" &&
      user.id === principal.id &&
      (input.active === false || input.role !== undefined)
    ) {
      throw badRequest(
        "you cannot deactivate yourself or change your own role",
        input.active === false ? "active" : "role",
      );
    }
    const role = input.role ?? user.role;
    let orgUnitId: number | undefined;
    if (input.orgCode !== undefined || input.role !== undefined) {
      orgUnitId = (await this.orgFor(principal, input.orgCode ?? user.org_code, role)).id;
    }
    const name = input.name?.trim();
    if (name !== undefined && !name) throw badRequest("name is required", "name");
    await this.users.update(id, {
      ...(name !== undefined ? { name } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(orgUnitId !== undefined ? { orgUnitId } : {}),
      ...(input.phone !== undefined ? { phone: this.phone(input.phone) } : {}),
      ...(input.language !== undefined ? { language: input.language } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    });
    if (input.active === false || input.role !== undefined || orgUnitId !== undefined) {
      // A changed role or jurisdiction takes effect at once: make him sign in again.
      await this.sessions.deleteForUser(id);
      this.sessionCache.forgetUser(id);
    }
    return this.get(principal, id);
  }

  /** Logins in the principal's view that failed sign-ins have locked, and until when. */
  async lockedLogins(principal: Principal): Promise<Map<string, Date>> {
    requirePermission(principal, "users.manage");
    return this.throttle.lockedLogins(this.clock());
  }

  /**
   * An admin lets a login locked by failed sign-ins in again, from every
   * address; recorded with who did it and what was locked.
   */
  async unlock(principal: Principal, id: number): Promise<{ cleared: number }> {
    const user = await this.get(principal, id);
    const now = this.clock();
    const locks = await this.throttle.loginLocks(user.login, now);
    const cleared = await this.throttle.resetLogin(user.login);
    await this.users.addEvent({
      userId: id,
      kind: "unlocked",
      byUserId: principal.kind === "user" ? principal.id : null,
      byName: principal.login ?? principal.name,
      detail: {
        locks: locks.length,
        lockedUntil: locks[0]?.lockedUntil.toISOString() ?? null,
      },
      at: now,
    });
    return { cleared };
  }

  async events(principal: Principal, id: number) {
    await this.get(principal, id);
    return this.users.events(id);
  }

  async resetPassword(principal: Principal, id: number, password: string): Promise<void> {
    const user = await this.get(principal, id);
    const problem = passwordProblem(password, user.login);
    if (problem) throw badRequest(`password ${problem}`, "password");
    await this.users.setPasswordHash(id, await hashPassword(password));
    await this.sessions.deleteForUser(id);
    this.sessionCache.forgetUser(id);
  }

  // Integration tokens

  listTokens(principal: Principal): Promise<TokenRow[]> {
    requirePermission(principal, "tokens.manage");
    return this.tokens.listForUser(principal);
  }

  /** Creates a token and returns its secret, which is shown this once and stored only as a hash. */
  async createToken(
    principal: Principal,
    input: { name: string; orgCode?: string; scopes: string[] },
  ): Promise<{ token: TokenRow; secret: string }> {
    requirePermission(principal, "tokens.manage");
    const name = input.name.trim();
    if (!name) throw badRequest("name is required", "name");
    const unknown = input.scopes.filter((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
    if (unknown.length > 0)
      throw badRequest(`unknown scope ${unknown.join(", ")}; allowed: ${TOKEN_SCOPES.join(", ")}`, "scopes");
    if (input.scopes.length === 0) throw badRequest("give at least one scope", "scopes");
    const unit = input.orgCode
      ? await this.org.findForUser(principal, input.orgCode.trim().toUpperCase())
      : await this.org.findById(principal.orgUnitId);
    if (!unit)
      throw badRequest(`org unit ${input.orgCode} is unknown or outside your jurisdiction`, "orgCode");
    const secret = `pd_${randomBytes(32).toString("base64url")}`;
    const id = await this.tokens.create({
      name,
      tokenHash: sha256(secret),
      prefix: secret.slice(0, 10),
      orgUnitId: unit.id,
      scopes: [...new Set(input.scopes)],
      createdBy: principal.id,
    });
    const token = await this.tokens.findForUser(principal, id);
    if (!token) throw notFound("token");
    return { token, secret };
  }

  async revokeToken(principal: Principal, id: number): Promise<void> {
    requirePermission(principal, "tokens.manage");
    const token = await this.tokens.findForUser(principal, id);
    if (!token) throw notFound("token");
    await this.tokens.revoke(id, this.clock());
  }
}
