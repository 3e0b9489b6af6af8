import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/schema.ts";

/** Installation facts and admin settings as JSON values by key. */
export class SettingsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async get<T>(key: string): Promise<T | undefined> {
    const row = await this.db
      .selectFrom("app_settings")
      .select("value")
      .where("key", "=", key)
      .executeTakeFirst();
    return row?.value as T | undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.db
      .insertInto("app_settings")
      .values({ key, value: JSON.stringify(value) })
      .onConflict((oc) =>
        oc.column("key").doUpdateSet({ value: sql`excluded.value`, updated_at: sql`now()` }),
      )
      .execute();
  }
}
