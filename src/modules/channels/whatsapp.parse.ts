import {
  asArray,
  asObject,
  clean,
  type InboundMessage,
  type IntakeBatch,
  idOf,
  type StatusUpdate,
  unixTime,
} from "./intake.types.ts";

const STATUSES = new Set(["sent", "delivered", "read", "failed"]);
/** Not a message for anyone to answer. */
const IGNORED_TYPES = new Set(["reaction", "system", "ephemeral", "request_welcome"]);

/**
 * A WhatsApp Cloud API webhook body: `entry[].changes[].value.messages[]`
 * (text, image, button and list replies as their title's text, anything
 * else as "other") and `.statuses[]` of our outgoing messages.
 */
export function parseWhatsApp(body: unknown): IntakeBatch {
  const messages: InboundMessage[] = [];
  const statuses: StatusUpdate[] = [];
  for (const entry of asArray(asObject(body).entry)) {
    for (const change of asArray(asObject(entry).changes)) {
      const c = asObject(change);
      if (c.field !== undefined && c.field !== "messages") continue;
      const value = asObject(c.value);
      const names = new Map<string, string>();
      for (const contact of asArray(value.contacts)) {
        const k = asObject(contact);
        const id = idOf(k.wa_id);
        const name = clean(asObject(k.profile).name, 200);
        if (id && name) names.set(id, name);
      }
      for (const raw of asArray(value.messages)) {
        const m = asObject(raw);
        const from = idOf(m.from);
        const id = idOf(m.id);
        const type = typeof m.type === "string" ? m.type : "";
        if (!from || !id || IGNORED_TYPES.has(type)) continue;
        const base = {
          channel: "whatsapp" as const,
          senderId: from,
          senderHandle: from,
          senderName: names.get(from),
          visibility: "direct" as const,
          threadRef: "",
          platformMessageId: id,
          sentAt: unixTime(m.timestamp, "s"),
        };
        messages.push({ ...base, ...content(type, m) });
      }
      for (const raw of asArray(value.statuses)) {
        const s = asObject(raw);
        const id = idOf(s.id);
        const status = typeof s.status === "string" ? s.status : "";
        if (!id || !STATUSES.has(status)) continue;
        const error = asArray(s.errors)
          .map((e) => {
            const x = asObject(e);
            const detail = clean(asObject(x.error_data).details, 300) || clean(x.message, 300);
            return [x.code, clean(x.title, 200), detail].filter((p) => p !== undefined && p !== "").join(" ");
          })
          .filter(Boolean)
          .join("; ");
        statuses.push({
          channel: "whatsapp",
          platformMessageId: id,
          status: status as StatusUpdate["status"],
          ...(error ? { error: error.slice(0, 1000) } : {}),
        });
      }
    }
  }
  return { messages, statuses };
}

function content(
  type: string,
  m: Record<string, unknown>,
): Pick<InboundMessage, "kind" | "body" | "mediaUrl"> {
  if (type === "text") return { kind: "text", body: clean(asObject(m.text).body) };
  if (type === "image") {
    const image = asObject(m.image);
    // The media id: the Graph API gives its download link to whoever holds the token.
    return { kind: "image", body: clean(image.caption), mediaUrl: idOf(image.id) ?? idOf(image.link) };
  }
  if (type === "interactive") {
    const i = asObject(m.interactive);
    const reply = asObject(i.button_reply ?? i.list_reply);
    return { kind: "text", body: clean(reply.title) || clean(reply.id) };
  }
  if (type === "button") {
    const b = asObject(m.button);
    return { kind: "text", body: clean(b.text) || clean(b.payload) };
  }
  const media = asObject(m[type]);
  return { kind: "other", body: clean(media.caption) || `[${clean(type, 30) || "unknown"}]` };
}
