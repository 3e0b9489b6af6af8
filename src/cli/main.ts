import { ConfigError, loadConfig } from "../config.ts";
import { DataDirLockedError } from "../db/data-dir-lock.ts";
import { UsageError } from "./args.ts";
import { demo } from "./demo.ts";
import { importFile } from "./import.ts";
import { migrate } from "./migrate.ts";
import { rollups } from "./rollups.ts";
import { serve } from "./serve.ts";
import { simulate } from "./simulate.ts";

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
  rollups rebuild            recount the complaint rollups (dashboards, SoP report) from the complaints
                             in TZ, after a change of TZ or to repair them; complaint writes wait meanwhile

Configuration is read from the environment: DATABASE_URL, DATA_DIR, PORT, ... (see README).`;

/**
 * Runs a command and returns the process's exit code: 0 done, 1 failed,
 * 2 a usage or configuration mistake, 3 DATA_DIR held by another process,
 * -1 still running (serve: it exits on a signal).
 */
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
        return await migrate(config, args);
      case "demo":
        return await demo(config, args);
      case "import":
        return await importFile(config, args);
      case "simulate":
        return await simulate(config, args);
      case "rollups":
        return await rollups(config, args);
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
