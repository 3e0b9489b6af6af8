import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { errors, IdParam, NoContent } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import {
  CallbackAnswers,
  CallbackHistory,
  CallbackHistoryQuery,
  CallbackOutcomeBody,
  CallbackOutcomeResult,
  CallbackQueue,
  CallbackQueueQuery,
  CallbackSettings,
  CloseGrievanceBody,
  FeedbackAnswered,
  FeedbackLinkInfo,
  FeedbackTokenParams,
  GrievanceList,
  GrievanceListQuery,
  OpenedCallback,
} from "./callbacks.schemas.ts";
import type { CallbackHistoryRow, CallbackRow } from "./callbacks.service.ts";

export function present(r: CallbackRow) {
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

/** A callback as the desk's history (and its export) shows it. */
export function presentHistory(r: CallbackHistoryRow) {
  return {
    ...present(r),
    createdAt: r.created_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
    answeredVia: r.answered_via,
    fixed: r.fixed,
    timeRating: r.time_rating,
    overallRating: r.overall_rating,
    troubleTags: r.trouble_tags,
    consumerWords: r.consumer_words,
  };
}

type GrievanceRow = Awaited<ReturnType<Services["callbacks"]["grievances"]>>[number];

/** A grievance as the list (and its export) shows it. */
export function presentGrievance(g: GrievanceRow) {
  return {
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
  };
}

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
          querystring: CallbackQueueQuery,
          response: {
            200: CallbackQueue,
            ...errors(401, 403),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const queue = await services.callbacks.queue(p, request.query);
        const progress = await services.callbacks.progress(p);
        return { items: queue.items.map(present), total: queue.total, progress };
      },
    );

    app.get(
      "/api/callbacks/history",
      {
        schema: {
          tags: ["feedback"],
          summary:
            "Every callback of your jurisdiction (any status), newest first, filtered by status, office, closing time and last call's outcome",
          querystring: CallbackHistoryQuery,
          response: { 200: CallbackHistory, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const r = await services.callbacks.history(p, request.query);
        return { items: r.items.map(presentHistory), limit: r.limit, offset: r.offset };
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
            200: OpenedCallback,
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
          response: { 204: NoContent, ...errors(401, 403, 404) },
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
          response: { 204: NoContent, ...errors(401, 403, 404, 409, 502) },
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
          body: CallbackOutcomeBody,
          response: {
            200: CallbackOutcomeResult,
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

    app.get(
      "/api/feedback/:token",
      {
        schema: {
          tags: ["feedback"],
          summary: "The consumer's feedback link (no sign-in): which complaint it asks about",
          security: [],
          params: FeedbackTokenParams,
          response: {
            200: FeedbackLinkInfo,
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
          params: FeedbackTokenParams,
          body: CallbackAnswers,
          response: { 200: FeedbackAnswered, ...errors(400, 404, 409, 410, 429) },
        },
      },
      async (request) => {
        const status = await services.callbacks.answerByLink(request.params.token, request.body, request.ip);
        return { status };
      },
    );

    app.get(
      "/api/callbacks/settings",
      {
        schema: {
          tags: ["feedback"],
          summary:
            "The callback desk's settings: attempts, waits, the feedback window, the daily target, grievances",
          response: { 200: CallbackSettings, ...errors(401) },
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
          body: CallbackSettings,
          response: { 200: CallbackSettings, ...errors(400, 401, 403) },
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
          querystring: GrievanceListQuery,
          response: {
            200: GrievanceList,
            ...errors(401, 403),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const rows = await services.callbacks.grievances(p, request.query.status ?? "open");
        return {
          items: rows.map(presentGrievance),
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
          body: CloseGrievanceBody,
          response: { 204: NoContent, ...errors(400, 401, 403, 404, 409) },
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
