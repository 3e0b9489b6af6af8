import { type Kysely, sql } from "kysely";

// The consumer portal: a consumer signs in with his consumer number and a
// one-time code sent to his verified mobile (the code is a row of
// mobile_verifications, so the OTP limits per mobile and per consumer count
// it with the agents' codes). His session is a random token in its own
// cookie; only its hash is stored. A safety-hazard complaint from the portal
// may carry one photo (jpeg or png, at most 2 MB), kept in the database so
// that every api process sees it and a backup holds it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table portal_sessions (
      id bigint generated always as identity primary key,
      token_hash text not null unique,
      consumer_id bigint not null references consumers (id) on delete cascade,
      mobile text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      ended_at timestamptz
    );
    create index portal_sessions_consumer_idx on portal_sessions (consumer_id);
    create index portal_sessions_expires_idx on portal_sessions (expires_at);
    create table complaint_photos (
      id bigint generated always as identity primary key,
      complaint_id bigint not null references complaints (id) on delete cascade,
      content_type text not null check (content_type in ('image/jpeg', 'image/png')),
      bytes bytea not null check (octet_length(bytes) <= 2097152),
      created_at timestamptz not null
    );
    create index complaint_photos_complaint_idx on complaint_photos (complaint_id);
    insert into sms_templates (code, language, body, dlt_template_id, sender, category, optional, quiet_hours) values
      ('portal_sign_in', 'en', '{otp} is your code to sign in to the electricity consumer portal for {consumer}. Valid {minutes} minutes. Do not share it. - {company}', '1107000000000000460', 'PWRDSK', 'service_implicit', false, false),
      ('portal_sign_in', 'hi', '{otp} उपभोक्ता {consumer} के बिजली उपभोक्ता पोर्टल में प्रवेश का कोड है। {minutes} मिनट तक मान्य। किसी को न बताएं। - {company}', '1107000000000000461', 'PWRDSK', 'service_implicit', false, false)
    on conflict (code, language) do nothing;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from sms_templates where code = 'portal_sign_in';
    drop table complaint_photos;
    drop table portal_sessions;
  `.execute(db);
}
