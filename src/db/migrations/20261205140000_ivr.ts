import { type Kysely, sql } from "kysely";

// The IVR's answers during outages (issue 14 §3).
//
// - ivr_calls.dc_id: the DC of the consumer the call was about, so the
//   wallboard's and the reports' counts of calls the IVR answered are scoped
//   to the viewer's jurisdiction like everything else (calls from unknown
//   numbers have none: only company-wide screens count them).
// - SMS replies to a missed call, Hindi and English, with DLT ids from this
//   change's range (1107000000000000480-499).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table ivr_calls add column dc_id bigint references org_units (id);
    create index ivr_calls_dc_at_idx on ivr_calls (dc_id, at) where dc_id is not null;
    insert into sms_templates (code, language, body, dlt_template_id, sender, category, optional, quiet_hours) values
      ('ivr_missed_call_registered', 'en', 'We got your missed call. No-supply complaint {number} for connection {consumer} is registered. - {company}', '1107000000000000480', 'PWRDSK', 'service_explicit', false, false),
      ('ivr_missed_call_registered', 'hi', 'आपकी मिस्ड कॉल मिली। कनेक्शन {consumer} की बिजली बंद की शिकायत {number} दर्ज है। - {company}', '1107000000000000481', 'PWRDSK', 'service_explicit', false, false),
      ('ivr_missed_call_outage', 'en', 'We got your missed call. Complaint {number}: supply at {consumer} is off due to a known fault; restoration expected by {etr}. - {company}', '1107000000000000482', 'PWRDSK', 'service_explicit', false, false),
      ('ivr_missed_call_outage', 'hi', 'आपकी मिस्ड कॉल मिली। शिकायत {number}: कनेक्शन {consumer} पर ज्ञात खराबी से बिजली बंद है; {etr} तक बहाल होने की संभावना है। - {company}', '1107000000000000483', 'PWRDSK', 'service_explicit', false, false),
      ('ivr_missed_call_help', 'en', 'We got your missed call, but this mobile is not registered for any connection. To report no supply, SMS NOSUPPLY <consumer no.> or call 1912. - {company}', '1107000000000000484', 'PWRDSK', 'service_implicit', false, false),
      ('ivr_missed_call_help', 'hi', 'आपकी मिस्ड कॉल मिली, पर यह मोबाइल किसी कनेक्शन से दर्ज नहीं है। बिजली बंद की शिकायत: बिजलीबंद <उपभोक्ता क्रमांक> SMS करें या 1912 पर कॉल करें। - {company}', '1107000000000000485', 'PWRDSK', 'service_implicit', false, false),
      ('ivr_missed_call_choose', 'en', 'We got your missed call. This mobile is registered for {count} connections: to report no supply, SMS NOSUPPLY <consumer no.> or call 1912. - {company}', '1107000000000000486', 'PWRDSK', 'service_implicit', false, false),
      ('ivr_missed_call_choose', 'hi', 'आपकी मिस्ड कॉल मिली। यह मोबाइल {count} कनेक्शनों से दर्ज है: बिजली बंद की शिकायत के लिए बिजलीबंद <उपभोक्ता क्रमांक> SMS करें या 1912 पर कॉल करें। - {company}', '1107000000000000487', 'PWRDSK', 'service_implicit', false, false)
    on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from sms_templates
      where code in ('ivr_missed_call_registered', 'ivr_missed_call_outage', 'ivr_missed_call_help', 'ivr_missed_call_choose');
    drop index ivr_calls_dc_at_idx;
    alter table ivr_calls drop column dc_id`.execute(db);
}
