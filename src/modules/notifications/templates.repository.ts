import type { Kysely, Updateable } from "kysely";
import type { DB, Language, SmsTemplateTable } from "../../db/schema.ts";

/** The SMS texts admins keep, one row per template code and language. */
export class TemplatesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  all() {
    return this.db.selectFrom("sms_templates").selectAll().orderBy("code").execute();
  }

  /** Changes one language's text of a template; false when it has none in that language. */
  async update(code: string, language: Language, change: Updateable<SmsTemplateTable>): Promise<boolean> {
    const r = await this.db
      .updateTable("sms_templates")
      .set(change)
      .where("code", "=", code)
      .where("language", "=", language)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
