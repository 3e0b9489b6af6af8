import {
  asArray,
  asObject,
  clean,
  type InboundMessage,
  type IntakeBatch,
  idOf,
  unixTime,
} from "./intake.types.ts";

/**
 * An X Account Activity webhook body for our account (`for_user_id`):
 * `tweet_create_events` (mentions and replies: public, threaded by the post
 * they answer; our own tweets and retweets left out) and
 * `direct_message_events` (DMs; the ones we sent left out).
 */
export function parseX(body: unknown): IntakeBatch {
  const b = asObject(body);
  const us = idOf(b.for_user_id);
  const messages: InboundMessage[] = [];
  for (const raw of asArray(b.tweet_create_events)) {
    const t = asObject(raw);
    const user = asObject(t.user);
    const author = idOf(user.id_str) ?? idOf(user.id);
    const id = idOf(t.id_str) ?? idOf(t.id);
    if (!author || !id || author === us || t.retweeted_status !== undefined) continue;
    const parent = idOf(t.in_reply_to_status_id_str) ?? idOf(t.in_reply_to_status_id);
    const extended = asObject(t.extended_tweet);
    const text = clean(extended.full_text) || clean(t.full_text) || clean(t.text);
    const media = asArray(asObject(extended.extended_entities ?? t.extended_entities ?? t.entities).media)
      .map(asObject)
      .find((m) => m.type === "photo" || m.media_url_https);
    const url = media ? clean(media.media_url_https ?? media.media_url, 2000) : "";
    messages.push({
      channel: "x",
      senderId: author,
      senderHandle: clean(user.screen_name, 100) || undefined,
      senderName: clean(user.name, 200) || undefined,
      visibility: "public",
      threadRef: parent ?? id,
      parentRef: parent,
      platformMessageId: id,
      kind: url ? "image" : "text",
      body: text,
      ...(url ? { mediaUrl: url } : {}),
      sentAt: unixTime(t.timestamp_ms, "ms"),
    });
  }
  const users = asObject(b.users);
  for (const raw of asArray(b.direct_message_events)) {
    const e = asObject(raw);
    if (e.type !== "message_create") continue;
    const mc = asObject(e.message_create);
    const sender = idOf(mc.sender_id);
    const id = idOf(e.id);
    if (!sender || !id || sender === us) continue;
    const data = asObject(mc.message_data);
    const media = asObject(asObject(data.attachment).media);
    const url = clean(media.media_url_https ?? media.media_url, 2000);
    const who = asObject(users[sender]);
    messages.push({
      channel: "x",
      senderId: sender,
      senderHandle: clean(who.screen_name, 100) || undefined,
      senderName: clean(who.name, 200) || undefined,
      visibility: "direct",
      threadRef: "",
      platformMessageId: id,
      kind: url ? "image" : "text",
      body: clean(data.text),
      ...(url ? { mediaUrl: url } : {}),
      sentAt: unixTime(e.created_timestamp, "ms"),
    });
  }
  return { messages, statuses: [] };
}
