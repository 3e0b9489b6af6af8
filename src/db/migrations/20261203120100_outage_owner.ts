import { type Kysely, sql } from "kysely";

// An outage has one owner in the field (the DC's JE, else a lineman), told
// once by SMS when it opens; the calls that join it later are not assigned one
// by one but reach him as a digest at most every few minutes. staff_told_at
// and staff_told_calls say when he last heard and how many calls he knew of;
// staff_digests numbers the digests (their SMS dedup keys).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table outages
      add column owner_id bigint references users (id),
      add column owner_name text,
      add column staff_told_at timestamptz,
      add column staff_told_calls integer not null default 0,
      add column staff_digests integer not null default 0;
    insert into sms_templates (code, language, body, dlt_template_id, sender, category, optional) values
      ('outage_owner_staff', 'en', 'Outage {outage} is yours: {area} off since {since}, {consumers} consumers, {calls} calls so far. New calls come in a digest.', '1107000000000000201', 'PWRDSK', 'service_implicit', false),
      ('outage_owner_staff', 'hi', 'आउटेज {outage} आपके जिम्मे: {area} में {since} से बिजली बंद, {consumers} उपभोक्ता, अब तक {calls} कॉल। नई कॉल सारांश में आएंगी।', '1107000000000000202', 'PWRDSK', 'service_implicit', false),
      ('outage_digest_staff', 'en', 'Outage {outage} ({area}): {calls} new calls since {since}, {total} in all. ETR {etr}.', '1107000000000000203', 'PWRDSK', 'service_implicit', false),
      ('outage_digest_staff', 'hi', 'आउटेज {outage} ({area}): {since} से {calls} नई कॉल, कुल {total}। बहाली {etr} तक।', '1107000000000000204', 'PWRDSK', 'service_implicit', false)
    on conflict (code, language) do nothing;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from sms_templates where code in ('outage_owner_staff', 'outage_digest_staff');
    alter table outages
      drop column owner_id, drop column owner_name, drop column staff_told_at,
      drop column staff_told_calls, drop column staff_digests;
  `.execute(db);
}
