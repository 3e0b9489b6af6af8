import { type Kysely, sql } from "kysely";

// An agent's reply to a consumer's free-text SMS (the inbox's 'sms'
// conversations) goes out through the SMS outbox. DLT registers every SMS
// text, so such a reply is one of the inbox's templates, never free text.
// DLT ids from the channels' range.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into sms_templates (code, language, body, dlt_template_id, sender, category, optional, quiet_hours) values
      ('inbox_reply_ask_consumer_no', 'en', 'Please SMS your consumer number (printed on your bill) so that we can register your complaint. - {company}', '1107000000000000401', 'PWRDSK', 'service_implicit', false, false),
      ('inbox_reply_ask_consumer_no', 'hi', 'कृपया अपना उपभोक्ता क्रमांक (बिल पर छपा) SMS करें, ताकि हम आपकी शिकायत दर्ज कर सकें। - {company}', '1107000000000000402', 'PWRDSK', 'service_implicit', false, false),
      ('inbox_reply_registered', 'en', 'Your complaint {number} is registered and sent to the field team. You will get an SMS when it is resolved. - {company}', '1107000000000000403', 'PWRDSK', 'service_implicit', false, false),
      ('inbox_reply_registered', 'hi', 'आपकी शिकायत {number} दर्ज होकर फील्ड टीम को भेज दी गई है। समाधान होने पर SMS मिलेगा। - {company}', '1107000000000000404', 'PWRDSK', 'service_implicit', false, false),
      ('inbox_reply_resolved', 'en', 'Complaint {number} is resolved. If the problem remains, reply to this SMS or call 1912. - {company}', '1107000000000000405', 'PWRDSK', 'service_implicit', false, false),
      ('inbox_reply_resolved', 'hi', 'शिकायत {number} का समाधान हो गया है। समस्या बनी रहे तो इस SMS का उत्तर दें या 1912 पर कॉल करें। - {company}', '1107000000000000406', 'PWRDSK', 'service_implicit', false, false),
      ('inbox_reply_thanks', 'en', 'Thank you for contacting us. For anything more, SMS us or call 1912. - {company}', '1107000000000000407', 'PWRDSK', 'service_implicit', false, false),
      ('inbox_reply_thanks', 'hi', 'हमसे संपर्क करने के लिए धन्यवाद। कुछ और हो तो SMS करें या 1912 पर कॉल करें। - {company}', '1107000000000000408', 'PWRDSK', 'service_implicit', false, false)
    on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from sms_templates where code like 'inbox_reply_%'`.execute(db);
}
