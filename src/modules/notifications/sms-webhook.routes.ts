import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import type { Logger } from "pino";
import type { Config } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import { errors } from "../../http/schemas.ts";
import { AppError, badRequest } from "../../lib/errors.ts";
import type { Services } from "../registry.ts";
import { createSmsWebhook } from "./delivery.ts";
import { readPath, receiptStatus } from "./gateways/http.gateway.ts";
import {
  InboundResult,
  ReceiptsResult,
  WebhookItems,
  WebhookTokenHeader,
  WebhookTokenQuery,
} from "./sms-webhook.schemas.ts";

export interface SmsWebhookDeps {
  config: Config;
  database: Database;
  services: Services;
  logger?: Logger | undefined;
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/** A text field: a string, or a number (ids and mobiles often come as numbers). */
function text(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

function list(body: unknown): { items: Record<string, unknown>[]; prefix: (i: number) => string } {
  const many = Array.isArray(body);
  return {
    items: (many ? body : [body]) as Record<string, unknown>[],
    prefix: (i) => (many ? `${i}.` : ""),
  };
}

/**
 * Webhooks for an HTTP SMS aggregator: delivery receipts and inbound SMS.
 * They authenticate with a shared secret (SMS_HTTP_WEBHOOK_TOKEN) and are
 * off (404) without one. The session cookie's origin check does not apply:
 * an aggregator sends no Origin, and no cookie.
 */
export function smsWebhookRoutes(deps: SmsWebhookDeps): FastifyPluginAsyncTypebox {
  const hook = deps.config.smsWebhook;
  const expected = hook.token ? digest(hook.token) : undefined;
  return async (app) => {
    const intake = expected
      ? createSmsWebhook(
          deps.database,
          deps.services.complaints,
          deps.services.clock,
          deps.logger,
          deps.services.channelIntake,
        )
      : undefined;
    app.addHook("onClose", async () => intake?.close());

    // Several aggregators post form fields; this parser is for these routes only.
    app.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string" },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );

    // Before the body is read: a wrong token is a 401 whatever it sent.
    app.addHook("onRequest", async (request: FastifyRequest) => {
      if (!expected)
        throw new AppError(
          404,
          "not_found",
          "the SMS webhooks are off: set SMS_HTTP_WEBHOOK_TOKEN to turn them on",
        );
      const header = request.headers["x-webhook-token"];
      const given = typeof header === "string" ? header : (request.query as { token?: unknown }).token;
      // Digests compare in constant time whatever the lengths.
      if (typeof given !== "string" || !given || !timingSafeEqual(digest(given), expected))
        throw new AppError(401, "invalid_token", "the webhook token is missing or wrong");
    });

    app.post(
      "/api/sms/receipts",
      {
        config: { originCheck: false },
        schema: {
          tags: ["sms"],
          summary: "Delivery receipts from the HTTP SMS aggregator",
          description:
            "Authenticated by the shared secret SMS_HTTP_WEBHOOK_TOKEN in the `X-Webhook-Token` header or " +
            "`?token=`, not by a session or API token. The body is one receipt or a list of them, as JSON or " +
            "form fields; the field names are the aggregator's: SMS_HTTP_RECEIPT_ID_FIELD (default `id`: the " +
            "id it answered when it took the message), SMS_HTTP_RECEIPT_STATUS_FIELD (default `status`) and " +
            "optionally SMS_HTTP_RECEIPT_ERROR_FIELD; dot paths like `data.status` reach nested fields. " +
            "Statuses such as DELIVRD, DELIVERED, SUCCESS mark the message delivered; UNDELIV, FAILED, " +
            "EXPIRED, REJECTED, DND mark it failed; ones still in transit (SENT, ACCEPTED, ...) and unknown " +
            "words are counted as ignored.",
          security: [],
          querystring: WebhookTokenQuery,
          headers: WebhookTokenHeader,
          body: WebhookItems,
          response: {
            200: ReceiptsResult,
            ...errors(400, 401, 404),
          },
        },
      },
      async (request) => {
        const { items, prefix } = list(request.body);
        const receipts: { smscId: string; status: string; error?: string }[] = [];
        let ignored = 0;
        items.forEach((item, i) => {
          const idField = `${prefix(i)}${hook.receiptIdField}`;
          const id = text(readPath(item, hook.receiptIdField))?.trim();
          if (!id) throw badRequest(`field "${idField}" is required: the aggregator's message id`, idField);
          if (id.length > 100) throw badRequest(`field "${idField}" is longer than 100 characters`, idField);
          const statusField = `${prefix(i)}${hook.receiptStatusField}`;
          const raw = text(readPath(item, hook.receiptStatusField))?.trim();
          if (!raw) throw badRequest(`field "${statusField}" is required: the delivery status`, statusField);
          const status = receiptStatus(raw);
          if (!status) {
            if (status === undefined)
              request.log.warn({ status: raw.slice(0, 30) }, "sms: receipt with a status we do not know");
            ignored++;
            return;
          }
          const error = hook.receiptErrorField
            ? text(readPath(item, hook.receiptErrorField))?.slice(0, 100)
            : undefined;
          receipts.push({ smscId: id, status, ...(error ? { error } : {}) });
        });
        const r = receipts.length
          ? await (intake as NonNullable<typeof intake>).receipts(receipts)
          : { applied: 0, waiting: 0 };
        return { ...r, ignored };
      },
    );

    app.post(
      "/api/sms/inbound",
      {
        config: { originCheck: false },
        schema: {
          tags: ["sms"],
          summary: "SMS that consumers sent to the DISCOM's number, from the HTTP SMS aggregator",
          description:
            "Same token as the receipts. One message or a list, as JSON or form fields named by " +
            "SMS_HTTP_INBOUND_FROM_FIELD (default `from`: the mobile, with or without 91) and " +
            "SMS_HTTP_INBOUND_TEXT_FIELD (default `text`). `NOSUPPLY <consumer number>` (or बिजलीबंद) " +
            "registers a no-supply complaint, STOP and START change the opt-out of optional messages, as " +
            "over SMPP.",
          security: [],
          querystring: WebhookTokenQuery,
          headers: WebhookTokenHeader,
          body: WebhookItems,
          response: {
            200: InboundResult,
            ...errors(400, 401, 404),
          },
        },
      },
      async (request) => {
        const { items, prefix } = list(request.body);
        const messages = items.map((item, i) => {
          const fromField = `${prefix(i)}${hook.inboundFromField}`;
          const from = text(readPath(item, hook.inboundFromField))?.trim();
          if (!from) throw badRequest(`field "${fromField}" is required: the sender's mobile`, fromField);
          if (from.length > 20)
            throw badRequest(`field "${fromField}" is longer than 20 characters`, fromField);
          const textField = `${prefix(i)}${hook.inboundTextField}`;
          const body = text(readPath(item, hook.inboundTextField));
          if (body === undefined)
            throw badRequest(`field "${textField}" is required: the message`, textField);
          return { from, text: body.slice(0, 1000) };
        });
        const svc = intake as NonNullable<typeof intake>;
        for (const m of messages) await svc.inbound({ ...m, at: deps.services.clock() });
        return { received: messages.length };
      },
    );
  };
}
