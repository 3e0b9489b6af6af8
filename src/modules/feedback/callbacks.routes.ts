import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { CALL_OUTCOMES, LANGUAGES, TROUBLE_TAGS } from "../../db/schema.ts";
import type { AuthContext } from "../../http/auth.ts";
import { DateTime, errors, IdParam, Nullable, OrgRef, Strict, StringEnum } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import type { CallbackRow } from "./callbacks.service.ts";

const CallbackDto = Type.Object({
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

function present(r: CallbackRow) {
  return {
    id: Number(r.id),
    complaintNumber: r.number,
    round: r.round,
    status: r.status,
    priority: r.priority,
    resolvedAt: r.resolved_at.toISOString(),
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at.toISOString(),
    windowEndsAt: r.window_ends_at.toISOString(),
    category: { nameEn: r.category_name_en, nameHi: r.category_name_hi },
    consumerNo: r.consumer_no,
    name: r.consumer_name ?? r.caller_name,
    phone: r.phone,
    language: r.language,
    dc: { code: r.dc_code, nameEn: r.dc_name_en, nameHi: r.dc_name_hi },
    resolvedBy: r.resolved_by,
    resolutionRemarks: r.resolution_remarks,
    reopenCount: r.reopen_count,
    breached: r.breached,
    lastOutcome: r.last_outcome,
  };
}

const Answers = Type.Object(
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

/** The feedback desk (callbacks), the consumer's feedback link, and grievances. */
export function callbacksRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/callbacks",
      {
        schema: {
          tags: ["feedback"],
          summary:
            "Callbacks due now in your jurisdiction (reopened and late complaints first, then the oldest resolution), and the desk's day",
          querystring: Type.Object(
            { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
            Strict,
          ),
          response: {
            200: Type.Object({
              items: Type.Array(CallbackDto),
              progress: Type.Object({
                mine: Type.Integer({ description: "calls you made today" }),
                desk: Type.Integer({ description: "calls made today in your jurisdiction" }),
                reached: Type.Integer(),
                due: Type.Integer({ description: "callbacks due now" }),
                waitingLink: Type.Integer({ description: "not reached: the feedback link went by SMS" }),
                target: Type.Integer({ description: "the company's daily target" }),
              }),
            }),
            ...errors(401, 403),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const [items, progress] = await Promise.all([
          services.callbacks.queue(p, request.query.limit ?? 50),
          services.callbacks.progress(p),
        ]);
        return { items: items.map(present), progress };
      },
    );

    app.post(
      "/api/callbacks/:id/open",
      {
        schema: {
          tags: ["feedback"],
          summary: "Take a callback to call the consumer: it is yours for a few minutes",
          params: IdParam,
          response: {
            200: Type.Object({
              callback: CallbackDto,
              attempts: Type.Array(
                Type.Object({
                  at: DateTime,
                  outcome: Type.String(),
                  note: Nullable(Type.String()),
                  by: Nullable(Type.String()),
                }),
              ),
            }),
            ...errors(401, 403, 404, 409),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const r = await services.callbacks.open(p, request.params.id);
        return {
          callback: present(r.callback),
          attempts: r.attempts.map((a) => ({
            at: a.at.toISOString(),
            outcome: a.outcome,
            note: a.note,
            by: a.by,
          })),
        };
      },
    );

    app.post(
      "/api/callbacks/:id/release",
      {
        schema: {
          tags: ["feedback"],
          summary: "Put back a callback you opened (cancel): another agent may take it at once",
          params: IdParam,
          response: { 204: Type.Null(), ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await services.callbacks.release(await auth.principal(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      "/api/callbacks/:id/dial",
      {
        schema: {
          tags: ["feedback"],
          summary: "Ask the configured dialler (CTI_URL) to call the consumer for you",
          params: IdParam,
          response: { 204: Type.Null(), ...errors(401, 403, 404, 409, 502) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        await services.callbacks.dial(p, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      "/api/callbacks/:id/outcome",
      {
        schema: {
          tags: ["feedback"],
          summary:
            "What the call came to: not reached (tried again, or the feedback link goes by SMS after the last attempt), or reached with his answers (fixed: the complaint closes; not fixed: it is reopened)",
          params: IdParam,
          body: Type.Object(
            {
              outcome: StringEnum(CALL_OUTCOMES),
              note: Type.Optional(Type.String({ maxLength: 1000 })),
              answers: Type.Optional(Answers),
            },
            Strict,
          ),
          response: {
            200: Type.Object({
              status: Type.String(),
              attempts: Type.Integer(),
              nextAttemptAt: Type.Optional(DateTime),
            }),
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const r = await services.callbacks.record(p, request.params.id, request.body);
        return {
          status: r.status,
          attempts: r.attempts,
          ...("nextAttemptAt" in r && r.nextAttemptAt
            ? { nextAttemptAt: r.nextAttemptAt.toISOString() }
            : {}),
        };
      },
    );

    const Token = Type.Object({ token: Type.String({ minLength: 1, maxLength: 40 }) }, Strict);

    app.get(
      "/api/feedback/:token",
      {
        schema: {
          tags: ["feedback"],
          summary: "The consumer's feedback link (no sign-in): which complaint it asks about",
          security: [],
          params: Token,
          response: {
            200: Type.Object({
              complaintNumber: Type.String(),
              category: Type.Object({ nameEn: Type.String(), nameHi: Type.String() }),
              resolvedAt: DateTime,
              dc: Type.Object({ nameEn: Type.String(), nameHi: Type.String() }),
              language: StringEnum(LANGUAGES),
              expiresAt: DateTime,
            }),
            ...errors(404, 410, 429),
          },
        },
      },
      async (request) => {
        const r = await services.callbacks.linkInfo(request.params.token, request.ip);
        return {
          complaintNumber: r.callback.number,
          category: { nameEn: r.callback.category_name_en, nameHi: r.callback.category_name_hi },
          resolvedAt: r.callback.resolved_at.toISOString(),
          dc: { nameEn: r.callback.dc_name_en, nameHi: r.callback.dc_name_hi },
          language: r.callback.language,
          expiresAt: r.expiresAt.toISOString(),
        };
      },
    );

    app.post(
      "/api/feedback/:token",
      {
        schema: {
          tags: ["feedback"],
          summary: "The consumer's answers through the link (once)",
          security: [],
          params: Token,
          body: Answers,
          response: { 200: Type.Object({ status: Type.String() }), ...errors(400, 404, 409, 410, 429) },
        },
      },
      async (request) => {
        const status = await services.callbacks.answerByLink(request.params.token, request.body, request.ip);
        return { status };
      },
    );

    const Settings = Type.Object(
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

    app.get(
      "/api/callbacks/settings",
      {
        schema: {
          tags: ["feedback"],
          summary:
            "The callback desk's settings: attempts, waits, the feedback window, the daily target, grievances",
          response: { 200: Settings, ...errors(401) },
        },
      },
      async (request) => {
        await auth.principal(request);
        return services.callbacks.config();
      },
    );

    app.put(
      "/api/callbacks/settings",
      {
        schema: {
          tags: ["feedback"],
          summary: "Change the callback desk's settings (the fields given)",
          body: Settings,
          response: { 200: Settings, ...errors(400, 401, 403) },
        },
      },
      async (request) => services.callbacks.updateConfig(await auth.principal(request), request.body),
    );

    app.get(
      "/api/grievances",
      {
        schema: {
          tags: ["feedback"],
          summary: "Grievances consumers raised (money asked, staff behaviour) for your offices",
          querystring: Type.Object(
            { status: Type.Optional(StringEnum(["open", "closed", "all"] as const)) },
            Strict,
          ),
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
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
                }),
              ),
            }),
            ...errors(401, 403),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const rows = await services.callbacks.grievances(p, request.query.status ?? "open");
        return {
          items: rows.map((g) => ({
            id: Number(g.id),
            complaintNumber: g.number,
            tags: g.tags,
            text: g.text,
            status: g.status,
            createdAt: g.created_at.toISOString(),
            closedAt: g.closed_at?.toISOString() ?? null,
            closedBy: g.closed_by,
            actionTaken: g.action_taken,
            office: { code: g.office_code, nameEn: g.office_name_en, nameHi: g.office_name_hi },
            dc: { code: g.dc_code, nameEn: g.dc_name_en, nameHi: g.dc_name_hi },
          })),
        };
      },
    );

    app.post(
      "/api/grievances/:id/close",
      {
        schema: {
          tags: ["feedback"],
          summary: "Close a grievance with what was done about it",
          params: IdParam,
          body: Type.Object({ actionTaken: Type.String({ minLength: 1, maxLength: 2000 }) }, Strict),
          response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        await services.callbacks.closeGrievance(p, request.params.id, request.body.actionTaken);
        return reply.status(204).send(null);
      },
    );
  };
}
