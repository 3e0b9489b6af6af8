import type { MetaConfig } from "../../config.ts";
import { WHATSAPP_WINDOW_MS } from "./channels.constants.ts";
import type { OutgoingClaim } from "./conversations.repository.ts";
import { asObject, idOf } from "./intake.types.ts";
import { NotSendable, type PlatformRequest } from "./sender.types.ts";

/**
 * The Graph API request for a Facebook or Instagram reply. A DM goes to
 * /me/messages (after Messenger's 24-hour window with the HUMAN_AGENT tag,
 * which gives an agent 7 days); a public one answers the consumer's latest
 * comment in the thread: /{comment-id}/comments on Facebook, /replies on
 * Instagram.
 */
export function metaRequest(cfg: MetaConfig, m: OutgoingClaim, now: Date): PlatformRequest {
  if (!cfg.pageToken)
    throw new NotSendable("Facebook/Instagram sending is not configured: set META_PAGE_TOKEN");
  if (!m.body.trim() && !(m.kind === "image" && m.mediaUrl)) throw new NotSendable("the message is empty");
  if (m.visibility === "public") {
    if (!m.replyTo) throw new NotSendable("no comment of the consumer's to reply to in this thread");
    const edge = m.channel === "instagram" ? "replies" : "comments";
    return {
      url: `${cfg.apiUrl}/${encodeURIComponent(m.replyTo)}/${edge}`,
      body: { message: m.body.slice(0, 8000) },
      idFrom: (a) => idOf(asObject(a).id),
    };
  }
  const inside = m.lastInboundAt !== null && now.getTime() - m.lastInboundAt.getTime() < WHATSAPP_WINDOW_MS;
  const message =
    m.kind === "image" && m.mediaUrl
      ? { attachment: { type: "image", payload: { url: m.mediaUrl, is_reusable: true } } }
      : { text: m.body.slice(0, 2000) };
  return {
    url: `${cfg.apiUrl}/me/messages`,
    body: {
      recipient: { id: m.senderId },
      message,
      ...(inside ? { messaging_type: "RESPONSE" } : { messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" }),
    },
    idFrom: (a) => idOf(asObject(a).message_id),
  };
}
