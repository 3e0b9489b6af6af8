import path from "node:path";

export type SmsGatewayKind = "log" | "smpp" | "http";
export type CookieSecure = "auto" | "always" | "never";

export interface Config {
  /** PostgreSQL URL; when absent the embedded PGlite database in dataDir is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  mqttUrl: string | undefined;
  mqttPort: number;
  /** Whether MQTT_PORT was given: a busy default port is then worked around, a busy chosen one is an error. */
  mqttPortChosen: boolean;
  /** First level of the MQTT topics (DESIGN.md: powerdesk/scada/feeders/{code}, powerdesk/ami/meters/{no}). */
  mqttTopicPrefix: string;
  smsGateway: SmsGatewayKind;
  smppUrl: string | undefined;
  dltEntityId: string | undefined;
  /** SMS parts (submit_sm) per second the gateway allows; 0: no limit. */
  smsRate: number;
  /** Submits outstanding at once on the SMPP link. */
  smppWindow: number;
  /** TLV tags of the DLT entity and template ids. */
  smppEntityTag: number;
  smppTemplateTag: number;
  /** How long a worker holds the SMS it claimed; a dead worker's go back to the queue after it. */
  smsLeaseSeconds: number;
  /** Local hours [start, end) when optional SMS (bills, surveys) wait. */
  smsQuietHours: { start: number; end: number };
  timeZone: string;
  logLevel: string;
  cookieSecure: CookieSecure;
  /** Extra origins (scheme://host[:port]) allowed to make state-changing requests with a session cookie. */
  allowedOrigins: string[];
  trustProxy: boolean;
  /** Bearer token required for GET /metrics; open when unset. */
  metricsToken: string | undefined;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(", ")}, got "${raw}"`);
  }
  return raw as T;
}

function urlVar(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, "is not a valid URL");
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(" or ")}`);
  }
  return raw;
}

function tagVar(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = /^0x[0-9a-f]+$/i.test(raw)
    ? Number.parseInt(raw, 16)
    : /^\d+$/.test(raw)
      ? Number(raw)
      : Number.NaN;
  if (!Number.isInteger(n) || n < 0x1400 || n > 0x3fff)
    throw new ConfigError(name, `must be a vendor TLV tag from 0x1400 to 0x3FFF, got "${raw}"`);
  return n;
}

function quietHours(env: Env): { start: number; end: number } {
  const raw = env.SMS_QUIET_HOURS;
  if (raw === undefined || raw === "") return { start: 21, end: 8 };
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(raw);
  const start = Number(m?.[1]);
  const end = Number(m?.[2]);
  if (!m || start > 23 || end > 23 || start === end)
    throw new ConfigError("SMS_QUIET_HOURS", `expected hours like 21-8, got "${raw}"`);
  return { start, end };
}

function topicPrefix(env: Env): string {
  const raw = env.MQTT_TOPIC_PREFIX;
  if (raw === undefined || raw === "") return "powerdesk";
  if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(raw))
    throw new ConfigError(
      "MQTT_TOPIC_PREFIX",
      `must be topic levels like "powerdesk" or "discom/up", got "${raw}"`,
    );
  return raw;
}

/** Reads and validates the environment once; throws ConfigError naming the variable at fault. */
export function loadConfig(env: Env = process.env): Config {
  const timeZone = env.TZ || "Asia/Kolkata";
  try {
    new Intl.DateTimeFormat("en-IN", { timeZone });
  } catch {
    throw new ConfigError("TZ", `unknown time zone "${timeZone}"`);
  }
  const smsGateway = oneOf(env, "SMS_GATEWAY", ["log", "smpp", "http"] as const, "log");
  const smppUrl = urlVar(env, "SMPP_URL", ["smpp:", "smpps:"]);
  if (smsGateway === "smpp" && !smppUrl)
    throw new ConfigError("SMPP_URL", "is required when SMS_GATEWAY=smpp");
  if (smsGateway === "smpp" && !env.DLT_ENTITY_ID)
    throw new ConfigError(
      "DLT_ENTITY_ID",
      "is required when SMS_GATEWAY=smpp (every SMS carries the DLT entity id)",
    );
  if (smsGateway === "http")
    throw new ConfigError("SMS_GATEWAY", "the http gateway is not built yet: use log or smpp");
  const allowedOrigins = (env.ALLOWED_ORIGINS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((o) => {
      try {
        return new URL(o).origin;
      } catch {
        throw new ConfigError("ALLOWED_ORIGINS", `"${o}" is not an origin like https://desk.example.in`);
      }
    });
  return {
    databaseUrl: urlVar(env, "DATABASE_URL", ["postgres:", "postgresql:"]),
    dataDir: path.resolve(env.DATA_DIR || "./data"),
    host: env.HOST || "0.0.0.0",
    port: intVar(env, "PORT", 8080, 0, 65535),
    mqttUrl: urlVar(env, "MQTT_URL", ["mqtt:", "mqtts:", "ws:", "wss:"]),
    mqttPort: intVar(env, "MQTT_PORT", 1883, 0, 65535),
    mqttPortChosen: Boolean(env.MQTT_PORT),
    mqttTopicPrefix: topicPrefix(env),
    smsGateway,
    smppUrl,
    dltEntityId: env.DLT_ENTITY_ID || undefined,
    smsRate: intVar(env, "SMS_RATE", 100, 0, 100_000),
    smppWindow: intVar(env, "SMPP_WINDOW", 50, 1, 1000),
    smppEntityTag: tagVar(env, "SMPP_DLT_ENTITY_TAG", 0x1400),
    smppTemplateTag: tagVar(env, "SMPP_DLT_TEMPLATE_TAG", 0x1401),
    smsQuietHours: quietHours(env),
    smsLeaseSeconds: intVar(env, "SMS_LEASE_SECONDS", 60, 2, 3600),
    timeZone,
    logLevel: oneOf(
      env,
      "LOG_LEVEL",
      ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const,
      "info",
    ),
    cookieSecure: oneOf(env, "COOKIE_SECURE", ["auto", "always", "never"] as const, "auto"),
    allowedOrigins,
    trustProxy: env.TRUST_PROXY === "1" || env.TRUST_PROXY === "true",
    metricsToken: env.METRICS_TOKEN || undefined,
  };
}
