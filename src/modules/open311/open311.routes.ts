import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { AppError } from "../../lib/errors.ts";
import type { Services } from "../registry.ts";
import {
  askedLanguage,
  CONTENT_TYPE,
  created,
  discovery,
  formatOfUrl,
  languageOf,
  request as presentRequest,
  renderDefinition,
  renderError,
  renderList,
  serviceDefinition,
  serviceList,
  XML_NAMES,
} from "./open311.present.ts";
import {
  CatalogueQuery,
  CreatedRequest,
  CreateRequestBody,
  type Format,
  FormatParam,
  ListQuery,
  Open311Errors,
  ReadQuery,
  RequestParams,
  ServiceDefinition,
  ServiceItem,
  ServiceParams,
  ServiceRequest,
  TokenParams,
} from "./open311.schemas.ts";
import { MAX_REQUESTS, WINDOW_DAYS } from "./open311.service.ts";

export const OPEN311_PREFIX = "/open311/v2";

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** A validation failure as the spec's description: "service_code is required". */
function describe(errors: AjvError[]): string {
  const e = errors[0] ?? {};
  const path = (e.instancePath ?? "").replace(/^\//, "").replaceAll("/", ".");
  if (e.keyword === "required") return `${String(e.params?.missingProperty ?? path)} is required`;
  if (e.keyword === "additionalProperties")
    return `${[path, String(e.params?.additionalProperty ?? "")].filter(Boolean).join(".")} is not a GeoReport v2 parameter here`;
  if (e.keyword === "enum" && Array.isArray(e.params?.allowedValues))
    return `${path} must be one of ${(e.params.allowedValues as unknown[]).join(", ")}`;
  if (!path) return `the request ${e.message ?? "is invalid"}`;
  return `${path} ${e.message ?? "is invalid"}`;
}

const FASTIFY_ERRORS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "the body is not valid JSON",
  FST_ERR_CTP_EMPTY_JSON_BODY: "the body is empty",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "send the body as application/x-www-form-urlencoded or application/json",
  FST_ERR_CTP_BODY_TOO_LARGE: "the body is too large",
};

/** Every error under /open311/v2 in the spec's format, in the format the URL asked for. */
function open311Error(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const format = formatOfUrl(request.url);
  let status: number;
  let description: string;
  if (err instanceof AppError) {
    if (err.headers) reply.headers(err.headers);
    status = err.status;
    description =
      err.field && !err.message.includes(err.field) ? `${err.field}: ${err.message}` : err.message;
  } else if (err.validation) {
    status = 400;
    description = describe(err.validation as AjvError[]);
  } else if ((err as { code?: unknown }).code === "22003") {
    status = 400;
    description = "a number in the request is too large";
  } else if ((err.statusCode ?? 500) < 500) {
    status = err.statusCode ?? 400;
    description =
      FASTIFY_ERRORS[err.code] ?? (err instanceof SyntaxError ? "the body is not valid JSON" : err.message);
  } else {
    request.log.error({ err }, "open311 request failed");
    status = 500;
    description = `something went wrong on our side; it is logged as ${request.id}`;
  }
  reply
    .status(status)
    .type(CONTENT_TYPE[format])
    .send(renderError(format, status, description));
}

/**
 * `a=1&attribute[subcategory]=fuse_off` → `{ a: "1", attribute: { subcategory: "fuse_off" } }`.
 * A repeated field keeps its last value.
 */
function parseForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const attribute: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const m = /^attribute\[([^\]]*)\]$/.exec(k);
    if (m) attribute[m[1] as string] = v;
    else out[k] = v;
  }
  if (Object.keys(attribute).length > 0) out.attribute = attribute;
  return out;
}

// Keyed answers hold more than the public's: no shared cache keeps them.
const send = (reply: FastifyReply, format: Format, body: string) =>
  reply.type(CONTENT_TYPE[format]).header("cache-control", "no-store").send(body);

/**
 * An unknown resource under /open311/v2, in the spec's error form. Also called
 * by the server's own not-found handler: with the web app built, its static
 * files' catch-all route takes every GET first and hands misses to the root's
 * handler, not to this plugin's.
 */
export async function open311NotFound(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const format = formatOfUrl(request.url);
  await reply
    .status(404)
    .type(CONTENT_TYPE[format])
    .send(renderError(format, 404, `no resource ${request.method} ${request.url.split("?")[0]}`));
}

const tags = ["open311"];
const errorsDoc = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Open311Errors]));

/**
 * Open311 GeoReport v2 under /open311/v2: services, POST and GET requests,
 * tokens. Outside /api: no session cookie and no Origin check; the api_key
 * parameter (a PowerDesk API token) is the credential. Every answer, errors
 * too, is JSON or XML as the URL's extension says.
 */
export function open311Routes(services: Services, publicUrl: string): FastifyPluginAsyncTypebox {
  const svc = services.open311;
  const endpoint = `${publicUrl.replace(/\/+$/, "")}${OPEN311_PREFIX}`;
  return async (app) => {
    app.setErrorHandler(open311Error);
    app.setNotFoundHandler(open311NotFound);
    // The spec posts form fields; JSON is taken too (the global parser).
    app.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 64 * 1024 },
      (_request, body, done) => done(null, parseForm(body as string)),
    );

    app.get(
      "/discovery.:format",
      {
        schema: {
          tags,
          summary: "Open311 service discovery: where this GeoReport v2 endpoint is and what it speaks",
          security: [],
          params: FormatParam,
          response: { 200: Type.Object({}, { additionalProperties: true }), ...errorsDoc(400) },
        },
      },
      async (request, reply) =>
        send(reply, request.params.format, discovery(endpoint, request.params.format)),
    );

    app.get(
      "/services.:format",
      {
        schema: {
          tags,
          summary: "GeoReport v2: the services (complaint categories)",
          description:
            "Public. Names in Hindi with `locale=hi` or `Accept-Language: hi`. `metadata` is true when the " +
            "service has a definition with attributes (its sub-categories).",
          security: [],
          params: FormatParam,
          querystring: CatalogueQuery,
          response: { 200: Type.Array(ServiceItem), ...errorsDoc(400, 404, 429) },
        },
      },
      async (request, reply) => {
        const lang = languageOf(request.query.locale, request.headers["accept-language"]);
        const catalogue = await svc.services(request.query.jurisdiction_id, request.ip);
        return send(
          reply,
          request.params.format,
          renderList(request.params.format, XML_NAMES.services, serviceList(catalogue, lang)),
        );
      },
    );

    app.get(
      "/services/:service_code.:format",
      {
        schema: {
          tags,
          summary: "GeoReport v2: a service's definition (its attributes)",
          description:
            "Public. One attribute, `subcategory` (a singlevaluelist), where the category has sub-categories.",
          security: [],
          params: ServiceParams,
          querystring: CatalogueQuery,
          response: { 200: ServiceDefinition, ...errorsDoc(400, 404, 429) },
        },
      },
      async (request, reply) => {
        const lang = languageOf(request.query.locale, request.headers["accept-language"]);
        const s = await svc.service(request.params.service_code, request.query.jurisdiction_id, request.ip);
        return send(
          reply,
          request.params.format,
          renderDefinition(request.params.format, serviceDefinition(s.category, s.subcategories, lang)),
        );
      },
    );

    app.post(
      "/requests.:format",
      {
        bodyLimit: 64 * 1024,
        schema: {
          tags,
          summary: "GeoReport v2: report a problem (registers a complaint, channel open311)",
          description:
            "Form fields (application/x-www-form-urlencoded, as the spec posts) or JSON. `api_key`: a PowerDesk " +
            "API token with complaints.create; the complaint is registered in its jurisdiction. A consumer " +
            "reports with `account_id` (his consumer number). Anyone else gives `address_string` naming the " +
            "locality (the DC it is routed to); lat/long are kept with the report, but the network has no " +
            "coordinates yet, so they alone cannot be routed (400). `attribute[subcategory]` takes a key of the " +
            "service definition. Registration is synchronous: no token, the answer carries service_request_id " +
            "(the complaint number). A report on a complaint already open for the consumer and service joins it.",
          security: [],
          params: FormatParam,
          body: CreateRequestBody,
          response: { 200: Type.Array(CreatedRequest), ...errorsDoc(400, 403, 404, 415, 429) },
        },
      },
      async (request, reply) => {
        const lang = languageOf(request.body.locale, request.headers["accept-language"]);
        // The complaint's SMS language only when the client chose one; else the desk's default (Hindi).
        const asked = askedLanguage(request.body.locale, request.headers["accept-language"]);
        const report = await svc.create(request.body, request.ip, asked);
        return send(
          reply,
          request.params.format,
          renderList(request.params.format, XML_NAMES.requests, created(report, lang)),
        );
      },
    );

    app.get(
      "/requests.:format",
      {
        schema: {
          tags,
          summary: "GeoReport v2: search requests",
          description:
            `Newest first, at most ${MAX_REQUESTS}. Without dates: the last ${WINDOW_DAYS} days; a search may not ` +
            `span more than ${WINDOW_DAYS} days. \`service_request_id\` (comma list) overrides every other filter. ` +
            "Without api_key: every office's requests, public fields only (no description, address or photo). " +
            "With an api_key holding complaints.read: its jurisdiction's requests with description, address, " +
            "lat/long and media_url. Never a name, mobile or consumer number.",
          security: [],
          params: FormatParam,
          querystring: ListQuery,
          response: { 200: Type.Array(ServiceRequest), ...errorsDoc(400, 403, 404, 429) },
        },
      },
      async (request, reply) => {
        const lang = languageOf(request.query.locale, request.headers["accept-language"]);
        const { reader, rows } = await svc.list(request.query, request.ip);
        const items = rows.map((r) => presentRequest(r, reader.principal !== undefined, lang));
        return send(
          reply,
          request.params.format,
          renderList(request.params.format, XML_NAMES.requests, items),
        );
      },
    );

    app.get(
      "/requests/:service_request_id.:format",
      {
        schema: {
          tags,
          summary: "GeoReport v2: one request",
          description:
            "The same fields as the search; 404 when unknown or outside the api_key's jurisdiction.",
          security: [],
          params: RequestParams,
          querystring: ReadQuery,
          response: { 200: Type.Array(ServiceRequest), ...errorsDoc(400, 403, 404, 429) },
        },
      },
      async (request, reply) => {
        const lang = languageOf(request.query.locale, request.headers["accept-language"]);
        const { reader, row } = await svc.get(request.params.service_request_id, request.query, request.ip);
        return send(
          reply,
          request.params.format,
          renderList(request.params.format, XML_NAMES.requests, [
            presentRequest(row, reader.principal !== undefined, lang),
          ]),
        );
      },
    );

    app.get(
      "/tokens/:token.:format",
      {
        schema: {
          tags,
          summary: "GeoReport v2: a request's id from a token",
          description: "Requests are registered synchronously and no token is issued: always 404.",
          security: [],
          params: TokenParams,
          querystring: CatalogueQuery,
          response: errorsDoc(400, 404, 429),
        },
      },
      async (request) => svc.token(request.ip),
    );
  };
}
