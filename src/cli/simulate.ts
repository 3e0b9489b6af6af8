import path from "node:path";
import type { Config } from "../config.ts";
import { DEMO_PASSWORD } from "../modules/demo/demo.generator.ts";
import { runStorm, StormError } from "../modules/outages/storm.ts";
import { readAddress } from "./addresses.ts";
import { parse, UsageError, wholeNumber } from "./args.ts";

const USAGE = "usage: powerdesk simulate storm [--feeders N] [--rate R] ...";

/** The server the storm calls: --url, the one a server with this DATA_DIR wrote down, or PORT on this machine. */
function stormServer(config: Config, given: string | undefined): { url: string; found: string } {
  if (given) return { url: given, found: "--url" };
  const written = readAddress(config.dataDir, "server-url");
  if (written) return { url: written, found: path.join(config.dataDir, "server-url") };
  return { url: `http://localhost:${config.port}`, found: "PORT" };
}

/** Where the storm publishes: MQTT_URL, the embedded broker a local server wrote down, or the default port. */
function stormBroker(config: Config): string {
  if (config.mqttUrl) return config.mqttUrl;
  return readAddress(config.dataDir, "mqtt-url") ?? `mqtt://127.0.0.1:${config.mqttPort}`;
}

/** `powerdesk simulate storm`: feeder trips over MQTT and "no supply" calls through the API. */
export async function simulate(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      feeders: { type: "string" },
      rate: { type: "string" },
      seconds: { type: "string" },
      restore: { type: "boolean" },
      url: { type: "string" },
      mqtt: { type: "string" },
      login: { type: "string" },
      password: { type: "string" },
      officer: { type: "string" },
      "officer-password": { type: "string" },
      seed: { type: "string" },
    },
    { max: 1, usage: USAGE },
  );
  if (positionals[0] !== "storm") throw new UsageError(USAGE);
  const server = stormServer(config, values.url);
  const dataDir = path.resolve(config.dataDir);
  const options = {
    baseUrl: server.url,
    unreachable:
      server.found === "--url"
        ? "is it running there?"
        : `no server found: start one (npm start), or tell the simulator where it is with the server's own settings: ` +
          `the same DATA_DIR (now ${dataDir}; a running server writes its address to DATA_DIR/server-url), ` +
          `PORT (now ${config.port}), or --url http://host:port`,
    mqttUrl: values.mqtt ?? stormBroker(config),
    prefix: config.mqttTopicPrefix,
    login: values.login ?? "agent1",
    password: values.password ?? DEMO_PASSWORD,
    feeders: wholeNumber(values.feeders, "feeders", 4, 200),
    rate: wholeNumber(values.rate, "rate", 5, 1000),
    seconds: wholeNumber(values.seconds, "seconds", 60, 3600),
    restore: values.restore === true,
    officer: {
      login: values.officer ?? "admin",
      password: values["officer-password"] ?? DEMO_PASSWORD,
    },
    seed: wholeNumber(values.seed, "seed", Date.now() % 1_000_000, 2 ** 31),
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
