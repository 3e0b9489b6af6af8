import net from "node:net";
import { Aedes } from "aedes";
import mqtt, { type MqttClient } from "mqtt";
import type { Logger } from "pino";
import { Gauge, type Registry } from "prom-client";
import type { AmiEventInput, OutagesService } from "./outages.service.ts";

/**
 * SCADA and smart-meter events over MQTT (DESIGN.md, fixed topics):
 *   {prefix}/scada/feeders/{feederCode}  {"event":"trip"|"close","at":"<ISO-8601>"}
 *   {prefix}/ami/meters/{meterNo}        {"event":"last_gasp"|"power_restore","at":"<ISO-8601>"}
 * Each message is checked; an unknown element, a malformed payload or a
 * failed write is logged and counted and the subscriber goes on. Meter events
 * arrive in bursts (a DT going dark is dozens of last gasps in a second), so
 * they are gathered for a moment and handled as one batch.
 */

export type IngestOutcome =
  | "accepted"
  | "duplicate"
  | "unknown_element"
  | "malformed"
  | "unknown_topic"
  | "failed";

export interface IngestStats {
  received: number;
  byOutcome: Record<IngestOutcome, number>;
  lastMessageAt: Date | undefined;
  connected: boolean;
}

export interface MqttIngestOptions {
  url: string;
  prefix: string;
  logger?: Logger;
  /** How long meter events are gathered before one batch is written. */
  amiBatchMs?: number;
  /** Upper bound of one batch. */
  amiBatchMax?: number;
  clientId?: string;
  /** The clock of the server: event times later than now are clamped; far future ones refused. */
  now?: () => Date;
}

type ScadaMessage = { event: "trip" | "close"; at: Date };

const MAX_FUTURE_MS = 5 * 60_000;
const MAX_PAST_MS = 30 * 24 * 3600_000;

/** Parses one payload; returns the reason when it is not a valid event. */
export function parseEvent<E extends string>(
  payload: Buffer | string,
  events: readonly E[],
  now: Date,
): { ok: true; event: E; at: Date } | { ok: false; reason: string } {
  const text = typeof payload === "string" ? payload : payload.toString("utf8");
  if (text.length > 4096) return { ok: false, reason: "payload over 4 KB" };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  if (!body || typeof body !== "object" || Array.isArray(body))
    return { ok: false, reason: "not a JSON object" };
  const { event, at } = body as { event?: unknown; at?: unknown };
  if (typeof event !== "string" || !(events as readonly string[]).includes(event))
    return { ok: false, reason: `event must be one of ${events.join(", ")}` };
  let when = now;
  if (at !== undefined && at !== null) {
    if (typeof at !== "string" || !/^\d{4}-\d{2}-\d{2}T/.test(at))
      return { ok: false, reason: "at must be ISO-8601" };
    const d = new Date(at);
    if (Number.isNaN(d.getTime())) return { ok: false, reason: "at must be ISO-8601" };
    if (d.getTime() > now.getTime() + MAX_FUTURE_MS) return { ok: false, reason: "at is in the future" };
    if (d.getTime() < now.getTime() - MAX_PAST_MS) return { ok: false, reason: "at is over 30 days old" };
    when = d.getTime() > now.getTime() ? now : d;
  }
  return { ok: true, event: event as E, at: when };
}

export class MqttIngest {
  private client: MqttClient | undefined;
  private amiQueue: AmiEventInput[] = [];
  private amiTimer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private closed = false;
  readonly stats: IngestStats = {
    received: 0,
    byOutcome: { accepted: 0, duplicate: 0, unknown_element: 0, malformed: 0, unknown_topic: 0, failed: 0 },
    lastMessageAt: undefined,
    connected: false,
  };

  constructor(
    private readonly outages: OutagesService,
    private readonly options: MqttIngestOptions,
  ) {}

  get topics(): string[] {
    const p = this.options.prefix;
    return [`${p}/scada/feeders/+`, `${p}/ami/meters/+`];
  }

  /** Connects and subscribes; resolves once subscribed (or rejects when the broker cannot be reached at first). */
  async start(): Promise<void> {
    const log = this.options.logger;
    const client = mqtt.connect(this.options.url, {
      clientId:
        this.options.clientId ?? `powerdesk-ingest-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      reconnectPeriod: 2000,
      connectTimeout: 10_000,
      clean: true,
    });
    this.client = client;
    client.on("message", (topic, payload) => this.onMessage(topic, payload));
    client.on("connect", () => {
      this.stats.connected = true;
      client.subscribe(this.topics, { qos: 1 }, (err) => {
        if (err) log?.error({ err }, "mqtt: subscribe failed");
      });
    });
    client.on("close", () => {
      if (this.stats.connected) log?.warn("mqtt: connection to the broker lost; reconnecting");
      this.stats.connected = false;
    });
    client.on("error", (err) => log?.error({ err: err.message }, "mqtt: client error"));
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => {
        client.off("connect", ok);
        reject(err);
      };
      const ok = () => {
        client.off("error", fail);
        client.subscribe(this.topics, { qos: 1 }, (err) => (err ? reject(err) : resolve()));
      };
      client.once("connect", ok);
      client.once("error", fail);
    });
    log?.info({ topics: this.topics }, "mqtt: subscribed to SCADA and smart-meter events");
  }

  private count(outcome: IngestOutcome, n = 1): void {
    this.stats.byOutcome[outcome] += n;
  }

  private onMessage(topic: string, payload: Buffer): void {
    if (this.closed) return;
    this.stats.received++;
    this.stats.lastMessageAt = new Date();
    const now = this.options.now?.() ?? new Date();
    const rest = topic.slice(this.options.prefix.length + 1).split("/");
    const log = this.options.logger;
    const element = rest[2] ?? "";
    if (rest.length !== 3 || !element) {
      this.count("unknown_topic");
      log?.warn({ topic }, "mqtt: message on an unexpected topic ignored");
      return;
    }
    if (rest[0] === "scada" && rest[1] === "feeders") {
      const m = parseEvent(payload, ["trip", "close"] as const, now);
      if (!m.ok) {
        this.count("malformed");
        log?.warn({ topic, reason: m.reason }, "mqtt: malformed SCADA message ignored");
        return;
      }
      this.enqueue(() => this.scada(element, m));
      return;
    }
    if (rest[0] === "ami" && rest[1] === "meters") {
      const m = parseEvent(payload, ["last_gasp", "power_restore"] as const, now);
      if (!m.ok) {
        this.count("malformed");
        log?.warn({ topic, reason: m.reason }, "mqtt: malformed meter message ignored");
        return;
      }
      this.amiQueue.push({ meterNo: element, event: m.event, at: m.at });
      if (this.amiQueue.length >= (this.options.amiBatchMax ?? 2000)) this.flushAmi();
      else this.amiTimer ??= setTimeout(() => this.flushAmi(), this.options.amiBatchMs ?? 100);
      return;
    }
    this.count("unknown_topic");
    log?.warn({ topic }, "mqtt: message on an unexpected topic ignored");
  }

  /** SCADA messages of one process in order: a trip and its close must not overtake each other. */
  private enqueue(work: () => Promise<void>): void {
    this.pending++;
    this.chain = this.chain
      .then(work)
      .catch((err) => {
        this.count("failed");
        this.options.logger?.error({ err }, "mqtt: event could not be recorded");
      })
      .finally(() => {
        this.pending--;
      });
  }

  private async scada(feederCode: string, m: ScadaMessage): Promise<void> {
    const r = await this.outages.scada(feederCode, m.event, m.at, "mqtt");
    if (r.outcome === "unknown") {
      this.count("unknown_element");
      this.options.logger?.warn({ feederCode }, "mqtt: SCADA event for an unknown feeder ignored");
    } else if (r.outcome === "duplicate" || r.outcome === "stale") this.count("duplicate");
    else this.count("accepted");
  }

  private flushAmi(): void {
    if (this.amiTimer) clearTimeout(this.amiTimer);
    this.amiTimer = undefined;
    const batch = this.amiQueue;
    this.amiQueue = [];
    if (batch.length === 0) return;
    this.enqueue(async () => {
      const r = await this.outages.ami(batch, "mqtt");
      const unknown = new Set(r.unknown);
      const unknownEvents = batch.filter((e) => unknown.has(e.meterNo.trim().toUpperCase())).length;
      if (unknownEvents) {
        this.count("unknown_element", unknownEvents);
        this.options.logger?.warn(
          { meters: r.unknown.slice(0, 10), count: r.unknown.length },
          "mqtt: events for unknown meters ignored",
        );
      }
      this.count("duplicate", r.duplicates);
      this.count("accepted", batch.length - r.duplicates - unknownEvents);
    });
  }

  /** Resolves when every message received so far has been handled (tests, shutdown). */
  async idle(): Promise<void> {
    this.flushAmi();
    while (this.pending > 0) await this.chain;
  }

  async close(): Promise<void> {
    await this.idle();
    this.closed = true;
    await this.client?.endAsync();
  }
}

export interface EmbeddedBroker {
  port: number;
  url: string;
  close(): Promise<void>;
}

export class BrokerPortError extends Error {}

/** The embedded broker (aedes), so `npm start` alone accepts SCADA and meter events. */
export async function startEmbeddedBroker(port: number, host = "0.0.0.0"): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      broker.close();
      reject(
        err.code === "EADDRINUSE"
          ? new BrokerPortError(
              `MQTT port ${port} is already in use (another broker?): set MQTT_URL to use that broker, or MQTT_PORT for another port`,
            )
          : err,
      );
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  return {
    port: bound,
    url: `mqtt://127.0.0.1:${bound}`,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** MQTT ingest counters on the server's /metrics. */
export function registerIngestMetrics(registry: Registry, ingest: MqttIngest): void {
  new Gauge({
    name: "powerdesk_mqtt_messages",
    help: "MQTT network events received since start, by outcome (unknown_element, malformed: logged and dropped)",
    labelNames: ["outcome"] as const,
    registers: [registry],
    collect() {
      for (const [outcome, n] of Object.entries(ingest.stats.byOutcome)) this.set({ outcome }, n);
    },
  });
  new Gauge({
    name: "powerdesk_mqtt_connected",
    help: "1 while the MQTT subscriber is connected to its broker",
    registers: [registry],
    collect() {
      this.set(ingest.stats.connected ? 1 : 0);
    },
  });
}
