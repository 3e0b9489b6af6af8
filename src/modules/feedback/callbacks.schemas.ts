// The feedback desk's API (callbacks, the consumer's feedback link, grievances): request and response
// shapes. Imports only typebox, schema and constants files: the web type-checks against this file.
import { type Static, Type } from "typebox";
import { CALL_OUTCOMES, CALLBACK_STATUSES, LANGUAGES, TROUBLE_TAGS } from "../../db/schema.constants.ts";
import { DateTime, Nullable, OrgRef, Strict, StringEnum } from "../../http/schemas.ts";

export const CallbackDto = Type.Object({
  id: Type.Integer(),
  complaintNumber: Type.String(),
  round: Type.Integer({ description: "0 for the first resolution, 1 after one reopening, ..." }),
  status: Type.String(),
  priority: Type.Integer({ description: "0: reopened or late, called first" }),
  resolvedAt: DateTime,
  attempts: Type.Integer(),
  nextAttemptAt: DateTime,
  windowEndsAt: DateTime,
  category: Type.Object({ nameEn: Type.String(), nameHi: Type.String() }),
  consumerNo: Nullable(Type.String()),
  name: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  language: StringEnum(LANGUAGES),
  dc: OrgRef,
  resolvedBy: Nullable(Type.String()),
  resolutionRemarks: Nullable(Type.String()),
  reopenCount: Type.Integer(),
  breached: Type.Boolean(),
  lastOutcome: Nullable(Type.String()),
});
export type CallbackDto = Static<typeof CallbackDto>;

/** The desk's history: every callback of the jurisdiction, any status (issue 16: a table to export). */
export const CallbackHistoryQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(CALLBACK_STATUSES)),
    dc: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 40,
        description: "an office code: that office and the DCs below it",
      }),
    ),
    closedFrom: Type.Optional(Type.String({ format: "date-time", description: "closed at or after" })),
    closedTo: Type.Optional(Type.String({ format: "date-time", description: "closed before" })),
    outcome: Type.Optional(StringEnum(CALL_OUTCOMES, { description: "the last call's outcome" })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  Strict,
);
export type CallbackHistoryQuery = Static<typeof CallbackHistoryQuery>;

export const CallbackHistoryDto = Type.Object({
  ...CallbackDto.properties,
  createdAt: DateTime,
  closedAt: Nullable(DateTime),
  answeredVia: Nullable(Type.String({ description: "call or link" })),
  fixed: Nullable(Type.Boolean()),
  timeRating: Nullable(Type.Integer()),
  overallRating: Nullable(Type.Integer()),
  troubleTags: Type.Array(Type.String()),
  consumerWords: Nullable(Type.String()),
});
export type CallbackHistoryDto = Static<typeof CallbackHistoryDto>;

export const CallbackHistory = Type.Object({
  items: Type.Array(CallbackHistoryDto),
  limit: Type.Integer(),
  offset: Type.Integer(),
});
export type CallbackHistory = Static<typeof CallbackHistory>;

/** What the consumer said on a callback or through the feedback link. */
export const CallbackAnswers = Type.Object(
  {
    fixed: Type.Boolean({ description: "was the problem fixed?" }),
    timeRating: Type.Optional(Type.Integer({ description: "satisfaction with the time taken, 1 to 5" })),
    overallRating: Type.Optional(Type.Integer({ description: "1 to 5" })),
    troubleTags: Type.Optional(Type.Array(StringEnum(TROUBLE_TAGS), { maxItems: 10 })),
    troubleText: Type.Optional(Type.String({ maxLength: 2000 })),
    consumerWords: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: "what is still wrong, in his words (required when not fixed)",
      }),
    ),
  },
  Strict,
);
export type CallbackAnswers = Static<typeof CallbackAnswers>;

export const CallbackQueueQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    q: Type.Optional(
      Type.String({ maxLength: 40, description: "a complaint number, consumer number or mobile" }),
    ),
    dc: Type.Optional(Type.String({ maxLength: 32, description: "an office's code: its DCs' callbacks" })),
    category: Type.Optional(Type.String({ maxLength: 32 })),
    round: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 99,
        description: "0: after the first resolution; n: after the nth reopen",
      }),
    ),
  },
  Strict,
);
export type CallbackQueueQuery = Static<typeof CallbackQueueQuery>;

export const CallbackQueue = Type.Object({
  items: Type.Array(CallbackDto),
  total: Type.Integer({ description: "how many the filtered queue holds; items is its first page" }),
  progress: Type.Object({
    mine: Type.Integer({ description: "calls you made today" }),
    desk: Type.Integer({ description: "calls made today in your jurisdiction" }),
    reached: Type.Integer(),
    due: Type.Integer({ description: "callbacks due now" }),
    waitingLink: Type.Integer({ description: "not reached: the feedback link went by SMS" }),
    target: Type.Integer({ description: "the company's daily target" }),
  }),
});
export type CallbackQueue = Static<typeof CallbackQueue>;

/** One earlier call to the consumer. */
export const CallbackAttemptDto = Type.Object({
  at: DateTime,
  outcome: Type.String(),
  note: Nullable(Type.String()),
  by: Nullable(Type.String()),
});
export type CallbackAttemptDto = Static<typeof CallbackAttemptDto>;

export const OpenedCallback = Type.Object({
  callback: CallbackDto,
  attempts: Type.Array(CallbackAttemptDto),
});
export type OpenedCallback = Static<typeof OpenedCallback>;

export const CallbackOutcomeBody = Type.Object(
  {
    outcome: StringEnum(CALL_OUTCOMES),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    answers: Type.Optional(CallbackAnswers),
  },
  Strict,
);
export type CallbackOutcomeBody = Static<typeof CallbackOutcomeBody>;

export const CallbackOutcomeResult = Type.Object({
  status: Type.String(),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Optional(DateTime),
});
export type CallbackOutcomeResult = Static<typeof CallbackOutcomeResult>;

export const FeedbackTokenParams = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 40 }) },
  Strict,
);
export type FeedbackTokenParams = Static<typeof FeedbackTokenParams>;

export const FeedbackLinkInfo = Type.Object({
  complaintNumber: Type.String(),
  category: Type.Object({ nameEn: Type.String(), nameHi: Type.String() }),
  resolvedAt: DateTime,
  dc: Type.Object({ nameEn: Type.String(), nameHi: Type.String() }),
  language: StringEnum(LANGUAGES),
  expiresAt: DateTime,
});
export type FeedbackLinkInfo = Static<typeof FeedbackLinkInfo>;

export const FeedbackAnswered = Type.Object({ status: Type.String() });
export type FeedbackAnswered = Static<typeof FeedbackAnswered>;

export const CallbackSettings = Type.Object(
  {
    maxAttempts: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 10, description: "calls before the feedback link" }),
    ),
    retryAfterHours: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: 240 }), { minItems: 1, maxItems: 10 }),
    ),
    windowDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 60, description: "then the complaint closes not confirmed" }),
    ),
    dailyTarget: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    leaseMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 120 })),
    grievanceTags: Type.Optional(Type.Array(StringEnum(TROUBLE_TAGS), { maxItems: 10 })),
  },
  Strict,
);
export type CallbackSettings = Static<typeof CallbackSettings>;

export const GrievanceListQuery = Type.Object(
  { status: Type.Optional(StringEnum(["open", "closed", "all"] as const)) },
  Strict,
);
export type GrievanceListQuery = Static<typeof GrievanceListQuery>;

export const GrievanceDto = Type.Object({
  id: Type.Integer(),
  complaintNumber: Type.String(),
  tags: Type.Array(Type.String()),
  text: Nullable(Type.String()),
  status: Type.String(),
  createdAt: DateTime,
  closedAt: Nullable(DateTime),
  closedBy: Nullable(Type.String()),
  actionTaken: Nullable(Type.String()),
  office: OrgRef,
  dc: OrgRef,
});
export type GrievanceDto = Static<typeof GrievanceDto>;

export const GrievanceList = Type.Object({ items: Type.Array(GrievanceDto) });
export type GrievanceList = Static<typeof GrievanceList>;

export const CloseGrievanceBody = Type.Object(
  { actionTaken: Type.String({ minLength: 1, maxLength: 2000 }) },
  Strict,
);
export type CloseGrievanceBody = Static<typeof CloseGrievanceBody>;
