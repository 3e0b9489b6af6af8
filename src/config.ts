import path from "node:path";
import { proxyListProblem } from "./lib/proxy-list.ts";
import {
  checkBodyTemplate,
  DEFAULT_FORM_BODY,
  DEFAULT_JSON_BODY,
  type HttpBodyType,
} from "./lib/sms-http-body.ts";

export type SmsGatewayKind = "log" | "smpp" | "http";
export type CookieSecure = "auto" | "always" | "never";
export type SmppLongMessages = "udh" | "payload";

/** How the http gateway talks to an aggregator's send API. */
export interface SmsHttpConfig {
  url: string;
  method: "POST" | "GET";
  /** How the body template's values are escaped (with GET: always URL-encoded into the query string). */
  contentType: HttpBodyType;
  /** The body (or, with GET, query string) with {to}, {text}, ... placeholders. */
  body: string;
  /** Sent with every request; never logged. */
  authHeader: { name: string; value: string } | undefined;
  /** Dot path to the message id in the JSON answer, e.g. data.0.id. */
  idPath: string;
  /** Requests outstanding at once. */
  concurrency: number;
  timeoutMs: number;
}

/** Where an HTTP aggregator posts delivery receipts and inbound SMS, and the field names it uses. */
export interface SmsWebhookConfig {
  /** Shared secret the aggregator sends; the webhooks are off without it. */
  token: string | undefined;
  receiptIdField: string;
  receiptStatusField: string;
  receiptErrorField: string | undefined;
  inboundFromField: string;
  inboundTextField: string;
}

export interface Config {
  /** PostgreSQL URL; when absent the embedded PGlite database in dataDir is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  /** Where consumers reach the public pages (feedback and survey links in SMS); short: a link is at most 30 characters. */
  publicUrl: string;
  /** A softphone or dialler: the callback desk's "call" posts the number here. */
  ctiUrl: string | undefined;
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
  /** The DLT ids in their TLVs NUL-terminated (`cstring`) or as the digits alone (`octets`). */
  smppDltTlvEncoding: "cstring" | "octets";
  /** Long messages as concatenated parts with a UDH, or as one submit_sm with the text in message_payload. */
  smppLongMessages: SmppLongMessages;
  /** With SMS_GATEWAY=http. */
  smsHttp: SmsHttpConfig | undefined;
  smsWebhook: SmsWebhookConfig;
  /** How long a worker holds the SMS it claimed; a dead worker's go back to the queue after it. */
  smsLeaseSeconds: number;
  /** Local hours [start, end) when optional SMS (bills, surveys) wait. */
  smsQuietHours: { start: number; end: number };
  timeZone: string;
  logLevel: string;
  cookieSecure: CookieSecure;
  /** Extra origins (scheme://host[:port]) allowed to make state-changing requests with a session cookie. */
  allowedOrigins: string[];
  /** Which peers' X-Forwarded-For is believed: none, the nearest N hops, or proxies at these addresses/CIDRs. */
  trustProxy: TrustProxy;
  /** Bearer token required for GET /metrics; open when unset. */
  metricsToken: string | undefined;
  /** WhatsApp, Facebook/Instagram and X: each off (its webhook a 404) until its secrets are set. */
  channels: ChannelsConfig;
}

/** WhatsApp Cloud API: the webhook's verify token and app secret; what sending needs. */
export interface WhatsAppConfig {
  verifyToken: string;
  appSecret: string;
  /** Graph API base, e.g. https://graph.facebook.com/v21.0 (a local fake in tests). */
  apiUrl: string;
  /** Without the token and the phone number id, replies fail with "sending is not configured". */
  token: string | undefined;
  phoneNumberId: string | undefined;
}

/** A Facebook page and its Instagram account, on one Meta app. */
export interface MetaConfig {
  verifyToken: string;
  appSecret: string;
  apiUrl: string;
  pageToken: string | undefined;
}

/** X Account Activity API: CRC and signatures with the consumer secret; replies with the bearer token. */
export interface XConfig {
  consumerSecret: string;
  apiUrl: string;
  bearerToken: string | undefined;
}

export interface ChannelsConfig {
  whatsapp: WhatsAppConfig | undefined;
  meta: MetaConfig | undefined;
  x: XConfig | undefined;
}

export type TrustProxy = false | { hops: number } | { addresses: string[] };

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

/**
 * The base of the links consumers get by SMS: `{base}/f/<8 characters>` (feedback)
 * and `{base}/s/<8 characters>` (the survey) must
 * fit a DLT variable (30 characters), without its http(s):// if need be.
 */
function publicUrl(env: Env): string {
  const url = urlVar(env, "PUBLIC_URL", ["http:", "https:"]) ?? `http://localhost:${env.PORT || 8080}`;
  const u = new URL(url);
  const short = `${u.host}${u.pathname.replace(/\/$/, "")}`;
  if (short.length + "/f/".length + 8 > 30)
    throw new ConfigError(
      "PUBLIC_URL",
      `"${short}" is too long for an SMS link (a DLT variable is at most 30 characters): use a short host of at most 19 characters`,
    );
  return url;
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

function pathVar(env: Env, name: string, fallback: string): string;
function pathVar(env: Env, name: string, fallback: undefined): string | undefined;
function pathVar(env: Env, name: string, fallback: string | undefined): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(raw))
    throw new ConfigError(name, `expected a field name or a dot path like data.0.id, got "${raw}"`);
  return raw;
}

function smsHttp(env: Env): SmsHttpConfig {
  const url = urlVar(env, "SMS_HTTP_URL", ["http:", "https:"]);
  if (!url) throw new ConfigError("SMS_HTTP_URL", "is required when SMS_GATEWAY=http");
  const method = oneOf(env, "SMS_HTTP_METHOD", ["POST", "GET"] as const, "POST");
  const contentType = oneOf(
    env,
    "SMS_HTTP_CONTENT_TYPE",
    ["application/json", "application/x-www-form-urlencoded"] as const,
    method === "GET" ? "application/x-www-form-urlencoded" : "application/json",
  );
  if (method === "GET" && contentType !== "application/x-www-form-urlencoded")
    throw new ConfigError(
      "SMS_HTTP_CONTENT_TYPE",
      "with SMS_HTTP_METHOD=GET the fields go URL-encoded in the query string: leave it unset",
    );
  const body =
    env.SMS_HTTP_BODY || (contentType === "application/json" ? DEFAULT_JSON_BODY : DEFAULT_FORM_BODY);
  const problem = checkBodyTemplate(body, contentType);
  if (problem) throw new ConfigError("SMS_HTTP_BODY", problem);
  let authHeader: SmsHttpConfig["authHeader"];
  const rawAuth = env.SMS_HTTP_AUTH_HEADER;
  if (rawAuth) {
    // The value is a secret: the error never repeats it.
    const m = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+):[ \t]*(\S.*)$/.exec(rawAuth);
    if (!m)
      throw new ConfigError(
        "SMS_HTTP_AUTH_HEADER",
        'expected "Name: value", e.g. "Authorization: Bearer ..."',
      );
    authHeader = { name: m[1] as string, value: (m[2] as string).trim() };
  }
  if (!env.DLT_ENTITY_ID)
    throw new ConfigError(
      "DLT_ENTITY_ID",
      "is required when SMS_GATEWAY=http (every SMS carries the DLT entity id)",
    );
  return {
    url,
    method,
    contentType,
    body,
    authHeader,
    idPath: pathVar(env, "SMS_HTTP_ID_PATH", "id"),
    concurrency: intVar(env, "SMS_HTTP_CONCURRENCY", 20, 1, 1000),
    timeoutMs: intVar(env, "SMS_HTTP_TIMEOUT_SECONDS", 10, 1, 120) * 1000,
  };
}

function smsWebhook(env: Env): SmsWebhookConfig {
  const token = env.SMS_HTTP_WEBHOOK_TOKEN || undefined;
  // Whoever knows it can mark messages delivered and register complaints: not something guessable.
  if (token !== undefined && (token.length < 16 || /\s/.test(token)))
    throw new ConfigError("SMS_HTTP_WEBHOOK_TOKEN", "must be at least 16 characters, without spaces");
  return {
    token,
    receiptIdField: pathVar(env, "SMS_HTTP_RECEIPT_ID_FIELD", "id"),
    receiptStatusField: pathVar(env, "SMS_HTTP_RECEIPT_STATUS_FIELD", "status"),
    receiptErrorField: pathVar(env, "SMS_HTTP_RECEIPT_ERROR_FIELD", undefined),
    inboundFromField: pathVar(env, "SMS_HTTP_INBOUND_FROM_FIELD", "from"),
    inboundTextField: pathVar(env, "SMS_HTTP_INBOUND_TEXT_FIELD", "text"),
  };
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

/**
 * TRUST_PROXY: a hop count (`1`: one reverse proxy in front, the address it
 * connected from is the client) or a comma list of the proxies' addresses and
 * CIDRs. `true` (believe any X-Forwarded-For) is refused: every per-address
 * limit would be the client's to choose.
 */
function trustProxy(env: Env): TrustProxy {
  const raw = (env.TRUST_PROXY ?? "").trim();
  if (raw === "" || raw === "0" || raw === "false") return false;
  if (/^\d+$/.test(raw)) return { hops: intVar(env, "TRUST_PROXY", 0, 1, 10) };
  if (raw === "true")
    throw new ConfigError(
      "TRUST_PROXY",
      "true would believe any client's X-Forwarded-For: give the number of proxies in front (e.g. 1) or their addresses (e.g. 10.0.0.0/8)",
    );
  const addresses = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const problem = proxyListProblem(addresses);
  if (problem) throw new ConfigError("TRUST_PROXY", `${problem}: expected a hop count or addresses/CIDRs`);
  return { addresses };
}

/** Both of a channel's webhook secrets, or neither: one alone is a half-done set-up, refused by name. */
function pair(env: Env, a: string, b: string): [string, string] | undefined {
  const x = env[a] || undefined;
  const y = env[b] || undefined;
  if (!x && !y) return undefined;
  if (!x) throw new ConfigError(a, `is required with ${b} (the channel's webhook needs both)`);
  if (!y) throw new ConfigError(b, `is required with ${a} (the channel's webhook needs both)`);
  return [x, y];
}

function channels(env: Env): ChannelsConfig {
  const wa = pair(env, "WHATSAPP_VERIFY_TOKEN", "WHATSAPP_APP_SECRET");
  const meta = pair(env, "META_VERIFY_TOKEN", "META_APP_SECRET");
  const xSecret = env.X_CONSUMER_SECRET || undefined;
  const base = (name: string, fallback: string) =>
    (urlVar(env, name, ["http:", "https:"]) ?? fallback).replace(/\/+$/, "");
  return {
    whatsapp: wa && {
      verifyToken: wa[0],
      appSecret: wa[1],
      apiUrl: base("WHATSAPP_API_URL", "https://graph.facebook.com/v21.0"),
      token: env.WHATSAPP_TOKEN || undefined,
      phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID || undefined,
    },
    meta: meta && {
      verifyToken: meta[0],
      appSecret: meta[1],
      apiUrl: base("META_API_URL", "https://graph.facebook.com/v21.0"),
      pageToken: env.META_PAGE_TOKEN || undefined,
    },
    x:
      xSecret === undefined
        ? undefined
        : {
            consumerSecret: xSecret,
            apiUrl: base("X_API_URL", "https://api.x.com"),
            bearerToken: env.X_BEARER_TOKEN || undefined,
          },
  };
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
  const http = smsGateway === "http" ? smsHttp(env) : undefined;
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
    publicUrl: publicUrl(env),
    ctiUrl: urlVar(env, "CTI_URL", ["http:", "https:"]),
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
    smppDltTlvEncoding: oneOf(env, "SMPP_DLT_TLV_ENCODING", ["cstring", "octets"] as const, "cstring"),
    smppLongMessages: oneOf(env, "SMPP_LONG_MESSAGES", ["udh", "payload"] as const, "udh"),
    smsHttp: http,
    smsWebhook: smsWebhook(env),
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
    trustProxy: trustProxy(env),
    metricsToken: env.METRICS_TOKEN || undefined,
    channels: channels(env),
  };
}
