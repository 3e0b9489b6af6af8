import { type Kysely, sql } from "kysely";

// Scheduled reports (issue 16): an officer subscribes to a weekly or monthly
// report of an office in his jurisdiction; the worker (job reports.scheduled)
// renders it to PDF and sends him an SMS link to it, signed and expiring.
//
// - report_subscriptions: who, which office, which report, how often, in which
//   language. last_period is the period last sent: the job records it in the
//   same transaction as the document and the SMS, so a second run (or a run
//   after a crash) sends a period once. One active subscription per user,
//   office, kind and frequency.
// - report_documents: the PDFs the links open, kept until expires_at (the
//   cleanup deletes them by the expires_at index). Only the document id and
//   its expiry travel in the link, with a MAC; nothing to look up by token.
// - The link's SMS, Hindi and English (DLT ids 1107000000000000570-571).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table report_subscriptions (
      id bigint generated always as identity primary key,
      user_id bigint not null references users (id) on delete cascade,
      org_unit_id bigint not null references org_units (id),
      kind text not null check (kind in ('area_summary', 'sop')),
      frequency text not null check (frequency in ('weekly', 'monthly')),
      language text not null default 'hi' check (language in ('hi', 'en')),
      active boolean not null default true,
      next_run_at timestamptz not null,
      last_period text,
      last_sent_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create unique index report_subscriptions_one_active_idx
      on report_subscriptions (user_id, org_unit_id, kind, frequency) where active;
    create index report_subscriptions_due_idx on report_subscriptions (next_run_at) where active;
    create index report_subscriptions_user_idx on report_subscriptions (user_id) where active;

    create table report_documents (
      id bigint generated always as identity primary key,
      subscription_id bigint references report_subscriptions (id) on delete set null,
      kind text not null check (kind in ('area_summary', 'sop')),
      org_unit_id bigint not null references org_units (id),
      period text not null,
      period_label text not null,
      language text not null check (language in ('hi', 'en')),
      pdf bytea not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      download_count integer not null default 0
    );
    create index report_documents_expires_idx on report_documents (expires_at);

    insert into sms_templates (code, language, body, dlt_template_id, sender, category, optional, quiet_hours) values
      ('report_link', 'en', 'Your {period} report for {area} is ready: {link} (valid {days} days). - {company}', '1107000000000000570', 'PWRDSK', 'service_implicit', false, true),
      ('report_link', 'hi', '{area} की {period} की रिपोर्ट तैयार है: {link} ({days} दिन तक मान्य)। - {company}', '1107000000000000571', 'PWRDSK', 'service_implicit', false, true)
    on conflict (code, language) do nothing;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from sms_templates where code = 'report_link';
    drop table report_documents;
    drop table report_subscriptions;
  `.execute(db);
}
