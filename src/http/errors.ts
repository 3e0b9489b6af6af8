import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../lib/errors.ts";

export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
  allowed?: string[];
}

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Turns an ajv validation error into the field it concerns and a sentence about it. */
function describeValidation(
  errors: AjvError[],
  context: string | undefined,
): { field?: string; message: string } {
  const e = errors[0] ?? {};
  const path = (e.instancePath ?? "").replace(/^\//, "").replaceAll("/", ".");
  const where =
    context === "querystring" ? "query parameter" : context === "params" ? "path parameter" : "field";
  if (e.keyword === "additionalProperties") {
    const field = [path, String(e.params?.additionalProperty ?? "")].filter(Boolean).join(".");
    return { field, message: `unknown ${where} "${field}"` };
  }
  if (e.keyword === "required") {
    const field = [path, String(e.params?.missingProperty ?? "")].filter(Boolean).join(".");
    return { field, message: `${where} "${field}" is required` };
  }
  if (!path)
    return {
      message: `the ${context === "body" ? "body" : (context ?? "request")} ${e.message ?? "is invalid"}`,
    };
  return { field: path, message: `${where} "${path}" ${e.message ?? "is invalid"}` };
}

/**
 * One error shape for every client: `{ error, message, field? }`. Client
 * mistakes get a 4xx that names the field; anything unexpected is logged with
 * its stack and answered with a bare 500 and the request id.
 */
export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof AppError) {
    if (err.headers) reply.headers(err.headers);
    const body: ErrorBody = {
      error: err.code,
      message: err.message,
      ...(err.field ? { field: err.field } : {}),
      ...(err.allowed ? { allowed: err.allowed } : {}),
    };
    reply.status(err.status).send(body);
    return;
  }
  if (err.validation) {
    const { field, message } = describeValidation(err.validation as AjvError[], err.validationContext);
    reply
      .status(400)
      .send({ error: "validation_failed", message, ...(field ? { field } : {}) } satisfies ErrorBody);
    return;
  }
  // An id or number beyond what the database holds (SQLSTATE 22003): the client's mistake, not ours.
  if ((err as { code?: unknown }).code === "22003") {
    reply.status(400).send({
      error: "out_of_range",
      message: "a number in the request is too large",
    } satisfies ErrorBody);
    return;
  }
  const status = err.statusCode ?? 500;
  if (status < 500) {
    const known: Record<string, [string, string]> = {
      FST_ERR_CTP_INVALID_JSON_BODY: ["malformed_json", "the body is not valid JSON"],
      FST_ERR_CTP_EMPTY_JSON_BODY: ["malformed_json", "the body is empty; send a JSON object"],
      FST_ERR_CTP_INVALID_MEDIA_TYPE: ["unsupported_media_type", "send the body as application/json"],
      FST_ERR_CTP_BODY_TOO_LARGE: ["body_too_large", "the body is too large"],
    };
    const [code, message] = known[err.code] ?? [
      (err.code ?? "bad_request").toLowerCase(),
      err instanceof SyntaxError ? "the body is not valid JSON" : err.message,
    ];
    reply
      .status(status)
      .send({ error: err instanceof SyntaxError ? "malformed_json" : code, message } satisfies ErrorBody);
    return;
  }
  request.log.error({ err }, "request failed");
  reply.status(500).send({
    error: "internal",
    message: `something went wrong on our side; it is logged as ${request.id}`,
  } satisfies ErrorBody);
}
