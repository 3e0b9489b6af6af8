// The HTTP SMS aggregator's webhooks (delivery receipts, inbound SMS): request and response shapes.
// Imports only typebox: nothing of the server.
import { type Static, Type } from "typebox";

/** The most receipts or messages one call may carry. */
const MAX_ITEMS = 1000;

// The field names are the aggregator's (SMS_HTTP_RECEIPT_*_FIELD), so the
// schema only says "an object or a list of them" and the handler names the
// configured field that is missing or wrong.
const Item = Type.Object({}, { additionalProperties: true });
export const WebhookItems = Type.Union([Item, Type.Array(Item, { minItems: 1, maxItems: MAX_ITEMS })]);
export type WebhookItems = Static<typeof WebhookItems>;

export const WebhookTokenQuery = Type.Object({
  token: Type.Optional(
    Type.String({ description: "the shared secret, when the aggregator cannot send a header" }),
  ),
});
export type WebhookTokenQuery = Static<typeof WebhookTokenQuery>;

export const WebhookTokenHeader = Type.Object({
  "x-webhook-token": Type.Optional(Type.String({ description: "the shared secret SMS_HTTP_WEBHOOK_TOKEN" })),
});
export type WebhookTokenHeader = Static<typeof WebhookTokenHeader>;

export const ReceiptsResult = Type.Object({
  applied: Type.Integer({ description: "receipts recorded on their message" }),
  waiting: Type.Integer({
    description: "receipts whose message is not recorded as sent yet: tried again for a few seconds",
  }),
  ignored: Type.Integer({ description: "in-transit or unknown statuses" }),
});
export type ReceiptsResult = Static<typeof ReceiptsResult>;

export const InboundResult = Type.Object({ received: Type.Integer() });
export type InboundResult = Static<typeof InboundResult>;
