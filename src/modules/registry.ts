import type { Logger } from "pino";
import type { Database } from "../db/database.ts";
import { EventBus, type Tx, UnitOfWork } from "../db/unit-of-work.ts";
import { type Clock, systemClock } from "../lib/clock.ts";
import { CatalogueRepository } from "./complaints/catalogue.repository.ts";
import type { ComplaintDomainEvent } from "./complaints/complaints.events.ts";
import { ComplaintsRepository } from "./complaints/complaints.repository.ts";
import { ComplaintsService } from "./complaints/complaints.service.ts";
import { ConsumersRepository } from "./consumers/consumers.repository.ts";
import { ConsumersService } from "./consumers/consumers.service.ts";
import { NetworkRepository } from "./network/network.repository.ts";
import { registerComplaintSms } from "./notifications/complaint-sms.listener.ts";
import { NotificationsService } from "./notifications/notifications.service.ts";
import { OutboxRepository } from "./notifications/outbox.repository.ts";
import { OrgRepository } from "./org/org.repository.ts";
import { OrgService } from "./org/org.service.ts";
import { MaintenanceRepository } from "./settings/maintenance.repository.ts";
import { SettingsRepository } from "./settings/settings.repository.ts";
import { type AuthPolicy, AuthService, DEFAULT_AUTH_POLICY } from "./users/auth.service.ts";
import { SessionCache } from "./users/session-cache.ts";
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
    catalogue: new CatalogueRepository(db),
    complaints: new ComplaintsRepository(db),
    outbox: new OutboxRepository(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;

export interface ServiceOptions {
  clock?: Clock;
  authPolicy?: AuthPolicy;
  timeZone?: string;
  logger?: Logger;
}

/** Services, the domain event bus and its listeners, wired once per process. */
export function createServices(database: Database, repos: Repositories, options: ServiceOptions = {}) {
  const clock = options.clock ?? systemClock;
  const timeZone = options.timeZone ?? "Asia/Kolkata";
  const complaintEvents = new EventBus<ComplaintDomainEvent>(options.logger);
  registerComplaintSms(complaintEvents, timeZone);
  const complaintsRepo = (tx?: Tx) => (tx ? new ComplaintsRepository(tx) : repos.complaints);
  const sessionCache = new SessionCache();
  return {
    auth: new AuthService(
      repos.users,
      repos.sessions,
      repos.throttle,
      repos.tokens,
      clock,
      options.authPolicy ?? DEFAULT_AUTH_POLICY,
      sessionCache,
    ),
    users: new UsersService(repos.users, repos.sessions, repos.org, repos.tokens, clock, sessionCache),
    consumers: new ConsumersService(repos.consumers, repos.org),
    org: new OrgService(repos.org),
    complaints: new ComplaintsService(
      new UnitOfWork(database.db, complaintEvents),
      complaintsRepo,
      (tx?: Tx) => (tx ? new CatalogueRepository(tx) : repos.catalogue),
      repos.settings,
      repos.throttle,
      clock,
      timeZone,
    ),
    notifications: new NotificationsService(repos.outbox),
    complaintEvents,
  };
}
export type Services = ReturnType<typeof createServices>;
