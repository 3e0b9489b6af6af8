import cluster from "node:cluster";
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import type { Logger } from "pino";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { DataDirLockedError } from "./db/data-dir-lock.ts";
import { type Database, openDatabase } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { buildServer } from "./http/server.ts";
import { jobDefinitions } from "./jobs/registry.ts";
import { processName, startScheduler } from "./jobs/scheduler.ts";
import { createLogger } from "./lib/logger.ts";
import { ProgressBar } from "./lib/progress.ts";
import { billsImporter } from "./modules/billing/bills.import.ts";
import { paymentsImporter } from "./modules/billing/payments.import.ts";
import { consumersImporter } from "./modules/consumers/consumers.import.ts";
import { DEMO_PASSWORD } from "./modules/demo/demo.generator.ts";
import { type DemoInfo, loadDemo, writeDemoCsv } from "./modules/demo/demo.service.ts";
import { csvSource, openFile } from "./modules/imports/csv-source.ts";
import { type Importer, ImportHeaderError, type RowError } from "./modules/imports/import.types.ts";
import { runImport } from "./modules/imports/runner.ts";
import { createLiveHub } from "./modules/live/live.hub.ts";
import { networkImporter } from "./modules/network/network.import.ts";
import { createDelivery, gatewayFor } from "./modules/notifications/delivery.ts";
import { orgImporter } from "./modules/org/org.import.ts";
import {
  BrokerPortError,
  type EmbeddedBroker,
  MqttIngest,
  registerIngestMetrics,
  startEmbeddedBroker,
} from "./modules/outages/mqtt.ingest.ts";
import { runStorm, StormError } from "./modules/outages/storm.ts";
import { createRepositories, createServices, type Repositories } from "./modules/registry.ts";
import { usersImporter } from "./modules/users/users.import.ts";

const USAGE = `usage: powerdesk <command>

  serve [--role api|worker|all] [--workers N] [--demo-if-empty]
                             run the server (all roles by default); --demo-if-empty loads demo data
                             into a new embedded database (what npm start does); --workers N runs
                             N API processes on one port (PostgreSQL only)
  migrate                    bring the database schema up to date
  demo [--consumers N] [--complaints N] [--seed S] [--csv-out DIR]
                             load a demo DISCOM (default 50,000 consumers), or write it as CSV files
  import <kind> <file.csv> [--no-sms]
                             load a CSV file; kinds: org, network, consumers, users, bills, payments
                             (bills and payments text the consumer unless --no-sms)
  simulate storm [--feeders N] [--rate R] [--seconds S] [--restore] [--url URL] [--mqtt URL]
                             [--login L --password P] [--officer L --officer-password P] [--seed S]
                             a storm for demos and load: feeder trips and last gasps over MQTT,
                             "no supply" complaints through the API (default: 4 feeders, 5 calls/s
                             for 60 s, as the demo agent, against the server that runs with this
                             DATA_DIR, else PORT); --restore ends every outage it caused at the end
                             (signals, then the officer, default admin, for those found from calls)

Configuration is read from the environment: DATABASE_URL, DATA_DIR, PORT, ... (see README).`;

class UsageError extends Error {}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) throw new UsageError(`${name} needs a value`);
  return v;
}

function intFlag(args: string[], name: string, fallback: number, max: number, min = 1): number {
  const v = flag(args, name);
  if (v === undefined) return fallback;
  const n = Number(v.replaceAll(",", "").replaceAll("_", ""));
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}`);
  }
  return n;
}

function describe(config: Config, database: Database): string {
  return database.kind === "embedded"
    ? `embedded database in ${config.dataDir}`
    : `PostgreSQL at ${database.location}`;
}

async function open(config: Config, command: string): Promise<{ database: Database; fresh: boolean }> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, command });
  try {
    const report = await migrateToLatest(database.db);
    return { database, fresh: report.fresh };
  } catch (err) {
    await database.close();
    throw err;
  }
}

function printDemoLogins(info: DemoInfo, out: (s: string) => void): void {
  out(
    `Demo data: ${info.consumers.toLocaleString("en-IN")} consumers. Sign in with password "${info.password}" as:`,
  );
  for (const l of info.logins) out(`  ${l.role.padEnd(11)} ${l.login}`);
}

async function demoWithProgress(
  database: Database,
  repos: Repositories,
  consumers: number,
  seed: string | undefined,
  complaints?: number,
) {
  // A bar for each long step: consumers, and their three months of bills and the payments of them.
  const totals: Record<string, number> = { consumers, bills: consumers * 3, payments: consumers * 3 };
  let bar: ProgressBar | undefined;
  try {
    return await loadDemo(database, repos, {
      consumers,
      ...(seed ? { seed } : {}),
      ...(complaints !== undefined ? { complaints } : {}),
      onStep: (s) => {
        bar?.stop();
        bar = undefined;
        process.stderr.write(`loading demo ${s}...\n`);
        if (totals[s]) bar = new ProgressBar(s, totals[s]);
      },
      onProgress: (_kind, p) => bar?.update(p.rows, p.rows, p.rejected),
    });
  } finally {
    bar?.stop();
  }
}

/**
 * Several API processes on one port (node:cluster), for a machine with more
 * cores than one Node process can use. The primary migrates once, forks the
 * API workers and, for --role all, runs the background jobs itself.
 */
async function serveCluster(config: Config, args: string[], workers: number, role: string): Promise<void> {
  if (!config.databaseUrl)
    throw new UsageError(
      "--workers needs PostgreSQL (DATABASE_URL): the embedded database takes one process",
    );
  const { database } = await open(config, "powerdesk serve (primary)");
  await database.close();
  const rest = args.filter(
    (a, i) => a !== "--workers" && args[i - 1] !== "--workers" && a !== "--role" && args[i - 1] !== "--role",
  );
  cluster.setupPrimary({ args: ["serve", "--role", "api", ...rest] });
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
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(path.join(config.dataDir, "mqtt-url"), `${broker.url}\n`);
  } catch {
    // A read-only data directory: the simulator then needs --mqtt.
  }
  return broker;
}

async function serve(config: Config, args: string[]): Promise<void> {
  const role = flag(args, "--role") ?? "all";
  if (!["api", "worker", "all"].includes(role)) throw new UsageError("--role must be api, worker or all");
  const workers = intFlag(args, "--workers", 1, 64);
  if (workers > 1 && cluster.isPrimary) return serveCluster(config, args, workers, role);
  const logger = createLogger(config.logLevel);
  const { database } = await open(config, `powerdesk serve --role ${role}`);
  const repos = createRepositories(database);
  const out = (s: string) => process.stdout.write(`${s}\n`);

  if (args.includes("--demo-if-empty") && database.kind === "embedded") {
    const units = await sql<{ n: number }>`select count(*)::int as n from org_units`.execute(database.db);
    if ((units.rows[0]?.n ?? 0) === 0) {
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
      if (app) forgetServerUrl(config);
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
    writeServerUrl(config, url);
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

/**
 * Where this server answers, in DATA_DIR/server-url, so `simulate storm` run
 * with the same DATA_DIR finds it whatever PORT it was given.
 */
function writeServerUrl(config: Config, url: string): void {
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(path.join(config.dataDir, "server-url"), `${url}\n`);
  } catch {
    // A read-only data directory: the simulator then needs --url or PORT.
  }
}

function forgetServerUrl(config: Config): void {
  try {
    fs.rmSync(path.join(config.dataDir, "server-url"), { force: true });
  } catch {
    // Nothing to forget.
  }
}

/** The server the storm calls: --url, the one a server with this DATA_DIR wrote down, or PORT on this machine. */
function stormServer(config: Config, args: string[]): { url: string; found: string } {
  const given = flag(args, "--url");
  if (given) return { url: given, found: "--url" };
  const file = path.join(config.dataDir, "server-url");
  try {
    const written = fs.readFileSync(file, "utf8").trim();
    if (written) return { url: written, found: file };
  } catch {
    // No server has run with this DATA_DIR.
  }
  return { url: `http://localhost:${config.port}`, found: "PORT" };
}

/** Where the storm publishes: MQTT_URL, the embedded broker a local server wrote down, or the default port. */
function stormBroker(config: Config): string {
  if (config.mqttUrl) return config.mqttUrl;
  try {
    const written = fs.readFileSync(path.join(config.dataDir, "mqtt-url"), "utf8").trim();
    if (written) return written;
  } catch {
    // No server has run with this DATA_DIR.
  }
  return `mqtt://127.0.0.1:${config.mqttPort}`;
}

async function simulate(config: Config, args: string[]): Promise<number> {
  const [what, ...rest] = args;
  if (what !== "storm") throw new UsageError("usage: powerdesk simulate storm [--feeders N] [--rate R] ...");
  const server = stormServer(config, rest);
  const dataDir = path.resolve(config.dataDir);
  const options = {
    baseUrl: server.url,
    unreachable:
      server.found === "--url"
        ? "is it running there?"
        : `no server found: start one (npm start), or tell the simulator where it is with the server's own settings: ` +
          `the same DATA_DIR (now ${dataDir}; a running server writes its address to DATA_DIR/server-url), ` +
          `PORT (now ${config.port}), or --url http://host:port`,
    mqttUrl: flag(rest, "--mqtt") ?? stormBroker(config),
    prefix: config.mqttTopicPrefix,
    login: flag(rest, "--login") ?? "agent1",
    password: flag(rest, "--password") ?? DEMO_PASSWORD,
    feeders: intFlag(rest, "--feeders", 4, 200),
    rate: intFlag(rest, "--rate", 5, 1000),
    seconds: intFlag(rest, "--seconds", 60, 3600),
    restore: rest.includes("--restore"),
    officer: {
      login: flag(rest, "--officer") ?? "admin",
      password: flag(rest, "--officer-password") ?? DEMO_PASSWORD,
    },
    seed: intFlag(rest, "--seed", Date.now() % 1_000_000, 2 ** 31),
    out: (line: string) => process.stdout.write(`${line}\n`),
  };
  options.out(
    `storm: ${options.feeders} feeders, ${options.rate} calls/s for ${options.seconds} s; MQTT ${options.mqttUrl}, API ${options.baseUrl}`,
  );
  try {
    await runStorm(options);
    return 0;
  } catch (err) {
    if (err instanceof StormError) throw new UsageError(err.message);
    throw err;
  }
}

async function migrate(config: Config): Promise<void> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    command: "powerdesk migrate",
  });
  try {
    const report = await migrateToLatest(database.db);
    process.stdout.write(
      report.applied.length
        ? `applied ${report.applied.length} migration(s): ${report.applied.join(", ")}\n`
        : "the schema is up to date\n",
    );
  } finally {
    await database.close();
  }
}

async function demo(config: Config, args: string[]): Promise<void> {
  const consumers = intFlag(args, "--consumers", 50_000, 10_000_000);
  const seed = flag(args, "--seed");
  const csvOut = flag(args, "--csv-out");
  if (csvOut) {
    const counts = await writeDemoCsv(csvOut, consumers, seed);
    for (const [file, n] of Object.entries(counts))
      process.stdout.write(`${csvOut}/${file}: ${n.toLocaleString("en-IN")} rows\n`);
    return;
  }
  const { database } = await open(config, "powerdesk demo");
  try {
    const repos = createRepositories(database);
    const complaints = args.includes("--complaints")
      ? intFlag(args, "--complaints", 0, 100_000, 0)
      : undefined;
    const { info, summaries } = await demoWithProgress(database, repos, consumers, seed, complaints);
    for (const s of summaries) {
      process.stdout.write(
        `${s.kind.padEnd(10)} ${s.inserted.toLocaleString("en-IN")} new, ${s.updated.toLocaleString("en-IN")} changed, ${s.unchanged.toLocaleString("en-IN")} unchanged in ${s.seconds.toFixed(1)} s\n`,
      );
    }
    printDemoLogins(info, (s) => process.stdout.write(`${s}\n`));
  } finally {
    await database.close();
  }
}

const KINDS = ["org", "network", "consumers", "users", "bills", "payments"] as const;

async function importFile(config: Config, args: string[]): Promise<number> {
  const [kind, file] = args.filter((a) => !a.startsWith("--"));
  if (!kind || !file)
    throw new UsageError(
      "usage: powerdesk import <org|network|consumers|users|bills|payments> <file.csv> [--no-sms]",
    );
  if (!(KINDS as readonly string[]).includes(kind))
    throw new UsageError(`unknown kind "${kind}"; kinds: ${KINDS.join(", ")}`);
  const noSms = args.includes("--no-sms");
  if (noSms && kind !== "bills" && kind !== "payments")
    throw new UsageError("--no-sms is for bills and payments: other imports send no SMS");
  if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const { database } = await open(config, `powerdesk import ${kind}`);
  const repos = createRepositories(database);
  const importers: Record<string, () => Importer<unknown>> = {
    org: () => orgImporter(repos.org) as Importer<unknown>,
    network: () => networkImporter(repos.network, repos.org) as Importer<unknown>,
    consumers: () => consumersImporter(repos.consumers, repos.network, repos.org) as Importer<unknown>,
    users: () => usersImporter(repos.users, repos.org) as Importer<unknown>,
    bills: () =>
      billsImporter(repos.billing, repos.recipients, {
        timeZone: config.timeZone,
        sms: !noSms,
      }) as Importer<unknown>,
    payments: () =>
      paymentsImporter(repos.billing, repos.recipients, {
        timeZone: config.timeZone,
        sms: !noSms,
      }) as Importer<unknown>,
  };
  const importer = (importers[kind] as () => Importer<unknown>)();
  const { stream, size } = openFile(file);
  let bytes = 0;
  stream.on("data", (chunk) => {
    bytes += chunk.length;
  });
  const reportFile = `${file}.errors.csv`;
  fs.rmSync(reportFile, { force: true });
  let report: fs.WriteStream | undefined;
  const shown: RowError[] = [];
  const onError = (e: RowError) => {
    if (shown.length < 20) shown.push(e);
    if (!report) {
      report = fs.createWriteStream(reportFile).on("error", () => {});
      report.write("line,column,value,reason\n");
    }
    const q = (v: string | undefined) => `"${(v ?? "").replaceAll('"', '""')}"`;
    report.write(`${e.line},${q(e.column)},${q(e.value)},${q(e.reason)}\n`);
  };
  const source = csvSource(stream);
  const bar = new ProgressBar(kind, size);
  try {
    const s = await runImport(importer, source.records, {
      header: source.header,
      onError,
      onProgress: (p) => bar.update(bytes, p.rows, p.rejected),
    });
    bar.stop();
    const n = (x: number) => x.toLocaleString("en-IN");
    const rate = s.seconds > 0 ? Math.round(s.rowsRead / s.seconds) : s.rowsRead;
    process.stdout.write(
      `${kind}: ${n(s.rowsRead)} rows read in ${s.seconds.toFixed(1)} s (${n(rate)} rows/s): ` +
        `${n(s.inserted)} new, ${n(s.updated)} changed, ${n(s.unchanged)} unchanged, ${n(s.rejected)} rejected\n`,
    );
    for (const [k, v] of Object.entries(s.notes)) if (v) process.stdout.write(`  ${k}: ${n(v)}\n`);
    if (s.unknownColumns.length)
      process.stdout.write(`  ignored unknown column(s): ${s.unknownColumns.join(", ")}\n`);
    if (s.rejected > 0) {
      for (const e of shown) {
        process.stderr.write(
          `  line ${e.line}${e.column ? `, ${e.column}` : ""}${e.value ? ` "${e.value}"` : ""}: ${e.reason}\n`,
        );
      }
      await new Promise<void>((resolve) => (report ? report.end(() => resolve()) : resolve()));
      process.stderr.write(
        `every rejected row is listed in ${reportFile}; fix them and run the import again\n`,
      );
      return 2;
    }
    return 0;
  } catch (err) {
    bar.stop();
    if (err instanceof ImportHeaderError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  } finally {
    report?.end();
    await database.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    process.env.TZ ||= "Asia/Kolkata";
    const config = loadConfig();
    switch (command) {
      case "serve":
        await serve(config, args);
        return -1; // keeps running
      case "migrate":
        await migrate(config);
        return 0;
      case "demo":
        await demo(config, args);
        return 0;
      case "import":
        return await importFile(config, args);
      case "simulate":
        return await simulate(config, args);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 1 : 0;
      default:
        throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`powerdesk: ${err.message}\n`);
      return 2;
    }
    if (err instanceof DataDirLockedError) {
      process.stderr.write(`powerdesk: ${err.message}\n`);
      return 3;
    }
    process.stderr.write(`powerdesk: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.LOG_LEVEL === "debug" && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
