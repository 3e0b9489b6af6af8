import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { presentDetail, presentSummary } from "./connections.present.ts";
import {
  ApplicationDetailDto,
  ApplicationList,
  ApplicationListQuery,
  CreateApplicationBody,
  DocumentsBody,
  DuplicateApplications,
  MoveApplicationBody,
  NumberParam,
} from "./connections.schemas.ts";

/** New-connection applications: lookup and queue, registration, the card, stage moves and documents. */
export function connectionsRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  const svc = services.connections;
  return async (app) => {
    app.get(
      "/api/connections",
      {
        schema: {
          tags: ["connections"],
          summary:
            "New-connection applications in your jurisdiction: `q` finds one by application number, mobile or part of the applicant's name; else the queue, newest first",
          querystring: ApplicationListQuery,
          response: { 200: ApplicationList, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const r = await svc.list(p, request.query);
        return {
          items: r.items.map((i) => presentSummary(p, i.row, r.now, i.matchedBy)),
          total: r.total,
          page: r.page,
          pageSize: r.pageSize,
        };
      },
    );

    app.post(
      "/api/connections",
      {
        schema: {
          tags: ["connections"],
          summary:
            "Register an application (call centre, walk-in, or API): the DC given or found from the locality or pin code; 409 with the likely duplicates unless confirmDuplicate",
          body: CreateApplicationBody,
          response: { 201: ApplicationDetailDto, 409: DuplicateApplications, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const r = await svc.create(p, request.body);
        if (r.kind === "duplicate") {
          const now = svc.now();
          return reply.status(409).send({
            error: "duplicate_application",
            message: `an application for this mobile and address was made in the last 30 days: open it, or confirm to register another`,
            field: "confirmDuplicate",
            duplicates: r.duplicates.map((d) => presentSummary(p, d, now)),
          });
        }
        return reply.status(201).send(presentDetail(p, await svc.get(p, r.application.number)));
      },
    );

    app.get(
      "/api/connections/:number",
      {
        schema: {
          tags: ["connections"],
          summary:
            "The application card: timeline, missing documents, SoP clock, responsible office, next step (Hindi and English) and the moves you may make",
          params: NumberParam,
          response: { 200: ApplicationDetailDto, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        return presentDetail(p, await svc.get(p, request.params.number));
      },
    );

    app.post(
      "/api/connections/:number/move",
      {
        schema: {
          tags: ["connections"],
          summary:
            "Move an application to its next stage, or reject it with a reason; a demand note needs its amount, payment must reach it, release links or creates the consumer",
          params: NumberParam,
          body: MoveApplicationBody,
          response: { 200: ApplicationDetailDto, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        return presentDetail(p, await svc.move(p, request.params.number, request.body));
      },
    );

    app.put(
      "/api/connections/:number/documents",
      {
        schema: {
          tags: ["connections"],
          summary:
            "Which documents are received (the list replaces the application's), while it is at 'applied'",
          params: NumberParam,
          body: DocumentsBody,
          response: { 200: ApplicationDetailDto, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        return presentDetail(p, await svc.documents(p, request.params.number, request.body.documents));
      },
    );
  };
}
