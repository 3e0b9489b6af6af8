import type { Jurisdiction } from "../../db/jurisdiction.ts";
import { type ComplaintStatus, OPEN_STATUSES } from "../../db/schema.ts";
import { throttleAddress } from "../../lib/address.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest, tooManyRequests } from "../../lib/errors.ts";
import { normaliseMobile } from "../../lib/mobile.ts";
import { can, type Principal } from "../access/principal.ts";
import type { Catalogue } from "../complaints/catalogue.repository.ts";
import type { ComplaintsService } from "../complaints/complaints.service.ts";
import type { ThrottleRepository, ThrottleRule } from "../users/throttle.repository.ts";
import type { Open311Repository, Open311Row } from "./open311.repository.ts";
import type { CreateRequestBody, ListQuery } from "./open311.schemas.ts";

export type Lang = "en" | "hi";

/** The spec's default window for GET requests, and the most any one search may span. */
export const WINDOW_DAYS = 90;
/** The most requests one GET answers (the spec suggests 1000). */
export const MAX_REQUESTS = 1000;
/** The most ids one `service_request_id` list may name. */
export const MAX_IDS = 100;

/** Public reads (no api_key) from one address. */
export const PUBLIC_READS: ThrottleRule = {
  windowMs: 60_000,
  limit: 120,
  lockMs: 60_000,
  maxLockMs: 15 * 60_000,
};
/** Reads with an api_key: an aggregator polls; counted per key. */
export const KEYED_READS: ThrottleRule = { windowMs: 60_000, limit: 600, lockMs: 60_000 };
/** Reports posted with one api_key. */
export const POSTS_PER_KEY: ThrottleRule = {
  windowMs: 60_000,
  limit: 60,
  lockMs: 60_000,
  maxLockMs: 15 * 60_000,
};
/** Reports with an unknown api_key from one address. */
export const BAD_KEYS_PER_ADDRESS: ThrottleRule = {
  windowMs: 15 * 60_000,
  limit: 20,
  lockMs: 15 * 60_000,
  maxLockMs: 4 * 3600_000,
};

/** How far from a DT a report by coordinates may be and still go to it. */
export const NEAREST_DT_METRES = 1000;

const COMPANY: Jurisdiction = { orgKind: "company", orgPath: "/" };
const CLOSED_STATUSES: readonly ComplaintStatus[] = ["resolved", "closed", "invalid", "duplicate"];
/** Our field names → the spec's, for errors raised by the complaint registration. */
const SPEC_FIELD: Record<string, string> = {
  consumerNo: "account_id",
  categoryCode: "service_code",
  subcategoryCode: "attribute[subcategory]",
  callerPhone: "phone",
  location: "address_string",
  dcCode: "address_string",
  dtCode: "lat",
  description: "description",
};

export interface Reader {
  /** The token's principal, or undefined for the public (public fields only). */
  principal: Principal | undefined;
  scope: Jurisdiction;
}

export interface CreatedReport {
  number: string;
  accountId: string | null;
  outcome: "created" | "repeat_call" | "replayed";
  dcName: { en: string; hi: string };
  dueAt: Date;
}

export interface Open311Deps {
  repo: Open311Repository;
  catalogue: () => Promise<Catalogue>;
  complaints: ComplaintsService;
  /** The integration behind an API token, or undefined when it is unknown or revoked. */
  principalFromKey: (key: string) => Promise<Principal | undefined>;
  throttle: ThrottleRepository;
  clock: Clock;
}

/** A number from a form field or a JSON number, within bounds; undefined when absent. */
function coordinate(value: string | number | undefined, field: string, bound: number): number | undefined {
  if (value === undefined || (typeof value === "string" && value.trim() === "")) return undefined;
  const n = typeof value === "number" ? value : Number(value.trim());
  if (!Number.isFinite(n) || Math.abs(n) > bound)
    throw badRequest(`${field} must be a number between -${bound} and ${bound}`, field);
  return n;
}

function text(value: string | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  const s = String(value).trim();
  return s === "" ? undefined : s;
}

/**
 * A DC's place name without the office word after it: "Adhartal DC" and
 * "आधारताल वितरण केंद्र" are both found in "near the temple, Adhartal".
 */
export function placeOf(dcName: string): string {
  return dcName
    .trim()
    .replace(/\s+(?:dc|d\.c\.|distribution cent(?:re|er)|zone|office)$/i, "")
    .replace(/\s+(?:वितरण केंद्र|वितरण केन्द्र|डीसी|ज़ोन|जोन|कार्यालय)$/u, "")
    .trim();
}

/** Whether `name` occurs in `address` as whole words (case-insensitive; Devanagari as is). */
function namesPlace(address: string, name: string): boolean {
  const a = address.toLowerCase();
  const n = name.toLowerCase().trim();
  if (!n) return false;
  let at = a.indexOf(n);
  while (at >= 0) {
    const before = a[at - 1];
    const after = a[at + n.length];
    const boundary = (ch: string | undefined) => ch === undefined || !/[\p{L}\p{N}\p{M}]/u.test(ch);
    if (boundary(before) && boundary(after)) return true;
    at = a.indexOf(n, at + 1);
  }
  return false;
}

/**
 * Open311 GeoReport v2 over the complaint desk: the categories as services,
 * reports registered as complaints (channel open311) by an integration
 * token's principal, and reads of requests without personal data.
 */
export class Open311Service {
  constructor(private readonly deps: Open311Deps) {}

  /** Counts a public read from this address; 429 past the limit. */
  private async throttleRead(address: string): Promise<void> {
    await this.count(`o311-read:${throttleAddress(address)}`, PUBLIC_READS);
  }

  /**
   * The integration behind an api_key, its use counted per key (rule); 403 for
   * an unknown key. Unknown keys are counted per address (a 429 past the
   * limit), so a flood of made-up keys leaves no row per key and never locks
   * out a real integration elsewhere or behind the same address.
   */
  private async keyPrincipal(apiKey: string, address: string, rule: ThrottleRule): Promise<Principal> {
    const principal = await this.deps.principalFromKey(apiKey);
    if (!principal) {
      await this.count(`o311-badkey:${throttleAddress(address)}`, BAD_KEYS_PER_ADDRESS);
      throw new AppError(403, "forbidden", "api_key is invalid or revoked", "api_key");
    }
    await this.count(`o311-key:${principal.id}:${rule === POSTS_PER_KEY ? "post" : "read"}`, rule);
    return principal;
  }

  private refuse(until: Date, now: Date): never {
    const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    throw tooManyRequests(`too many requests: try again in ${seconds} seconds`, seconds);
  }

  private async count(key: string, rule: ThrottleRule): Promise<void> {
    const now = this.deps.clock();
    const a = await this.deps.throttle.attempt(key, now, rule);
    if (!a.allowed) this.refuse(a.lockedUntil ?? now, now);
  }

  /** The office named by jurisdiction_id inside a jurisdiction, as a narrower one; 404 when unknown. */
  private async narrow(scope: Jurisdiction, jurisdictionId: string | undefined): Promise<Jurisdiction> {
    if (jurisdictionId === undefined) return scope;
    const office = await this.deps.repo.office(scope, jurisdictionId.trim().toUpperCase());
    if (!office)
      throw new AppError(404, "not_found", `jurisdiction_id ${jurisdictionId} not found`, "jurisdiction_id");
    return { orgKind: office.kind, orgPath: office.path };
  }

  /** Who reads: the public, or a token with complaints.read (scoped to its jurisdiction). */
  private async reader(
    query: { api_key?: string; jurisdiction_id?: string },
    address: string,
  ): Promise<Reader> {
    let principal: Principal | undefined;
    if (query.api_key === undefined) await this.throttleRead(address);
    else {
      principal = await this.keyPrincipal(query.api_key, address, KEYED_READS);
      if (!can(principal, "complaints.read"))
        throw new AppError(
          403,
          "forbidden",
          "this api_key may not read requests (complaints.read)",
          "api_key",
        );
    }
    const scope = principal ? { orgKind: principal.orgKind, orgPath: principal.orgPath } : COMPANY;
    return { principal, scope: await this.narrow(scope, query.jurisdiction_id) };
  }

  /** The catalogue (GET services): public, throttled per address. */
  async services(jurisdictionId: string | undefined, address: string): Promise<Catalogue> {
    await this.throttleRead(address);
    await this.narrow(COMPANY, jurisdictionId);
    return this.deps.catalogue();
  }

  /** One service's definition: its category and sub-categories; 404 for an unknown code. */
  async service(code: string, jurisdictionId: string | undefined, address: string) {
    const catalogue = await this.services(jurisdictionId, address);
    const category = catalogue.categories.find((c) => c.code === code);
    if (!category) throw new AppError(404, "not_found", `service_code ${code} not found`, "service_code");
    return { category, subcategories: catalogue.subcategories.filter((s) => s.category_code === code) };
  }

  /** GET requests: by ids, or by service codes, status and dates (default: the last 90 days). */
  async list(query: ListQuery, address: string): Promise<{ reader: Reader; rows: Open311Row[] }> {
    const reader = await this.reader(query, address);
    const now = this.deps.clock();
    if (query.service_request_id !== undefined) {
      const numbers = [
        ...new Set(
          query.service_request_id
            .split(",")
            .map((s) => s.trim().toUpperCase())
            .filter(Boolean),
        ),
      ];
      if (numbers.length === 0) throw badRequest("service_request_id is empty", "service_request_id");
      if (numbers.length > MAX_IDS)
        throw badRequest(`service_request_id names more than ${MAX_IDS} requests`, "service_request_id");
      const rows = await this.deps.repo.list(reader.scope, {
        numbers,
        from: now,
        to: now,
        limit: MAX_IDS,
      });
      return { reader, rows };
    }
    const dayMs = 86_400_000;
    const end = query.end_date ? new Date(query.end_date) : undefined;
    const start = query.start_date ? new Date(query.start_date) : undefined;
    // Only start_date: the 90 days from it; only end_date (or neither): the 90 days up to it (or now).
    const to = end ?? (start ? new Date(start.getTime() + WINDOW_DAYS * dayMs) : now);
    const from = start ?? new Date(to.getTime() - WINDOW_DAYS * dayMs);
    if (from.getTime() > to.getTime()) throw badRequest("start_date is after end_date", "start_date");
    if (to.getTime() - from.getTime() > WINDOW_DAYS * dayMs)
      throw badRequest(`start_date and end_date may not span more than ${WINDOW_DAYS} days`, "end_date");
    let categories: string[] | undefined;
    if (query.service_code !== undefined) {
      categories = [
        ...new Set(
          query.service_code
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ];
      const known = new Set((await this.deps.catalogue()).categories.map((c) => c.code));
      const unknown = categories.find((c) => !known.has(c));
      if (unknown !== undefined || categories.length === 0)
        throw badRequest(
          `service_code ${unknown ?? ""} is not a service (see services.json)`.trim(),
          "service_code",
        );
    }
    let statuses: readonly ComplaintStatus[] | undefined;
    if (query.status !== undefined) {
      const wanted = new Set(query.status.split(",").map((s) => s.trim().toLowerCase()));
      if (wanted.size === 0 || [...wanted].some((s) => s !== "open" && s !== "closed"))
        throw badRequest("status must be open, closed or open,closed", "status");
      statuses = wanted.size === 2 ? undefined : wanted.has("open") ? OPEN_STATUSES : CLOSED_STATUSES;
    }
    const rows = await this.deps.repo.list(reader.scope, {
      ...(categories ? { categories } : {}),
      ...(statuses ? { statuses } : {}),
      from,
      to,
      limit: MAX_REQUESTS,
    });
    return { reader, rows };
  }

  /** GET requests/{id}: 404 when it does not exist or lies outside the reader's jurisdiction. */
  async get(
    id: string,
    query: { api_key?: string; jurisdiction_id?: string },
    address: string,
  ): Promise<{ reader: Reader; row: Open311Row }> {
    const reader = await this.reader(query, address);
    const now = this.deps.clock();
    const [row] = await this.deps.repo.list(reader.scope, {
      numbers: [id.trim().toUpperCase()],
      from: now,
      to: now,
      limit: 1,
    });
    if (!row)
      throw new AppError(404, "not_found", `service_request_id ${id} not found`, "service_request_id");
    return { reader, row };
  }

  /** GET tokens/{id}: requests are registered synchronously, so no token is ever issued. */
  async token(address: string): Promise<never> {
    await this.throttleRead(address);
    throw new AppError(
      404,
      "not_found",
      "no such token: requests are registered at once and POST requests answers with the service_request_id",
      "token",
    );
  }

  /**
   * POST requests: registers a complaint with channel open311 as the token's
   * principal. A consumer reports with account_id; anyone else with lat/long
   * (the nearest DT with coordinates, within NEAREST_DT_METRES) or an
   * address_string that names the locality (its DC).
   */
  async create(body: CreateRequestBody, address: string, language?: Lang): Promise<CreatedReport> {
    const apiKey = text(body.api_key);
    if (!apiKey)
      throw new AppError(403, "forbidden", "api_key is required to post a service request", "api_key");
    const principal = await this.keyPrincipal(apiKey, address, POSTS_PER_KEY);
    if (!can(principal, "complaints.create"))
      throw new AppError(
        403,
        "forbidden",
        "this api_key may not post requests (complaints.create)",
        "api_key",
      );
    const scope = await this.narrow(
      { orgKind: principal.orgKind, orgPath: principal.orgPath },
      text(body.jurisdiction_id),
    );

    const catalogue = await this.deps.catalogue();
    const category = catalogue.categories.find((c) => c.code === body.service_code);
    if (!category)
      throw badRequest(
        `service_code ${body.service_code} is not a service (see services.json)`,
        "service_code",
      );
    let subcategory: string | undefined;
    for (const [code, value] of Object.entries(body.attribute ?? {})) {
      if (code !== "subcategory")
        throw badRequest(`attribute[${code}] is not an attribute of ${category.code}`, `attribute[${code}]`);
      const v = value.trim();
      if (!v) continue;
      if (!catalogue.subcategories.some((s) => s.category_code === category.code && s.code === v))
        throw badRequest(
          `attribute[subcategory] ${v} is not a value of ${category.code}`,
          "attribute[subcategory]",
        );
      subcategory = v;
    }

    const lat = coordinate(body.lat, "lat", 90);
    const long = coordinate(body.long, "long", 180);
    if ((lat === undefined) !== (long === undefined))
      throw badRequest(
        lat === undefined ? "lat is required with long" : "long is required with lat",
        lat === undefined ? "lat" : "long",
      );
    const mediaUrl = text(body.media_url);
    if (mediaUrl !== undefined && !/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(mediaUrl))
      throw badRequest("media_url must be an http or https URL", "media_url");
    const phone = text(body.phone);
    if (phone !== undefined && !normaliseMobile(phone))
      throw badRequest("phone must be a 10-digit mobile number", "phone");
    if (text(body.address_id) !== undefined)
      throw badRequest("address_id is not supported here: give address_string", "address_id");
    const accountId = text(body.account_id);
    const addressString = text(body.address_string);
    const coords = lat !== undefined && long !== undefined ? `${lat}, ${long}` : undefined;
    const location =
      [addressString, coords ? `(${coords})` : undefined].filter(Boolean).join(" ") || undefined;

    // A consumer's report goes where his connection is; anyone else's to the
    // DT nearest his coordinates, else to the DC his address names.
    const nearest =
      accountId === undefined && lat !== undefined && long !== undefined
        ? await this.deps.repo.nearestDt(scope, lat, long, NEAREST_DT_METRES)
        : undefined;
    let where: { consumerNo: string } | { dtCode: string } | { dcCode: string; location: string };
    if (accountId !== undefined) {
      where = { consumerNo: accountId };
    } else if (nearest) {
      where = { dtCode: nearest.code };
    } else if (addressString !== undefined) {
      where = { dcCode: await this.dcFor(scope, addressString), location: location ?? addressString };
    } else if (coords !== undefined) {
      throw badRequest(
        `no DT within ${NEAREST_DT_METRES} m of lat/long that this api_key serves: add an address_string that names the locality, or the account_id`,
        "address_string",
      );
    } else {
      throw badRequest(
        "a location is required: account_id, or address_string (with lat/long if known)",
        "address_string",
      );
    }

    const name = [text(body.first_name), text(body.last_name)].filter(Boolean).join(" ");
    let created: Awaited<ReturnType<ComplaintsService["create"]>>;
    try {
      created = await this.deps.complaints.create(principal, {
        ...where,
        ...(!("dcCode" in where) && location !== undefined ? { location } : {}),
        categoryCode: category.code,
        subcategoryCode: subcategory,
        // The desk's screens show the description, not Open311's extras: the photo link goes in it.
        description:
          [text(body.description), mediaUrl ? `Photo: ${mediaUrl}` : undefined].filter(Boolean).join("\n") ||
          undefined,
        callerName: name || undefined,
        callerPhone: phone,
        channel: "open311",
        language,
      });
    } catch (err) {
      // The registration names its own fields; the client knows the spec's.
      const spec = err instanceof AppError && err.field ? SPEC_FIELD[err.field] : undefined;
      if (err instanceof AppError && err.field && spec)
        throw new AppError(err.status, err.code, err.message.replaceAll(err.field, spec), spec);
      throw err;
    }
    const c = created.complaint;
    if (
      created.outcome === "created" &&
      (coords !== undefined || addressString !== undefined || mediaUrl !== undefined)
    )
      await this.deps.repo.saveExtras(c.id, {
        lat: lat ?? null,
        long: long ?? null,
        addressString: addressString ?? null,
        mediaUrl: mediaUrl ?? null,
      });
    return {
      number: c.number,
      accountId: c.consumer_no,
      outcome: created.outcome,
      dcName: { en: c.dc_name_en, hi: c.dc_name_hi },
      dueAt: c.due_at,
    };
  }

  /** The DC an address names (longest name wins); 400 when it names none, or two equally well. */
  private async dcFor(scope: Jurisdiction, address: string): Promise<string> {
    // The longest name found wins: "Adhartal 2" over "Adhartal", a full "Adhartal DC" over both.
    const found = (await this.deps.repo.dcNames(scope))
      .map((dc) => ({
        code: dc.code,
        name: dc.name_en,
        length: Math.max(
          ...[dc.name_en, placeOf(dc.name_en), dc.name_hi, placeOf(dc.name_hi)].map((n) =>
            n && namesPlace(address, n) ? n.length : 0,
          ),
        ),
      }))
      .filter((d) => d.length > 0)
      .sort((a, b) => b.length - a.length);
    const best = found[0];
    if (!best)
      throw badRequest(
        "address_string names no locality (DC) this api_key serves: name the town or DC area, or give the account_id",
        "address_string",
      );
    const tied = found.filter((d) => d.length === best.length);
    if (tied.length > 1)
      throw badRequest(
        `address_string could be in ${tied.map((d) => d.name).join(" or ")}: name the locality more fully`,
        "address_string",
      );
    return best.code;
  }
}
