// The API the web calls, endpoint by endpoint: "METHOD /path/:param" -> the request body, the query
// string and the answer, each the very schema the server's route declares (its `body`, `querystring`
// and `response[200|201]`, read from src/modules/*/*.routes.ts). `api()` (api.ts) takes these keys,
// so a wrong path, a wrong body or a wrong use of the answer fails tsc. A 204 answers `undefined`.
// Types only: nothing of this file is in the bundle.

import type { Static, TSchema } from "typebox";
import type {
  billing,
  callbacks,
  compensation,
  complaints,
  connections,
  consumers,
  inbox,
  kb,
  notifications,
  org,
  outages,
  portal,
  reports,
  schedules,
  serviceDashboard,
  sop,
  survey,
  tariffs,
  tracking,
  users,
} from "./contract.ts";

export interface Endpoints {
  "GET /api/dashboards/service": {
    query: typeof serviceDashboard.ServiceDashboardQuery;
    response: typeof serviceDashboard.ServiceDashboardDto;
  };
  "GET /api/consumers/:consumerNo/bills": { response: typeof billing.ConsumerBillsDto };
  "POST /api/consumers/:consumerNo/bills/:billId/resend": {
    body: typeof billing.BillResendBody;
    response: typeof billing.BillResent;
  };
  "GET /api/complaint-catalogue": { response: typeof complaints.CatalogueDto };
  "POST /api/complaints": {
    body: typeof complaints.CreateComplaintBody;
    response: typeof complaints.ComplaintRepeated | typeof complaints.ComplaintCreated;
  };
  "GET /api/complaints": {
    query: typeof complaints.ComplaintListQuery;
    response: typeof complaints.ComplaintList;
  };
  "GET /api/complaints/summary": { response: typeof complaints.ComplaintSummary };
  "GET /api/dashboards/complaints": {
    query: typeof reports.DashboardQuery;
    response: typeof reports.DashboardDto;
  };
  "GET /api/complaints/:number": { response: typeof complaints.ComplaintWithTimeline };
  "POST /api/complaints/:number/actions": {
    body: typeof complaints.ComplaintActionBody;
    response: typeof complaints.ComplaintResponse;
  };
  "GET /api/complaints/:number/assignees": { response: typeof complaints.AssigneeList };
  "GET /api/complaints/:number/sms": { response: typeof complaints.ComplaintSmsList };
  "GET /api/public/complaints/:number": {
    query: typeof complaints.PublicTrackQuery;
    response: typeof complaints.PublicComplaintDto;
  };
  "GET /api/public/track/:token": { response: typeof complaints.PublicComplaintDto };
  "POST /api/public/complaints/:number/link": { response: typeof complaints.LinkSent };
  "POST /api/public/complaints/:number/reopen": {
    body: typeof complaints.PublicReopenBody;
    response: typeof complaints.PublicReopened;
  };
  "GET /api/consumers": {
    query: typeof consumers.ConsumerSearchQuery;
    response: typeof consumers.ConsumerSearchResult;
  };
  "GET /api/consumers/:consumerNo": { response: typeof consumers.ConsumerCardDto };
  "GET /api/callbacks": {
    query: typeof callbacks.CallbackQueueQuery;
    response: typeof callbacks.CallbackQueue;
  };
  "GET /api/callbacks/history": {
    query: typeof callbacks.CallbackHistoryQuery;
    response: typeof callbacks.CallbackHistory;
  };
  "POST /api/callbacks/:id/open": { response: typeof callbacks.OpenedCallback };
  "POST /api/callbacks/:id/release": { response: undefined };
  "POST /api/callbacks/:id/dial": { response: undefined };
  "POST /api/callbacks/:id/outcome": {
    body: typeof callbacks.CallbackOutcomeBody;
    response: typeof callbacks.CallbackOutcomeResult;
  };
  "GET /api/feedback/:token": { response: typeof callbacks.FeedbackLinkInfo };
  "POST /api/feedback/:token": {
    body: typeof callbacks.CallbackAnswers;
    response: typeof callbacks.FeedbackAnswered;
  };
  "GET /api/callbacks/settings": { response: typeof callbacks.CallbackSettings };
  "PUT /api/callbacks/settings": {
    body: typeof callbacks.CallbackSettings;
    response: typeof callbacks.CallbackSettings;
  };
  "GET /api/grievances": {
    query: typeof callbacks.GrievanceListQuery;
    response: typeof callbacks.GrievanceList;
  };
  "POST /api/grievances/:id/close": { body: typeof callbacks.CloseGrievanceBody; response: undefined };
  "GET /api/survey/settings": { response: typeof survey.SurveySettings };
  "PUT /api/survey/settings": { body: typeof survey.SurveySettings; response: typeof survey.SurveySettings };
  "GET /api/survey/questions": { response: typeof survey.SurveyQuestionList };
  "PUT /api/survey/questions/:code": {
    body: typeof survey.UpdateSurveyQuestionBody;
    response: typeof survey.SurveyQuestionDto;
  };
  "POST /api/survey/questions": {
    body: typeof survey.AddSurveyQuestionBody;
    response: typeof survey.SurveyQuestionDto;
  };
  "GET /api/survey/campaigns": { response: typeof survey.SurveyCampaignList };
  "POST /api/survey/campaigns": {
    body: typeof survey.BuildCampaignBody;
    response: typeof survey.CampaignBuilt;
  };
  "GET /api/survey/calls": { query: typeof survey.SurveyCallsQuery; response: typeof survey.SurveyCalls };
  "POST /api/survey/calls/:id/open": { response: typeof survey.OpenedSurveyCall };
  "POST /api/survey/calls/:id/release": { response: undefined };
  "POST /api/survey/calls/:id/dial": { response: undefined };
  "POST /api/survey/calls/:id/outcome": {
    body: typeof survey.SurveyOutcomeBody;
    response: typeof survey.SurveyOutcomeResult;
  };
  "GET /api/survey/link/:token": { response: typeof survey.SurveyLinkInfo };
  "POST /api/survey/link/:token": {
    body: typeof survey.SurveyLinkAnswers;
    response: typeof survey.SurveyLinkAnswered;
  };
  "GET /api/survey/scorecards": {
    query: typeof survey.ScorecardsQuery;
    response: typeof survey.SurveyScorecards;
  };
  "GET /api/survey/trend": { query: typeof survey.SurveyTrendQuery; response: typeof survey.SurveyTrend };
  "GET /api/survey/actions": {
    query: typeof survey.SurveyActionsQuery;
    response: typeof survey.SurveyActionList;
  };
  "POST /api/survey/actions/:id/done": { body: typeof survey.SurveyActionDoneBody; response: undefined };
  "GET /api/survey/suggestions": {
    query: typeof survey.SurveySuggestionsQuery;
    response: typeof survey.SurveySuggestionList;
  };
  "POST /api/survey/suggestions/:id/acted": { body: typeof survey.SuggestionActedBody; response: undefined };
  "POST /api/survey/suggestions/:id/complaint": {
    body: typeof survey.SuggestionComplaintBody;
    response: typeof survey.SuggestionComplaint;
  };
  "GET /api/sms/templates": { response: typeof notifications.TemplateList };
  "POST /api/sms/templates/:code/preview": {
    body: typeof notifications.PreviewBody;
    response: typeof notifications.PreviewDto;
  };
  "PUT /api/sms/templates/:code/:language": {
    body: typeof notifications.SaveTemplateBody;
    response: typeof notifications.TemplateDto;
  };
  "GET /api/sms/inbound-messages": {
    query: typeof notifications.InboundQuery;
    response: typeof notifications.InboundList;
  };
  "GET /api/sms/outbox": {
    query: typeof notifications.OutboxQuery;
    response: typeof notifications.OutboxList;
  };
  "GET /api/sms/mobile-coverage": { response: typeof notifications.MobileCoverage };
  "POST /api/consumers/:consumerNo/mobiles": {
    body: typeof notifications.AddMobileBody;
    response: typeof notifications.MobileVerificationStarted;
  };
  "POST /api/consumers/:consumerNo/mobiles/verify": {
    body: typeof notifications.VerifyMobileBody;
    response: typeof notifications.MobileVerified;
  };
  "DELETE /api/consumers/:consumerNo/mobiles/:mobile": { response: undefined };
  "GET /api/org-units": { query: typeof org.OrgSearchQuery; response: typeof org.OrgUnitList };
  "GET /api/org-units/tree": { query: typeof org.OrgTreeQuery; response: typeof org.OrgTree };
  "GET /api/outages": { query: typeof outages.OutageListQuery; response: typeof outages.OutageList };
  "POST /api/outages": { body: typeof outages.OpenOutageBody; response: typeof outages.OutageResponse };
  "POST /api/outages/planned": {
    body: typeof outages.ScheduleOutageBody;
    response: typeof outages.OutageResponse;
  };
  "GET /api/outages/:id": { response: typeof outages.OutageDetailDto };
  "POST /api/outages/:id/actions": {
    body: typeof outages.OutageActionBody;
    response: typeof outages.OutageResponse;
  };
  "GET /api/outages/for-consumer/:consumerNo": { response: typeof outages.ConsumerOutages };
  "GET /api/reliability": {
    query: typeof outages.ReliabilityQuery;
    response: typeof outages.ReliabilityTable;
  };
  "GET /api/reliability/trend": {
    query: typeof outages.ReliabilityTrendQuery;
    response: typeof outages.ReliabilityTrend;
  };
  "POST /api/auth/sign-in": { body: typeof users.SignInBody; response: typeof users.MeResponse };
  "POST /api/auth/sign-out": { response: undefined };
  "GET /api/auth/me": { response: typeof users.MeResponse };
  "POST /api/auth/password": { body: typeof users.ChangePasswordBody; response: undefined };
  "PATCH /api/auth/me": { body: typeof users.UpdateMeBody; response: typeof users.MeResponse };
  "GET /api/users": { query: typeof users.UserListQuery; response: typeof users.UserList };
  "POST /api/users": { body: typeof users.CreateUserBody; response: typeof users.UserDto };
  "PATCH /api/users/:id": { body: typeof users.UpdateUserBody; response: typeof users.UserDto };
  "POST /api/users/:id/unlock": { response: typeof users.UnlockResult };
  "POST /api/users/:id/password": { body: typeof users.SetPasswordBody; response: undefined };
  "GET /api/tokens": { response: typeof users.TokenList };
  "POST /api/tokens": { body: typeof users.CreateTokenBody; response: typeof users.TokenCreated };
  "DELETE /api/tokens/:id": { response: undefined };
  // The agents' inbox (issue 14).
  "GET /api/inbox": { query: typeof inbox.InboxQueueQuery; response: typeof inbox.InboxQueue };
  "GET /api/inbox/agents": { response: typeof inbox.InboxAgents };
  "GET /api/inbox/settings": { response: typeof inbox.InboxSettings };
  "PUT /api/inbox/settings": { body: typeof inbox.InboxSettings; response: typeof inbox.InboxSettings };
  "GET /api/inbox/:id": { response: typeof inbox.ConversationDetail };
  "POST /api/inbox/:id/assign": { body: typeof inbox.AssignBody; response: undefined };
  "POST /api/inbox/:id/link": { body: typeof inbox.LinkBody; response: undefined };
  "POST /api/inbox/:id/convert": { body: typeof inbox.ConvertBody; response: typeof inbox.Converted };
  "POST /api/inbox/:id/reply": { body: typeof inbox.ReplyBody; response: typeof inbox.Replied };
  "POST /api/inbox/:id/close": { response: undefined };
  // New-connection applications (issue 15).
  "GET /api/connections": {
    query: typeof connections.ApplicationListQuery;
    response: typeof connections.ApplicationList;
  };
  "POST /api/connections": {
    body: typeof connections.CreateApplicationBody;
    response: typeof connections.ApplicationDetailDto;
  };
  "GET /api/connections/:number": { response: typeof connections.ApplicationDetailDto };
  "POST /api/connections/:number/move": {
    body: typeof connections.MoveApplicationBody;
    response: typeof connections.ApplicationDetailDto;
  };
  "PUT /api/connections/:number/documents": {
    body: typeof connections.DocumentsBody;
    response: typeof connections.ApplicationDetailDto;
  };
  "GET /api/public/connections/:number": {
    query: typeof tracking.PublicApplicationQuery;
    response: typeof tracking.PublicApplicationDto;
  };
  // The knowledge base (issue 15 §2).
  "GET /api/kb/articles": { query: typeof kb.ArticleSearchQuery; response: typeof kb.ArticleList };
  "GET /api/kb/articles/:id": { response: typeof kb.ArticleDetailDto };
  "POST /api/kb/articles": { body: typeof kb.ArticleBody; response: typeof kb.ArticleDetailDto };
  "PUT /api/kb/articles/:id": { body: typeof kb.ArticleBody; response: typeof kb.ArticleDetailDto };
  "POST /api/kb/articles/:id/publish": { body: typeof kb.PublishBody; response: typeof kb.ArticleDetailDto };
  "GET /api/kb/articles/:id/versions": { response: typeof kb.ArticleVersions };
  "POST /api/kb/articles/:id/send": { body: typeof kb.SendSummaryBody; response: typeof kb.SummarySent };
  // The tariff table and the agents' bill estimator (issue 15 §2).
  "GET /api/tariffs": { query: typeof tariffs.TariffListQuery; response: typeof tariffs.TariffList };
  "POST /api/tariffs": { body: typeof tariffs.TariffInput; response: typeof tariffs.TariffDto };
  "PUT /api/tariffs/:id": { body: typeof tariffs.TariffInput; response: typeof tariffs.TariffDto };
  "GET /api/tariffs/:id/history": { response: typeof tariffs.TariffHistory };
  "POST /api/tariffs/estimate": { body: typeof tariffs.EstimateInput; response: typeof tariffs.Estimate };
  // New connections: the SoP settings and the reports per office (issue 15).
  "GET /api/connections/settings": { response: typeof connections.SopSettingsDto };
  "PUT /api/connections/settings": {
    body: typeof connections.SopSettingsDto;
    response: typeof connections.SopSettingsDto;
  };
  "GET /api/connections/reports": {
    query: typeof connections.ConnectionReportQuery;
    response: typeof connections.ConnectionReport;
  };
  // Scheduled reports of one's area, sent as an SMS link (issue 16).
  "GET /api/reports/subscriptions": { response: typeof schedules.SubscriptionList };
  "POST /api/reports/subscriptions": {
    body: typeof schedules.NewSubscription;
    response: typeof schedules.SubscriptionDto;
  };
  "DELETE /api/reports/subscriptions/:id": { response: undefined };
  "POST /api/reports/subscriptions/:id/run": { response: typeof schedules.RunResult };
  // The consumer portal (web/src/portal), its own light page.
  "POST /api/portal/sign-in/code": {
    body: typeof portal.PortalCodeBody;
    response: typeof portal.PortalCodeSent;
  };
  "POST /api/portal/sign-in": {
    body: typeof portal.PortalSignInBody;
    response: typeof portal.PortalSignedIn;
  };
  "POST /api/portal/sign-out": { response: undefined };
  "GET /api/portal/me": { response: typeof portal.PortalMeDto };
  "GET /api/portal/bills": { response: typeof portal.PortalBillsDto };
  "GET /api/portal/catalogue": { response: typeof portal.PortalCatalogueDto };
  "GET /api/portal/complaints": { response: typeof portal.PortalComplaintList };
  "POST /api/portal/complaints": {
    body: typeof portal.PortalComplaintBody;
    response: typeof portal.PortalComplaintCreated;
  };
  "GET /api/portal/complaints/:number": { response: typeof portal.PortalComplaintDto };
  "POST /api/portal/complaints/:number/feedback": {
    body: typeof portal.PortalFeedbackBody;
    response: typeof portal.PortalFeedbackAnswered;
  };
  "POST /api/portal/mobiles": {
    body: typeof portal.PortalMobileBody;
    response: typeof portal.PortalMobileStarted;
  };
  "POST /api/portal/mobiles/verify": {
    body: typeof portal.PortalMobileVerifyBody;
    response: typeof portal.PortalMobileVerified;
  };
  "PUT /api/portal/language": { body: typeof portal.PortalLanguageBody; response: undefined };
  "GET /api/portal/messages": { response: typeof portal.PortalMessages };
  "POST /api/portal/messages": {
    body: typeof portal.PortalMessageBody;
    response: typeof portal.PortalMessageSent;
  };
  "GET /api/portal/public/outages": { response: typeof portal.PublicOutagesDto };
  "POST /api/portal/connections/code": {
    body: typeof portal.ApplyCodeBody;
    response: typeof portal.ApplyCodeSent;
  };
  "POST /api/portal/connections": {
    body: typeof portal.OnlineApplicationBody;
    response: typeof portal.OnlineApplicationDto;
  };
  // The regulator's SoP report and the compensation register (issue 16).
  "GET /api/reports/sop": { query: typeof sop.SopQuery; response: typeof sop.SopReportDto };
  "GET /api/reports/sop/rows": { response: typeof sop.SopRowsDto };
  "PUT /api/reports/sop/rows": { body: typeof sop.SopRowsInput; response: typeof sop.SopRowsDto };
  "GET /api/compensation": {
    query: typeof compensation.CompensationListQuery;
    response: typeof compensation.CompensationList;
  };
  "POST /api/compensation/:id/waive": {
    body: typeof compensation.WaiveInput;
    response: typeof compensation.CompensationEntryDto;
  };
}

export type Endpoint = keyof Endpoints;

/** The path parameters of a path template: "/api/x/:id/y/:code" -> "id" | "code". */
type ParamNames<P extends string> = P extends `${string}:${infer N}/${infer Rest}`
  ? N | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer N}`
    ? N
    : never;
type PathOf<E extends Endpoint> = E extends `${string} ${infer P}` ? P : never;

/** A query string: the route's parameters by name, each written as text. */
export type Query<Q> = { [K in keyof Q]?: string | number | boolean | undefined };

/**
 * What a call to `E` takes besides its key: the path's parameters (required when it has any), the
 * query string the route declares, the body the route declares (a route without one takes at most
 * `{}`), and extra headers.
 */
export type ApiRequest<E extends Endpoint> = ([ParamNames<PathOf<E>>] extends [never]
  ? { params?: undefined }
  : { params: Record<ParamNames<PathOf<E>>, string | number> }) &
  (Endpoints[E] extends { query: infer Q extends TSchema }
    ? { query?: Query<Static<Q>> | URLSearchParams }
    : { query?: undefined }) &
  (Endpoints[E] extends { body: infer B extends TSchema }
    ? { body: Static<B> }
    : { body?: Record<string, never> }) & { headers?: Record<string, string> };

/** The answer of `E`: what its route's 200/201 schema says, or nothing for a 204. */
export type Reply<E extends Endpoint> = Answer<Endpoints[E]["response"]>;
type Answer<R> = R extends TSchema ? Static<R> : undefined;

/** The arguments after the key: the request may be left out when nothing in it is required. */
export type RequestArgs<E extends Endpoint> =
  Partial<ApiRequest<E>> extends ApiRequest<E> ? [request?: ApiRequest<E>] : [request: ApiRequest<E>];

/** The body `E` takes, for a form that builds it before the call. */
export type Body<E extends Endpoint> = Endpoints[E] extends { body: infer B extends TSchema }
  ? Static<B>
  : never;

/** The query string `E` takes, as its route's schema says. */
export type QueryOf<E extends Endpoint> = Endpoints[E] extends { query: infer Q extends TSchema }
  ? Static<Q>
  : never;
