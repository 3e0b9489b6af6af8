import type { Kysely } from "kysely";
import type { DB, Language } from "../../db/schema.ts";
import type { StagedWrites } from "../../db/staged-writes.ts";

export interface OutboxMessage {
  dedupKey: string;
  recipient: string;
  language: Language;
  template: string;
  variables: Record<string, string>;
  body: string;
  urgent: boolean;
  relatedType: string;
  relatedId: number;
  createdAt: Date;
}

/** An outbox row for a message (the one mapping every insert into outbox_sms uses). */
export function outboxRow(m: OutboxMessage) {
  return {
    dedup_key: m.dedupKey,
    recipient: m.recipient,
    language: m.language,
    template: m.template,
    variables: JSON.stringify(m.variables),
    body: m.body,
    urgent: m.urgent,
    related_type: m.relatedType,
    related_id: m.relatedId,
    created_at: m.createdAt,
  };
}

export class OutboxRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Stages messages to be written with the rest of a unit of work; a dedup key queued before is skipped. */
  static stage(stage: StagedWrites, messages: OutboxMessage[]): void {
    stage.add({
      table: "outbox_sms",
      columns: [
        "dedup_key",
        "recipient",
        "language",
        "template",
        "variables",
        "body",
        "urgent",
        "related_type",
        "related_id",
        "created_at",
      ],
      rows: messages.map((m) => ({
        dedup_key: m.dedupKey,
        recipient: m.recipient,
        language: m.language,
        template: m.template,
        variables: m.variables,
        body: m.body,
        urgent: m.urgent,
        related_type: m.relatedType,
        related_id: m.relatedId,
        created_at: m.createdAt,
      })),
      onConflict: "on conflict (dedup_key) do nothing",
    });
  }

  /** Queues messages; one whose dedup key was queued before is skipped. Returns how many were new. */
  async enqueue(messages: OutboxMessage[]): Promise<number> {
    if (messages.length === 0) return 0;
    const rows = await this.db
      .insertInto("outbox_sms")
      .values(messages.map(outboxRow))
      .onConflict((oc) => oc.column("dedup_key").doNothing())
      .returning("id")
      .execute();
    return rows.length;
  }

  forRelated(relatedType: string, relatedId: number) {
    return this.db
      .selectFrom("outbox_sms")
      .select(["id", "recipient", "language", "template", "body", "urgent", "status", "created_at"])
      .where("related_type", "=", relatedType)
      .where("related_id", "=", relatedId)
      .orderBy("id")
      .execute();
  }
}
