// A small, generic Open311 GeoReport v2 client, written from the spec
// (http://wiki.open311.org/GeoReport_v2), not from PowerDesk's code: it knows
// only the spec's resources (services, requests, tokens), their parameters
// and fields, and its two formats. Any GeoReport v2 server should answer it.
import { XMLParser } from "fast-xml-parser";

export type GeoFormat = "json" | "xml";

export interface GeoService {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: string;
  keywords: string;
  group: string;
}

export interface GeoAttribute {
  variable: boolean;
  code: string;
  datatype: string;
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

export interface GeoServiceDefinition {
  service_code: string;
  attributes: GeoAttribute[];
}

export interface GeoPostAnswer {
  service_request_id?: string;
  token?: string;
  service_notice?: string;
  account_id?: string | null;
}

export interface GeoRequest {
  service_request_id: string;
  status: "open" | "closed";
  status_notes?: string | null;
  service_name?: string;
  service_code: string;
  description?: string | null;
  agency_responsible?: string | null;
  service_notice?: string | null;
  requested_datetime: string;
  updated_datetime?: string | null;
  expected_datetime?: string | null;
  address?: string | null;
  address_id?: string | null;
  zipcode?: string | null;
  lat?: number | null;
  long?: number | null;
  media_url?: string | null;
}

/** A spec error answer: the HTTP status and the server's [{code, description}]. */
export class GeoReportError extends Error {
  constructor(
    readonly status: number,
    readonly errors: { code: number; description: string }[],
    readonly raw: string,
  ) {
    super(`${status}: ${errors.map((e) => `${e.code} ${e.description}`).join("; ")}`);
  }
}

export interface GeoClientOptions {
  apiKey?: string;
  jurisdictionId?: string;
  format?: GeoFormat;
  /** Sent as `locale` (a common extension) and as Accept-Language. */
  locale?: string;
}

/** The last raw answer, for tests that look at the bytes (personal data, content type). */
export interface GeoRaw {
  status: number;
  contentType: string;
  body: string;
}

// Elements that repeat in the spec's XML, so one of them still parses as a list.
const LISTS = new Set(["service", "request", "error", "attribute", "value", "endpoint", "format"]);
const BOOLEANS = new Set(["metadata", "variable", "required"]);
const NUMBERS = new Set(["lat", "long", "order", "code"]);

const xml = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: true,
  isArray: (name) => LISTS.has(name),
});

/** XML text values typed as the spec's JSON would carry them; an empty element is null. */
function typed(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) return value.map((v) => typed(v, key));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, typed(v, k)]));
  if (value === "" || value === undefined) return null;
  if (BOOLEANS.has(key)) return value === "true";
  if (NUMBERS.has(key) && typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)))
    return Number(value);
  return value;
}

export class GeoReportClient {
  last: GeoRaw | undefined;

  constructor(
    /** The endpoint's base, e.g. https://example.org/open311/v2 */
    private readonly base: string,
    private readonly options: GeoClientOptions = {},
  ) {}

  with(options: GeoClientOptions): GeoReportClient {
    return new GeoReportClient(this.base, { ...this.options, ...options });
  }

  private get format(): GeoFormat {
    return this.options.format ?? "json";
  }

  private async call(
    method: "GET" | "POST",
    resource: string,
    params: Record<string, string | undefined>,
    withKey: boolean,
  ): Promise<unknown> {
    const all: Record<string, string> = {};
    if (withKey && this.options.apiKey) all.api_key = this.options.apiKey;
    if (this.options.jurisdictionId) all.jurisdiction_id = this.options.jurisdictionId;
    if (this.options.locale) all.locale = this.options.locale;
    for (const [k, v] of Object.entries(params)) if (v !== undefined) all[k] = v;
    const form = new URLSearchParams(all).toString();
    const url = `${this.base}/${resource}.${this.format}${method === "GET" && form ? `?${form}` : ""}`;
    const headers: Record<string, string> = {};
    if (this.options.locale) headers["accept-language"] = this.options.locale;
    if (method === "POST") headers["content-type"] = "application/x-www-form-urlencoded";
    const res = await fetch(url, { method, headers, ...(method === "POST" ? { body: form } : {}) });
    const body = await res.text();
    this.last = { status: res.status, contentType: res.headers.get("content-type") ?? "", body };
    const parsed = this.parse(body);
    if (!res.ok) {
      const list = (
        this.format === "xml" ? (parsed as { errors?: { error?: unknown } }).errors?.error : parsed
      ) as { code: number; description: string }[] | undefined;
      throw new GeoReportError(res.status, Array.isArray(list) ? list : [], body);
    }
    return parsed;
  }

  private parse(body: string): unknown {
    if (this.format === "json") {
      try {
        return JSON.parse(body);
      } catch {
        return undefined;
      }
    }
    return typed(xml.parse(body));
  }

  /** GET discovery: the service discovery document (which specifications, where, in which formats). */
  async discovery(): Promise<{
    changeset: string;
    contact?: string;
    key_service?: string;
    endpoints: { specification: string; url: string; changeset?: string; type: string; formats: string[] }[];
  }> {
    const r = await this.call("GET", "discovery", {}, false);
    if (this.format === "json") return r as Awaited<ReturnType<GeoReportClient["discovery"]>>;
    const d = (
      r as { discovery: Record<string, unknown> & { endpoints?: { endpoint?: Record<string, unknown>[] } } }
    ).discovery;
    return {
      ...(d as { changeset: string }),
      endpoints: (d.endpoints?.endpoint ?? []).map((e) => ({
        ...(e as { specification: string; url: string; type: string }),
        formats: ((e.formats as { format?: string[] } | null)?.format ?? []) as string[],
      })),
    };
  }

  /** GET services: the service list. */
  async services(): Promise<GeoService[]> {
    const r = await this.call("GET", "services", {}, false);
    if (this.format === "json") return r as GeoService[];
    return ((r as { services?: { service?: GeoService[] } }).services?.service ?? []) as GeoService[];
  }

  /** GET services/{service_code}: a service definition. */
  async serviceDefinition(code: string): Promise<GeoServiceDefinition> {
    const r = await this.call("GET", `services/${encodeURIComponent(code)}`, {}, false);
    if (this.format === "json") return r as GeoServiceDefinition;
    const d = (r as { service_definition: { service_code: string; attributes?: { attribute?: unknown[] } } })
      .service_definition;
    const attributes = (d.attributes?.attribute ?? []) as (Omit<GeoAttribute, "values"> & {
      values?: { value?: { key: string; name: string }[] };
    })[];
    return {
      service_code: d.service_code,
      attributes: attributes.map((a) => ({ ...a, values: a.values?.value ?? [] })),
    };
  }

  /**
   * POST requests: service_code plus location (lat/long, address_string or
   * address_id) or account_id, and the optional reporter fields; attributes
   * go as attribute[code]=value.
   */
  async postRequest(
    fields: Record<string, string | undefined>,
    attributes: Record<string, string> = {},
  ): Promise<GeoPostAnswer[]> {
    const params: Record<string, string | undefined> = { ...fields };
    for (const [k, v] of Object.entries(attributes)) params[`attribute[${k}]`] = v;
    const r = await this.call("POST", "requests", params, true);
    if (this.format === "json") return r as GeoPostAnswer[];
    return ((r as { service_requests?: { request?: GeoPostAnswer[] } }).service_requests?.request ?? []).map(
      (x) => ({
        ...x,
        service_request_id: x.service_request_id === null ? undefined : String(x.service_request_id),
      }),
    );
  }

  /** GET requests: service_request_id (comma list), service_code, start_date, end_date, status. */
  async requests(
    query: {
      service_request_id?: string;
      service_code?: string;
      start_date?: string;
      end_date?: string;
      status?: string;
    } = {},
  ): Promise<GeoRequest[]> {
    const r = await this.call("GET", "requests", query, true);
    return this.requestList(r);
  }

  /** GET requests/{service_request_id}: always a list of one in the spec. */
  async request(id: string): Promise<GeoRequest[]> {
    const r = await this.call("GET", `requests/${encodeURIComponent(id)}`, {}, true);
    return this.requestList(r);
  }

  /** GET tokens/{token}: the request id a token became (servers that register asynchronously). */
  async token(token: string): Promise<{ service_request_id?: string; token?: string }[]> {
    const r = await this.call("GET", `tokens/${encodeURIComponent(token)}`, {}, false);
    if (this.format === "json") return r as { service_request_id?: string; token?: string }[];
    return ((r as { service_requests?: { request?: [] } }).service_requests?.request ?? []) as [];
  }

  private requestList(r: unknown): GeoRequest[] {
    if (this.format === "json") return r as GeoRequest[];
    return ((r as { service_requests?: { request?: GeoRequest[] } }).service_requests?.request ?? []).map(
      (x) => ({ ...x, service_request_id: String(x.service_request_id) }),
    );
  }
}
