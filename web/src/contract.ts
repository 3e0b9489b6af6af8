// The API's shapes as the web sees them: the server's own schemas, under the names the screens use.
// Types only (`export type`): nothing of the server ends up in the bundle. The value lists below come
// from the server's dependency-free constants files, so the two cannot drift.
// test/contract.test.ts keeps web files to these imports.

import {
  type ComplaintStatus,
  LIVE_OUTAGE_STATUSES as LIVE,
  OPEN_STATUSES as OPEN,
  type OutageStatus,
} from "../../src/db/schema.constants.ts";

/** The server's list, typed as statuses at large so that `OPEN_STATUSES.includes(c.status)` type-checks. */
export const OPEN_STATUSES: readonly ComplaintStatus[] = OPEN;
/** The server's list, typed as statuses at large so that `.includes(o.status)` type-checks. */
export const LIVE_OUTAGE_STATUSES: readonly OutageStatus[] = LIVE;

export {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  ARTICLE_STATUSES,
  type ArticleStatus,
  CALL_OUTCOMES,
  CALLBACK_STATUSES,
  type CallbackStatus,
  type CallOutcome,
  CHANNELS,
  type Channel,
  COMPLAINT_STATUSES,
  CONVERSATION_CHANNELS,
  type ComplaintStatus,
  type ConnectionStatus,
  type ConversationChannel,
  type ConversationStatus,
  FIXED_BASES,
  type FixedBasis,
  KB_CATEGORIES,
  type KbCategory,
  type MessageStatus,
  type OrgKind,
  type OutageKind,
  type OutageScope,
  type OutageSource,
  type OutageStatus,
  PENDING_APPLICATION_STATUSES,
  ROLES,
  type Role,
  SOP_AREAS,
  type SopArea,
  SUPPLY_TYPES,
  type SupplyType,
  type SurveyMetric as QuestionMetric,
  type SurveyOutcome,
  type SurveyTargetStatus,
  TARIFF_CATEGORIES,
  type TariffCategory,
  TROUBLE_TAGS,
  type TroubleTag,
} from "../../src/db/schema.constants.ts";
export type { Named } from "../../src/http/schemas.ts";
// Hindi times say सुबह/शाम/रात: the same options as the SMS (src/lib/datetime.constants.ts).
export { dateTimeOptions } from "../../src/lib/datetime.constants.ts";
export { BILL_STATUSES, type BillStatus } from "../../src/modules/billing/billing.constants.ts";
// Every schema file as a type-only namespace, for web/src/endpoints.ts: an endpoint's types are the
// very schemas its route declares (`typeof complaints.ComplaintWithTimeline`), not a copy.
export type * as billing from "../../src/modules/billing/billing.schemas.ts";
export type {
  BillDto as Bill,
  BillResent,
  ConsumerBillsDto as ConsumerBills,
} from "../../src/modules/billing/billing.schemas.ts";
export {
  INBOX_STATUS_FILTERS,
  type InboxStatusFilter,
  type ReplyTemplate,
} from "../../src/modules/channels/inbox.constants.ts";
export type * as inbox from "../../src/modules/channels/inbox.schemas.ts";
export type {
  ConversationDetail,
  ConversationDto as Conversation,
} from "../../src/modules/channels/inbox.schemas.ts";
export { type ComplaintAction, LADDER } from "../../src/modules/complaints/complaints.constants.ts";
export type * as complaints from "../../src/modules/complaints/complaints.schemas.ts";
export type {
  CatalogueDto as Catalogue,
  CategoryDto as Category,
  ComplaintDto as Complaint,
  ComplaintEventDto as TimelineEvent,
  ComplaintSummary as Summary,
  TimelineRefs,
} from "../../src/modules/complaints/complaints.schemas.ts";
export {
  APPLICATION_DOCUMENT_CODES,
  APPLICATION_DOCUMENTS,
  APPLICATION_MOVES,
  type ApplicationDocumentCode,
  DEFAULT_DOCUMENTS,
} from "../../src/modules/connections/connections.constants.ts";
export type * as connections from "../../src/modules/connections/connections.schemas.ts";
export type {
  ApplicationDetailDto as ApplicationDetail,
  ApplicationSummaryDto as ApplicationSummary,
} from "../../src/modules/connections/connections.schemas.ts";
export type * as consumers from "../../src/modules/consumers/consumers.schemas.ts";
export type {
  ConsumerCardDto as ConsumerCard,
  ConsumerSummaryDto as ConsumerSummary,
} from "../../src/modules/consumers/consumers.schemas.ts";
export type * as callbacks from "../../src/modules/feedback/callbacks.schemas.ts";
export {
  SCORE_METRICS as SURVEY_METRICS,
  type ScoreMetric as SurveyMetric,
  SURVEY_DESK_OUTCOMES as SURVEY_OUTCOMES,
  SURVEY_LEVELS,
  type SurveyLevel,
} from "../../src/modules/feedback/survey.constants.ts";
export type * as survey from "../../src/modules/feedback/survey.schemas.ts";
export type {
  SurveyActionDto as SurveyAction,
  SurveyAnswers,
  SurveyAttemptDto as SurveyAttempt,
  SurveyCampaignDto as SurveyCampaign,
  SurveyFigures,
  SurveyLinkInfo,
  SurveyOrg,
  SurveyProgress,
  SurveyQuestionDto as SurveyQuestion,
  SurveyScorecards,
  SurveySettings,
  SurveySuggestionDto as SurveySuggestion,
  SurveyTargetDto as SurveyTarget,
  SurveyTrend,
} from "../../src/modules/feedback/survey.schemas.ts";
export type * as kb from "../../src/modules/kb/kb.schemas.ts";
export type {
  ArticleDetailDto as ArticleDetail,
  ArticleSummaryDto as ArticleSummary,
} from "../../src/modules/kb/kb.schemas.ts";
export type {
  CountersDto as Counters,
  SnapshotDto as Snapshot,
} from "../../src/modules/live/live.schemas.ts";
export type * as notifications from "../../src/modules/notifications/notifications.schemas.ts";
export type * as org from "../../src/modules/org/org.schemas.ts";
export type { OrgUnitDto as OrgUnit } from "../../src/modules/org/org.schemas.ts";
export {
  type OutageAction,
  RELIABILITY_LEVELS,
  type ReliabilityLevel,
} from "../../src/modules/outages/outages.constants.ts";
export type * as outages from "../../src/modules/outages/outages.schemas.ts";
export type {
  OutageDetailDto as OutageDetail,
  OutageDto as Outage,
  OutageEventDto as OutageEvent,
  ReliabilityIndices,
  ReliabilityTable,
  ReliabilityTrend,
} from "../../src/modules/outages/outages.schemas.ts";
export type * as portal from "../../src/modules/portal/portal.schemas.ts";
export type * as compensation from "../../src/modules/reports/compensation.schemas.ts";
export type * as reports from "../../src/modules/reports/dashboard.schemas.ts";
export type { DashboardDto as ComplaintsDashboard } from "../../src/modules/reports/dashboard.schemas.ts";
// Scheduled reports (issue 16).
export type * as schedules from "../../src/modules/reports/schedules.schemas.ts";
export type * as serviceDashboard from "../../src/modules/reports/service-dashboard.schemas.ts";
export type * as sop from "../../src/modules/reports/sop.schemas.ts";
export {
  CATEGORY_NAMES as TARIFF_CATEGORY_NAMES,
  DEMO_TARIFF_NOTE,
} from "../../src/modules/tariffs/tariffs.constants.ts";
export type * as tariffs from "../../src/modules/tariffs/tariffs.schemas.ts";
export type {
  Estimate,
  EstimateLine,
  TariffDto as Tariff,
  TariffInput,
} from "../../src/modules/tariffs/tariffs.schemas.ts";
export type * as tracking from "../../src/modules/tracking/tracking.schemas.ts";
export type { PublicApplicationDto as PublicApplication } from "../../src/modules/tracking/tracking.schemas.ts";
export type * as users from "../../src/modules/users/users.schemas.ts";
export type { MeDto as Me, TokenDto, UserDto } from "../../src/modules/users/users.schemas.ts";
