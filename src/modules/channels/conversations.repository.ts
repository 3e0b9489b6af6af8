import { type Kysely, sql } from "kysely";
import type {
  ConversationChannel,
  ConversationStatus,
  ConversationVisibility,
  Language,
  MessageKind,
} from "../../db/schema.constants.ts";
import type { DB } from "../../db/schema.ts";
import type { InboundMessage, StatusUpdate } from "./intake.types.ts";

/** An outgoing message claimed for sending, with what the platform needs to address it. */
export interface OutgoingClaim {
  id: number;
  conversationId: number;
  channel: ConversationChannel;
  kind: MessageKind;
  body: string;
  mediaUrl: string | null;
  template: string | null;
  attempts: number;
  /** The lease: whoever finishes the send names it, so a lost claim writes nothing. */
  lease: Date;
  senderId: string;
  threadRef: string;
  visibility: ConversationVisibility;
  language: Language;
  lastInboundAt: Date | null;
  /** The consumer's latest message id in the conversation: what a public reply answers. */
  replyTo: string | null;
}

const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

/**
 * The inbox's conversations and messages, as intake and the senders write
 * them: one open conversation per (channel, sender, thread); a message is
 * unique by its platform id, so a replay writes nothing.
 */
export class ConversationsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Whether a message with this platform id is stored already (in any conversation, closed ones too). */
  async hasMessage(channel: ConversationChannel, platformMessageId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom("conversation_messages")
      .select("id")
      .where("channel", "=", channel)
      .where("platform_message_id", "=", platformMessageId)
      .executeTakeFirst();
    return r !== undefined;
  }

  /** The thread of the conversation holding a message (a reply to our reply joins our thread). */
  async threadOf(channel: ConversationChannel, platformMessageId: string): Promise<string | undefined> {
    const r = await this.db
      .selectFrom("conversation_messages as m")
      .innerJoin("conversations as c", "c.id", "m.conversation_id")
      .select("c.thread_ref")
      .where("m.channel", "=", channel)
      .where("m.platform_message_id", "=", platformMessageId)
      .executeTakeFirst();
    return r?.thread_ref;
  }

  /**
   * The sender's open conversation on this thread, opened with `fresh` when
   * there is none. `created`: this call opened it.
   */
  async openConversation(
    m: Pick<
      InboundMessage,
      "channel" | "senderId" | "senderHandle" | "senderName" | "visibility" | "threadRef"
    >,
    fresh: { status: ConversationStatus; language: Language; firstResponseDue: Date | null; at: Date },
  ): Promise<{ id: number; status: ConversationStatus; created: boolean }> {
    const inserted = await this.db
      .insertInto("conversations")
      .values({
        channel: m.channel,
        sender_id: m.senderId,
        sender_handle: m.senderHandle ?? null,
        sender_name: m.senderName ?? null,
        visibility: m.visibility,
        thread_ref: m.threadRef,
        status: fresh.status,
        language: fresh.language,
        opened_at: fresh.at,
        last_message_at: fresh.at,
        first_response_due: fresh.firstResponseDue,
      })
      .onConflict((oc) =>
        // A literal predicate: PostgreSQL matches the partial index only by its text, never a parameter.
        oc
          .columns(["channel", "sender_id", "thread_ref"])
          .where(sql<boolean>`status <> 'closed'`)
          .doNothing(),
      )
      .returning(["id", "status"])
      .executeTakeFirst();
    if (inserted) return { id: Number(inserted.id), status: inserted.status, created: true };
    const open = await this.db
      .selectFrom("conversations")
      .select(["id", "status"])
      .where("channel", "=", m.channel)
      .where("sender_id", "=", m.senderId)
      .where("thread_ref", "=", m.threadRef)
      .where("status", "<>", "closed")
      .forUpdate()
      .executeTakeFirstOrThrow();
    return { id: Number(open.id), status: open.status, created: false };
  }

  /** Stores a consumer's message; undefined when its platform id is stored already. */
  async insertInbound(
    conversationId: number,
    m: InboundMessage,
    at: Date,
    webhookId: number | null,
  ): Promise<number | undefined> {
    const r = await this.db
      .insertInto("conversation_messages")
      .values({
        conversation_id: conversationId,
        channel: m.channel,
        direction: "in",
        author: "consumer",
        platform_message_id: m.platformMessageId,
        kind: m.kind,
        body: m.body,
        media_url: m.mediaUrl ?? null,
        status: "received",
        webhook_id: webhookId,
        at,
      })
      .onConflict((oc) =>
        oc
          .columns(["channel", "platform_message_id"])
          .where("platform_message_id", "is not", null)
          .doNothing(),
      )
      .returning("id")
      .executeTakeFirst();
    return r ? Number(r.id) : undefined;
  }

  /**
   * A consumer wrote: the conversation's clocks move (WhatsApp's 24-hour
   * window with them), a conversation waiting for him is open again, and a
   * name or handle learnt late is kept. Returns the status it is now in.
   */
  async touchInbound(
    id: number,
    at: Date,
    who: { handle?: string | undefined; name?: string | undefined },
  ): Promise<ConversationStatus> {
    const r = await this.db
      .updateTable("conversations")
      .set({
        last_message_at: sql`greatest(last_message_at, ${at}::timestamptz)`,
        last_inbound_at: sql`greatest(coalesce(last_inbound_at, ${at}::timestamptz), ${at}::timestamptz)`,
        status: sql`case when status = 'waiting' then 'open' else status end`,
        sender_handle: sql`coalesce(sender_handle, ${who.handle ?? null}::text)`,
        sender_name: sql`coalesce(${who.name ?? null}::text, sender_name)`,
      })
      .where("id", "=", id)
      .returning("status")
      .executeTakeFirstOrThrow();
    return r.status;
  }

  /**
   * A platform's word on one of our messages: it only moves forward (sent,
   * delivered, read), and a failure counts unless the message was read.
   * Returns how many messages it moved (0: unknown id, or old news).
   */
  async applyStatus(s: StatusUpdate): Promise<number> {
    const rank = (col: string) =>
      sql`case ${sql.ref(col)} when 'pending' then 0 when 'sending' then 0 when 'sent' then 1 when 'delivered' then 2 when 'read' then 3 else 4 end`;
    const next = { sent: 1, delivered: 2, read: 3, failed: 4 }[s.status];
    const r = await this.db
      .updateTable("conversation_messages")
      .set({
        status: s.status,
        ...(s.status === "failed" ? { error: s.error ?? "the platform reported a failure" } : {}),
      })
      .where("channel", "=", s.channel)
      .where("platform_message_id", "=", s.platformMessageId)
      .where("direction", "=", "out")
      .where("status", "in", ["pending", "sending", "sent", "delivered", "read"])
      .where(
        s.status === "failed" ? sql<boolean>`status <> 'read'` : sql<boolean>`${rank("status")} < ${next}`,
      )
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /**
   * Claims up to `limit` pending outgoing messages on these platform channels,
   * due at `now` and not under a live lease, oldest first (SKIP LOCKED: other
   * processes take others). The row stays 'pending' while claimed, so a dead
   * sender's claim is found by the same index when its lease runs out.
   */
  async claimOutgoing(
    channels: readonly ConversationChannel[],
    now: Date,
    leaseMs: number,
    limit: number,
  ): Promise<OutgoingClaim[]> {
    if (channels.length === 0) return [];
    const until = new Date(now.getTime() + leaseMs);
    const r = await sql<{
      id: number | string;
      conversation_id: number | string;
      channel: ConversationChannel;
      kind: MessageKind;
      body: string;
      media_url: string | null;
      template: string | null;
      attempts: number;
      sender_id: string;
      thread_ref: string;
      visibility: ConversationVisibility;
      language: Language;
      last_inbound_at: Date | string | null;
      reply_to: string | null;
    }>`
      with claimed as (
        update conversation_messages m set claimed_until = ${until}
        where m.id in (
          select id from conversation_messages
          where status = 'pending' and direction = 'out'
            and channel in (${sql.join([...channels])})
            and (run_after is null or run_after <= ${now})
            and (claimed_until is null or claimed_until <= ${now})
          order by id
          limit ${limit}
          for update skip locked
        )
        returning m.id, m.conversation_id, m.channel, m.kind, m.body, m.media_url, m.template, m.attempts
      )
      select k.*, c.sender_id, c.thread_ref, c.visibility, c.language, c.last_inbound_at,
        (select i.platform_message_id from conversation_messages i
          where i.conversation_id = k.conversation_id and i.direction = 'in' and i.platform_message_id is not null
          order by i.id desc limit 1) as reply_to
      from claimed k join conversations c on c.id = k.conversation_id
      order by k.id`.execute(this.db);
    return r.rows.map((x) => ({
      id: Number(x.id),
      conversationId: Number(x.conversation_id),
      channel: x.channel,
      kind: x.kind,
      body: x.body,
      mediaUrl: x.media_url,
      template: x.template,
      attempts: x.attempts,
      lease: until,
      senderId: x.sender_id,
      threadRef: x.thread_ref,
      visibility: x.visibility,
      language: x.language,
      lastInboundAt: date(x.last_inbound_at),
      replyTo: x.reply_to,
    }));
  }

  /** The platform took the message: its id recorded (statuses and replies find it by that). */
  async sent(claim: OutgoingClaim, platformMessageId: string, template: string | null): Promise<boolean> {
    const r = await this.db
      .updateTable("conversation_messages")
      .set({
        status: "sent",
        platform_message_id: platformMessageId,
        attempts: claim.attempts + 1,
        claimed_until: null,
        run_after: null,
        error: null,
        ...(template ? { template } : {}),
      })
      .where("id", "=", claim.id)
      .where("status", "=", "pending")
      .where("claimed_until", "=", claim.lease)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** The send failed: for good (`runAfter` undefined) or to be tried again after `runAfter`. */
  async sendFailed(claim: OutgoingClaim, error: string, runAfter: Date | undefined): Promise<void> {
    await this.db
      .updateTable("conversation_messages")
      .set({
        attempts: claim.attempts + 1,
        claimed_until: null,
        error: error.slice(0, 1000),
        run_after: runAfter ?? null,
        ...(runAfter ? {} : { status: "failed" as const }),
      })
      .where("id", "=", claim.id)
      .where("status", "=", "pending")
      .where("claimed_until", "=", claim.lease)
      .execute();
  }
}
