import { type Kysely, sql, type Updateable } from "kysely";
import type { ConnectionApplication, ConnectionApplicationTable, DB } from "../../db/schema.ts";

export type ImportedApplication = Omit<
  ConnectionApplication,
  "id" | "created_at" | "updated_at" | "created_by" | "mobile_verified" | "language"
>;

export interface ImportEvent {
  number: string;
  at: Date;
  fromStatus: string | null;
  toStatus: string | null;
  changes: Record<string, unknown>;
  note: string;
}

/** `powerdesk import connections`: another system's applications, upserted by number. */
export class ConnectionsImportRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Every DC by code (a few thousand at most). */
  async dcCodes(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom("org_units")
      .select(["id", "code"])
      .where("kind", "=", "dc")
      .execute();
    return new Map(rows.map((r) => [r.code, Number(r.id)]));
  }

  async consumerIds(consumerNos: string[]): Promise<Map<string, number>> {
    if (consumerNos.length === 0) return new Map();
    const rows = await this.db
      .selectFrom("consumers")
      .select(["id", "consumer_no"])
      .where("consumer_no", "in", consumerNos)
      .execute();
    return new Map(rows.map((r) => [r.consumer_no, Number(r.id)]));
  }

  async existing(numbers: string[]): Promise<Map<string, ConnectionApplication>> {
    if (numbers.length === 0) return new Map();
    const rows = await this.db
      .selectFrom("connection_applications")
      .selectAll()
      .where("number", "in", numbers)
      .execute();
    return new Map(rows.map((r) => [r.number, { ...r, id: Number(r.id) }]));
  }

  /** One batch in one transaction: new applications, changed ones, and their history entries. */
  async write(
    inserts: ImportedApplication[],
    updates: { id: number; patch: Updateable<ConnectionApplicationTable> }[],
    events: ImportEvent[],
    existingIds: Map<string, number>,
  ): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const ids = new Map(existingIds);
      if (inserts.length) {
        const rows = await tx
          .insertInto("connection_applications")
          .values(inserts.map((a) => ({ ...a, documents: JSON.stringify(a.documents) })))
          .returning(["id", "number"])
          .execute();
        for (const r of rows) ids.set(r.number, Number(r.id));
      }
      for (const u of updates)
        await tx.updateTable("connection_applications").set(u.patch).where("id", "=", u.id).execute();
      if (events.length)
        await tx
          .insertInto("connection_application_events")
          .values(
            events.map((e) => ({
              application_id: ids.get(e.number) as number,
              at: e.at,
              action: "imported",
              actor_kind: "system" as const,
              actor_id: null,
              actor_name: "Import",
              actor_role: null,
              from_status: e.fromStatus,
              to_status: e.toStatus,
              changes: JSON.stringify(e.changes),
              note: e.note,
            })),
          )
          .execute();
    });
  }

  async analyze(): Promise<void> {
    await sql`analyze connection_applications, connection_application_events`.execute(this.db);
  }
}
