import { type Kysely, sql } from "kysely";
import type { DB, Language } from "../../../db/schema.ts";
import type { Tx } from "../../../db/unit-of-work.ts";
import type { Category, ConsumerLookup, ConsumerRef } from "./bot.machine.ts";

export interface BotClaim {
  sender_id: string;
  language: Language;
  bot_state: unknown;
  body: string;
}

/** What one handled message writes: the bot's state, the conversation's consumer and language, the replies. */
export interface BotTurnWrite {
  conversationId: number;
  state: unknown;
  language: Language;
  consumer: { id: number; dcId: number; verified: boolean } | null;
  replies: string[];
  at: Date;
  /** Hands the conversation to the inbox: status 'new', its first response due then, a note for the agents. */
  handover?: { firstResponseDue: Date; note: string } | undefined;
}

/** The WhatsApp bot's reads and writes: its conversation, the consumer it is about, its replies. */
export class BotRepository {
  constructor(private readonly db: Kysely<DB>) {}

  transaction<T>(fn: (repo: BotRepository, tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((tx) => fn(new BotRepository(tx), tx));
  }

  /**
   * Claims an inbound message of a WhatsApp conversation the bot holds, in
   * one statement: unless it (or a later one) was answered already, and
   * unless another claim on the conversation is still within its lease.
   * The claim is a lease in bot_state (`claim`), not the answer: the message
   * counts as answered only when writeTurn stores `lastMessageId` with the
   * replies, so a process that dies in between leaves it to the sweep once
   * the lease is over. Returns the conversation, the bot's state and the
   * message's text, or undefined when there is nothing to do.
   */
  async claim(
    conversationId: number,
    messageId: number,
    now: Date,
    until: Date,
  ): Promise<BotClaim | undefined> {
    const r = await sql<BotClaim>`
      update conversations c
         set bot_state = jsonb_set(coalesce(c.bot_state, '{}'::jsonb), '{claim}',
                                   jsonb_build_object('id', ${messageId}::bigint, 'until', ${until.toISOString()}::text))
        from conversation_messages m
       where c.id = ${conversationId} and c.channel = 'whatsapp' and c.status = 'bot'
         and coalesce((c.bot_state ->> 'lastMessageId')::bigint, 0) < ${messageId}::bigint
         and (c.bot_state -> 'claim' is null
              or (c.bot_state -> 'claim' ->> 'until')::timestamptz < ${now.toISOString()}::timestamptz)
         and m.id = ${messageId} and m.conversation_id = c.id and m.direction = 'in'
      returning c.sender_id, c.language, c.bot_state, m.body`.execute(this.db);
    return r.rows[0];
  }

  /**
   * Consumer messages the bot holds but has not answered, with no live claim
   * on their conversation: the earliest of each conversation (a crash's
   * leftovers; an event lost with its process). At most `limit`.
   */
  async unanswered(now: Date, limit: number): Promise<{ conversationId: number; messageId: number }[]> {
    const r = await sql<{ conversation_id: string | number; message_id: string | number }>`
      select c.id as conversation_id, min(m.id) as message_id
        from conversations c
        join conversation_messages m on m.conversation_id = c.id and m.direction = 'in' and m.author = 'consumer'
       where c.channel = 'whatsapp' and c.status = 'bot'
         and m.id > coalesce((c.bot_state ->> 'lastMessageId')::bigint, 0)
         and (c.bot_state -> 'claim' is null
              or (c.bot_state -> 'claim' ->> 'until')::timestamptz < ${now.toISOString()}::timestamptz)
       group by c.id
       order by min(m.id)
       limit ${limit}`.execute(this.db);
    return r.rows.map((x) => ({
      conversationId: Number(x.conversation_id),
      messageId: Number(x.message_id),
    }));
  }

  /** Consumers whose verified mobile this is (a WhatsApp number is one person's phone). */
  async consumersOfVerifiedMobile(mobile: string, limit = 9): Promise<ConsumerRef[]> {
    const rows = await this.db
      .selectFrom("consumer_mobiles as m")
      .innerJoin("consumers as c", "c.id", "m.consumer_id")
      .select(["c.id", "c.consumer_no", "c.dc_id"])
      .where("m.mobile", "=", mobile)
      .where("m.verified", "=", true)
      .orderBy("c.consumer_no")
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: Number(r.id), no: r.consumer_no, dcId: Number(r.dc_id) }));
  }

  /** The consumer a text names: by consumer number, else (a mobile) by a mobile on record. */
  async lookup(consumerNo: string, mobile: string | undefined): Promise<ConsumerLookup> {
    const hasVerified = sql<boolean>`exists (select 1 from consumer_mobiles cm where cm.consumer_id = c.id and cm.verified)`;
    const byNo = await this.db
      .selectFrom("consumers as c")
      .select(["c.id", "c.consumer_no", "c.dc_id", hasVerified.as("has_verified")])
      .where("c.consumer_no", "=", consumerNo)
      .executeTakeFirst();
    const rows = byNo
      ? [byNo]
      : mobile
        ? await this.db
            .selectFrom("consumer_mobiles as m")
            .innerJoin("consumers as c", "c.id", "m.consumer_id")
            .select(["c.id", "c.consumer_no", "c.dc_id", hasVerified.as("has_verified")])
            .where("m.mobile", "=", mobile)
            .limit(2)
            .execute()
        : [];
    if (rows.length === 0) return { found: "none" };
    if (rows.length > 1) return { found: "several" };
    const r = rows[0] as (typeof rows)[number];
    return {
      found: "one",
      consumer: { id: Number(r.id), no: r.consumer_no, dcId: Number(r.dc_id) },
      hasVerifiedMobile: Boolean(r.has_verified),
    };
  }

  /** Where a code for this consumer goes: his first verified mobile. */
  async codeMobile(consumerId: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom("consumer_mobiles")
      .select("mobile")
      .where("consumer_id", "=", consumerId)
      .where("verified", "=", true)
      .orderBy("created_at")
      .limit(1)
      .executeTakeFirst();
    return row?.mobile;
  }

  async categories(): Promise<Category[]> {
    const rows = await this.db
      .selectFrom("complaint_categories")
      .select(["code", "name_en", "name_hi"])
      .where("active", "=", true)
      .orderBy("sort_order")
      .orderBy("code")
      .execute();
    return rows.map((r) => ({ code: r.code, nameEn: r.name_en, nameHi: r.name_hi }));
  }

  /**
   * Writes what one handled message changed; returns the reply rows' ids
   * (none when the conversation left the bot meanwhile: an agent has it).
   */
  async writeTurn(w: BotTurnWrite): Promise<number[] | undefined> {
    const updated = await this.db
      .updateTable("conversations")
      .set({
        bot_state: JSON.stringify(w.state),
        language: w.language,
        last_message_at: w.at,
        ...(w.consumer
          ? { consumer_id: w.consumer.id, consumer_verified: w.consumer.verified, dc_id: w.consumer.dcId }
          : {}),
      })
      .where("id", "=", w.conversationId)
      .where("status", "=", "bot")
      .returning("id")
      .executeTakeFirst();
    if (!updated) return undefined;
    const ids: number[] = [];
    if (w.replies.length > 0) {
      const rows = await this.db
        .insertInto("conversation_messages")
        .values(
          w.replies.map((body) => ({
            conversation_id: w.conversationId,
            channel: "whatsapp" as const,
            direction: "out" as const,
            author: "bot" as const,
            kind: "text" as const,
            body,
            status: "pending" as const,
            at: w.at,
          })),
        )
        .returning("id")
        .execute();
      ids.push(...rows.map((r) => Number(r.id)).sort((a, b) => a - b));
    }
    if (w.handover) {
      await this.db
        .updateTable("conversations")
        .set({ status: "new", first_response_due: w.handover.firstResponseDue })
        .where("id", "=", w.conversationId)
        .execute();
      // A note for the agents, not a message to send: nobody delivers it.
      await this.db
        .insertInto("conversation_messages")
        .values({
          conversation_id: w.conversationId,
          channel: "whatsapp",
          direction: "in",
          author: "system",
          kind: "text",
          body: w.handover.note,
          status: "received",
          at: w.at,
        })
        .execute();
    }
    return ids;
  }

  /** The complaint the bot registered, on the conversation (agents see it there). */
  async linkComplaint(conversationId: number, complaintId: number, at: Date): Promise<void> {
    await this.db
      .insertInto("conversation_complaints")
      .values({ conversation_id: conversationId, complaint_id: complaintId, linked_at: at })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
