// The monthly survey's API (campaigns, the call desk, the consumer's link, scorecards, actions,
// suggestions): request and response shapes. Imports only typebox, schema and constants files:
// the web type-checks against this file.
import { type Static, Type } from "typebox";
import { LANGUAGES, ORG_KINDS, SURVEY_OUTCOMES } from "../../db/schema.constants.ts";
import { DateTime, Nullable, OrgRef, Strict, StringEnum } from "../../http/schemas.ts";

const Month = Type.String({ pattern: "^[0-9]{4}-(0[1-9]|1[0-2])$", description: "YYYY-MM" });
const Pct = Nullable(Type.Number({ description: "per cent, one decimal; null when nobody answered" }));

/** An area of the org hierarchy a scorecard is about. */
export const SurveyOrg = Type.Object({
  code: Type.String(),
  kind: Type.String(),
  nameEn: Type.String(),
  nameHi: Type.String(),
});
export type SurveyOrg = Static<typeof SurveyOrg>;

export const SurveyQuestionDto = Type.Object({
  code: Type.String(),
  position: Type.Integer(),
  kind: StringEnum(["hours", "count", "yes_no", "text"] as const),
  metric: Nullable(Type.String({ description: "what a built-in question feeds; null for an extra one" })),
  textEn: Type.String(),
  textHi: Type.String(),
  active: Type.Boolean(),
  builtIn: Type.Boolean(),
});
export type SurveyQuestionDto = Static<typeof SurveyQuestionDto>;

export const SurveyTargetDto = Type.Object({
  id: Type.Integer(),
  month: Type.String(),
  consumerNo: Type.String(),
  name: Type.String(),
  phone: Type.String(),
  language: StringEnum(LANGUAGES),
  dc: OrgRef,
  status: Type.String(),
  attempts: Type.Integer(),
  nextAttemptAt: DateTime,
  lastOutcome: Nullable(Type.String()),
});
export type SurveyTargetDto = Static<typeof SurveyTargetDto>;

const answerFields = {
  supplyHours: Type.Optional(Type.Number({ minimum: 0, maximum: 24, description: "hours of supply a day" })),
  interruptions: Type.Optional(Type.Integer({ minimum: 0, maximum: 999, description: "in the last month" })),
  meterRead: Type.Optional(Type.Boolean()),
  billOnTime: Type.Optional(Type.Boolean()),
  billCorrect: Type.Optional(Type.Boolean()),
  suggestion: Type.Optional(Type.String({ maxLength: 2000 })),
  extra: Type.Optional(
    Type.Record(
      Type.String(),
      Type.Union([Type.Boolean(), Type.Number(), Type.String({ maxLength: 2000 })]),
      {
        description: "answers to the extra questions, by code",
      },
    ),
  ),
};

/** What a consumer said (the answer fields of the call desk's outcome and of the link). */
export const SurveyAnswers = Type.Object(answerFields);
export type SurveyAnswers = Static<typeof SurveyAnswers>;

const ScoreFields = {
  sampled: Type.Integer(),
  answered: Type.Integer(),
  responseRate: Pct,
  regularSupply: Pct,
  meterRead: Pct,
  billOnTime: Pct,
  billCorrect: Pct,
  callbackSatisfaction: Nullable(
    Type.Number({ description: "average overall rating (1–5) of the month's callbacks" }),
  ),
  callbackAnswers: Type.Integer(),
  flagged: Type.Array(Type.String(), {
    description: "percentages below the threshold (with enough answers)",
  }),
};

/** One area's figures for a month. */
export const SurveyFigures = Type.Object(ScoreFields);
export type SurveyFigures = Static<typeof SurveyFigures>;

export const SurveySettings = Type.Object(
  {
    sampleSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
    maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
    retryAfterHours: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: 240 }), { minItems: 1, maxItems: 10 }),
    ),
    regularSupplyHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 24 })),
    regularMaxInterruptions: Type.Optional(Type.Integer({ minimum: 0, maximum: 999 })),
    flagBelowPercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    minAnswers: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
    autoCampaign: Type.Optional(Type.Boolean()),
  },
  Strict,
);
export type SurveySettings = Static<typeof SurveySettings>;

export const SurveyQuestionList = Type.Object({ items: Type.Array(SurveyQuestionDto) });
export type SurveyQuestionList = Static<typeof SurveyQuestionList>;

export const SurveyQuestionParams = Type.Object({ code: Type.String({ maxLength: 40 }) }, Strict);
export type SurveyQuestionParams = Static<typeof SurveyQuestionParams>;

export const UpdateSurveyQuestionBody = Type.Object(
  {
    textEn: Type.String({ minLength: 1, maxLength: 300 }),
    textHi: Type.String({ minLength: 1, maxLength: 300 }),
    active: Type.Optional(Type.Boolean()),
  },
  Strict,
);
export type UpdateSurveyQuestionBody = Static<typeof UpdateSurveyQuestionBody>;

export const AddSurveyQuestionBody = Type.Object(
  {
    code: Type.String({ minLength: 2, maxLength: 40 }),
    kind: StringEnum(["yes_no", "count", "text"] as const),
    textEn: Type.String({ minLength: 1, maxLength: 300 }),
    textHi: Type.String({ minLength: 1, maxLength: 300 }),
  },
  Strict,
);
export type AddSurveyQuestionBody = Static<typeof AddSurveyQuestionBody>;

export const SurveyCampaignDto = Type.Object({
  id: Type.Integer(),
  month: Type.String(),
  seed: Type.String(),
  sampleSize: Type.Integer(),
  sampled: Type.Integer(),
  answered: Type.Integer(),
  linkSent: Type.Integer(),
  unanswered: Type.Integer(),
  status: Type.String(),
  createdAt: DateTime,
  closedAt: Nullable(DateTime),
});
export type SurveyCampaignDto = Static<typeof SurveyCampaignDto>;

export const SurveyCampaignList = Type.Object({ items: Type.Array(SurveyCampaignDto) });
export type SurveyCampaignList = Static<typeof SurveyCampaignList>;

export const BuildCampaignBody = Type.Object(
  {
    month: Month,
    seed: Type.Optional(Type.String({ maxLength: 64 })),
    sampleSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  },
  Strict,
);
export type BuildCampaignBody = Static<typeof BuildCampaignBody>;

export const CampaignBuilt = Type.Object({
  id: Type.Integer(),
  month: Type.String(),
  seed: Type.String(),
  sampled: Type.Integer(),
  dcs: Type.Integer(),
});
export type CampaignBuilt = Static<typeof CampaignBuilt>;

export const SurveyCallsQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  Strict,
);
export type SurveyCallsQuery = Static<typeof SurveyCallsQuery>;

/** The desk's day. */
export const SurveyProgress = Type.Object({
  month: Nullable(Type.String()),
  mine: Type.Integer({ description: "survey calls you made today" }),
  desk: Type.Integer({ description: "survey calls made today in your jurisdiction" }),
  due: Type.Integer(),
  sampled: Type.Integer(),
  answered: Type.Integer(),
  linkSent: Type.Integer(),
});
export type SurveyProgress = Static<typeof SurveyProgress>;

export const SurveyCalls = Type.Object({ items: Type.Array(SurveyTargetDto), progress: SurveyProgress });
export type SurveyCalls = Static<typeof SurveyCalls>;

/** One earlier survey call to the consumer. */
export const SurveyAttemptDto = Type.Object({
  at: DateTime,
  outcome: Type.String(),
  note: Nullable(Type.String()),
  by: Nullable(Type.String()),
});
export type SurveyAttemptDto = Static<typeof SurveyAttemptDto>;

export const OpenedSurveyCall = Type.Object({
  target: SurveyTargetDto,
  attempts: Type.Array(SurveyAttemptDto),
  questions: Type.Array(SurveyQuestionDto),
});
export type OpenedSurveyCall = Static<typeof OpenedSurveyCall>;

export const SurveyOutcomeBody = Type.Object(
  {
    outcome: StringEnum(SURVEY_OUTCOMES),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    answers: Type.Optional(
      Type.Object(
        {
          ...answerFields,
          complaint: Type.Optional(
            Type.Object({ categoryCode: Type.String({ minLength: 1, maxLength: 40 }) }, Strict),
          ),
        },
        Strict,
      ),
    ),
  },
  Strict,
);
export type SurveyOutcomeBody = Static<typeof SurveyOutcomeBody>;

export const SurveyOutcomeResult = Type.Object({
  status: Type.String(),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Optional(DateTime),
  complaintNumber: Type.Optional(Type.String()),
  complaintError: Type.Optional(
    Type.String({
      description: "the answers were saved but the complaint could not be registered",
    }),
  ),
});
export type SurveyOutcomeResult = Static<typeof SurveyOutcomeResult>;

export const SurveyTokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 40 }) }, Strict);
export type SurveyTokenParams = Static<typeof SurveyTokenParams>;

/** The consumer's survey link (no sign-in). */
export const SurveyLinkInfo = Type.Object({
  month: Type.String(),
  language: StringEnum(LANGUAGES),
  dc: Type.Object({ nameEn: Type.String(), nameHi: Type.String() }),
  questions: Type.Array(SurveyQuestionDto),
  expiresAt: DateTime,
});
export type SurveyLinkInfo = Static<typeof SurveyLinkInfo>;

export const SurveyLinkAnswers = Type.Object(
  { ...answerFields, registerComplaint: Type.Optional(Type.Boolean()) },
  Strict,
);
export type SurveyLinkAnswers = Static<typeof SurveyLinkAnswers>;

export const SurveyLinkAnswered = Type.Object({
  status: Type.String(),
  complaintNumber: Type.Optional(Type.String()),
});
export type SurveyLinkAnswered = Static<typeof SurveyLinkAnswered>;

export const ScorecardsQuery = Type.Object({ month: Month, level: StringEnum(ORG_KINDS) }, Strict);
export type ScorecardsQuery = Static<typeof ScorecardsQuery>;

export const SurveyScorecards = Type.Object({
  month: Type.String(),
  threshold: Type.Number(),
  minAnswers: Type.Integer(),
  items: Type.Array(Type.Object({ org: SurveyOrg, ...ScoreFields })),
});
export type SurveyScorecards = Static<typeof SurveyScorecards>;

export const SurveyTrendQuery = Type.Object(
  {
    org: Type.String({ minLength: 1, maxLength: 40 }),
    months: Type.Optional(Type.Integer({ minimum: 1, maximum: 36 })),
  },
  Strict,
);
export type SurveyTrendQuery = Static<typeof SurveyTrendQuery>;

export const SurveyTrend = Type.Object({
  org: SurveyOrg,
  threshold: Type.Number(),
  items: Type.Array(Type.Object({ month: Type.String(), ...ScoreFields })),
});
export type SurveyTrend = Static<typeof SurveyTrend>;

export const SurveyActionsQuery = Type.Object(
  { status: Type.Optional(StringEnum(["open", "done", "all"] as const)) },
  Strict,
);
export type SurveyActionsQuery = Static<typeof SurveyActionsQuery>;

/** An action item for an area flagged when its month closed. */
export const SurveyActionDto = Type.Object({
  id: Type.Integer(),
  month: Type.String(),
  org: SurveyOrg,
  metrics: Type.Array(Type.Object({ metric: Type.String(), value: Type.Number(), threshold: Type.Number() })),
  status: Type.String(),
  assignedTo: Nullable(Type.String()),
  createdAt: DateTime,
  doneAt: Nullable(DateTime),
  doneBy: Nullable(Type.String()),
  actionTaken: Nullable(Type.String()),
});
export type SurveyActionDto = Static<typeof SurveyActionDto>;

export const SurveyActionList = Type.Object({ items: Type.Array(SurveyActionDto) });
export type SurveyActionList = Static<typeof SurveyActionList>;

export const SurveyActionDoneBody = Type.Object(
  { actionTaken: Type.String({ minLength: 1, maxLength: 2000 }) },
  Strict,
);
export type SurveyActionDoneBody = Static<typeof SurveyActionDoneBody>;

export const SurveySuggestionsQuery = Type.Object(
  { status: Type.Optional(StringEnum(["new", "acted", "all"] as const)) },
  Strict,
);
export type SurveySuggestionsQuery = Static<typeof SurveySuggestionsQuery>;

/** A complaint or suggestion a consumer gave in the survey. */
export const SurveySuggestionDto = Type.Object({
  id: Type.Integer(),
  month: Type.String(),
  consumerNo: Type.String(),
  name: Type.String(),
  dc: OrgRef,
  text: Type.String(),
  answeredAt: Nullable(DateTime),
  via: Nullable(Type.String()),
  wantsComplaint: Type.Boolean(),
  status: Type.String(),
  actedAt: Nullable(DateTime),
  actedBy: Nullable(Type.String()),
  actedNote: Nullable(Type.String()),
  complaintNumber: Nullable(Type.String()),
});
export type SurveySuggestionDto = Static<typeof SurveySuggestionDto>;

export const SurveySuggestionList = Type.Object({ items: Type.Array(SurveySuggestionDto) });
export type SurveySuggestionList = Static<typeof SurveySuggestionList>;

export const SuggestionActedBody = Type.Object(
  { note: Type.String({ minLength: 1, maxLength: 2000 }) },
  Strict,
);
export type SuggestionActedBody = Static<typeof SuggestionActedBody>;

export const SuggestionComplaintBody = Type.Object(
  { categoryCode: Type.String({ minLength: 1, maxLength: 40 }) },
  Strict,
);
export type SuggestionComplaintBody = Static<typeof SuggestionComplaintBody>;

export const SuggestionComplaint = Type.Object({ complaintNumber: Type.String() });
export type SuggestionComplaint = Static<typeof SuggestionComplaint>;
