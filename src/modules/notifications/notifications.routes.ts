import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { LANGUAGES, SMS_CATEGORIES, SMS_STATUSES } from "../../db/schema.ts";
import type { AuthContext } from "../../http/auth.ts";
import { DateTime, errors, Nullable, Strict, StringEnum } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import type { TemplateEntry } from "./templates.service.ts";

const Language = StringEnum(LANGUAGES);
const Sample = Type.Record(Type.String(), Type.String({ maxLength: 200 }), {
  description: "example values for the preview; each at most 30 characters to save",
});

const TemplateVersionDto = Type.Object({
  body: Type.String(),
  dltTemplateId: Type.String(),
  sender: Type.String(),
  category: StringEnum(SMS_CATEGORIES),
  optional: Type.Boolean({ description: "consumers who sent STOP do not get it" }),
  quietHours: Type.Boolean({ description: "waits out the quiet hours unless urgent" }),
  updatedAt: DateTime,
  updatedBy: Nullable(Type.String()),
});

const TemplateDto = Type.Object({
  code: Type.String(),
  variables: Type.Array(Type.String(), { description: "the variables its text must use, each once or more" }),
  sample: Type.Record(Type.String(), Type.String()),
  languages: Type.Object({ en: Type.Optional(TemplateVersionDto), hi: Type.Optional(TemplateVersionDto) }),
});

const PreviewDto = Type.Object({
  text: Type.String({ description: "the text with the sample values" }),
  dltText: Type.String({ description: "the text as registered on DLT, variables as {#var#}" }),
  encoding: StringEnum(["gsm7", "ucs2"] as const),
  characters: Type.Integer(),
  parts: Type.Integer(),
  remaining: Type.Integer({ description: "characters left before one more part is needed" }),
  problems: Type.Array(Type.String(), { description: "why it could not be saved; empty when it can" }),
});

const InboundItemDto = Type.Object({
  id: Type.Integer(),
  sender: Type.String({ description: "masked for roles that may not see mobiles" }),
  text: Type.String({ description: "mobiles inside it masked for roles that may not see them" }),
  receivedAt: DateTime,
  outcome: Type.String({
    description: "what became of it: opted out, registered <number>, not understood, ...",
  }),
  complaintNumber: Nullable(Type.String()),
  replied: Type.Boolean({ description: "the keywords were sent back" }),
  replyLanguage: Nullable(Language),
});

const OutboxItemDto = Type.Object({
  id: Type.Integer(),
  recipient: Type.String({ description: "masked for roles that may not see mobiles" }),
  language: Language,
  template: Type.String(),
  body: Type.String(),
  urgent: Type.Boolean(),
  status: StringEnum(SMS_STATUSES),
  relatedType: Nullable(Type.String()),
  relatedId: Nullable(Type.Integer()),
  relatedLabel: Nullable(Type.String({ description: "complaint number or consumer number" })),
  createdAt: DateTime,
  sentAt: Nullable(DateTime),
  deliveredAt: Nullable(DateTime),
  parts: Nullable(Type.Integer()),
  attempts: Type.Integer(),
  deliveryStatus: Nullable(Type.String()),
  error: Nullable(Type.String()),
});

const ConsumerParams = Type.Object({ consumerNo: Type.String({ minLength: 1, maxLength: 30 }) }, Strict);

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
          response: { 200: Type.Object({ items: Type.Array(TemplateDto) }), ...errors(401, 403) },
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
          params: Type.Object({ code: Type.String({ maxLength: 60 }) }, Strict),
          body: Type.Object(
            { body: Type.String({ maxLength: 2000 }), sample: Type.Optional(Sample) },
            Strict,
          ),
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
          params: Type.Object({ code: Type.String({ maxLength: 60 }), language: Language }, Strict),
          body: Type.Object(
            {
              body: Type.String({ minLength: 1, maxLength: 2000 }),
              dltTemplateId: Type.Optional(Type.String({ maxLength: 30 })),
              sender: Type.Optional(Type.String({ maxLength: 10 })),
              category: Type.Optional(StringEnum(SMS_CATEGORIES)),
              optional: Type.Optional(Type.Boolean()),
              quietHours: Type.Optional(Type.Boolean()),
              sample: Type.Optional(Sample),
            },
            Strict,
          ),
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
          querystring: Type.Object(
            {
              before: Type.Optional(Type.Integer({ minimum: 1 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            },
            Strict,
          ),
          response: {
            200: Type.Object({ items: Type.Array(InboundItemDto), nextBefore: Nullable(Type.Integer()) }),
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
          querystring: Type.Object(
            {
              status: Type.Optional(StringEnum(SMS_STATUSES)),
              template: Type.Optional(Type.String({ maxLength: 60 })),
              mobile: Type.Optional(Type.String({ maxLength: 20 })),
              before: Type.Optional(Type.Integer({ minimum: 1 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            },
            Strict,
          ),
          response: {
            200: Type.Object({
              items: Type.Array(OutboxItemDto),
              nextBefore: Nullable(Type.Integer()),
              last24h: Type.Record(Type.String(), Type.Integer()),
              local: Type.Boolean({ description: "nothing leaves the machine (the log gateway)" }),
            }),
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
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  dcCode: Type.String(),
                  dcNameEn: Type.String(),
                  dcNameHi: Type.String(),
                  parentNameEn: Nullable(Type.String()),
                  parentNameHi: Nullable(Type.String()),
                  consumers: Type.Integer(),
                  verified: Type.Integer(),
                }),
              ),
              total: Type.Object({ consumers: Type.Integer(), verified: Type.Integer() }),
              countedAt: Nullable(DateTime),
            }),
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
          params: ConsumerParams,
          body: Type.Object(
            {
              mobile: Type.String({ minLength: 1, maxLength: 20 }),
              language: Language,
              replaces: Type.Optional(Type.String({ maxLength: 20, description: "the number it replaces" })),
            },
            Strict,
          ),
          response: {
            201: Type.Object({ verificationId: Type.Integer(), mobile: Type.String(), expiresAt: DateTime }),
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
          params: ConsumerParams,
          body: Type.Object(
            {
              verificationId: Type.Integer({ minimum: 1 }),
              code: Type.String({ minLength: 1, maxLength: 10 }),
            },
            Strict,
          ),
          response: {
            200: Type.Object({
              mobile: Type.String(),
              verifiedAt: DateTime,
              replaced: Nullable(Type.String()),
            }),
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
          params: Type.Object(
            {
              consumerNo: Type.String({ minLength: 1, maxLength: 30 }),
              mobile: Type.String({ maxLength: 20 }),
            },
            Strict,
          ),
          response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
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
