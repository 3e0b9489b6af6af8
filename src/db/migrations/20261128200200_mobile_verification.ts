import { type Kysely, sql } from "kysely";

// A consumer's mobile is verified by a code sent to it before it gets
// notices. Each attempt is kept (who asked, who verified), which is the
// audit trail of mobile changes. The outbox gains the indexes its screen
// and the "did my SMS go?" question need.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table mobile_verifications (
      id bigint generated always as identity primary key,
      consumer_id bigint not null references consumers (id) on delete cascade,
      mobile text not null check (mobile ~ '^[6-9][0-9]{9}$'),
      language text not null check (language in ('hi', 'en')),
      replaces text,
      code_hash text not null,
      attempts integer not null default 0,
      expires_at timestamptz not null,
      created_at timestamptz not null,
      created_by text not null,
      verified_at timestamptz,
      verified_by text,
      closed_at timestamptz
    );
    create index mobile_verifications_consumer_idx on mobile_verifications (consumer_id, created_at desc);
    create index mobile_verifications_mobile_idx on mobile_verifications (mobile, created_at desc);
    create index outbox_sms_recipient_idx on outbox_sms (recipient, id desc);
    create index outbox_sms_created_idx on outbox_sms (created_at);
    create table mobile_coverage (
      dc_id bigint primary key references org_units (id) on delete cascade,
      consumers integer not null,
      verified integer not null,
      counted_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table mobile_coverage;
    drop index outbox_sms_created_idx;
    drop index outbox_sms_recipient_idx;
    drop table mobile_verifications;
  `.execute(db);
}
