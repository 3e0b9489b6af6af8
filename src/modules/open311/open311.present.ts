import { XMLBuilder } from "fast-xml-parser";
import type { ComplaintCategory, ComplaintStatus } from "../../db/schema.ts";
import { maskMobilesInText } from "../../lib/mobile.ts";
import type { Catalogue } from "../complaints/catalogue.repository.ts";
import type { Open311Row } from "./open311.repository.ts";
import type {
  CreatedRequest,
  Format,
  ServiceDefinition,
  ServiceItem,
  ServiceRequest,
} from "./open311.schemas.ts";
import type { CreatedReport, Lang } from "./open311.service.ts";

/*
 * GeoReport v2's answers, built field by field from our rows (nothing passes
 * through unnamed), and written as JSON or as the spec's XML.
 */

/**
 * The language a client asked for: hi when `locale` (hi, hi-IN, hi_IN) or else
 * the first Accept-Language is Hindi, en for any other; undefined when it named
 * none (no locale, no Accept-Language or just "*", as fetch sends).
 */
export function askedLanguage(
  locale: string | undefined,
  acceptLanguage: string | undefined,
): Lang | undefined {
  const first = (locale ?? acceptLanguage?.split(",")[0])?.trim();
  if (!first || first.startsWith("*")) return undefined;
  return /^hi\b/i.test(first) ? "hi" : "en";
}

/** The language of names and notices: the one asked for, else English. */
export function languageOf(locale: string | undefined, acceptLanguage: string | undefined): Lang {
  return askedLanguage(locale, acceptLanguage) ?? "en";
}

/** W3C datetime, UTC, whole seconds. */
const w3c = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

function duration(minutes: number, lang: Lang): string {
  if (minutes < 24 * 60) {
    const h = Math.round((minutes / 60) * 10) / 10;
    return lang === "hi" ? `${h} घंटे` : `${h} h`;
  }
  const days = Math.round((minutes / 1440) * 10) / 10;
  return lang === "hi" ? `${days} दिन` : `${days} day${days === 1 ? "" : "s"}`;
}

function group(c: ComplaintCategory, lang: Lang): string {
  if (c.emergency) return lang === "hi" ? "सुरक्षा" : "Safety";
  if (c.is_no_supply) return lang === "hi" ? "बिजली आपूर्ति" : "Power supply";
  return lang === "hi" ? "अन्य सेवाएँ" : "Other services";
}

export function serviceList(catalogue: Catalogue, lang: Lang): ServiceItem[] {
  return catalogue.categories.map((c) => {
    const subs = catalogue.subcategories.filter((s) => s.category_code === c.code);
    const name = lang === "hi" ? c.name_hi : c.name_en;
    const limits =
      c.urban_limit_minutes === c.rural_limit_minutes
        ? duration(c.urban_limit_minutes, lang)
        : lang === "hi"
          ? `शहर में ${duration(c.urban_limit_minutes, lang)}, गाँव में ${duration(c.rural_limit_minutes, lang)}`
          : `${duration(c.urban_limit_minutes, lang)} in towns, ${duration(c.rural_limit_minutes, lang)} in villages`;
    return {
      service_code: c.code,
      service_name: name,
      description:
        lang === "hi" ? `${name}: निराकरण की समय-सीमा ${limits}` : `${name}: to be attended within ${limits}`,
      metadata: subs.length > 0,
      type: "realtime",
      keywords: subs.map((s) => (lang === "hi" ? s.name_hi : s.name_en)).join(", "),
      group: group(c, lang),
    };
  });
}

export function serviceDefinition(
  category: ComplaintCategory,
  subcategories: Catalogue["subcategories"],
  lang: Lang,
): ServiceDefinition {
  return {
    service_code: category.code,
    attributes:
      subcategories.length === 0
        ? []
        : [
            {
              variable: true,
              code: "subcategory",
              datatype: "singlevaluelist",
              required: false,
              datatype_description: lang === "hi" ? "सूची में से एक" : "one key from the list",
              order: 1,
              description: lang === "hi" ? "किस तरह की समस्या?" : "What kind of problem?",
              values: subcategories.map((s) => ({
                key: s.code,
                name: lang === "hi" ? s.name_hi : s.name_en,
              })),
            },
          ],
  };
}

export function created(r: CreatedReport, lang: Lang): CreatedRequest[] {
  const dc = lang === "hi" ? r.dcName.hi : r.dcName.en;
  const due = w3c(r.dueAt);
  const notice =
    r.outcome === "created"
      ? lang === "hi"
        ? `${dc} को भेजी गई; अपेक्षित निराकरण ${due} तक`
        : `Sent to ${dc}; expected to be attended by ${due}`
      : lang === "hi"
        ? `यह शिकायत पहले से दर्ज है (${r.number}); यह रिपोर्ट उसी में जोड़ी गई`
        : `Already registered as ${r.number}; this report was added to it`;
  return [{ service_request_id: r.number, service_notice: notice, account_id: r.accountId }];
}

const OPEN: readonly ComplaintStatus[] = ["registered", "assigned", "attended", "waiting"];

const NOTES: Record<ComplaintStatus, { en: string; hi: string }> = {
  registered: { en: "Registered; to be assigned", hi: "दर्ज; सौंपी जानी है" },
  assigned: { en: "Assigned to the field staff", hi: "फील्ड स्टाफ को सौंपी गई" },
  attended: { en: "Field staff on site", hi: "फील्ड स्टाफ मौके पर" },
  waiting: { en: "Waiting for the consumer", hi: "उपभोक्ता की प्रतीक्षा" },
  resolved: { en: "Resolved", hi: "निराकृत" },
  closed: { en: "Closed", hi: "बंद" },
  invalid: { en: "Closed as not valid", hi: "अमान्य मानकर बंद" },
  duplicate: { en: "Closed as a duplicate", hi: "दोहराव मानकर बंद" },
};

/**
 * One request. The public (no api_key) gets what says nothing of anyone:
 * number, service, office, status and times. A token with complaints.read
 * also gets the description, the place and the photo link, with any mobile
 * number in the text masked; never a name, a mobile or a consumer number.
 */
export function request(row: Open311Row, full: boolean, lang: Lang): ServiceRequest {
  const note = NOTES[row.status][lang];
  const remark = row.resolution_remarks ?? row.close_reason;
  const base: ServiceRequest = {
    service_request_id: row.number,
    status: OPEN.includes(row.status) ? "open" : "closed",
    status_notes: full && remark ? `${note}: ${maskMobilesInText(remark)}` : note,
    service_name: lang === "hi" ? row.category_name_hi : row.category_name_en,
    service_code: row.category_code,
    agency_responsible: lang === "hi" ? row.dc_name_hi : row.dc_name_en,
    service_notice: null,
    requested_datetime: w3c(row.registered_at),
    updated_datetime: w3c(row.updated_at),
    expected_datetime: OPEN.includes(row.status) ? w3c(row.due_at) : null,
  };
  if (!full) return base;
  return {
    ...base,
    description: row.description ? maskMobilesInText(row.description) : null,
    address: row.location ? maskMobilesInText(row.location) : null,
    lat: row.lat,
    long: row.long,
    media_url: row.media_url,
  };
}

const xml = new XMLBuilder({ format: false, ignoreAttributes: true, suppressEmptyNode: false });
const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

/** XML has no null: an empty element says "unknown". */
function forXml(value: unknown): unknown {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(forXml);
  if (typeof value === "object")
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, forXml(v)]),
    );
  return value;
}

/** The XML element names of each answer: root and item. */
export const XML_NAMES = {
  services: ["services", "service"],
  requests: ["service_requests", "request"],
  errors: ["errors", "error"],
} as const;

/** A list answer: a JSON array, or `<root><item>...</item>...</root>`. */
export function renderList(
  format: Format,
  names: readonly [string, string],
  items: readonly object[],
): string {
  if (format === "json") return JSON.stringify(items);
  return DECLARATION + xml.build({ [names[0]]: { [names[1]]: forXml(items) } });
}

/** The service definition: a JSON object, or `<service_definition>` with `<attributes><attribute>` and `<values><value>`. */
export function renderDefinition(format: Format, d: ServiceDefinition): string {
  if (format === "json") return JSON.stringify(d);
  return (
    DECLARATION +
    xml.build({
      service_definition: {
        service_code: d.service_code,
        attributes: {
          attribute: d.attributes.map((a) => ({ ...a, values: { value: a.values } })),
        },
      },
    })
  );
}

export const CONTENT_TYPE: Record<Format, string> = {
  json: "application/json; charset=utf-8",
  xml: "text/xml; charset=utf-8",
};

/** The format a URL asks for by its extension (errors answer in it too); JSON by default. */
export function formatOfUrl(url: string): Format {
  return /\.xml$/i.test(url.split("?")[0] ?? "") ? "xml" : "json";
}

/** The spec's error answer: `[{"code":400,"description":"..."}]` or `<errors><error>...`. */
export function renderError(format: Format, status: number, description: string): string {
  return renderList(format, XML_NAMES.errors, [{ code: status, description }]);
}

/** The spec's service discovery document (http://wiki.open311.org/Service_Discovery). */
export function discovery(baseUrl: string, format: Format): string {
  const changeset = "2026-12-05T00:00:00Z";
  const doc = {
    changeset,
    contact: "The DISCOM's 1912 helpline",
    key_service:
      "API tokens are issued by the DISCOM's PowerDesk administrators (complaints.create, complaints.read)",
    endpoints: [
      {
        specification: "http://wiki.open311.org/GeoReport_v2",
        url: baseUrl,
        changeset,
        type: "production",
        formats: [CONTENT_TYPE.xml.split(";")[0], CONTENT_TYPE.json.split(";")[0]],
      },
    ],
  };
  if (format === "json") return JSON.stringify(doc);
  return (
    DECLARATION +
    xml.build({
      discovery: {
        ...doc,
        endpoints: { endpoint: doc.endpoints.map((e) => ({ ...e, formats: { format: e.formats } })) },
      },
    })
  );
}
