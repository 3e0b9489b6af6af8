// The consumer portal's request and response shapes. Imports only typebox, schema and constants files:
// the web type-checks against this file.
import { type Static, Type } from "typebox";
import {
  AREA_TYPES,
  COMPLAINT_STATUSES,
  CONNECTION_STATUSES,
  LANGUAGES,
  OUTAGE_SCOPES,
} from "../../db/schema.constants.ts";
import { DateTime, Named, Nullable, Strict, StringEnum } from "../../http/schemas.ts";
import { BILL_STATUSES } from "../billing/billing.constants.ts";
import { PHOTO_TYPES } from "./portal.constants.ts";

const ConsumerNo = Type.String({ minLength: 3, maxLength: 20, pattern: "^[A-Za-z0-9/-]+$" });

export const PortalCodeBody = Type.Object({ consumerNo: ConsumerNo }, Strict);
export type PortalCodeBody = Static<typeof PortalCodeBody>;

export const PortalCodeSent = Type.Object({
  sent: Type.Boolean({
    description: "always true: the same answer whether or not the consumer exists or has a verified mobile",
  }),
});

export const PortalSignInBody = Type.Object(
  { consumerNo: ConsumerNo, code: Type.String({ minLength: 1, maxLength: 10 }) },
  Strict,
);
export type PortalSignInBody = Static<typeof PortalSignInBody>;

export const PortalSignedIn = Type.Object({ consumerNo: Type.String(), expiresAt: DateTime });

const PowerOutage = Type.Object({
  kind: StringEnum(["planned", "unplanned"] as const),
  scope: StringEnum(OUTAGE_SCOPES),
  /** The feeder or DT that is off (names only). */
  element: Nullable(Type.Object({ nameEn: Type.String(), nameHi: Type.String() })),
  startedAt: DateTime,
  plannedStart: Nullable(DateTime),
  plannedEnd: Nullable(DateTime),
  etr: Nullable(DateTime),
});

export const PortalMeDto = Type.Object({
  consumerNo: Type.String(),
  name: Type.String(),
  address: Type.String(),
  connectionStatus: StringEnum(CONNECTION_STATUSES),
  areaType: StringEnum(AREA_TYPES),
  dc: Named,
  feeder: Nullable(Named),
  dt: Nullable(Named),
  mobiles: Type.Array(
    Type.Object({
      mobile: Type.String({ description: "masked: the last four digits" }),
      verified: Type.Boolean(),
      language: StringEnum(LANGUAGES),
    }),
  ),
  signedInWith: Type.String({ description: "the mobile the code went to, masked" }),
  power: Type.Object({
    live: Nullable(PowerOutage),
    planned: Type.Array(PowerOutage, { description: "shutdowns of his feeder or DT in the next 7 days" }),
  }),
});
export type PortalMeDto = Static<typeof PortalMeDto>;

export const PortalBillsDto = Type.Object({
  today: Type.String({ format: "date" }),
  bills: Type.Array(
    Type.Object({
      id: Type.Integer(),
      month: Type.String({ description: "YYYY-MM" }),
      billNo: Nullable(Type.String()),
      amount: Type.Number({ description: "in rupees" }),
      dueDate: Type.String({ format: "date" }),
      status: StringEnum(BILL_STATUSES),
      paid: Type.Number(),
      balance: Type.Number(),
      paymentLink: Type.String(),
      payments: Type.Array(
        Type.Object({
          reference: Type.String(),
          amount: Type.Number(),
          paidAt: DateTime,
          mode: Type.String(),
        }),
      ),
    }),
  ),
});
export type PortalBillsDto = Static<typeof PortalBillsDto>;

export const PortalComplaintSummary = Type.Object({
  number: Type.String(),
  status: StringEnum(COMPLAINT_STATUSES),
  category: Named,
  registeredAt: DateTime,
  dueAt: DateTime,
  resolvedAt: Nullable(DateTime),
});

export const PortalComplaintList = Type.Object({ items: Type.Array(PortalComplaintSummary) });
export type PortalComplaintList = Static<typeof PortalComplaintList>;

export const PortalComplaintDto = Type.Object({
  number: Type.String(),
  status: StringEnum(COMPLAINT_STATUSES),
  category: Named,
  dc: Named,
  registeredAt: DateTime,
  dueAt: DateTime,
  resolvedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  steps: Type.Array(Type.Object({ at: DateTime, action: Type.String() }), {
    description: "the public steps of its timeline: no staff names or phones",
  }),
  awaitsFeedback: Type.Boolean({ description: "resolved, and his answer (fixed or not) is awaited" }),
  photo: Type.Boolean({ description: "a photo was sent with it" }),
});
export type PortalComplaintDto = Static<typeof PortalComplaintDto>;

export const PortalComplaintParams = Type.Object(
  { number: Type.String({ minLength: 4, maxLength: 24, pattern: "^[A-Za-z0-9-]+$" }) },
  Strict,
);

export const PortalPhotoParams = Type.Object(
  { number: Type.String({ minLength: 4, maxLength: 24 }) },
  Strict,
);

export const PortalComplaintBody = Type.Object(
  {
    categoryCode: Type.String({ minLength: 1, maxLength: 40 }),
    subcategoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    language: Type.Optional(StringEnum(LANGUAGES)),
    photo: Type.Optional(
      Type.Object(
        {
          contentType: StringEnum(PHOTO_TYPES),
          data: Type.String({
            maxLength: 2_796_204,
            description: "the image, base64; a JPEG or PNG (checked by its bytes) of at most 2 MB",
          }),
        },
        Strict,
      ),
    ),
  },
  Strict,
);
export type PortalComplaintBody = Static<typeof PortalComplaintBody>;

export const PortalComplaintCreated = Type.Object({
  number: Type.String(),
  outcome: StringEnum(["created", "repeat_call", "replayed"] as const, {
    description: "repeat_call: one was open already in that category; this call was added to it",
  }),
  status: StringEnum(COMPLAINT_STATUSES),
  dueAt: DateTime,
});

export const PortalCatalogueDto = Type.Object({
  categories: Type.Array(
    Type.Object({
      code: Type.String(),
      nameEn: Type.String(),
      nameHi: Type.String(),
      emergency: Type.Boolean(),
      photo: Type.Boolean({ description: "a photo may go with it (safety hazards)" }),
      subcategories: Type.Array(Named),
    }),
  ),
});

export const PortalFeedbackBody = Type.Object(
  {
    fixed: Type.Boolean({ description: "was the problem fixed?" }),
    timeRating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    overallRating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    consumerWords: Type.Optional(
      Type.String({ maxLength: 2000, description: "what is still wrong (required when not fixed)" }),
    ),
  },
  Strict,
);
export type PortalFeedbackBody = Static<typeof PortalFeedbackBody>;

export const PortalFeedbackAnswered = Type.Object({
  status: StringEnum(["confirmed", "not_fixed"] as const),
});

export const PortalMobileBody = Type.Object(
  {
    mobile: Type.String({ minLength: 10, maxLength: 16 }),
    language: StringEnum(LANGUAGES),
    replaces: Type.Optional(
      Type.String({ pattern: "^[0-9*]{4,10}$", description: "the last 4 digits of the number it replaces" }),
    ),
  },
  Strict,
);
export type PortalMobileBody = Static<typeof PortalMobileBody>;

export const PortalMobileStarted = Type.Object({
  verificationId: Type.Integer(),
  mobile: Type.String({ description: "masked" }),
  expiresAt: DateTime,
});

export const PortalMobileVerifyBody = Type.Object(
  { verificationId: Type.Integer({ minimum: 1 }), code: Type.String({ minLength: 1, maxLength: 10 }) },
  Strict,
);
export type PortalMobileVerifyBody = Static<typeof PortalMobileVerifyBody>;

export const PortalMobileVerified = Type.Object({ mobile: Type.String(), verifiedAt: DateTime });

export const PortalLanguageBody = Type.Object({ language: StringEnum(LANGUAGES) }, Strict);

export const PublicOutagesDto = Type.Object({
  at: DateTime,
  districts: Type.Array(
    Type.Object({
      district: Nullable(Named),
      outages: Type.Integer(),
      consumersAffected: Type.Integer(),
      dcs: Type.Array(
        Type.Object({
          dc: Named,
          outages: Type.Integer({ description: "live outages (supply off now), planned ones included" }),
          planned: Type.Integer({ description: "of which planned shutdowns in progress" }),
          consumersAffected: Type.Integer(),
          latestEtr: Nullable(DateTime),
          withoutEtr: Type.Integer({ description: "outages with no ETR given yet" }),
        }),
      ),
    }),
  ),
  planned: Type.Array(
    Type.Object({
      district: Nullable(Type.Object({ nameEn: Type.String(), nameHi: Type.String() })),
      dc: Named,
      scope: StringEnum(OUTAGE_SCOPES),
      element: Nullable(Type.Object({ nameEn: Type.String(), nameHi: Type.String() })),
      start: DateTime,
      end: DateTime,
      consumersAffected: Type.Integer(),
    }),
    { description: "shutdowns planned for the next 7 days" },
  ),
});
export type PublicOutagesDto = Static<typeof PublicOutagesDto>;

export const PortalMessageBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 2000 }), language: Type.Optional(StringEnum(LANGUAGES)) },
  Strict,
);
export type PortalMessageBody = Static<typeof PortalMessageBody>;

export const PortalMessageSent = Type.Object({ at: DateTime });

export const PortalMessages = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      /** in: his; out: the desk's answer (no agent's name). */
      direction: StringEnum(["in", "out"] as const),
      body: Type.String(),
      at: DateTime,
    }),
  ),
});
export type PortalMessages = Static<typeof PortalMessages>;

// Applying for a new connection (no sign-in).
export {
  ApplyCodeBody,
  ApplyCodeSent,
  OnlineApplicationBody,
  OnlineApplicationDto,
} from "./portal-connections.schemas.ts";
