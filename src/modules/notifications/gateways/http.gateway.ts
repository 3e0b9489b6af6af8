import type { Logger } from "pino";
import type { SmsHttpConfig } from "../../../config.ts";
import { renderBody } from "../../../lib/sms-http-body.ts";
import {
  GatewayError,
  type GatewayHandlers,
  maskMobile,
  type OutgoingSms,
  type SmsGateway,
  type SubmitResult,
} from "./gateway.ts";

export interface HttpGatewayOptions {
  http: SmsHttpConfig;
  /** The DLT principal entity id, sent with every message. */
  entityId: string;
  logger?: Logger | undefined;
  /** After a connection failure the gateway says it is down, and this long after lets a message try again (doubling to a minute). */
  retryUpMs?: number;
}

/** The value at a dot path (`data.0.id`) of parsed JSON; array indexes are numbers. */
export function readPath(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split(".")) {
    if (Array.isArray(v) && /^\d+$/.test(key)) v = v[Number(key)];
    else if (v !== null && typeof v === "object" && Object.hasOwn(v, key))
      v = (v as Record<string, unknown>)[key];
    else return undefined;
  }
  return v;
}

// Aggregators name the final states their own way; the outbox speaks SMPP's (DELIVRD, UNDELIV, ...).
const RECEIPT_STATUS: Record<string, string> = {
  DELIVRD: "DELIVRD",
  DELIVERED: "DELIVRD",
  DELIVERY: "DELIVRD",
  DLVRD: "DELIVRD",
  SUCCESS: "DELIVRD",
  SUCCESSFUL: "DELIVRD",
  UNDELIV: "UNDELIV",
  UNDELIVERED: "UNDELIV",
  UNDELIVERABLE: "UNDELIV",
  FAILED: "UNDELIV",
  FAILURE: "UNDELIV",
  FAIL: "UNDELIV",
  EXPIRED: "EXPIRED",
  EXPIRD: "EXPIRED",
  REJECTD: "REJECTD",
  REJECTED: "REJECTD",
  REJECT: "REJECTD",
  // India's do-not-disturb registry refused it: final, like a rejection.
  DND: "REJECTD",
  DELETED: "DELETED",
  UNKNOWN: "UNKNOWN",
};
// Not final: the message is still on its way, nothing to record.
const IN_TRANSIT = new Set([
  "ACCEPTD",
  "ACCEPTED",
  "ENROUTE",
  "SUBMITTED",
  "SENT",
  "PENDING",
  "QUEUED",
  "BUFFERED",
]);

/**
 * An aggregator's receipt status in the outbox's words: DELIVRD, UNDELIV,
 * EXPIRED, REJECTD, DELETED, UNKNOWN; `null` for a message still in transit;
 * `undefined` for a word we do not know.
 */
export function receiptStatus(raw: string): string | null | undefined {
  const key = raw
    .trim()
    .toUpperCase()
    .replace(/[\s_-]+/g, "");
  if (IN_TRANSIT.has(key)) return null;
  return RECEIPT_STATUS[key];
}

const REASON_KEYS = [
  "message",
  "error",
  "errorMessage",
  "error_message",
  "error_description",
  "description",
  "details",
  "reason",
  "msg",
];

/** The aggregator's reason, short, with any mobile number in it masked. */
export function aggregatorReason(body: string, text?: string): string {
  // An aggregator that echoes the message would put its text (a verification code) in the error.
  let reason = text && text.length >= 6 ? body.split(text).join("[text]") : body;
  try {
    const json: unknown = JSON.parse(body);
    const candidates = [json, readPath(json, "response"), readPath(json, "error"), readPath(json, "data")];
    found: for (const c of candidates) {
      if (!c || typeof c !== "object") continue;
      for (const key of REASON_KEYS) {
        const v = (c as Record<string, unknown>)[key];
        if (typeof v === "string" && v.trim()) {
          reason = text && text.length >= 6 ? v.split(text).join("[text]") : v;
          break found;
        }
      }
    }
  } catch {
    // Not JSON: the text itself.
  }
  const clean = reason
    .replace(/<[^>]*>/g, " ")
    .replace(/(?<!\d)(?:\+?91)?([6-9]\d{9})(?!\d)/g, (_, m: string) => maskMobile(m))
    .replace(/[\p{Cc}\s]+/gu, " ")
    .trim();
  return clean.length > 100 ? `${clean.slice(0, 99)}…` : clean || "no reason given";
}

/**
 * A generic HTTP SMS aggregator (Gupshup, Kaleyra, Route Mobile, ValueFirst
 * and the like, each with its own request shape, set by SMS_HTTP_BODY). One
 * request per message: the aggregator splits long ones, so a message has one
 * id. Receipts and inbound SMS come back through the webhooks
 * (sms-webhook.routes.ts), not through this object.
 */
export class HttpGateway implements SmsGateway {
  readonly name = "http";
  readonly window: number;
  private handlers: GatewayHandlers | undefined;
  private down = false;
  private closed = false;
  private retryMs: number;
  private upTimer: NodeJS.Timeout | undefined;
  private readonly inflight = new Set<AbortController>();

  constructor(private readonly options: HttpGatewayOptions) {
    this.window = options.http.concurrency;
    this.retryMs = options.retryUpMs ?? 5000;
  }

  async start(handlers: GatewayHandlers): Promise<void> {
    this.handlers = handlers;
    this.closed = false;
    handlers.state?.(true);
  }

  private request(sms: OutgoingSms): { url: string; init: RequestInit } {
    const http = this.options.http;
    const rendered = renderBody(
      http.body,
      {
        to: sms.to,
        to91: `91${sms.to}`,
        text: sms.text,
        sender: sms.sender,
        dlt_entity_id: this.options.entityId,
        dlt_template_id: sms.dltTemplateId,
        unicode: sms.layout.encoding === "ucs2" ? "1" : "0",
        ref: String(sms.outboxId),
      },
      http.contentType,
    );
    const headers: Record<string, string> = { accept: "application/json" };
    if (http.authHeader) headers[http.authHeader.name] = http.authHeader.value;
    if (http.method === "GET")
      return {
        url: `${http.url}${http.url.includes("?") ? "&" : "?"}${rendered}`,
        init: { method: "GET", headers, redirect: "manual" },
      };
    headers["content-type"] = http.contentType;
    return { url: http.url, init: { method: "POST", headers, body: rendered, redirect: "manual" } };
  }

  async submit(sms: OutgoingSms): Promise<SubmitResult> {
    if (this.closed) throw new GatewayError("the http gateway is closed", true);
    const log = this.options.logger;
    const { url, init } = this.request(sms);
    const controller = new AbortController();
    this.inflight.add(controller);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.http.timeoutMs);
    let status: number;
    let body: string;
    try {
      const res = await fetch(url, { ...init, signal: controller.signal });
      status = res.status;
      body = await res.text();
    } catch (err) {
      if (timedOut)
        throw new GatewayError(
          `no answer from the aggregator in ${this.options.http.timeoutMs / 1000} s`,
          true,
        );
      if (this.closed) throw new GatewayError("the http gateway is closed", true);
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      this.markDown(cause);
      throw new GatewayError(`aggregator unreachable (${cause})`, true);
    } finally {
      clearTimeout(timer);
      this.inflight.delete(controller);
    }
    this.markUp();
    const to = maskMobile(sms.to);
    if (status >= 200 && status < 300) {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        throw new GatewayError(
          `the aggregator's answer is not JSON: ${aggregatorReason(body, sms.text)}`,
          false,
        );
      }
      const id = readPath(json, this.options.http.idPath);
      // A 200 without an id is how several aggregators refuse; sending again could send twice.
      if ((typeof id !== "string" || !id) && (typeof id !== "number" || !Number.isFinite(id)))
        throw new GatewayError(
          `no message id at ${this.options.http.idPath} in the aggregator's answer: ${aggregatorReason(body, sms.text)}`,
          false,
        );
      log?.debug({ outboxId: sms.outboxId, to, smscId: String(id) }, "sms: accepted by the aggregator");
      return { smscIds: [String(id)] };
    }
    const reason = aggregatorReason(body, sms.text);
    if (status === 429) throw new GatewayError("aggregator throttling (HTTP 429)", true, true);
    if (status >= 500 || status === 408)
      throw new GatewayError(`aggregator error (HTTP ${status}): ${reason}`, true);
    if (status === 401 || status === 403) {
      // Our credentials, not this message: it waits (and retries) while someone fixes SMS_HTTP_AUTH_HEADER.
      log?.error(
        { status, reason },
        "sms: the aggregator refused our credentials; check SMS_HTTP_AUTH_HEADER",
      );
      throw new GatewayError(`aggregator refused our credentials (HTTP ${status})`, true);
    }
    throw new GatewayError(`aggregator refused the message (HTTP ${status}): ${reason}`, false);
  }

  private markDown(cause: string): void {
    if (this.down || this.closed) return;
    this.down = true;
    this.options.logger?.warn({ cause, retryInMs: this.retryMs }, "sms: aggregator unreachable");
    this.handlers?.state?.(false);
    // Nothing tells us it is back: after a while let the next message find out.
    this.upTimer = setTimeout(() => {
      this.upTimer = undefined;
      this.down = false;
      if (!this.closed) this.handlers?.state?.(true);
    }, this.retryMs);
    this.upTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, 60_000);
  }

  private markUp(): void {
    this.retryMs = this.options.retryUpMs ?? 5000;
    if (!this.down) return;
    this.down = false;
    if (this.upTimer) clearTimeout(this.upTimer);
    this.upTimer = undefined;
    this.handlers?.state?.(true);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.upTimer) clearTimeout(this.upTimer);
    this.upTimer = undefined;
    for (const c of this.inflight) c.abort();
    this.inflight.clear();
  }
}
