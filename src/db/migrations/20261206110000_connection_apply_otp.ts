import { type Kysely, sql } from "kysely";

// Applying for a new connection online (issue 15 §1): the applicant has no
// consumer number yet, so the portal proves his mobile with a one-time code
// sent to it by SMS before it registers the application as verified.
//
// - connection_apply_codes: one row per code sent; only its salted hash is
//   kept. A code is tried at most a few times (attempts), for a few minutes
//   (expires_at), and once (used_at, set when an application is made with it).
// - The code's SMS, Hindi and English (DLT ids 1107000000000000560-561).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table connection_apply_codes (
      id bigint generated always as identity primary key,
      mobile text not null check (mobile ~ '^[6-9][0-9]{9}$'),
      code_hash text not null,
      language text not null default 'hi' check (language in ('hi', 'en')),
      attempts integer not null default 0,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      closed_at timestamptz
    );
    create index connection_apply_codes_mobile_idx on connection_apply_codes (mobile, created_at desc);
    insert into sms_templates (code, language, body, dlt_template_id, sender, category, optional, quiet_hours) values
      ('connection_apply_otp', 'en', '{otp} is your code to apply for a new electricity connection online. Valid {minutes} minutes. Do not share it. - {company}', '1107000000000000560', 'PWRDSK', 'service_implicit', false, false),
      ('connection_apply_otp', 'hi', '{otp} ऑनलाइन नए बिजली कनेक्शन के आवेदन का कोड है। {minutes} मिनट तक मान्य। किसी को न बताएं। - {company}', '1107000000000000561', 'PWRDSK', 'service_implicit', false, false)
    on conflict (code, language) do nothing;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from sms_templates where code = 'connection_apply_otp';
    drop table connection_apply_codes;
  `.execute(db);
}
