import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import type { AuthContext } from "../../http/auth.ts";
import { errors, IdParam, NoContent } from "../../http/schemas.ts";
import { AppError } from "../../lib/errors.ts";
import type { Services } from "../registry.ts";
import {
  AreaSummaryQuery,
  NewSubscription,
  PdfBody,
  ReportTokenParams,
  RunResult,
  SubscriptionDto,
  SubscriptionList,
} from "./schedules.schemas.ts";
import { LINK_GONE } from "./schedules.service.ts";

const pdf = (reply: FastifyReply, body: Buffer, filename: string, disposition: "inline" | "attachment") =>
  reply
    .header("content-type", "application/pdf")
    .header("content-disposition", `${disposition}; filename="${filename.replace(/[^A-Za-z0-9_.-]/g, "_")}"`)
    .header("cache-control", "no-store")
    .send(body);

/** The page /r/<token> shows for a link that does not open: the same whatever was wrong with it. */
const GONE_PAGE = `<!doctype html><html lang="hi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>PowerDesk</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5">
<p lang="hi">${LINK_GONE.hi}</p><p lang="en">${LINK_GONE.en}</p></body></html>`;

/** Scheduled reports: subscriptions, downloads, and the SMS link that needs no sign-in. */
export function schedulesRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/reports/subscriptions",
      {
        schema: {
          tags: ["reports"],
          summary: "Your scheduled reports",
          response: { 200: SubscriptionList, ...errors(401, 403) },
        },
      },
      async (request) => ({ items: await services.schedules.list(await auth.principal(request)) }),
    );

    app.post(
      "/api/reports/subscriptions",
      {
        schema: {
          tags: ["reports"],
          summary:
            "Subscribe to a weekly or monthly report of an office in your jurisdiction, sent as an SMS link to your mobile",
          body: NewSubscription,
          response: { 201: SubscriptionDto, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await services.schedules.subscribe(await auth.principal(request), request.body)),
    );

    app.delete(
      "/api/reports/subscriptions/:id",
      {
        schema: {
          tags: ["reports"],
          summary: "Stop a scheduled report",
          params: IdParam,
          response: { 204: NoContent, ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await services.schedules.unsubscribe(await auth.principal(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      "/api/reports/subscriptions/:id/run",
      {
        schema: {
          tags: ["reports"],
          summary: "Send the last full period's report now (to try a subscription); its schedule stays",
          params: IdParam,
          response: { 200: RunResult, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => services.schedules.runNow(await auth.principal(request), request.params.id),
    );

    app.get(
      "/api/reports/area-summary.pdf",
      {
        schema: {
          tags: ["reports"],
          summary: "The area summary of an office in your jurisdiction as PDF, for a month or a week",
          querystring: AreaSummaryQuery,
          response: { 200: PdfBody, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const r = await services.schedules.areaSummaryPdf(await auth.principal(request), request.query);
        return pdf(reply, r.pdf, r.filename, "attachment");
      },
    );

    app.get(
      "/api/public/reports/:token",
      {
        schema: {
          tags: ["public"],
          summary: "A scheduled report's PDF by the signed link its SMS carried (no sign-in; expires)",
          security: [],
          params: ReportTokenParams,
          response: { 200: PdfBody, ...errors(400, 404, 429) },
        },
      },
      async (request, reply) => {
        const r = await services.schedules.openLink(request.params.token, request.ip);
        return pdf(reply, r.pdf, r.filename, "inline");
      },
    );

    // The SMS's short form of the same: a person opens it in a browser, so a bad link is a page.
    app.get(
      "/r/:token",
      {
        schema: {
          tags: ["public"],
          summary: "A scheduled report's PDF by its SMS link (short form of /api/public/reports/{token})",
          security: [],
          params: ReportTokenParams,
          response: { 200: PdfBody, ...errors(400, 404, 429) },
        },
      },
      async (request, reply) => {
        try {
          const r = await services.schedules.openLink(request.params.token, request.ip);
          return pdf(reply, r.pdf, r.filename, "inline");
        } catch (err) {
          if (err instanceof AppError && err.status === 404)
            return (reply as FastifyReply)
              .status(404)
              .header("cache-control", "no-store")
              .type("text/html; charset=utf-8")
              .send(GONE_PAGE);
          throw err;
        }
      },
    );
  };
}
