import { type Static, Type } from "typebox";
import { Strict, StringEnum } from "../../http/schemas.ts";

/*
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): requests and
 * answers as the spec names them (snake_case), so any GeoReport client works.
 * Answers are JSON arrays or their XML form, chosen by the URL's extension.
 */

export const FORMATS = ["json", "xml"] as const;
export type Format = (typeof FORMATS)[number];

const format = StringEnum(FORMATS, { description: "the answer's format: json or xml" });

/** Whatever a client sends as text; form bodies are all text, JSON bodies may carry numbers. */
const TextOrNumber = (options: { maxLength: number; description: string }) =>
  Type.Union([Type.String({ maxLength: options.maxLength }), Type.Number()], {
    description: options.description,
  });

const apiKey = Type.String({
  maxLength: 200,
  description: "a PowerDesk API token; POST needs complaints.create, full reads need complaints.read",
});
const jurisdictionId = Type.String({
  maxLength: 64,
  description: "an office code (company, region ... DC): narrows to that office; optional",
});
const locale = Type.String({
  maxLength: 35,
  description: "hi for Hindi names (also taken from Accept-Language), else English",
});

export const FormatParam = Type.Object({ format }, Strict);
export const ServiceParams = Type.Object(
  { service_code: Type.String({ minLength: 1, maxLength: 64 }), format },
  Strict,
);
export const RequestParams = Type.Object(
  { service_request_id: Type.String({ minLength: 1, maxLength: 64 }), format },
  Strict,
);
export const TokenParams = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }), format },
  Strict,
);

export const CatalogueQuery = Type.Object(
  { jurisdiction_id: Type.Optional(jurisdictionId), locale: Type.Optional(locale) },
  Strict,
);
export type CatalogueQuery = Static<typeof CatalogueQuery>;

export const ReadQuery = Type.Object(
  {
    api_key: Type.Optional(apiKey),
    jurisdiction_id: Type.Optional(jurisdictionId),
    locale: Type.Optional(locale),
  },
  Strict,
);
export type ReadQuery = Static<typeof ReadQuery>;

export const ListQuery = Type.Object(
  {
    api_key: Type.Optional(apiKey),
    jurisdiction_id: Type.Optional(jurisdictionId),
    locale: Type.Optional(locale),
    service_request_id: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: "comma-separated request ids (at most 100); when given, every other filter is ignored",
      }),
    ),
    service_code: Type.Optional(
      Type.String({ maxLength: 1000, description: "comma-separated service codes" }),
    ),
    start_date: Type.Optional(
      Type.String({ format: "date-time", description: "earliest requested_datetime (w3c)" }),
    ),
    end_date: Type.Optional(
      Type.String({ format: "date-time", description: "latest requested_datetime (w3c)" }),
    ),
    status: Type.Optional(
      Type.String({ maxLength: 20, description: "open, closed or open,closed (default: both)" }),
    ),
  },
  Strict,
);
export type ListQuery = Static<typeof ListQuery>;

/** POST requests: the spec's fields; form-urlencoded `attribute[code]=value` arrives as `attribute: { code: value }`. */
export const CreateRequestBody = Type.Object(
  {
    api_key: Type.Optional(apiKey),
    jurisdiction_id: Type.Optional(jurisdictionId),
    locale: Type.Optional(locale),
    service_code: Type.String({ minLength: 1, maxLength: 64, description: "a code from services.json" }),
    account_id: Type.Optional(
      TextOrNumber({ maxLength: 32, description: "the consumer number, when the reporter is a consumer" }),
    ),
    lat: Type.Optional(TextOrNumber({ maxLength: 32, description: "WGS-84 latitude (with long)" })),
    long: Type.Optional(TextOrNumber({ maxLength: 32, description: "WGS-84 longitude (with lat)" })),
    address_string: Type.Optional(
      Type.String({ maxLength: 500, description: "where the fault is; must name the locality (DC)" }),
    ),
    address_id: Type.Optional(
      Type.String({ maxLength: 64, description: "not supported: give address_string" }),
    ),
    email: Type.Optional(Type.String({ maxLength: 254, description: "accepted, not stored" })),
    device_id: Type.Optional(Type.String({ maxLength: 200, description: "accepted, not stored" })),
    first_name: Type.Optional(Type.String({ maxLength: 100 })),
    last_name: Type.Optional(Type.String({ maxLength: 100 })),
    phone: Type.Optional(Type.String({ maxLength: 20, description: "a 10-digit Indian mobile number" })),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    media_url: Type.Optional(Type.String({ maxLength: 2000, description: "an http(s) link to a photo" })),
    attribute: Type.Optional(
      Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 200 }), {
        description: "the service definition's attributes: attribute[subcategory]=<key>",
      }),
    ),
  },
  Strict,
);
export type CreateRequestBody = Static<typeof CreateRequestBody>;

// Answers (documentation: the routes send them already rendered, as JSON or XML).

const dt = Type.String({ format: "date-time" });
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const ServiceItem = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.Literal("realtime"),
  keywords: Type.String(),
  group: Type.String(),
});
export type ServiceItem = Static<typeof ServiceItem>;

export const ServiceAttribute = Type.Object({
  variable: Type.Boolean(),
  code: Type.String(),
  datatype: Type.String(),
  required: Type.Boolean(),
  datatype_description: Type.String(),
  order: Type.Integer(),
  description: Type.String(),
  values: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
});

export const ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(ServiceAttribute),
});
export type ServiceDefinition = Static<typeof ServiceDefinition>;

export const CreatedRequest = Type.Object({
  service_request_id: Type.String(),
  service_notice: Type.String(),
  account_id: NullableString,
});
export type CreatedRequest = Static<typeof CreatedRequest>;

export const ServiceRequest = Type.Object({
  service_request_id: Type.String(),
  status: StringEnum(["open", "closed"] as const),
  status_notes: NullableString,
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.Optional(NullableString),
  agency_responsible: Type.String(),
  service_notice: NullableString,
  requested_datetime: dt,
  updated_datetime: dt,
  expected_datetime: Type.Union([dt, Type.Null()]),
  address: Type.Optional(NullableString),
  lat: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  long: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  media_url: Type.Optional(NullableString),
});
export type ServiceRequest = Static<typeof ServiceRequest>;

export const Open311Error = Type.Object({ code: Type.Integer(), description: Type.String() });
export const Open311Errors = Type.Array(Open311Error, {
  description: "GeoReport v2 errors: [{code, description}] (XML: <errors><error>...)",
});
