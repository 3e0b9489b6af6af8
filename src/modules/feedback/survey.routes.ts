import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { errors, IdParam, NoContent } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import {
  AddSurveyQuestionBody,
  BuildCampaignBody,
  CampaignBuilt,
  OpenedSurveyCall,
  ScorecardsQuery,
  SuggestionActedBody,
  SuggestionComplaint,
  SuggestionComplaintBody,
  SurveyActionDoneBody,
  SurveyActionList,
  SurveyActionsQuery,
  SurveyCalls,
  SurveyCallsQuery,
  SurveyCampaignList,
  SurveyLinkAnswered,
  SurveyLinkAnswers,
  SurveyLinkInfo,
  SurveyOutcomeBody,
  SurveyOutcomeResult,
  SurveyQuestionDto,
  SurveyQuestionList,
  SurveyQuestionParams,
  SurveyScorecards,
  SurveySettings,
  SurveySuggestionList,
  SurveySuggestionsQuery,
  SurveyTokenParams,
  SurveyTrend,
  SurveyTrendQuery,
  UpdateSurveyQuestionBody,
} from "./survey.schemas.ts";
import type { SurveyQuestion, TargetRow } from "./survey.service.ts";

function question(q: SurveyQuestion) {
  return {
    code: q.code,
    position: q.position,
    kind: q.kind,
    metric: q.metric,
    textEn: q.text_en,
    textHi: q.text_hi,
    active: q.active,
    builtIn: q.metric !== null,
  };
}

function target(t: TargetRow) {
  return {
    id: Number(t.id),
    month: t.month,
    consumerNo: t.consumer_no,
    name: t.name,
    phone: t.phone,
    language: t.language,
    dc: { code: t.dc_code, nameEn: t.dc_name_en, nameHi: t.dc_name_hi },
    status: t.status,
    attempts: t.attempts,
    nextAttemptAt: t.next_attempt_at.toISOString(),
    lastOutcome: t.last_outcome,
  };
}

/** The monthly consumer survey: campaigns, the call desk, the consumer's link, scorecards, actions, suggestions. */
type CampaignRow = Awaited<ReturnType<Services["survey"]["campaigns"]>>[number];
type ActionRow = Awaited<ReturnType<Services["survey"]["actions"]>>[number];
type SuggestionRow = Awaited<ReturnType<Services["survey"]["suggestions"]>>[number];

/** A campaign as the admin's table (and its export) shows it. */
export function presentCampaign(c: CampaignRow) {
  return {
    id: c.id,
    month: c.month,
    seed: c.seed,
    sampleSize: c.sample_size,
    sampled: c.sampled,
    answered: c.answered,
    linkSent: Number(c.link_sent),
    unanswered: Number(c.unanswered),
    status: c.status,
    createdAt: c.created_at.toISOString(),
    closedAt: c.closed_at?.toISOString() ?? null,
  };
}

/** An action item as the follow-up list (and its export) shows it. */
export function presentAction(a: ActionRow) {
  return {
    id: Number(a.id),
    month: a.month,
    org: { code: a.code, kind: a.kind, nameEn: a.name_en, nameHi: a.name_hi },
    metrics: a.metrics,
    status: a.status,
    assignedTo: a.assigned_to,
    createdAt: a.created_at.toISOString(),
    doneAt: a.done_at?.toISOString() ?? null,
    doneBy: a.done_by,
    actionTaken: a.action_taken,
  };
}

/** A consumer's suggestion as the follow-up list (and its export) shows it. */
export function presentSuggestion(s: SuggestionRow) {
  return {
    id: Number(s.id),
    month: s.month,
    consumerNo: s.consumer_no,
    name: s.name,
    dc: { code: s.dc_code, nameEn: s.dc_name_en, nameHi: s.dc_name_hi },
    text: s.suggestion ?? "",
    answeredAt: s.answered_at?.toISOString() ?? null,
    via: s.answered_via,
    wantsComplaint: s.wants_complaint,
    status: s.suggestion_status ?? "new",
    actedAt: s.acted_at?.toISOString() ?? null,
    actedBy: s.acted_by,
    actedNote: s.acted_note,
    complaintNumber: s.complaint_number,
  };
}

export function surveyRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const survey = services.survey;

    app.get(
      "/api/survey/settings",
      {
        schema: {
          tags: ["survey"],
          summary:
            "The survey's settings: sample size, attempts, what counts as regular supply, the flag threshold",
          response: { 200: SurveySettings, ...errors(401) },
        },
      },
      async (request) => {
        await auth.principal(request);
        return survey.config();
      },
    );

    app.put(
      "/api/survey/settings",
      {
        schema: {
          tags: ["survey"],
          summary: "Change the survey's settings (the fields given)",
          body: SurveySettings,
          response: { 200: SurveySettings, ...errors(400, 401, 403) },
        },
      },
      async (request) => survey.updateConfig(await auth.principal(request), request.body),
    );

    app.get(
      "/api/survey/questions",
      {
        schema: {
          tags: ["survey"],
          summary: "The survey's questions in Hindi and English, in order",
          response: { 200: SurveyQuestionList, ...errors(401) },
        },
      },
      async (request) => {
        await auth.principal(request);
        return { items: (await survey.questions()).map(question) };
      },
    );

    app.put(
      "/api/survey/questions/:code",
      {
        schema: {
          tags: ["survey"],
          summary: "Reword a question (Hindi and English) or take it out of the survey",
          params: SurveyQuestionParams,
          body: UpdateSurveyQuestionBody,
          response: { 200: SurveyQuestionDto, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) =>
        question(
          await survey.updateQuestion(await auth.principal(request), request.params.code, request.body),
        ),
    );

    app.post(
      "/api/survey/questions",
      {
        schema: {
          tags: ["survey"],
          summary: "Add an extra question (its answers are kept by code)",
          body: AddSurveyQuestionBody,
          response: { 200: SurveyQuestionDto, ...errors(400, 401, 403, 409) },
        },
      },
      async (request) => question(await survey.addQuestion(await auth.principal(request), request.body)),
    );

    app.get(
      "/api/survey/campaigns",
      {
        schema: {
          tags: ["survey"],
          summary: "The monthly campaigns, newest first, with their progress",
          response: { 200: SurveyCampaignList, ...errors(401, 403) },
        },
      },
      async (request) => {
        const rows = await survey.campaigns(await auth.principal(request));
        return { items: rows.map(presentCampaign) };
      },
    );

    app.post(
      "/api/survey/campaigns",
      {
        schema: {
          tags: ["survey"],
          summary:
            "Draw a month's sample by hand (the worker does it on the 1st): per DC, consumers with a verified mobile, none drawn the month before; the same seed draws the same sample",
          body: BuildCampaignBody,
          response: {
            200: CampaignBuilt,
            ...errors(400, 401, 403, 409),
          },
        },
      },
      async (request) => {
        const { month, ...opts } = request.body;
        return survey.buildByHand(await auth.principal(request), month, opts);
      },
    );

    app.get(
      "/api/survey/calls",
      {
        schema: {
          tags: ["survey"],
          summary: "Consumers due a survey call in your jurisdiction, and the desk's day",
          querystring: SurveyCallsQuery,
          response: {
            200: SurveyCalls,
            ...errors(401, 403),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const [items, progress] = await Promise.all([
          survey.queue(p, request.query.limit ?? 50),
          survey.progress(p),
        ]);
        return { items: items.map(target), progress };
      },
    );

    app.post(
      "/api/survey/calls/:id/open",
      {
        schema: {
          tags: ["survey"],
          summary: "Take a survey call: it is yours for ten minutes",
          params: IdParam,
          response: {
            200: OpenedSurveyCall,
            ...errors(401, 403, 404, 409),
          },
        },
      },
      async (request) => {
        const r = await survey.open(await auth.principal(request), request.params.id);
        return {
          target: target(r.target),
          attempts: r.attempts.map((a) => ({
            at: a.at.toISOString(),
            outcome: a.outcome,
            note: a.note,
            by: a.by,
          })),
          questions: r.questions.map(question),
        };
      },
    );

    app.post(
      "/api/survey/calls/:id/release",
      {
        schema: {
          tags: ["survey"],
          summary: "Put back a survey call you opened (cancel): another agent may take it at once",
          params: IdParam,
          response: { 204: NoContent, ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await survey.release(await auth.principal(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      "/api/survey/calls/:id/dial",
      {
        schema: {
          tags: ["survey"],
          summary: "Ask the configured dialler (CTI_URL) to call the consumer for you",
          params: IdParam,
          response: { 204: NoContent, ...errors(401, 403, 404, 502) },
        },
      },
      async (request, reply) => {
        await survey.dial(await auth.principal(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      "/api/survey/calls/:id/outcome",
      {
        schema: {
          tags: ["survey"],
          summary:
            "What the survey call came to: not reached (tried again; after the last attempt the link goes by SMS), refused, or his answers (a complaint may be registered from the suggestion)",
          params: IdParam,
          body: SurveyOutcomeBody,
          response: {
            200: SurveyOutcomeResult,
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) => {
        const r = await survey.record(await auth.principal(request), request.params.id, request.body);
        const { nextAttemptAt, ...rest } = r;
        return { ...rest, ...(nextAttemptAt ? { nextAttemptAt: nextAttemptAt.toISOString() } : {}) };
      },
    );

    app.get(
      "/api/survey/link/:token",
      {
        schema: {
          tags: ["survey"],
          summary: "The consumer's survey link (no sign-in): the month, his DC and the questions",
          security: [],
          params: SurveyTokenParams,
          response: {
            200: SurveyLinkInfo,
            ...errors(404, 410, 429),
          },
        },
      },
      async (request) => {
        const r = await survey.linkInfo(request.params.token, request.ip);
        return {
          month: r.target.month,
          language: r.target.language,
          dc: { nameEn: r.target.dc_name_en, nameHi: r.target.dc_name_hi },
          questions: r.questions.map(question),
          expiresAt: r.expiresAt.toISOString(),
        };
      },
    );

    app.post(
      "/api/survey/link/:token",
      {
        schema: {
          tags: ["survey"],
          summary:
            "The consumer's answers through the link (once); registerComplaint turns his words into a complaint",
          security: [],
          params: SurveyTokenParams,
          body: SurveyLinkAnswers,
          response: {
            200: SurveyLinkAnswered,
            ...errors(400, 404, 410, 429),
          },
        },
      },
      async (request) => survey.answerByLink(request.params.token, request.body, request.ip),
    );

    app.get(
      "/api/survey/scorecards",
      {
        schema: {
          tags: ["survey"],
          summary: "Scorecards of the areas of a level in your jurisdiction for a month, worst first",
          querystring: ScorecardsQuery,
          response: {
            200: SurveyScorecards,
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => {
        const r = await survey.scorecards(
          await auth.principal(request),
          request.query.month,
          request.query.level,
        );
        return { ...r, items: r.items.map(({ month: _m, ...rest }) => rest) };
      },
    );

    app.get(
      "/api/survey/trend",
      {
        schema: {
          tags: ["survey"],
          summary: "One area's scorecard month by month (12 months up to this one by default)",
          querystring: SurveyTrendQuery,
          response: {
            200: SurveyTrend,
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (request) =>
        survey.trend(await auth.principal(request), request.query.org, request.query.months ?? 12),
    );

    app.get(
      "/api/survey/actions",
      {
        schema: {
          tags: ["survey"],
          summary: "Action items for areas flagged when their month closed",
          querystring: SurveyActionsQuery,
          response: {
            200: SurveyActionList,
            ...errors(401, 403),
          },
        },
      },
      async (request) => {
        const rows = await survey.actions(await auth.principal(request), request.query.status ?? "open");
        return { items: rows.map(presentAction) };
      },
    );

    app.post(
      "/api/survey/actions/:id/done",
      {
        schema: {
          tags: ["survey"],
          summary: "Record what was done about a flagged area",
          params: IdParam,
          body: SurveyActionDoneBody,
          response: { 204: NoContent, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await survey.actionDone(await auth.principal(request), request.params.id, request.body.actionTaken);
        return reply.status(204).send(null);
      },
    );

    app.get(
      "/api/survey/suggestions",
      {
        schema: {
          tags: ["survey"],
          summary: "Complaints and suggestions consumers gave in the survey, in your jurisdiction",
          querystring: SurveySuggestionsQuery,
          response: {
            200: SurveySuggestionList,
            ...errors(401, 403),
          },
        },
      },
      async (request) => {
        const rows = await survey.suggestions(await auth.principal(request), request.query.status ?? "new");
        return { items: rows.map(presentSuggestion) };
      },
    );

    app.post(
      "/api/survey/suggestions/:id/acted",
      {
        schema: {
          tags: ["survey"],
          summary: "Mark a suggestion acted on, with what was done",
          params: IdParam,
          body: SuggestionActedBody,
          response: { 204: NoContent, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await survey.suggestionActed(await auth.principal(request), request.params.id, request.body.note);
        return reply.status(204).send(null);
      },
    );

    app.post(
      "/api/survey/suggestions/:id/complaint",
      {
        schema: {
          tags: ["survey"],
          summary: "Register the consumer's words as a complaint for his connection",
          params: IdParam,
          body: SuggestionComplaintBody,
          response: {
            200: SuggestionComplaint,
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) => ({
        complaintNumber: await survey.suggestionComplaint(
          await auth.principal(request),
          request.params.id,
          request.body.categoryCode,
        ),
      }),
    );
  };
}
