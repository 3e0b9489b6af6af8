// The service dashboard's request and response shapes. Imports only typebox,
// schema and constants files: the web type-checks against this file.
import { type Static, Type } from "typebox";
import { ORG_KINDS } from "../../db/schema.constants.ts";
import { DateTime, Nullable, Strict, StringEnum } from "../../http/schemas.ts";

export const ServiceDashboardQuery = Type.Object(
  {
    unit: Type.Optional(Type.String({ maxLength: 40, description: "an org unit's code; default: your own" })),
    // Checked by the service, so that a wrong month is a 400 naming `month` with a sentence.
    month: Type.Optional(
      Type.String({ maxLength: 20, description: "YYYY-MM, up to this month; default: this month" }),
    ),
  },
  Strict,
);
export type ServiceDashboardQuery = Static<typeof ServiceDashboardQuery>;

export const ServiceDashboardExportQuery = Type.Object(
  {
    unit: Type.Optional(Type.String({ maxLength: 40 })),
    month: Type.Optional(Type.String({ maxLength: 20 })),
    format: Type.Optional(Type.Union([Type.Literal("csv"), Type.Literal("xlsx")], { default: "csv" })),
  },
  Strict,
);
export type ServiceDashboardExportQuery = Static<typeof ServiceDashboardExportQuery>;

const Unit = Type.Object({
  code: Type.String(),
  kind: StringEnum(ORG_KINDS),
  nameEn: Type.String(),
  nameHi: Type.String(),
});
const Pct = Nullable(
  Type.Number({ description: "0–100, one decimal; null when there is nothing to divide by" }),
);

export const CallbackFigures = Type.Object({
  closed: Type.Integer(),
  confirmed: Type.Integer(),
  notFixed: Type.Integer(),
  notReached: Type.Integer({ description: "closed as not confirmed: the consumer was never reached" }),
  cancelled: Type.Integer(),
  confirmedPct: Pct,
  notFixedPct: Pct,
  notReachedPct: Pct,
  timeRating: Nullable(Type.Number({ description: "average 1–5" })),
  overallRating: Nullable(Type.Number({ description: "average 1–5" })),
  ratings: Type.Integer(),
});

export const SurveyFigures = Type.Object({
  sampled: Type.Integer(),
  answered: Type.Integer(),
  responseRate: Pct,
  regularSupply: Pct,
  meterRead: Pct,
  billOnTime: Pct,
  billCorrect: Pct,
});

export const ReliabilityFigures = Type.Object({
  interruptions: Type.Integer(),
  momentary: Type.Integer(),
  customersServed: Type.Integer(),
  saifi: Type.Number(),
  saidi: Type.Number(),
  caidi: Type.Number(),
});

const smsFields = {
  queued: Type.Integer({ description: "pending or being sent" }),
  sent: Type.Integer({ description: "accepted by the SMSC, no receipt yet" }),
  delivered: Type.Integer(),
  failed: Type.Integer(),
  other: Type.Integer({ description: "skipped (opted out, no template) or cancelled" }),
  deliveredPct: Pct,
};
export const SmsCounts = Type.Object(smsFields);

export const CoverageFigures = Type.Object({
  consumers: Type.Integer({ description: "active consumers at the last count" }),
  verified: Type.Integer(),
  pct: Pct,
  countedAt: Nullable(DateTime),
});

const firstResponseFields = {
  conversations: Type.Integer(),
  answered: Type.Integer(),
  medianMinutes: Nullable(Type.Number()),
  p90Minutes: Nullable(Type.Number()),
};
export const FirstResponseFigures = Type.Object(firstResponseFields);

export const ServiceChildRow = Type.Object({
  unit: Unit,
  callbacks: CallbackFigures,
  survey: Nullable(SurveyFigures),
  reliability: Nullable(ReliabilityFigures),
  sms: SmsCounts,
  coverage: CoverageFigures,
  inbox: FirstResponseFigures,
});
export type ServiceChildRow = Static<typeof ServiceChildRow>;

export const ServiceTrendPoint = Type.Object({
  month: Type.String(),
  confirmedPct: Pct,
  timeRating: Nullable(Type.Number()),
  overallRating: Nullable(Type.Number()),
  responseRate: Pct,
  saidi: Nullable(Type.Number()),
  saifi: Nullable(Type.Number()),
  smsDelivered: Type.Integer(),
  smsFailed: Type.Integer(),
  firstResponseMedian: Nullable(Type.Number()),
});

export const ServiceDashboardDto = Type.Object({
  month: Type.String(),
  unit: Unit,
  trail: Type.Array(Unit, { description: "from your own unit down to this one" }),
  childKind: Nullable(StringEnum(ORG_KINDS)),
  callbacks: CallbackFigures,
  survey: Nullable(
    Type.Object({
      ...SurveyFigures.properties,
      flagged: Type.Array(Type.String()),
      threshold: Type.Number(),
    }),
  ),
  reliability: Nullable(Type.Object({ ...ReliabilityFigures.properties, momentaryMinutes: Type.Number() })),
  sms: Type.Object({
    ...smsFields,
    byTemplate: Type.Array(Type.Object({ template: Type.String(), ...smsFields })),
  }),
  coverage: CoverageFigures,
  inbox: Type.Object({
    ...firstResponseFields,
    byChannel: Type.Array(Type.Object({ channel: Type.String(), ...firstResponseFields })),
  }),
  children: Type.Array(ServiceChildRow),
  trend: Type.Array(ServiceTrendPoint),
});
export type ServiceDashboardDto = Static<typeof ServiceDashboardDto>;
