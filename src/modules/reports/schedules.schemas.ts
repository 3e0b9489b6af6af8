// Scheduled reports: subscriptions, the area summary's download and the public link.
import { type Static, Type } from "typebox";
import { LANGUAGES, ORG_KINDS } from "../../db/schema.constants.ts";
import { DateTime, Nullable, Strict, StringEnum } from "../../http/schemas.ts";

export const REPORT_KINDS = ["area_summary", "sop"] as const;
export const REPORT_FREQUENCIES = ["weekly", "monthly"] as const;

export const SubscriptionDto = Type.Object({
  id: Type.Integer(),
  unit: Type.Object({
    code: Type.String(),
    kind: StringEnum(ORG_KINDS),
    nameEn: Type.String(),
    nameHi: Type.String(),
  }),
  kind: StringEnum(REPORT_KINDS),
  frequency: StringEnum(REPORT_FREQUENCIES),
  language: StringEnum(LANGUAGES),
  nextRunAt: DateTime,
  /** The last period sent: "2026-11" (a month) or "2026-11-23" (a week's Monday). */
  lastPeriod: Nullable(Type.String()),
  lastSentAt: Nullable(DateTime),
});
export type SubscriptionDto = Static<typeof SubscriptionDto>;

export const SubscriptionList = Type.Object({ items: Type.Array(SubscriptionDto) });

export const NewSubscription = Type.Object(
  {
    unit: Type.String({
      minLength: 1,
      maxLength: 40,
      description: "an office in your jurisdiction, by code",
    }),
    kind: StringEnum(REPORT_KINDS),
    frequency: StringEnum(REPORT_FREQUENCIES),
    language: Type.Optional(StringEnum(LANGUAGES, { description: "default: your own" })),
  },
  Strict,
);

export const RunResult = Type.Object({
  period: Type.String(),
  /** The period as the SMS names it, in the subscription's language. */
  label: Type.String(),
});

export const AreaSummaryQuery = Type.Object(
  {
    unit: Type.String({ minLength: 1, maxLength: 40 }),
    period: Type.Optional(
      Type.String({
        maxLength: 10,
        description:
          "a month (2026-11) or a date (the Monday-to-Sunday week holding it); default: last month",
      }),
    ),
    language: Type.Optional(StringEnum(LANGUAGES)),
  },
  Strict,
);

export const ReportTokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 64 }) }, Strict);

/** A PDF body, for the OpenAPI document. */
export const PdfBody = Type.Unsafe<Uint8Array>({ type: "string", format: "binary" });
