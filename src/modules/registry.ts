import type { Database } from "../db/database.ts";
import { type Clock, systemClock } from "../lib/clock.ts";
import { ConsumersRepository } from "./consumers/consumers.repository.ts";
import { ConsumersService } from "./consumers/consumers.service.ts";
import { NetworkRepository } from "./network/network.repository.ts";
import { OrgRepository } from "./org/org.repository.ts";
import { OrgService } from "./org/org.service.ts";
import { MaintenanceRepository } from "./settings/maintenance.repository.ts";
import { SettingsRepository } from "./settings/settings.repository.ts";
import { type AuthPolicy, AuthService, DEFAULT_AUTH_POLICY } from "./users/auth.service.ts";
import { SessionsRepository, ThrottleRepository } from "./users/sessions.repository.ts";
import { TokensRepository } from "./users/tokens.repository.ts";
import { UsersRepository } from "./users/users.repository.ts";
import { UsersService } from "./users/users.service.ts";

/** Repositories over one database; services get only the ones they use. */
export function createRepositories(database: Database) {
  const db = database.db;
  return {
    org: new OrgRepository(db),
    network: new NetworkRepository(db),
    consumers: new ConsumersRepository(db, database),
    users: new UsersRepository(db),
    sessions: new SessionsRepository(db),
    throttle: new ThrottleRepository(db),
    tokens: new TokensRepository(db),
    settings: new SettingsRepository(db),
    maintenance: new MaintenanceRepository(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;

export interface ServiceOptions {
  clock?: Clock;
  authPolicy?: AuthPolicy;
}

export function createServices(repos: Repositories, options: ServiceOptions = {}) {
  const clock = options.clock ?? systemClock;
  return {
    auth: new AuthService(
      repos.users,
      repos.sessions,
      repos.throttle,
      repos.tokens,
      clock,
      options.authPolicy ?? DEFAULT_AUTH_POLICY,
    ),
    users: new UsersService(repos.users, repos.sessions, repos.org, repos.tokens, clock),
    consumers: new ConsumersService(repos.consumers, repos.org),
    org: new OrgService(repos.org),
  };
}
export type Services = ReturnType<typeof createServices>;
