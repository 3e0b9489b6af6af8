import cluster from "node:cluster";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { buildServer } from "../http/server.ts";
import { jobDefinitions } from "../jobs/registry.ts";
import { processName, startScheduler } from "../jobs/scheduler.ts";
import { createLogger } from "../lib/logger.ts";
import type { DemoInfo } from "../modules/demo/demo.service.ts";
import { createLiveHub } from "../modules/live/live.hub.ts";
import { createDelivery, gatewayFor } from "../modules/notifications/delivery.ts";
import {
  BrokerPortError,
  type EmbeddedBroker,
  MqttIngest,
  registerIngestMetrics,
  startEmbeddedBroker,
} from "../modules/outages/mqtt.ingest.ts";
import { createRepositories, createServices } from "../modules/registry.ts";
import { forgetAddress, writeAddress } from "./addresses.ts";
import { parse, UsageError, wholeNumber } from "./args.ts";
import { describe, open } from "./database.ts";
import { demoWithProgress, printDemoLogins } from "./demo.ts";

const ROLES = ["api", "worker", "all"] as const;
type Role = (typeof ROLES)[number];

/**
 * Several API processes on one port (node:cluster), for a machine with more
 * cores than one Node process can use. The primary migrates once, forks the
 * API workers and, for --role all, runs the background jobs itself.
 */
async function serveCluster(
  config: Config,
  workers: number,
  role: Role,
  demoIfEmpty: boolean,
): Promise<void> {
  if (!config.databaseUrl)
    throw new UsageError(
      "--workers needs PostgreSQL (DATABASE_URL): the embedded database takes one process",
    );
  const { database } = await open(config, "powerdesk serve (primary)");
  await database.close();
  cluster.setupPrimary({ args: ["serve", "--role", "api", ...(demoIfEmpty ? ["--demo-if-empty"] : [])] });
  for (let i = 0; i < workers; i++) cluster.fork();
  let stopping = false;
  cluster.on("exit", (worker, code) => {
    if (!stopping) {
      process.stderr.write(
        `powerdesk: API worker ${worker.process.pid} exited (${code}); starting another\n`,
      );
      cluster.fork();
    }
  });
  const stopAll = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
  };
  process.on("SIGTERM", stopAll);
  process.on("SIGINT", stopAll);
  if (role === "all") await serve(config, ["--role", "worker"]);
}

/**
 * The embedded MQTT broker, on localhost only: it has no sign-in, and a
 * stranger who can publish can trip feeders on the wallboard (SCADA on the
 * network goes through a real broker with authentication: MQTT_URL).
 * When the default port 1883 is taken (a Mosquitto
 * on this machine) and MQTT_PORT was not chosen, it takes a free port and
 * says so; the port is written to DATA_DIR/mqtt-url for the storm simulator.
 */
async function embeddedBroker(config: Config, logger: Logger): Promise<EmbeddedBroker> {
  let broker: EmbeddedBroker;
  try {
    broker = await startEmbeddedBroker(config.mqttPort, "127.0.0.1");
  } catch (err) {
    if (!(err instanceof BrokerPortError) || config.mqttPortChosen) throw err;
    broker = await startEmbeddedBroker(0, "127.0.0.1");
    logger.warn(
      { port: broker.port },
      `MQTT port ${config.mqttPort} is taken (another broker?): the embedded broker listens on ${broker.port}; set MQTT_URL to use the other broker, or MQTT_PORT`,
    );
  }
  writeAddress(config.dataDir, "mqtt-url", broker.url);
  return broker;
}

/** `powerdesk serve`: runs until a signal (the API, the background jobs, or both). */
export async function serve(config: Config, args: string[]): Promise<void> {
  const { values } = parse(args, {
    role: { type: "string" },
    workers: { type: "string" },
    "demo-if-empty": { type: "boolean" },
  });
  const role = values.role ?? "all";
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageError("--role must be api, worker or all");
  const workers = wholeNumber(values.workers, "workers", 1, 64);
  const demoIfEmpty = values["demo-if-empty"] === true;
  if (workers > 1 && cluster.isPrimary) return serveCluster(config, workers, role as Role, demoIfEmpty);
  const logger = createLogger(config.logLevel);
  const { database } = await open(config, `powerdesk serve --role ${role}`);
  const repos = createRepositories(database);
  const out = (s: string) => process.stdout.write(`${s}\n`);

  if (demoIfEmpty && database.kind === "embedded") {
    if (await repos.org.isEmpty()) {
      out(`First run: loading the demo DISCOM into ${config.dataDir} (a minute at most)...`);
      await demoWithProgress(database, repos, 50_000, undefined);
    }
  }

  const hub = await createLiveHub(database, logger);
  const services = createServices(database, repos, {
    timeZone: config.timeZone,
    logger,
    hub,
    smsStaysLocal: config.smsGateway === "log",
    publicUrl: config.publicUrl,
    ctiUrl: config.ctiUrl,
    analysesCalls: role !== "api",
    channels: config.channels,
    processesWebhooks: role !== "api",
  });
  const app = role === "worker" ? undefined : await buildServer({ config, database, services, logger });
  const scheduler =
    role === "api"
      ? undefined
      : startScheduler(
          jobDefinitions(repos, services, { databaseKind: database.kind, timeZone: config.timeZone }),
          logger,
          // Several worker processes on one PostgreSQL: each tick of a job runs in one of them.
          { claim: (job, tick, now) => repos.jobRuns.claim(job, tick, processName, now) },
        );
  // SCADA and smart-meter events: the worker role subscribes (to MQTT_URL, or to the embedded broker).
  let broker: EmbeddedBroker | undefined;
  let ingest: MqttIngest | undefined;
  let delivery: ReturnType<typeof createDelivery> | undefined;
  if (role !== "api") {
    try {
      if (!config.mqttUrl) broker = await embeddedBroker(config, logger);
      ingest = new MqttIngest(services.outages, {
        url: config.mqttUrl ?? (broker as EmbeddedBroker).url,
        prefix: config.mqttTopicPrefix,
        logger,
      });
      if (app) registerIngestMetrics(app.metrics, ingest);
      await ingest.start();
      delivery = createDelivery(database, gatewayFor(config, logger), services.complaints, services.clock, {
        ratePerSecond: config.smsRate,
        quietHours: config.smsQuietHours,
        timeZone: config.timeZone,
        logger,
        idleMs: 500,
        leaseMs: config.smsLeaseSeconds * 1000,
        conversations: services.channelIntake,
      });
      await delivery.dispatcher.start();
    } catch (err) {
      await ingest?.close().catch(() => {});
      await scheduler?.stop();
      await app?.close();
      await services.close();
      await database.close();
      if (err instanceof BrokerPortError) throw new UsageError(err.message);
      throw err;
    }
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn("second signal: exiting at once");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "shutting down: finishing requests in flight");
    const force = setTimeout(() => {
      logger.error("shutdown took over 20 s: exiting");
      process.exit(1);
    }, 20_000);
    force.unref();
    try {
      await app?.close();
      if (app) forgetAddress(config.dataDir, "server-url");
      await ingest?.close();
      await delivery?.dispatcher.stop();
      await broker?.close();
      await scheduler?.stop();
      await services.close();
      await database.close();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  if (app) {
    try {
      await app.listen({ host: config.host, port: config.port });
    } catch (err) {
      await database.close();
      if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
        throw new UsageError(`port ${config.port} is already in use: stop what holds it or set PORT`);
      }
      throw err;
    }
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const url = `http://localhost:${port}`;
    // Written down before it is announced: whoever waits for "listening" finds the file there.
    writeAddress(config.dataDir, "server-url", url);
    out(`PowerDesk ${role} listening on ${url} (${describe(config, database)})`);
    if (broker)
      out(
        `Embedded MQTT broker on port ${broker.port} (topics ${config.mqttTopicPrefix}/scada/feeders/+, ${config.mqttTopicPrefix}/ami/meters/+)`,
      );
    const demo = await repos.settings.get<DemoInfo>("demo");
    if (demo) printDemoLogins(demo, out);
  } else {
    out(`PowerDesk worker running (${describe(config, database)})`);
  }
}
