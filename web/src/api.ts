import type { ApiRequest, Endpoint, Reply, RequestArgs } from "./endpoints.ts";
import type { MessageKey } from "./i18n/en.ts";
import type { Translate } from "./i18n/index.tsx";

/** An error answer from the API ({ error, message, field? }) or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly retryAfter?: number,
    /** For a refused state change (409): what may be done now. */
    readonly allowed?: string[],
    /** The whole error answer, for a refusal that says more (a duplicate's existing records). */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

export const UNAUTHORIZED_EVENT = "powerdesk:unauthorized";

/** The URL of a call: the path template with its parameters filled in, and the query string. */
export function urlOf<E extends Endpoint>(endpoint: E, request?: ApiRequest<E>): string {
  const template = endpoint.slice(endpoint.indexOf(" ") + 1);
  const params = (request?.params ?? {}) as Record<string, string | number>;
  const path = template.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params[name])));
  const query = request?.query;
  if (query === undefined) return path;
  const qs =
    query instanceof URLSearchParams
      ? query.toString()
      : Object.entries(query)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
          .join("&");
  return qs ? `${path}?${qs}` : path;
}

/**
 * Calls an endpoint of the API (endpoints.ts): `api("GET /api/complaints/:number", { params: { number } })`.
 * The answer is typed by the endpoint; an error answer throws an ApiError.
 */
export async function api<E extends Endpoint>(endpoint: E, ...[request]: RequestArgs<E>): Promise<Reply<E>> {
  const method = endpoint.slice(0, endpoint.indexOf(" "));
  const path = urlOf(endpoint, request);
  const body: unknown = request?.body;
  const extraHeaders = request?.headers ?? {};
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: {
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...extraHeaders,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, "network", "network error");
  }
  if (res.status === 204) return undefined as Reply<E>;
  let data: unknown;
  try {
    data = await res.json();
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const e = (data ?? {}) as { error?: string; message?: string; field?: string; allowed?: string[] };
    if (res.status === 401 && path !== "/api/auth/sign-in")
      window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    throw new ApiError(
      res.status,
      e.error ?? `http_${res.status}`,
      e.message ?? res.statusText,
      e.field,
      Number(res.headers.get("retry-after")) || undefined,
      e.allowed,
      data,
    );
  }
  return data as Reply<E>;
}

/** What to tell the user about an error, in his language. */
export function errorText(t: Translate, err: unknown, lang: "en" | "hi"): string {
  if (!(err instanceof ApiError)) return t("error.generic", { message: String(err) });
  const field = err.field ? fieldLabel(t, err.field) : "";
  switch (err.code) {
    case "network":
      return t("error.network");
    case "invalid_credentials":
      return err.field ? t("error.validation", { field }) : t("error.invalid_credentials");
    case "too_many_requests":
      return t("error.too_many_requests", { count: Math.max(1, Math.ceil((err.retryAfter ?? 60) / 60)) });
    case "unauthorized":
    case "invalid_token":
      return t("error.unauthorized");
    case "forbidden":
      return t("error.forbidden");
    case "not_found":
      return t("error.not_found");
    case "conflict":
      return field ? t("error.conflict", { field }) : t("error.generic", { message: err.message });
    case "internal":
      return t("error.internal", { ref: err.message.split(" ").pop() ?? "" });
    default:
      if (lang === "en") return `${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}.`;
      return field ? t("error.validation", { field }) : t("error.generic", { message: err.message });
  }
}

export function fieldLabel(t: Translate, field: string): string {
  const key = `field.${field}` as MessageKey;
  const label = t(key);
  return label === key ? field : label;
}
