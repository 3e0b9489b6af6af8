import type { ConversationChannel, ConversationStatus } from "../../db/schema.constants.ts";

/**
 * What happens in the inbox. Intake (webhooks, SMS, the portal) publishes
 * `conversation.message_received` after a consumer's message is stored; the
 * WhatsApp bot and live screens listen. Whoever queues an outgoing message
 * (an agent's reply, the bot) publishes `conversation.reply_queued`, and the
 * channel sender takes the pending row. `conversation.changed`: status,
 * assignee or escalation moved (the inbox's waiting count on the wallboard).
 */
export type ChannelDomainEvent =
  | {
      type: "conversation.message_received";
      conversationId: number;
      messageId: number;
      channel: ConversationChannel;
      /** The conversation's status once the message is stored: "bot" while the WhatsApp bot answers. */
      status: ConversationStatus;
    }
  | {
      type: "conversation.reply_queued";
      conversationId: number;
      messageId: number;
      channel: ConversationChannel;
    }
  | { type: "conversation.changed"; conversationId: number; status: ConversationStatus };
