// The channels' webhooks (WhatsApp, Facebook/Instagram, X): request and response shapes.
// Imports only typebox: nothing of the server.
import { type Static, Type } from "typebox";

export const HubQuery = Type.Object({
  "hub.mode": Type.Optional(Type.String({ maxLength: 50, description: 'always "subscribe"' })),
  "hub.verify_token": Type.Optional(
    Type.String({ maxLength: 500, description: "the verify token set in the app's webhook settings" }),
  ),
  "hub.challenge": Type.Optional(Type.String({ maxLength: 500, description: "echoed back as text/plain" })),
});
export type HubQuery = Static<typeof HubQuery>;

export const CrcQuery = Type.Object({
  crc_token: Type.Optional(Type.String({ maxLength: 500, description: "X's challenge" })),
});
export type CrcQuery = Static<typeof CrcQuery>;

export const CrcResult = Type.Object({
  response_token: Type.String({ description: '"sha256=" + base64 HMAC-SHA256(consumer secret, crc_token)' }),
});

export const WebhookAck = Type.Object({
  received: Type.Boolean(),
  stored: Type.Boolean({
    description: "false: the same body came before (a replay) and nothing new was stored",
  }),
});
