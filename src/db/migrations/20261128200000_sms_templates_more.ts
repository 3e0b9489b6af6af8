import { type Kysely, sql } from "kysely";

// Bills, receipts, mobile verification codes, feedback requests and survey
// invitations by SMS. A template has "quiet_hours" when it waits out the quiet
// hours (bills, surveys) and "optional" when STOP turns it off (surveys and
// feedback requests: a bill or a receipt is the consumer's business record).
// The DLT ids are placeholders, as before.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table sms_templates add column quiet_hours boolean not null default false;
    update sms_templates set quiet_hours = optional;
    insert into sms_templates (code, language, body, dlt_template_id, sender, category, optional, quiet_hours) values
      ('bill_issued', 'en', 'Electricity bill {month} for {consumer}: Rs {amount}, due {due}. Pay online: {link} - {company}', '1107000000000000027', 'PWRDSK', 'service_implicit', false, true),
      ('bill_issued', 'hi', 'बिजली बिल {month}, उपभोक्ता {consumer}: रु {amount}, देय तिथि {due}। ऑनलाइन भुगतान: {link} - {company}', '1107000000000000028', 'PWRDSK', 'service_implicit', false, true),
      ('payment_received', 'en', 'Payment of Rs {amount} for {consumer} received on {date}, ref {receipt}. Thank you. - {company}', '1107000000000000029', 'PWRDSK', 'service_implicit', false, false),
      ('payment_received', 'hi', 'उपभोक्ता {consumer} का रु {amount} का भुगतान {date} को प्राप्त हुआ, संदर्भ {receipt}। धन्यवाद। - {company}', '1107000000000000030', 'PWRDSK', 'service_implicit', false, false),
      ('mobile_otp', 'en', '{otp} is the code to register this mobile for electricity SMS of consumer {consumer}. Valid {minutes} minutes. Do not share it. - {company}', '1107000000000000031', 'PWRDSK', 'service_implicit', false, false),
      ('mobile_otp', 'hi', '{otp} उपभोक्ता {consumer} के बिजली SMS के लिए यह मोबाइल दर्ज करने का कोड है। {minutes} मिनट तक मान्य। किसी को न बताएं। - {company}', '1107000000000000032', 'PWRDSK', 'service_implicit', false, false),
      ('feedback_request', 'en', 'Complaint {number}: was it fixed? Tell us in one minute: {link} - {company}', '1107000000000000033', 'PWRDSK', 'service_explicit', true, true),
      ('feedback_request', 'hi', 'शिकायत {number}: क्या समस्या ठीक हुई? एक मिनट में बताएं: {link} - {company}', '1107000000000000034', 'PWRDSK', 'service_explicit', true, true),
      ('survey_invitation', 'en', 'How were your electricity supply, meter reading and bill this month? Tell us: {link} - {company}', '1107000000000000035', 'PWRDSK', 'service_explicit', true, true),
      ('survey_invitation', 'hi', 'इस माह आपकी बिजली आपूर्ति, मीटर रीडिंग और बिल कैसे रहे? बताएं: {link} - {company}', '1107000000000000036', 'PWRDSK', 'service_explicit', true, true)
    on conflict (code, language) do nothing;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from sms_templates where code in ('bill_issued', 'payment_received', 'mobile_otp', 'feedback_request', 'survey_invitation');
    alter table sms_templates drop column quiet_hours;
  `.execute(db);
}
