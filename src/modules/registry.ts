import type { Logger } from "pino";
import type { ChannelsConfig } from "../config.ts";
import type { Database } from "../db/database.ts";
import { EventBus, type Tx, UnitOfWork } from "../db/unit-of-work.ts";
import { JobRunsRepository } from "../jobs/job-runs.repository.ts";
import { type Clock, systemClock } from "../lib/clock.ts";
import { htmlToPdf } from "../lib/pdf.ts";
import { processName } from "../lib/process-name.ts";
import { serialRunner } from "../lib/serial.ts";
import type { Principal } from "./access/principal.ts";
import { BillingRepository } from "./billing/billing.repository.ts";
import { BillingService } from "./billing/billing.service.ts";
import { BotRepository } from "./channels/bot/bot.repository.ts";
import { botApplications, botPrincipal, WhatsAppBot } from "./channels/bot/bot.service.ts";
import { ConversationsRepository } from "./channels/conversations.repository.ts";
import { InboxRepository } from "./channels/inbox.repository.ts";
import { InboxService } from "./channels/inbox.service.ts";
import { ChannelIntake } from "./channels/intake.service.ts";
import { ChannelSender } from "./channels/sender.ts";
import { WebhooksRepository } from "./channels/webhooks.repository.ts";
import { CatalogueRepository } from "./complaints/catalogue.repository.ts";
import { ComplaintsRepository } from "./complaints/complaints.repository.ts";
import { ComplaintsService } from "./complaints/complaints.service.ts";
import { ConnectionEscalation, ConnectionSettings } from "./connections/connections.escalation.ts";
import { ConnectionsReports } from "./connections/connections.reports.ts";
import { ConnectionsRepository } from "./connections/connections.repository.ts";
import { ConnectionsService } from "./connections/connections.service.ts";
import { ConnectionsEscalationRepository } from "./connections/connections-escalation.repository.ts";
import { ConnectionsImportRepository } from "./connections/connections-import.repository.ts";
import { ConnectionsReportsRepository } from "./connections/connections-reports.repository.ts";
import { ConsumersRepository } from "./consumers/consumers.repository.ts";
import { ConsumersService } from "./consumers/consumers.service.ts";
import { MobilesRepository } from "./consumers/mobiles.repository.ts";
import { MobilesService } from "./consumers/mobiles.service.ts";
import type { AppEvent } from "./events.ts";
import { CallbackRollupsRepository } from "./feedback/callback-rollups.repository.ts";
import { CallbacksRepository } from "./feedback/callbacks.repository.ts";
import { CallbacksService } from "./feedback/callbacks.service.ts";
import { SurveyRepository } from "./feedback/survey.repository.ts";
import { SurveyService } from "./feedback/survey.service.ts";
import { IvrRepository } from "./ivr/ivr.repository.ts";
import { IvrService } from "./ivr/ivr.service.ts";
import { KbRepository } from "./kb/kb.repository.ts";
import { KbService } from "./kb/kb.service.ts";
import { registerListeners } from "./listeners.ts";
import { type LiveHub, localHub } from "./live/live.hub.ts";
import { LiveService } from "./live/live.service.ts";
import { NetworkRepository } from "./network/network.repository.ts";
import { NetworkService } from "./network/network.service.ts";
import { NotificationsService } from "./notifications/notifications.service.ts";
import { OutageNoticesRepository } from "./notifications/outage-notices.repository.ts";
import { OutboxRepository } from "./notifications/outbox.repository.ts";
import { OutboxService } from "./notifications/outbox.service.ts";
import { RecipientsRepository } from "./notifications/recipients.repository.ts";
import { TemplatesRepository } from "./notifications/templates.repository.ts";
import { TemplatesService } from "./notifications/templates.service.ts";
import { Open311Repository } from "./open311/open311.repository.ts";
import { Open311Service } from "./open311/open311.service.ts";
import { OrgRepository } from "./org/org.repository.ts";
import { OrgService } from "./org/org.service.ts";
import { dtAnalysisQueue } from "./outages/dt-analysis.queue.ts";
import { DtAnalysisRepository } from "./outages/dt-analysis.repository.ts";
import { OutagesRepository } from "./outages/outages.repository.ts";
import { OutagesService } from "./outages/outages.service.ts";
import { ReliabilityRepository } from "./outages/reliability.repository.ts";
import { ReliabilityService } from "./outages/reliability.service.ts";
import { PortalRepository } from "./portal/portal.repository.ts";
import { PortalService, portalPrincipal } from "./portal/portal.service.ts";
import { ApplyCodesRepository } from "./portal/portal-connections.repository.ts";
import { onlineApplicationPrincipal, PortalConnectionsService } from "./portal/portal-connections.service.ts";
import { CompensationRepository } from "./reports/compensation.repository.ts";
import { CompensationService } from "./reports/compensation.service.ts";
import { DashboardRepository } from "./reports/dashboard.repository.ts";
import { DashboardService } from "./reports/dashboard.service.ts";
import { RollupsRepository } from "./reports/rollups.repository.ts";
import { SchedulesRepository } from "./reports/schedules.repository.ts";
import { SchedulesService } from "./reports/schedules.service.ts";
import { ServiceDashboardRepository } from "./reports/service-dashboard.repository.ts";
import { ServiceDashboardService } from "./reports/service-dashboard.service.ts";
import { SopRepository } from "./reports/sop.repository.ts";
import { SopService } from "./reports/sop.service.ts";
import { MaintenanceRepository } from "./settings/maintenance.repository.ts";
import { SettingsRepository } from "./settings/settings.repository.ts";
import { TariffsRepository } from "./tariffs/tariffs.repository.ts";
import { TariffsService } from "./tariffs/tariffs.service.ts";
import { TrackingRepository } from "./tracking/tracking.repository.ts";
import { TrackingService } from "./tracking/tracking.service.ts";
import { type AuthPolicy, AuthService, DEFAULT_AUTH_POLICY } from "./users/auth.service.ts";
import { SessionCache } from "./users/session-cache.ts";
import { SessionsRepository } from "./users/sessions.repository.ts";
import { ThrottleRepository } from "./users/throttle.repository.ts";
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
    mobiles: new MobilesRepository(db),
    users: new UsersRepository(db),
    sessions: new SessionsRepository(db),
    throttle: new ThrottleRepository(db),
    tokens: new TokensRepository(db),
    settings: new SettingsRepository(db),
    maintenance: new MaintenanceRepository(db),
    catalogue: new CatalogueRepository(db),
    complaints: new ComplaintsRepository(db),
    tracking: new TrackingRepository(db),
    outbox: new OutboxRepository(db),
    outageNotices: new OutageNoticesRepository(db),
    templates: new TemplatesRepository(db),
    outages: new OutagesRepository(db),
    reliability: new ReliabilityRepository(db),
    billing: new BillingRepository(db, database),
    recipients: new RecipientsRepository(db),
    survey: new SurveyRepository(db),
    callbacks: new CallbacksRepository(db),
    jobRuns: new JobRunsRepository(db),
    dtAnalysis: new DtAnalysisRepository(db),
    bot: new BotRepository(db),
    open311: new Open311Repository(db),
    ivr: new IvrRepository(db),
    inbox: new InboxRepository(db),
    portal: new PortalRepository(db),
    webhooks: new WebhooksRepository(db),
    conversations: new ConversationsRepository(db),
    connections: new ConnectionsRepository(db),
    kb: new KbRepository(db),
    tariffs: new TariffsRepository(db),
    connectionsEscalation: new ConnectionsEscalationRepository(db),
    connectionsReports: new ConnectionsReportsRepository(db),
    connectionsImport: new ConnectionsImportRepository(db),
    applyCodes: new ApplyCodesRepository(db),
    rollups: new RollupsRepository(db),
    schedules: new SchedulesRepository(db),
    dashboard: new DashboardRepository(db),
    sop: new SopRepository(db),
    compensation: new CompensationRepository(db),
    /** The service dashboard's figures and the SMS rollups (issue 16). */
    serviceDashboard: new ServiceDashboardRepository(db),
    callbackRollups: new CallbackRollupsRepository(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;

export interface ServiceOptions {
  clock?: Clock;
  authPolicy?: AuthPolicy;
  timeZone?: string;
  logger?: Logger;
  /** How live screens hear of changes; in-process unless given (PostgreSQL: LISTEN/NOTIFY, see createLiveHub). */
  hub?: LiveHub;
  /** Nothing leaves the machine (the log gateway): the outbox screen may show verification codes. */
  smsStaysLocal?: boolean;
  /** Where consumers open feedback and survey links. */
  publicUrl?: string;
  /** The dialler the callback desk's "call" button posts to. */
  ctiUrl?: string | undefined;
  /**
   * Whether this process analyses trouble calls itself right after their
   * commit (worker roles, tests). An API-only process only queues the DT; a
   * worker's scheduler takes it (the outages.dt_analysis job).
   */
  analysesCalls?: boolean;
  /** WhatsApp, Facebook/Instagram and X: webhooks and senders (all off unless given). */
  channels?: ChannelsConfig;
  /** Whether this process processes the webhook bodies it stores right away (worker roles, tests) or leaves them to the workers' sweep. */
  processesWebhooks?: boolean;
}

/** Services, the domain event bus and its listeners, wired once per process. */
export function createServices(database: Database, repos: Repositories, options: ServiceOptions = {}) {
  const clock = options.clock ?? systemClock;
  const timeZone = options.timeZone ?? "Asia/Kolkata";
  const logger = options.logger;
  const events = new EventBus<AppEvent>(logger);
  const complaintsRepo = (tx?: Tx) => (tx ? new ComplaintsRepository(tx) : repos.complaints);
  const sessionCache = new SessionCache();

  const notifications = new NotificationsService(repos.outbox, repos.outageNotices, clock);
  const notices = serialRunner(
    () => notifications.expandOutageNotices(),
    (err) => logger?.error({ err }, "outage notices: expansion failed"),
  );
  const complaints = new ComplaintsService(
    new UnitOfWork(database.db, events),
    complaintsRepo,
    (tx?: Tx) => (tx ? new CatalogueRepository(tx) : repos.catalogue),
    repos.settings,
    repos.throttle,
    clock,
    timeZone,
  );
  const outages = new OutagesService(
    new UnitOfWork(database.db, events),
    (tx?: Tx) => (tx ? new OutagesRepository(tx) : repos.outages),
    complaints.outageLinks(),
    repos.settings,
    clock,
  );

  // Trouble-call analysis: DTs queued by the registration, worked off durably.
  const analysis = dtAnalysisQueue(repos.dtAnalysis, (dtId) => outages.analyseDt(dtId), {
    clock,
    by: processName,
    logger,
  });
  const hub = options.hub ?? localHub();
  // New-connection applications (issue 15).
  const connections = new ConnectionsService(
    new UnitOfWork(database.db, events),
    (tx?: Tx) => (tx ? new ConnectionsRepository(tx) : repos.connections),
    repos.settings,
    clock,
    { timeZone, publicUrl: options.publicUrl ?? "http://localhost:8080" },
  );
  const tracking = new TrackingService(
    repos.tracking,
    complaints,
    repos.throttle,
    clock,
    { linkBase: options.publicUrl ?? "http://localhost:8080" },
    connections,
  );
  const ivr = new IvrService(repos.ivr, complaints, repos.throttle, clock, {
    timeZone,
    publicUrl: options.publicUrl ?? "http://localhost:8080",
    logger,
    publish: (e) => events.publishCommitted(e),
  });
  // The agents' inbox (issue 14): its waiting count is on the wallboard, beside the IVR's.
  const inbox = new InboxService(
    new UnitOfWork(database.db, events),
    (tx?: Tx) => (tx ? new InboxRepository(tx) : repos.inbox),
    complaints,
    repos.settings,
    clock,
  );
  const live = new LiveService(hub, outages, complaints, logger, {}, { ivr, inbox });
  // A session that ends here ends everywhere: open live streams close, other processes forget it.
  sessionCache.onEnded((ended) => hub.publish({ type: "sessions_ended", ended }));
  live.sessionsEnded = (ended) => sessionCache.forget(ended);
  const callbacks = new CallbacksService(repos.callbacks, complaints, repos.settings, repos.throttle, clock, {
    timeZone,
    linkBase: options.publicUrl ?? "http://localhost:8080",
    ctiUrl: options.ctiUrl,
  });
  const billing = new BillingService(
    repos.billing,
    new UnitOfWork(database.db, events),
    (tx: Tx) => new BillingRepository(tx),
    repos.recipients,
    clock,
    timeZone,
  );
  // The WhatsApp self-service bot.
  const bot = new WhatsAppBot({
    repo: (tx?: Tx) => (tx ? new BotRepository(tx) : repos.bot),
    uow: new UnitOfWork(database.db, events),
    complaints,
    outages,
    billing,
    throttle: repos.throttle,
    settings: repos.settings,
    principal: botPrincipal(repos.recipients),
    clock,
    timeZone,
    logger,
    applications: botApplications(connections, repos.recipients),
    applyUrl: `${(options.publicUrl ?? "http://localhost:8080").replace(/\/+$/, "")}/portal/apply`,
  });
  // Consumer channels: webhook bodies worked off durably; replies sent by the platform senders.
  const channelsConfig = options.channels ?? { whatsapp: undefined, meta: undefined, x: undefined };
  const channelIntake = new ChannelIntake(
    channelsConfig,
    new UnitOfWork(database.db, events),
    repos.webhooks,
    repos.settings,
    { clock, by: processName, logger, inline: options.processesWebhooks !== false },
  );
  const channelSender = new ChannelSender(repos.conversations, channelsConfig, clock, { logger });
  // The agents' knowledge base (issue 15 §2).
  const kb = new KbService({
    repo: repos.kb,
    transaction: (fn) => database.db.transaction().execute((tx) => fn(new KbRepository(tx))),
    throttle: repos.throttle,
    clock,
  });
  // Every listener of the domain events, in one file.
  const listeners = registerListeners(events, {
    channelSender,
    timeZone,
    hub,
    callbacks,
    expandNotices: () => notices.kick(),
    analysis: options.analysesCalls === false ? undefined : analysis,
    bot,
    inbox,
  });
  const survey = new SurveyService(repos.survey, complaints, repos.settings, repos.throttle, clock, {
    timeZone,
    linkBase: options.publicUrl ?? "http://localhost:8080",
  });
  const reliability = new ReliabilityService(
    repos.reliability,
    async () => (await outages.config()).momentaryMinutes,
    clock,
    timeZone,
  );
  const sop = new SopService(repos.sop, repos.rollups, reliability, clock, timeZone);

  const auth = new AuthService(
    repos.users,
    repos.sessions,
    repos.throttle,
    repos.tokens,
    clock,
    options.authPolicy ?? DEFAULT_AUTH_POLICY,
    sessionCache,
  );
  // Open311 GeoReport v2: the catalogue as services, reports as complaints.
  const open311 = new Open311Service({
    repo: repos.open311,
    catalogue: () => repos.catalogue.all(),
    complaints,
    principalFromKey: (key) => auth.principalFromToken(key),
    throttle: repos.throttle,
    clock,
  });

  // The consumer portal: consumers themselves, signed in with a code by SMS.
  const mobiles = new MobilesService(repos.mobiles, repos.consumers, clock);
  const portal = new PortalService(repos.portal, {
    mobilesRepo: repos.mobiles,
    mobiles,
    complaints,
    billing,
    callbacks,
    throttle: repos.throttle,
    clock,
    principal: portalPrincipal(() => repos.recipients.company()),
    uow: new UnitOfWork(database.db, events),
  });
  // Applying for a new connection on the portal, the mobile proved by a code (no sign-in).
  const portalConnections = new PortalConnectionsService(repos.applyCodes, {
    connections,
    throttle: repos.throttle,
    clock,
    principal: onlineApplicationPrincipal(() => repos.recipients.company()),
    timeZone,
  });

  return {
    auth,
    open311,
    users: new UsersService(
      repos.users,
      repos.sessions,
      repos.org,
      repos.tokens,
      clock,
      sessionCache,
      repos.throttle,
    ),
    consumers: new ConsumersService(repos.consumers, repos.org),
    org: new OrgService(repos.org),
    network: new NetworkService(repos.network),
    clock,
    /** The DISCOM's zone (TZ): the web shows times in it. */
    timeZone,
    complaints,
    connections,
    tracking,
    outages,
    reliability,
    notifications,
    billing,
    templates: new TemplatesService(repos.templates, clock, options.publicUrl ?? "http://localhost:8080"),
    outbox: new OutboxService(repos.outbox, clock, options.smsStaysLocal ?? false),
    mobiles,
    portal,
    portalConnections,
    callbacks,
    survey,
    ivr,
    inbox,
    live,
    hub,
    events,
    /** The WhatsApp self-service bot. */
    bot,
    /** The tariff table and the agents' bill estimator (company-wide). */
    tariffs: new TariffsService(repos.tariffs, clock, timeZone),
    /** The durable trouble-call analysis queue: the worker's scheduler drains it. */
    dtAnalysis: analysis,
    /** WhatsApp, Facebook/Instagram and X webhooks: stored, then processed into conversations. */
    channelIntake,
    /** Sends the pending outgoing messages of those channels. */
    channelSender,
    /** The knowledge base: articles, versions, search, summaries by SMS. */
    kb,
    /** New connections' SoP clock (job connections.escalate), its settings and the reports per office. */
    connectionEscalation: new ConnectionEscalation(
      new UnitOfWork(database.db, events),
      (tx: Tx) => new ConnectionsEscalationRepository(tx),
      repos.settings,
      clock,
      timeZone,
    ),
    connectionSettings: new ConnectionSettings(repos.settings, repos.connectionsEscalation, clock),
    connectionReports: new ConnectionsReports(repos.connectionsReports, clock, timeZone),
    /** Scheduled reports (issue 16): subscriptions, the area summary PDF, the signed SMS link. */
    schedules: new SchedulesService({
      repo: repos.schedules,
      rollups: repos.rollups,
      throttle: repos.throttle,
      clock,
      timeZone,
      linkBase: options.publicUrl ?? "http://localhost:8080",
      renderPdf: (html, o) => htmlToPdf(html, o),
      // The SoP report of a subscription's office for the month its period falls in,
      // read as the office itself would (the worker acts for the subscriber).
      sopPdf: async (unitId, period, language) => {
        const reader: Principal = {
          kind: "token",
          id: 0,
          name: "scheduled reports",
          login: null,
          role: "integration",
          language,
          orgUnitId: unitId,
          orgCode: "",
          orgKind: "company",
          orgPath: "/",
          permissions: new Set(["reports.regulator", "outages.read"]),
        };
        return (await sop.pdf(reader, { period: period.key.slice(0, 7), lang: language })).pdf;
      },
    }),
    /** The complaints dashboard (issue 16): rollups per unit and period, drill-down, links to the lists. */
    dashboard: new DashboardService(repos.dashboard, repos.rollups, clock, timeZone),
    /** The regulator's SoP compliance report (issue 16) and its rows. */
    sop,
    /** The compensation register: breaches, billing's credits, waivers. */
    compensation: new CompensationService(repos.compensation, repos.sop, clock, timeZone),
    /** The management dashboard's Service tab (issue 16). */
    serviceDashboard: new ServiceDashboardService(
      repos.serviceDashboard,
      { scorecards: survey.scorecard, surveySettings: () => survey.config(), reliability },
      clock,
      timeZone,
    ),
    /** Resolves when background work started by events (analysis, notice expansion) is done: tests, shutdown. */
    async idle(): Promise<void> {
      for (let i = 0; i < 3; i++) {
        await analysis.idle();
        await notices.idle();
        await bot.idle();
        await channelIntake.idle();
        await channelSender.idle();
      }
    },
    async close(): Promise<void> {
      listeners.close();
      live.close();
      await bot.idle();
      await analysis.idle();
      await notices.idle();
      await channelIntake.idle();
      await channelSender.idle();
      await hub.close();
    },
  };
}
export type Services = ReturnType<typeof createServices>;
