import { type Kysely, sql } from "kysely";

// The WhatsApp bot proves who is writing with a code to the consumer's
// registered mobile before it tells him his bills, complaints or outages
// (issue 14): its own SMS text, since the mobile_otp text speaks of
// registering a mobile. DLT ids from this change's range.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into sms_templates (code, language, body, dlt_template_id, sender, category, optional, quiet_hours) values
      ('whatsapp_otp', 'en', '{otp} is the code to see the account of consumer {consumer} on WhatsApp. Valid {minutes} minutes. Do not share it. - {company}', '1107000000000000440', 'PWRDSK', 'service_implicit', false, false),
      ('whatsapp_otp', 'hi', '{otp} व्हाट्सऐप पर उपभोक्ता {consumer} का खाता देखने का कोड है। {minutes} मिनट तक मान्य। किसी को न बताएं। - {company}', '1107000000000000441', 'PWRDSK', 'service_implicit', false, false)
    on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from sms_templates where code = 'whatsapp_otp'`.execute(db);
}
