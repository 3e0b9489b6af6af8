import { type Kysely, sql } from "kysely";

// An article's SMS summary goes to a caller under the DLT template
// "information" (kb_information). A summary (up to 2 SMS parts) is longer than
// the 30 characters DLT allows a variable, so the generic template is the
// summary cut into eleven 30-character variables, nothing else. An operator
// may not approve a template that is all variables; the lawful way is to
// register each summary's exact text and give its DLT id on the article
// (kb_articles.dlt_template_id_*): the outbox row then carries that id
// (outbox_sms.dlt_template_id), which the dispatcher prefers to the
// template's. DLT ids from the knowledge base's range (…540–549).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table outbox_sms add column dlt_template_id text check (dlt_template_id ~ '^[0-9]{19}$');
    insert into sms_templates (code, language, body, dlt_template_id, sender, category, optional, quiet_hours) values
      ('kb_information', 'en', '{s1}{s2}{s3}{s4}{s5}{s6}{s7}{s8}{s9}{s10}{s11}', '1107000000000000540', 'PWRDSK', 'service_implicit', false, false),
      ('kb_information', 'hi', '{s1}{s2}{s3}{s4}{s5}{s6}{s7}{s8}{s9}{s10}{s11}', '1107000000000000541', 'PWRDSK', 'service_implicit', false, false)
    on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from sms_templates where code = 'kb_information';
    alter table outbox_sms drop column dlt_template_id`.execute(db);
}
