import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { errors, NoContent } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import {
  AddMobileBody,
  InboundList,
  InboundQuery,
  MobileConsumerParams,
  MobileCoverage,
  MobileVerificationStarted,
  MobileVerified,
  OutboxList,
  OutboxQuery,
  PreviewBody,
  PreviewDto,
  RemoveMobileParams,
  SaveTemplateBody,
  TemplateDto,
  TemplateLanguageParams,
  TemplateList,
  TemplateParams,
  VerifyMobileBody,
} from "./notifications.schemas.ts";
import type { TemplateEntry } from "./templates.service.ts";

function presentTemplate(t: TemplateEntry) {
  const v = (l: "en" | "hi") => {
    const x = t.languages[l];
    return x ? { ...x, updatedAt: x.updatedAt.toISOString() } : undefined;
  };
  const en = v("en");
  const hi = v("hi");
  return {
    code: t.code,
    variables: t.variables,
    sample: t.sample,
    languages: { ...(en ? { en } : {}), ...(hi ? { hi } : {}) },
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** SMS templates, the outbox screen, and consumers' mobile numbers with their verification. */
export function notificationsRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/sms/templates",
      {
        schema: {
          tags: ["sms"],
          summary: "SMS templates in Hindi and English with their DLT registration (admins)",
          response: { 200: TemplateList, ...errors(401, 403) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        return { items: (await services.templates.list(p)).map(presentTemplate) };
      },
    );

    app.post(
      "/api/sms/templates/:code/preview",
      {
        schema: {
          tags: ["sms"],
          summary:
            "How a template text would go: filled with sample values, its encoding and SMS parts, and what stops it being saved",
          params: TemplateParams,
          body: PreviewBody,
          response: { 200: PreviewDto, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        return services.templates.preview(p, request.params.code, request.body.body, request.body.sample);
      },
    );

    app.put(
      "/api/sms/templates/:code/:language",
      {
        schema: {
          tags: ["sms"],
          summary: "Change a template's text (it must use exactly its variables) and DLT registration",
          params: TemplateLanguageParams,
          body: SaveTemplateBody,
          response: { 200: TemplateDto, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const saved = await services.templates.save(
          p,
          request.params.code,
          request.params.language,
          request.body,
        );
        return presentTemplate(saved);
      },
    );

    app.get(
      "/api/sms/inbound-messages",
      {
        schema: {
          tags: ["sms"],
          summary: "SMS consumers sent to the DISCOM's number, newest first, with what became of each",
          querystring: InboundQuery,
          response: {
            200: InboundList,
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const page = await services.outbox.inbound(p, request.query);
        return {
          items: page.items.map((i) => ({ ...i, receivedAt: i.receivedAt.toISOString() })),
          nextBefore: page.nextBefore,
        };
      },
    );

    app.get(
      "/api/sms/outbox",
      {
        schema: {
          tags: ["sms"],
          summary: "SMS queued and sent, newest first, with what became of each; counts of the last 24 hours",
          querystring: OutboxQuery,
          response: {
            200: OutboxList,
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const [page, last24h] = await Promise.all([
          services.outbox.list(p, request.query),
          services.outbox.counts(p),
        ]);
        return {
          items: page.items.map((i) => ({
            ...i,
            createdAt: i.createdAt.toISOString(),
            sentAt: iso(i.sentAt),
            deliveredAt: iso(i.deliveredAt),
          })),
          nextBefore: page.nextBefore,
          last24h,
          local: services.outbox.revealCodes,
        };
      },
    );

    app.get(
      "/api/sms/mobile-coverage",
      {
        schema: {
          tags: ["sms"],
          summary:
            "Active consumers and those with a verified mobile, per DC of your jurisdiction, as counted every 15 minutes",
          response: {
            200: MobileCoverage,
            ...errors(401, 403),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const { items, countedAt } = await services.mobiles.coverage(p);
        return {
          items,
          countedAt: countedAt?.toISOString() ?? null,
          total: {
            consumers: items.reduce((s, r) => s + r.consumers, 0),
            verified: items.reduce((s, r) => s + r.verified, 0),
          },
        };
      },
    );

    app.post(
      "/api/consumers/:consumerNo/mobiles",
      {
        schema: {
          tags: ["consumers"],
          summary:
            "Add or change a consumer's mobile: a code goes to it by SMS; it gets notices once verified",
          params: MobileConsumerParams,
          body: AddMobileBody,
          response: {
            201: MobileVerificationStarted,
            ...errors(400, 401, 403, 404, 409, 429),
          },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const v = await services.mobiles.start(p, request.params.consumerNo, request.body);
        return reply
          .status(201)
          .send({ verificationId: v.id, mobile: v.mobile, expiresAt: v.expiresAt.toISOString() });
      },
    );

    app.post(
      "/api/consumers/:consumerNo/mobiles/verify",
      {
        schema: {
          tags: ["consumers"],
          summary: "The code the consumer read back: the mobile is verified",
          params: MobileConsumerParams,
          body: VerifyMobileBody,
          response: {
            200: MobileVerified,
            ...errors(400, 401, 403, 404, 409, 410, 429),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const r = await services.mobiles.verify(
          p,
          request.params.consumerNo,
          request.body.verificationId,
          request.body.code,
        );
        return { mobile: r.mobile, verifiedAt: r.verifiedAt.toISOString(), replaced: r.replaced };
      },
    );

    app.delete(
      "/api/consumers/:consumerNo/mobiles/:mobile",
      {
        schema: {
          tags: ["consumers"],
          summary: "Take a number off a consumer",
          params: RemoveMobileParams,
          response: { 204: NoContent, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        await services.mobiles.remove(p, request.params.consumerNo, request.params.mobile);
        return reply.status(204).send(null);
      },
    );
  };
}
