import {
  asArray,
  asObject,
  clean,
  type InboundMessage,
  type IntakeBatch,
  idOf,
  unixTime,
} from "./intake.types.ts";

/** Page feed items a consumer writes (a post on the page, a photo, a comment). */
const FEED_ITEMS = new Set(["comment", "post", "status", "photo", "video"]);

/**
 * A Meta page webhook body. `object` "page" is the Facebook page,
 * "instagram" its Instagram account. `entry[].messaging[]`: Messenger and
 * Instagram DMs (our own echoes left out). `entry[].changes[]`: "feed"
 * (comments and visitors' posts on the page; the page's own left out) and
 * Instagram "comments": public, threaded by the post they are under.
 */
export function parseMeta(body: unknown): IntakeBatch {
  const b = asObject(body);
  const channel: "facebook" | "instagram" | undefined =
    b.object === "instagram" ? "instagram" : b.object === "page" ? "facebook" : undefined;
  const messages: InboundMessage[] = [];
  if (!channel) return { messages, statuses: [] };
  for (const rawEntry of asArray(b.entry)) {
    const entry = asObject(rawEntry);
    const own = idOf(entry.id);
    for (const raw of asArray(entry.messaging)) {
      const e = asObject(raw);
      const sender = idOf(asObject(e.sender).id);
      if (!sender || sender === own) continue;
      const base = {
        channel,
        senderId: sender,
        visibility: "direct" as const,
        threadRef: "",
        sentAt: unixTime(e.timestamp, "ms"),
      };
      const m = asObject(e.message);
      const mid = idOf(m.mid);
      if (mid && m.is_echo !== true) {
        const image = asArray(m.attachments)
          .map(asObject)
          .find((a) => a.type === "image");
        const url = image ? clean(asObject(image.payload).url, 2000) : "";
        const text = clean(m.text);
        if (url) messages.push({ ...base, platformMessageId: mid, kind: "image", body: text, mediaUrl: url });
        else if (text) messages.push({ ...base, platformMessageId: mid, kind: "text", body: text });
        else if (asArray(m.attachments).length)
          messages.push({ ...base, platformMessageId: mid, kind: "other", body: "[attachment]" });
        continue;
      }
      // A button the consumer pressed.
      const postback = asObject(e.postback);
      const pmid = idOf(postback.mid);
      if (pmid)
        messages.push({
          ...base,
          platformMessageId: pmid,
          kind: "text",
          body: clean(postback.title) || clean(postback.payload),
        });
    }
    for (const raw of asArray(entry.changes)) {
      const c = asObject(raw);
      const v = asObject(c.value);
      const from = asObject(v.from);
      const sender = idOf(from.id);
      if (!sender || sender === own) continue;
      if (channel === "facebook" && c.field === "feed") {
        const item = typeof v.item === "string" ? v.item : "";
        if (v.verb !== "add" || !FEED_ITEMS.has(item)) continue;
        const postId = idOf(v.post_id);
        const id = item === "comment" ? idOf(v.comment_id) : postId;
        if (!postId || !id) continue;
        const photo = clean(v.photo ?? (item === "photo" ? v.link : undefined), 2000);
        messages.push({
          channel,
          senderId: sender,
          senderName: clean(from.name, 200) || undefined,
          visibility: "public",
          threadRef: postId,
          platformMessageId: id,
          kind: photo ? "image" : "text",
          body: clean(v.message),
          ...(photo ? { mediaUrl: photo } : {}),
          sentAt: unixTime(v.created_time, "s"),
        });
      } else if (channel === "instagram" && c.field === "comments") {
        const id = idOf(v.id);
        const mediaId = idOf(asObject(v.media).id);
        if (!id || !mediaId) continue;
        const handle = clean(from.username, 100) || undefined;
        messages.push({
          channel,
          senderId: sender,
          senderHandle: handle,
          visibility: "public",
          threadRef: mediaId,
          platformMessageId: id,
          kind: "text",
          body: clean(v.text),
        });
      }
    }
  }
  return { messages, statuses: [] };
}
