import { type Kysely, sql } from "kysely";

// Complaint numbers are a readable sequence, so a number's public page locks
// after too many wrong guesses. The way back in is a tracking link sent by SMS
// to the mobiles on record: a random token (only its hash stored) that opens
// the page without the last four digits, while the number is locked too.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tracking_links (
      token_hash text primary key,
      complaint_id bigint not null references complaints (id) on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null
    );
    create index tracking_links_complaint_idx on tracking_links (complaint_id);
    create index tracking_links_expires_idx on tracking_links (expires_at);
    insert into sms_templates (code, language, body, dlt_template_id, sender, category, optional, quiet_hours) values
      ('complaint_track_link', 'en', 'Track complaint {number} here: {link} Do not share this link. - {company}', '1107000000000000101', 'PWRDSK', 'service_explicit', false, false),
      ('complaint_track_link', 'hi', 'शिकायत {number} की स्थिति यहाँ देखें: {link} यह लिंक किसी को न दें। - {company}', '1107000000000000102', 'PWRDSK', 'service_explicit', false, false)
    on conflict (code, language) do nothing;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from sms_templates where code = 'complaint_track_link';
    drop table tracking_links;
  `.execute(db);
}
