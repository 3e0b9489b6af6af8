import { type Kysely, sql } from "kysely";

// SMS waiting to be sent, written in the same transaction as the change that
// causes them. The dedup key makes queuing the same notice twice a no-op. The
// notifications module delivers them; until then the log gateway and the UI
// show what consumers and officers would get.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table outbox_sms (
      id bigint generated always as identity primary key,
      dedup_key text not null unique,
      recipient text not null check (recipient ~ '^[6-9][0-9]{9}$'),
      language text not null check (language in ('hi', 'en')),
      template text not null,
      variables jsonb not null,
      body text not null,
      urgent boolean not null default false,
      status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'delivered', 'failed')),
      related_type text,
      related_id bigint,
      created_at timestamptz not null,
      not_before timestamptz
    );
    create index outbox_sms_pending_idx on outbox_sms (urgent desc, id) where status = 'pending';
    create index outbox_sms_related_idx on outbox_sms (related_type, related_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table outbox_sms`.execute(db);
}
