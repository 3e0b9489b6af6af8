import type { XConfig } from "../../config.ts";
import type { OutgoingClaim } from "./conversations.repository.ts";
import { asObject, idOf } from "./intake.types.ts";
import { NotSendable, type PlatformRequest } from "./sender.types.ts";

/**
 * The X API v2 request for a reply: a DM to the sender
 * (/2/dm_conversations/with/{id}/messages), or a public reply tweet to the
 * consumer's latest tweet in the thread (/2/tweets with
 * reply.in_reply_to_tweet_id).
 */
export function xRequest(cfg: XConfig, m: OutgoingClaim): PlatformRequest {
  if (!cfg.bearerToken) throw new NotSendable("X sending is not configured: set X_BEARER_TOKEN");
  if (!m.body.trim()) throw new NotSendable("the message is empty");
  if (m.visibility === "public") {
    if (!m.replyTo) throw new NotSendable("no tweet of the consumer's to reply to in this thread");
    return {
      url: `${cfg.apiUrl}/2/tweets`,
      body: { text: m.body, reply: { in_reply_to_tweet_id: m.replyTo } },
      idFrom: (a) => idOf(asObject(asObject(a).data).id),
    };
  }
  return {
    url: `${cfg.apiUrl}/2/dm_conversations/with/${encodeURIComponent(m.senderId)}/messages`,
    body: { text: m.body.slice(0, 10_000) },
    idFrom: (a) => idOf(asObject(asObject(a).data).dm_event_id),
  };
}
