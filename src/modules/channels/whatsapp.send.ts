import type { WhatsAppConfig } from "../../config.ts";
import { WHATSAPP_FALLBACK_TEMPLATE, WHATSAPP_WINDOW_MS } from "./channels.constants.ts";
import type { OutgoingClaim } from "./conversations.repository.ts";
import { asArray, asObject, idOf } from "./intake.types.ts";
import { NotSendable, type PlatformRequest } from "./sender.types.ts";

/** A template variable may hold no newline or tab, nor more than four spaces in a row (Meta's rule). */
function templateText(s: string): string {
  return s
    .replace(/[\r\n\t]+/g, " ")
    .replace(/ {4,}/g, "   ")
    .trim()
    .slice(0, 1024);
}

/** Whether WhatsApp still lets us write free text: within 24 hours of the consumer's last message. */
export function insideWindow(lastInboundAt: Date | null, now: Date): boolean {
  return lastInboundAt !== null && now.getTime() - lastInboundAt.getTime() < WHATSAPP_WINDOW_MS;
}

/**
 * The Cloud API request for an outgoing message. Inside the 24-hour window:
 * text (or an image by id or link). Outside it, or when the row names one:
 * an approved template; a free-text row outside the window goes out as the
 * fallback template "powerdesk_reply" with its text as the one variable.
 */
export function whatsappRequest(cfg: WhatsAppConfig, m: OutgoingClaim, now: Date): PlatformRequest {
  if (!cfg.token || !cfg.phoneNumberId)
    throw new NotSendable(
      "WhatsApp sending is not configured: set WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID",
    );
  const url = `${cfg.apiUrl}/${encodeURIComponent(cfg.phoneNumberId)}/messages`;
  const base = { messaging_product: "whatsapp", recipient_type: "individual", to: m.senderId };
  const idFrom = (a: unknown) => idOf(asObject(asArray(asObject(a).messages)[0]).id);
  const inside = insideWindow(m.lastInboundAt, now);
  if (m.template || !inside) {
    const name = m.template ?? WHATSAPP_FALLBACK_TEMPLATE;
    const text = templateText(m.body);
    return {
      url,
      idFrom,
      template: name,
      body: {
        ...base,
        type: "template",
        template: {
          name,
          language: { code: m.language },
          ...(text ? { components: [{ type: "body", parameters: [{ type: "text", text }] }] } : {}),
        },
      },
    };
  }
  if (m.kind === "image" && m.mediaUrl) {
    const image = /^https?:\/\//.test(m.mediaUrl) ? { link: m.mediaUrl } : { id: m.mediaUrl };
    return {
      url,
      idFrom,
      body: {
        ...base,
        type: "image",
        image: { ...image, ...(m.body ? { caption: m.body.slice(0, 1024) } : {}) },
      },
    };
  }
  if (!m.body.trim()) throw new NotSendable("the message is empty");
  return {
    url,
    idFrom,
    body: { ...base, type: "text", text: { preview_url: false, body: m.body.slice(0, 4096) } },
  };
}
