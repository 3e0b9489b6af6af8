import { type Kysely, sql } from "kysely";

// New-connection applications past a limit (a stage's internal one or the
// regulator's release limit) climb the officer ladder like complaints: each
// step tells the next officer up (JE of the DC, AE, EE, SE, CE) by this SMS.
// DLT ids from the connections' operations range (1107000000000000520–529).
//
// The reports count pending applications per DC and stage: most of a
// DISCOM's applications are released long ago, so a partial index over the
// pending ones keeps that count (and the JE/AE queues) off the whole table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into sms_templates (code, language, body, dlt_template_id, sender, category, optional, quiet_hours) values
      ('connection_escalated', 'en', 'Escalated to you: new connection application {number} ({stage}) at {dc} is overdue since {due}.', '1107000000000000520', 'PWRDSK', 'service_implicit', false, false),
      ('connection_escalated', 'hi', 'आपको भेजा गया: नया कनेक्शन आवेदन {number} ({stage}), {dc}, {due} से लंबित।', '1107000000000000521', 'PWRDSK', 'service_implicit', false, false)
    on conflict do nothing`.execute(db);
  await sql`
    create index connection_applications_pending_idx on connection_applications (dc_id, status)
      include (release_due_at, compensation_rs)
      where status not in ('released', 'rejected')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index connection_applications_pending_idx;
    delete from sms_templates where code = 'connection_escalated'`.execute(db);
}
