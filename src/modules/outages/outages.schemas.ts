// The outages, ingest and reliability API's request and response shapes. Imports only typebox,
// schema and constants files: the web type-checks against this file.
import { type Static, Type } from "typebox";
import { OUTAGE_KINDS, OUTAGE_SCOPES, OUTAGE_SOURCES, OUTAGE_STATUSES } from "../../db/schema.constants.ts";
import { DateTime, Named, Nullable, Strict, StringEnum } from "../../http/schemas.ts";
import { OUTAGE_ACTIONS, RELIABILITY_LEVELS } from "./outages.constants.ts";

/** An outage as screens show it (the wallboard's red alert, the outage page). */
export const OutageDto = Type.Object({
  id: Type.Integer(),
  kind: StringEnum(OUTAGE_KINDS),
  scope: StringEnum(OUTAGE_SCOPES, { description: "what is out: a feeder, a DT, or one consumer" }),
  status: StringEnum(OUTAGE_STATUSES),
  source: StringEnum(OUTAGE_SOURCES, {
    description:
      "scada (breaker trip), ami (smart-meter last gasps), complaints (a cluster of no-supply calls), staff",
  }),
  feeder: Nullable(Named),
  dt: Nullable(Named),
  consumerNo: Nullable(Type.String()),
  dc: Named,
  affectedConsumers: Type.Integer(),
  linkedComplaints: Type.Integer(),
  startedAt: DateTime,
  detectedAt: DateTime,
  confirmedAt: Nullable(DateTime),
  restoredAt: Nullable(DateTime),
  plannedStart: Nullable(DateTime),
  plannedEnd: Nullable(DateTime),
  etr: Nullable(DateTime),
  etrSetAt: Nullable(DateTime),
  etrSetBy: Nullable(Type.String()),
  cause: Nullable(Type.String()),
  mergedInto: Nullable(Type.Integer()),
  acknowledgedAt: Nullable(DateTime),
  acknowledgedBy: Nullable(Type.String()),
  owner: Nullable(Type.String({ description: "who owns it in the field (the DC's JE, else a lineman)" })),
});
export type OutageDto = Static<typeof OutageDto>;

/** One entry of an outage's timeline. */
export const OutageEventDto = Type.Object({
  id: Type.Integer(),
  at: DateTime,
  action: Type.String(),
  actor: Type.Object({ kind: Type.String(), name: Type.String() }),
  channel: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Nullable(Type.String()),
  changes: Type.Record(Type.String(), Type.Unknown()),
  note: Nullable(Type.String()),
});
export type OutageEventDto = Static<typeof OutageEventDto>;

export const OutageListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([StringEnum(["live", "planned", "all"] as const), StringEnum(OUTAGE_STATUSES)], {
        default: "live",
      }),
    ),
    kind: Type.Optional(StringEnum(OUTAGE_KINDS)),
    dc: Type.Optional(Type.String({ maxLength: 32 })),
    feeder: Type.Optional(Type.String({ maxLength: 40 })),
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
  },
  Strict,
);
export type OutageListQuery = Static<typeof OutageListQuery>;

export const OutageList = Type.Object({
  items: Type.Array(OutageDto),
  limit: Type.Integer(),
  offset: Type.Integer(),
});
export type OutageList = Static<typeof OutageList>;

export const OpenOutageBody = Type.Object(
  {
    feederCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    dtCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    consumerNo: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    startedAt: Type.Optional(DateTime),
    etr: Type.Optional(DateTime),
    cause: Type.Optional(Type.String({ maxLength: 300 })),
  },
  Strict,
);
export type OpenOutageBody = Static<typeof OpenOutageBody>;

export const OutageResponse = Type.Object({ outage: OutageDto });
export type OutageResponse = Static<typeof OutageResponse>;

export const ScheduleOutageBody = Type.Object(
  {
    feederCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    dtCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    start: DateTime,
    end: DateTime,
    cause: Type.String({ minLength: 1, maxLength: 120 }),
  },
  Strict,
);
export type ScheduleOutageBody = Static<typeof ScheduleOutageBody>;

export const OutageDetailDto = Type.Object({
  outage: OutageDto,
  actions: Type.Array(StringEnum(OUTAGE_ACTIONS)),
  events: Type.Array(OutageEventDto),
  complaints: Type.Array(
    Type.Object({
      number: Type.String(),
      status: Type.String(),
      registeredAt: DateTime,
      categoryCode: Type.String(),
      consumerNo: Nullable(Type.String()),
      consumerName: Nullable(Type.String()),
    }),
  ),
  sms: Type.Array(Type.Object({ template: Type.String(), status: Type.String(), count: Type.Integer() })),
  merged: Type.Array(Type.Integer(), { description: "outages merged into this one" }),
});
export type OutageDetailDto = Static<typeof OutageDetailDto>;

export const OutageActionBody = Type.Object(
  {
    action: StringEnum(OUTAGE_ACTIONS),
    etr: Type.Optional(DateTime),
    at: Type.Optional(DateTime),
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
    cause: Type.Optional(Type.String({ maxLength: 300 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  Strict,
);
export type OutageActionBody = Static<typeof OutageActionBody>;

export const OutageConsumerParams = Type.Object(
  { consumerNo: Type.String({ minLength: 1, maxLength: 20 }) },
  Strict,
);
export type OutageConsumerParams = Static<typeof OutageConsumerParams>;

export const ConsumerOutages = Type.Object({ live: Nullable(OutageDto), planned: Type.Array(OutageDto) });
export type ConsumerOutages = Static<typeof ConsumerOutages>;

export const ScadaParams = Type.Object({ feederCode: Type.String({ minLength: 1, maxLength: 40 }) }, Strict);
export type ScadaParams = Static<typeof ScadaParams>;

export const ScadaEventBody = Type.Object(
  { event: StringEnum(["trip", "close"] as const), at: Type.Optional(DateTime) },
  Strict,
);
export type ScadaEventBody = Static<typeof ScadaEventBody>;

export const ScadaEventResult = Type.Object({ outcome: Type.String(), outageId: Nullable(Type.Integer()) });
export type ScadaEventResult = Static<typeof ScadaEventResult>;

export const AmiEventsBody = Type.Object(
  {
    events: Type.Array(
      Type.Object(
        {
          meterNo: Type.String({ minLength: 1, maxLength: 40 }),
          event: StringEnum(["last_gasp", "power_restore"] as const),
          at: Type.Optional(DateTime),
        },
        Strict,
      ),
      { minItems: 1, maxItems: 5000 },
    ),
  },
  Strict,
);
export type AmiEventsBody = Static<typeof AmiEventsBody>;

export const AmiEventsResult = Type.Object({
  received: Type.Integer(),
  duplicates: Type.Integer(),
  unknownMeters: Type.Array(Type.String()),
  opened: Type.Integer(),
  restored: Type.Integer(),
});
export type AmiEventsResult = Static<typeof AmiEventsResult>;

/** SAIFI, SAIDI, CAIDI, MAIFI and the counts they come from. */
export const ReliabilityIndices = Type.Object({
  customersServed: Type.Integer(),
  interruptions: Type.Integer({ description: "sustained interruptions" }),
  momentary: Type.Integer({ description: "interruptions shorter than the momentary threshold" }),
  customerInterruptions: Type.Number(),
  customerMinutes: Type.Number(),
  saifi: Type.Number(),
  saidi: Type.Number({ description: "minutes" }),
  caidi: Type.Number({ description: "minutes" }),
  maifi: Type.Number(),
});
export type ReliabilityIndices = Static<typeof ReliabilityIndices>;
const Indices = ReliabilityIndices.properties;

export const ReliabilityQuery = Type.Object(
  {
    level: Type.Optional(StringEnum(RELIABILITY_LEVELS, { default: "dc" })),
    month: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}$" })),
    planned: Type.Optional(Type.Boolean({ description: "count planned shutdowns too (default: no)" })),
  },
  Strict,
);
export type ReliabilityQuery = Static<typeof ReliabilityQuery>;

export const ReliabilityTable = Type.Object({
  month: Type.String(),
  level: Type.String(),
  momentaryMinutes: Type.Number(),
  total: ReliabilityIndices,
  rows: Type.Array(
    Type.Object({
      unit: Type.Object({ code: Type.String(), nameEn: Type.String(), nameHi: Type.String() }),
      ...Indices,
    }),
  ),
});
export type ReliabilityTable = Static<typeof ReliabilityTable>;

export const ReliabilityTrendQuery = Type.Object(
  {
    level: Type.Optional(StringEnum(RELIABILITY_LEVELS, { default: "dc" })),
    unit: Type.Optional(Type.String({ maxLength: 40 })),
    months: Type.Optional(Type.Integer({ minimum: 1, maximum: 36, default: 12 })),
    planned: Type.Optional(Type.Boolean()),
  },
  Strict,
);
export type ReliabilityTrendQuery = Static<typeof ReliabilityTrendQuery>;

export const ReliabilityTrend = Type.Object({
  unit: Nullable(Type.Object({ code: Type.String(), nameEn: Type.String(), nameHi: Type.String() })),
  momentaryMinutes: Type.Number(),
  points: Type.Array(Type.Object({ month: Type.String(), ...Indices })),
});
export type ReliabilityTrend = Static<typeof ReliabilityTrend>;
