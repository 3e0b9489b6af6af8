// The SMS API's request and response shapes (templates, outbox, inbound, consumers' mobiles).
// Imports only typebox, schema and constants files: the web type-checks against this file.
import { type Static, Type } from "typebox";
import { LANGUAGES, SMS_CATEGORIES, SMS_STATUSES } from "../../db/schema.constants.ts";
import { DateTime, Nullable, Strict, StringEnum } from "../../http/schemas.ts";

const Language = StringEnum(LANGUAGES);
const Sample = Type.Record(Type.String(), Type.String({ maxLength: 200 }), {
  description: "example values for the preview; each at most 30 characters to save",
});

export const TemplateVersionDto = Type.Object({
  body: Type.String(),
  dltTemplateId: Type.String(),
  sender: Type.String(),
  category: StringEnum(SMS_CATEGORIES),
  optional: Type.Boolean({ description: "consumers who sent STOP do not get it" }),
  quietHours: Type.Boolean({ description: "waits out the quiet hours unless urgent" }),
  updatedAt: DateTime,
  updatedBy: Nullable(Type.String()),
});
export type TemplateVersionDto = Static<typeof TemplateVersionDto>;

export const TemplateDto = Type.Object({
  code: Type.String(),
  variables: Type.Array(Type.String(), { description: "the variables its text must use, each once or more" }),
  sample: Type.Record(Type.String(), Type.String()),
  languages: Type.Object({ en: Type.Optional(TemplateVersionDto), hi: Type.Optional(TemplateVersionDto) }),
});
export type TemplateDto = Static<typeof TemplateDto>;

export const TemplateList = Type.Object({ items: Type.Array(TemplateDto) });
export type TemplateList = Static<typeof TemplateList>;

export const PreviewDto = Type.Object({
  text: Type.String({ description: "the text with the sample values" }),
  dltText: Type.String({ description: "the text as registered on DLT, variables as {#var#}" }),
  encoding: StringEnum(["gsm7", "ucs2"] as const),
  characters: Type.Integer(),
  parts: Type.Integer(),
  remaining: Type.Integer({ description: "characters left before one more part is needed" }),
  problems: Type.Array(Type.String(), { description: "why it could not be saved; empty when it can" }),
});
export type PreviewDto = Static<typeof PreviewDto>;

export const InboundItemDto = Type.Object({
  id: Type.Integer(),
  sender: Type.String({ description: "masked for roles that may not see mobiles" }),
  text: Type.String({ description: "mobiles inside it masked for roles that may not see them" }),
  receivedAt: DateTime,
  outcome: Type.String({
    description: "what became of it: opted out, registered <number>, not understood, ...",
  }),
  complaintNumber: Nullable(Type.String()),
  replied: Type.Boolean({ description: "the keywords were sent back" }),
  replyLanguage: Nullable(Language),
});
export type InboundItemDto = Static<typeof InboundItemDto>;

export const OutboxItemDto = Type.Object({
  id: Type.Integer(),
  recipient: Type.String({ description: "masked for roles that may not see mobiles" }),
  language: Language,
  template: Type.String(),
  body: Type.String(),
  urgent: Type.Boolean(),
  status: StringEnum(SMS_STATUSES),
  relatedType: Nullable(Type.String()),
  relatedId: Nullable(Type.Integer()),
  relatedLabel: Nullable(Type.String({ description: "complaint number or consumer number" })),
  createdAt: DateTime,
  sentAt: Nullable(DateTime),
  deliveredAt: Nullable(DateTime),
  parts: Nullable(Type.Integer()),
  attempts: Type.Integer(),
  deliveryStatus: Nullable(Type.String()),
  error: Nullable(Type.String()),
});
export type OutboxItemDto = Static<typeof OutboxItemDto>;

export const TemplateParams = Type.Object({ code: Type.String({ maxLength: 60 }) }, Strict);
export type TemplateParams = Static<typeof TemplateParams>;

export const PreviewBody = Type.Object(
  { body: Type.String({ maxLength: 2000 }), sample: Type.Optional(Sample) },
  Strict,
);
export type PreviewBody = Static<typeof PreviewBody>;

export const TemplateLanguageParams = Type.Object(
  { code: Type.String({ maxLength: 60 }), language: Language },
  Strict,
);
export type TemplateLanguageParams = Static<typeof TemplateLanguageParams>;

export const SaveTemplateBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 2000 }),
    dltTemplateId: Type.Optional(Type.String({ maxLength: 30 })),
    sender: Type.Optional(Type.String({ maxLength: 10 })),
    category: Type.Optional(StringEnum(SMS_CATEGORIES)),
    optional: Type.Optional(Type.Boolean()),
    quietHours: Type.Optional(Type.Boolean()),
    sample: Type.Optional(Sample),
  },
  Strict,
);
export type SaveTemplateBody = Static<typeof SaveTemplateBody>;

export const InboundQuery = Type.Object(
  {
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  Strict,
);
export type InboundQuery = Static<typeof InboundQuery>;

export const InboundList = Type.Object({
  items: Type.Array(InboundItemDto),
  nextBefore: Nullable(Type.Integer()),
});
export type InboundList = Static<typeof InboundList>;

export const OutboxQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(SMS_STATUSES)),
    template: Type.Optional(Type.String({ maxLength: 60 })),
    mobile: Type.Optional(Type.String({ maxLength: 20 })),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  Strict,
);
export type OutboxQuery = Static<typeof OutboxQuery>;

export const OutboxList = Type.Object({
  items: Type.Array(OutboxItemDto),
  nextBefore: Nullable(Type.Integer()),
  last24h: Type.Record(Type.String(), Type.Integer()),
  local: Type.Boolean({ description: "nothing leaves the machine (the log gateway)" }),
});
export type OutboxList = Static<typeof OutboxList>;

export const MobileCoverage = Type.Object({
  items: Type.Array(
    Type.Object({
      dcCode: Type.String(),
      dcNameEn: Type.String(),
      dcNameHi: Type.String(),
      parentNameEn: Nullable(Type.String()),
      parentNameHi: Nullable(Type.String()),
      consumers: Type.Integer(),
      verified: Type.Integer(),
    }),
  ),
  total: Type.Object({ consumers: Type.Integer(), verified: Type.Integer() }),
  countedAt: Nullable(DateTime),
});
export type MobileCoverage = Static<typeof MobileCoverage>;

export const MobileConsumerParams = Type.Object(
  { consumerNo: Type.String({ minLength: 1, maxLength: 30 }) },
  Strict,
);
export type MobileConsumerParams = Static<typeof MobileConsumerParams>;

export const AddMobileBody = Type.Object(
  {
    mobile: Type.String({ minLength: 1, maxLength: 20 }),
    language: Language,
    replaces: Type.Optional(Type.String({ maxLength: 20, description: "the number it replaces" })),
  },
  Strict,
);
export type AddMobileBody = Static<typeof AddMobileBody>;

export const MobileVerificationStarted = Type.Object({
  verificationId: Type.Integer(),
  mobile: Type.String(),
  expiresAt: DateTime,
});
export type MobileVerificationStarted = Static<typeof MobileVerificationStarted>;

export const VerifyMobileBody = Type.Object(
  {
    verificationId: Type.Integer({ minimum: 1 }),
    code: Type.String({ minLength: 1, maxLength: 10 }),
  },
  Strict,
);
export type VerifyMobileBody = Static<typeof VerifyMobileBody>;

export const MobileVerified = Type.Object({
  mobile: Type.String(),
  verifiedAt: DateTime,
  replaced: Nullable(Type.String()),
});
export type MobileVerified = Static<typeof MobileVerified>;

export const RemoveMobileParams = Type.Object(
  {
    consumerNo: Type.String({ minLength: 1, maxLength: 30 }),
    mobile: Type.String({ maxLength: 20 }),
  },
  Strict,
);
export type RemoveMobileParams = Static<typeof RemoveMobileParams>;
