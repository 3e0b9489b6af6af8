import type { Kysely, Updateable } from "kysely";
import type { DB, Language, SmsTemplateTable } from "../../db/schema.ts";

/** The SMS texts admins keep, one row per template code and language. */
export class TemplatesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * This DISCOM's own facts for the editor's preview: its code (the SMS
   * signature), its newest complaint's number, a consumer, a DT and a DC, so
   * a sample reads like its own SMS, not another company's.
   */
  async localFacts(): Promise<{
    company: string | undefined;
    number: string | undefined;
    consumer: string | undefined;
    dt: string | undefined;
    dc: string | undefined;
  }> {
    const company = await this.db
      .selectFrom("org_units")
      .select("code")
      .where("kind", "=", "company")
      .executeTakeFirst();
    const complaint = await this.db
      .selectFrom("complaints")
      .select("number")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    const consumer = await this.db
      .selectFrom("consumers")
      .select("consumer_no")
      .orderBy("id")
      .limit(1)
      .executeTakeFirst();
    const dt = await this.db.selectFrom("dts").select("name_en").orderBy("id").limit(1).executeTakeFirst();
    const dc = await this.db
      .selectFrom("org_units")
      .select("name_en")
      .where("kind", "=", "dc")
      .orderBy("id")
      .limit(1)
      .executeTakeFirst();
    return {
      company: company?.code,
      number: complaint?.number,
      consumer: consumer?.consumer_no,
      dt: dt?.name_en,
      dc: dc?.name_en,
    };
  }

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
