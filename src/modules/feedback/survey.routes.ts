import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { LANGUAGES, ORG_KINDS, SURVEY_OUTCOMES } from "../../db/schema.ts";
import type { AuthContext } from "../../http/auth.ts";
import { DateTime, errors, IdParam, Nullable, OrgRef, Strict, StringEnum } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import type { SurveyQuestion, TargetRow } from "./survey.service.ts";

const Month = Type.String({ pattern: "^[0-9]{4}-(0[1-9]|1[0-2])$", description: "YYYY-MM" });
const Pct = Nullable(Type.Number({ description: "per cent, one decimal; null when nobody answered" }));
const Org = Type.Object({
  code: Type.String(),
  kind: Type.String(),
  nameEn: Type.String(),
  nameHi: Type.String(),
});

const QuestionDto = Type.Object({
  code: Type.String(),
  position: Type.Integer(),
  kind: StringEnum(["hours", "count", "yes_no", "text"] as const),
  metric: Nullable(Type.String({ description: "what a built-in question feeds; null for an extra one" })),
  textEn: Type.String(),
  textHi: Type.String(),
  active: Type.Boolean(),
  builtIn: Type.Boolean(),
});

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

const TargetDto = Type.Object({
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

const Settings = Type.Object(
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

/** The monthly consumer survey: campaigns, the call desk, the consumer's link, scorecards, actions, suggestions. */
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
          response: { 200: Settings, ...errors(401) },
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
          body: Settings,
          response: { 200: Settings, ...errors(400, 401, 403) },
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
          response: { 200: Type.Object({ items: Type.Array(QuestionDto) }), ...errors(401) },
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
          params: Type.Object({ code: Type.String({ maxLength: 40 }) }, Strict),
          body: Type.Object(
            {
              textEn: Type.String({ minLength: 1, maxLength: 300 }),
              textHi: Type.String({ minLength: 1, maxLength: 300 }),
              active: Type.Optional(Type.Boolean()),
            },
            Strict,
          ),
          response: { 200: QuestionDto, ...errors(400, 401, 403, 404) },
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
          body: Type.Object(
            {
              code: Type.String({ minLength: 2, maxLength: 40 }),
              kind: StringEnum(["yes_no", "count", "text"] as const),
              textEn: Type.String({ minLength: 1, maxLength: 300 }),
              textHi: Type.String({ minLength: 1, maxLength: 300 }),
            },
            Strict,
          ),
          response: { 200: QuestionDto, ...errors(400, 401, 403, 409) },
        },
      },
      async (request) => question(await survey.addQuestion(await auth.principal(request), request.body)),
    );

    const CampaignDto = Type.Object({
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

    app.get(
      "/api/survey/campaigns",
      {
        schema: {
          tags: ["survey"],
          summary: "The monthly campaigns, newest first, with their progress",
          response: { 200: Type.Object({ items: Type.Array(CampaignDto) }), ...errors(401, 403) },
        },
      },
      async (request) => {
        const rows = await survey.campaigns(await auth.principal(request));
        return {
          items: rows.map((c) => ({
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
          })),
        };
      },
    );

    app.post(
      "/api/survey/campaigns",
      {
        schema: {
          tags: ["survey"],
          summary:
            "Draw a month's sample by hand (the worker does it on the 1st): per DC, consumers with a verified mobile, none drawn the month before; the same seed draws the same sample",
          body: Type.Object(
            {
              month: Month,
              seed: Type.Optional(Type.String({ maxLength: 64 })),
              sampleSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
            },
            Strict,
          ),
          response: {
            200: Type.Object({
              id: Type.Integer(),
              month: Type.String(),
              seed: Type.String(),
              sampled: Type.Integer(),
              dcs: Type.Integer(),
            }),
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
          querystring: Type.Object(
            { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
            Strict,
          ),
          response: {
            200: Type.Object({
              items: Type.Array(TargetDto),
              progress: Type.Object({
                month: Nullable(Type.String()),
                mine: Type.Integer({ description: "survey calls you made today" }),
                desk: Type.Integer({ description: "survey calls made today in your jurisdiction" }),
                due: Type.Integer(),
                sampled: Type.Integer(),
                answered: Type.Integer(),
                linkSent: Type.Integer(),
              }),
            }),
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
            200: Type.Object({
              target: TargetDto,
              attempts: Type.Array(
                Type.Object({
                  at: DateTime,
                  outcome: Type.String(),
                  note: Nullable(Type.String()),
                  by: Nullable(Type.String()),
                }),
              ),
              questions: Type.Array(QuestionDto),
            }),
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
          response: { 204: Type.Null(), ...errors(401, 403, 404) },
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
          response: { 204: Type.Null(), ...errors(401, 403, 404, 502) },
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
          body: Type.Object(
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
          ),
          response: {
            200: Type.Object({
              status: Type.String(),
              attempts: Type.Integer(),
              nextAttemptAt: Type.Optional(DateTime),
              complaintNumber: Type.Optional(Type.String()),
              complaintError: Type.Optional(
                Type.String({
                  description: "the answers were saved but the complaint could not be registered",
                }),
              ),
            }),
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

    const Token = Type.Object({ token: Type.String({ minLength: 1, maxLength: 40 }) }, Strict);

    app.get(
      "/api/survey/link/:token",
      {
        schema: {
          tags: ["survey"],
          summary: "The consumer's survey link (no sign-in): the month, his DC and the questions",
          security: [],
          params: Token,
          response: {
            200: Type.Object({
              month: Type.String(),
              language: StringEnum(LANGUAGES),
              dc: Type.Object({ nameEn: Type.String(), nameHi: Type.String() }),
              questions: Type.Array(QuestionDto),
              expiresAt: DateTime,
            }),
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
          params: Token,
          body: Type.Object({ ...answerFields, registerComplaint: Type.Optional(Type.Boolean()) }, Strict),
          response: {
            200: Type.Object({ status: Type.String(), complaintNumber: Type.Optional(Type.String()) }),
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
          querystring: Type.Object({ month: Month, level: StringEnum(ORG_KINDS) }, Strict),
          response: {
            200: Type.Object({
              month: Type.String(),
              threshold: Type.Number(),
              minAnswers: Type.Integer(),
              items: Type.Array(Type.Object({ org: Org, ...ScoreFields })),
            }),
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
          querystring: Type.Object(
            {
              org: Type.String({ minLength: 1, maxLength: 40 }),
              months: Type.Optional(Type.Integer({ minimum: 1, maximum: 36 })),
            },
            Strict,
          ),
          response: {
            200: Type.Object({
              org: Org,
              threshold: Type.Number(),
              items: Type.Array(Type.Object({ month: Type.String(), ...ScoreFields })),
            }),
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
          querystring: Type.Object(
            { status: Type.Optional(StringEnum(["open", "done", "all"] as const)) },
            Strict,
          ),
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  id: Type.Integer(),
                  month: Type.String(),
                  org: Org,
                  metrics: Type.Array(
                    Type.Object({ metric: Type.String(), value: Type.Number(), threshold: Type.Number() }),
                  ),
                  status: Type.String(),
                  assignedTo: Nullable(Type.String()),
                  createdAt: DateTime,
                  doneAt: Nullable(DateTime),
                  doneBy: Nullable(Type.String()),
                  actionTaken: Nullable(Type.String()),
                }),
              ),
            }),
            ...errors(401, 403),
          },
        },
      },
      async (request) => {
        const rows = await survey.actions(await auth.principal(request), request.query.status ?? "open");
        return {
          items: rows.map((a) => ({
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
          })),
        };
      },
    );

    app.post(
      "/api/survey/actions/:id/done",
      {
        schema: {
          tags: ["survey"],
          summary: "Record what was done about a flagged area",
          params: IdParam,
          body: Type.Object({ actionTaken: Type.String({ minLength: 1, maxLength: 2000 }) }, Strict),
          response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409) },
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
          querystring: Type.Object(
            { status: Type.Optional(StringEnum(["new", "acted", "all"] as const)) },
            Strict,
          ),
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
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
                }),
              ),
            }),
            ...errors(401, 403),
          },
        },
      },
      async (request) => {
        const rows = await survey.suggestions(await auth.principal(request), request.query.status ?? "new");
        return {
          items: rows.map((s) => ({
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
          })),
        };
      },
    );

    app.post(
      "/api/survey/suggestions/:id/acted",
      {
        schema: {
          tags: ["survey"],
          summary: "Mark a suggestion acted on, with what was done",
          params: IdParam,
          body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) }, Strict),
          response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409) },
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
          body: Type.Object({ categoryCode: Type.String({ minLength: 1, maxLength: 40 }) }, Strict),
          response: {
            200: Type.Object({ complaintNumber: Type.String() }),
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
