import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { WebhookChannel } from "../../db/schema.constants.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { WEBHOOK_READ_LIMIT } from "./channels.constants.ts";
import { CrcQuery, CrcResult, HubQuery, WebhookAck } from "./channels.schemas.ts";

const SIGNED = {
  whatsapp: "`X-Hub-Signature-256`: `sha256=` + hex HMAC-SHA256 of the raw body with WHATSAPP_APP_SECRET",
  meta: "`X-Hub-Signature-256`: `sha256=` + hex HMAC-SHA256 of the raw body with META_APP_SECRET",
  x: "`x-twitter-webhooks-signature`: `sha256=` + base64 HMAC-SHA256 of the raw body with X_CONSUMER_SECRET",
} as const;

const WHAT = {
  whatsapp: "WhatsApp Cloud API messages (text, image, button and list replies) and statuses of ours",
  meta: 'Facebook page and Instagram events: `messaging` (DMs) and `changes` ("feed" comments and posts, Instagram "comments")',
  x: "X Account Activity: `tweet_create_events` (mentions) and `direct_message_events`",
} as const;

/**
 * The platforms' webhooks. Each is off (404) until its secrets are set. The
 * POSTs read the raw bytes (the signature is over them), are exempt from the
 * session's origin check (platforms send no Origin and no cookie) and answer
 * once the body is stored; processing follows.
 */
export function channelsRoutes(services: Services): FastifyPluginAsyncTypebox {
  const intake = services.channelIntake;
  return async (app) => {
    // These routes only: the body stays bytes, whatever its content type.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: WEBHOOK_READ_LIMIT }, (_r, body, done) =>
      done(null, body),
    );
    const off = (channel: WebhookChannel) => async () => intake.ensureOn(channel);
    const raw = (request: FastifyRequest) => (Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));

    for (const channel of ["whatsapp", "meta"] as const) {
      app.get(
        `/api/channels/${channel}/webhook`,
        {
          onRequest: off(channel),
          schema: {
            tags: ["channels"],
            summary: `${channel === "whatsapp" ? "WhatsApp" : "Facebook/Instagram"} webhook verification`,
            description:
              "Meta's subscription check: `hub.mode=subscribe` with our verify token answers `hub.challenge` " +
              "as text/plain; a wrong token is a 403. 404 while the channel is off.",
            security: [],
            querystring: HubQuery,
            response: { 200: Type.String(), ...errors(400, 403, 404) },
          },
        },
        async (request, reply) =>
          reply.type("text/plain").send(intake.verifySubscription(channel, request.query)),
      );
    }
    app.get(
      "/api/channels/x/webhook",
      {
        onRequest: off("x"),
        schema: {
          tags: ["channels"],
          summary: "X webhook CRC check",
          description:
            'Answers `{"response_token": "sha256=<base64 HMAC-SHA256(X_CONSUMER_SECRET, crc_token)>"}`. 404 while the channel is off.',
          security: [],
          querystring: CrcQuery,
          response: { 200: CrcResult, ...errors(400, 404) },
        },
      },
      async (request) => intake.crc(request.query.crc_token),
    );

    for (const channel of ["whatsapp", "meta", "x"] as const) {
      app.post(
        `/api/channels/${channel}/webhook`,
        {
          onRequest: off(channel),
          bodyLimit: WEBHOOK_READ_LIMIT,
          config: { originCheck: false },
          schema: {
            tags: ["channels"],
            summary: `${channel === "whatsapp" ? "WhatsApp" : channel === "meta" ? "Facebook/Instagram" : "X"} webhook`,
            description:
              `${WHAT[channel]}. Signed with ${SIGNED[channel]}; a missing or wrong signature is a 401 and nothing ` +
              "is stored. The body is stored exactly as it came before it is processed; the same body again " +
              "stores nothing (`stored: false`), and each message is stored once by its platform id. A body " +
              "over 1 MB or not a JSON object is a 400 (kept, marked failed, for inspection). 404 while the " +
              "channel is off.",
            security: [],
            response: { 200: WebhookAck, ...errors(400, 401, 404, 413) },
          },
        },
        async (request) => intake.receive(channel, raw(request), request.headers),
      );
    }
  };
}
