import { type Kysely, sql } from "kysely";

// Free-text SMS get a reply with the keywords (inbound_help) and are kept for
// agents with the reply's outbox id; a NOSUPPLY from a mobile the consumer has
// not registered is accepted but marked, and the registered mobile is told
// (complaint_registered_other_mobile). DLT ids from this change's range.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table complaints add column from_unregistered_mobile boolean not null default false;
    alter table sms_inbound add column language text;
    alter table sms_inbound add column reply_outbox_id bigint;
    create index sms_inbound_received on sms_inbound (received_at desc, id desc);
    insert into sms_templates (code, language, body, dlt_template_id, sender, category, optional, quiet_hours) values
      ('inbound_help', 'en', 'To report no supply, SMS NOSUPPLY <consumer no.>. STOP ends optional SMS, START resumes. Or call 1912. - {company}', '1107000000000000301', 'PWRDSK', 'service_implicit', false, false),
      ('inbound_help', 'hi', 'बिजली बंद की शिकायत: बिजलीबंद <उपभोक्ता क्रमांक> SMS करें। STOP से वैकल्पिक SMS बंद, START से चालू। या 1912 पर कॉल करें। - {company}', '1107000000000000302', 'PWRDSK', 'service_implicit', false, false),
      ('complaint_registered_other_mobile', 'en', 'Complaint {number} (no supply) for your connection {consumer} was registered by SMS from mobile {mobile}. Not you? Call 1912. - {company}', '1107000000000000303', 'PWRDSK', 'service_explicit', false, false),
      ('complaint_registered_other_mobile', 'hi', 'आपके कनेक्शन {consumer} की शिकायत {number} (बिजली बंद) मोबाइल {mobile} से SMS द्वारा दर्ज हुई है। आपने नहीं की? 1912 पर कॉल करें। - {company}', '1107000000000000304', 'PWRDSK', 'service_explicit', false, false)
    on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from sms_templates where code in ('inbound_help', 'complaint_registered_other_mobile');
    drop index sms_inbound_received;
    alter table sms_inbound drop column reply_outbox_id;
    alter table sms_inbound drop column language;
    alter table complaints drop column from_unregistered_mobile`.execute(db);
}
