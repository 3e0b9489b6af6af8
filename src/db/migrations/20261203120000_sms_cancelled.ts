import { type Kysely, sql } from "kysely";

// An SMS the facts overtook before it left (an outage's "ETR now ..." or
// "supply is off" notice when the supply is already back) is cancelled, not
// sent: status 'cancelled', the reason in error. The dispatcher claims only
// pending rows, so it never sends one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table outbox_sms drop constraint outbox_sms_status_check;
    alter table outbox_sms
      add constraint outbox_sms_status_check
        check (status in ('pending', 'sending', 'sent', 'delivered', 'failed', 'skipped', 'cancelled'));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    update outbox_sms set status = 'skipped' where status = 'cancelled';
    alter table outbox_sms drop constraint outbox_sms_status_check;
    alter table outbox_sms
      add constraint outbox_sms_status_check
        check (status in ('pending', 'sending', 'sent', 'delivered', 'failed', 'skipped'));
  `.execute(db);
}
