import { type Kysely, sql } from "kysely";

// The inbox's escalation sends one SMS a sweep to each on-duty supervisor:
// the conversation, or, when several escalated at once, their count (this
// template; DLT ids from the inbox's range). And the closed conversations
// are read as history, the latest first: an index of their own.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into sms_templates (code, language, body, dlt_template_id, sender, category, optional, quiet_hours) values
      ('inbox_escalated_digest', 'en', 'Inbox: {count} conversations have had no reply past their limit ({area}). Please answer them in PowerDesk.', '1107000000000000422', 'PWRDSK', 'service_implicit', false, false),
      ('inbox_escalated_digest', 'hi', 'इनबॉक्स: {count} बातचीत को समय सीमा में कोई उत्तर नहीं ({area})। कृपया PowerDesk में उत्तर दें।', '1107000000000000423', 'PWRDSK', 'service_implicit', false, false)
    on conflict do nothing;
    create index if not exists conversations_closed_idx on conversations (closed_at desc, id desc)
      where status = 'closed'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists conversations_closed_idx;
    delete from sms_templates where code = 'inbox_escalated_digest'`.execute(db);
}
