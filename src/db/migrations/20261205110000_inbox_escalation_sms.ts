import { type Kysely, sql } from "kysely";

// The inbox's first-response SLA: a conversation nobody answered in time is
// escalated once, and the on-duty supervisors over its DC (the company's for
// the central desk) get this SMS. DLT ids from the inbox's range.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into sms_templates (code, language, body, dlt_template_id, sender, category, optional, quiet_hours) values
      ('inbox_escalated', 'en', 'Inbox: {channel} conversation #{id} has had no reply for {minutes} min ({area}). Please answer it in PowerDesk.', '1107000000000000420', 'PWRDSK', 'service_implicit', false, false),
      ('inbox_escalated', 'hi', 'इनबॉक्स: {channel} बातचीत #{id} को {minutes} मिनट से कोई उत्तर नहीं ({area})। कृपया PowerDesk में उत्तर दें।', '1107000000000000421', 'PWRDSK', 'service_implicit', false, false)
    on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from sms_templates where code = 'inbox_escalated'`.execute(db);
}
