import { type Kysely, sql } from "kysely";

// SMS delivery. Each outbox row is claimed by a dispatcher (status 'sending'
// with a lease: a worker that dies leaves rows whose lease runs out and that
// go back to 'pending'), sent through the gateway and followed by its
// delivery receipt. A long message goes as several parts, each with the
// SMSC's message id, so a receipt finds its message. Templates carry their
// DLT registration (template id, sender header, category); consumers who
// sent STOP get no optional messages; every SMS that came in is kept.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table outbox_sms drop constraint outbox_sms_status_check;
    alter table outbox_sms
      add constraint outbox_sms_status_check
        check (status in ('pending', 'sending', 'sent', 'delivered', 'failed', 'skipped')),
      add column attempts integer not null default 0,
      add column next_attempt_at timestamptz,
      add column lease_until timestamptz,
      add column sent_at timestamptz,
      add column delivered_at timestamptz,
      add column parts integer,
      add column gateway text,
      add column delivery_status text,
      add column error text;
    create index outbox_sms_leased_idx on outbox_sms (lease_until) where status = 'sending';

    -- SMSC ids are unique only for a while (an SMSC restarts its counter, an
    -- account changes): a receipt belongs to the newest part with its id.
    create table sms_parts (
      id bigint generated always as identity primary key,
      smsc_id text not null,
      gateway text not null,
      outbox_id bigint not null references outbox_sms (id) on delete cascade,
      part integer not null,
      status text,
      at timestamptz not null
    );
    create index sms_parts_smsc_idx on sms_parts (gateway, smsc_id, id desc);
    create index sms_parts_outbox_idx on sms_parts (outbox_id);

    create table sms_opt_outs (
      mobile text primary key check (mobile ~ '^[6-9][0-9]{9}$'),
      at timestamptz not null,
      via text not null
    );

    create table sms_inbound (
      id bigint generated always as identity primary key,
      sender text not null,
      text text not null,
      received_at timestamptz not null,
      outcome text not null,
      complaint_id bigint references complaints (id)
    );

    create table sms_templates (
      code text not null,
      language text not null check (language in ('hi', 'en')),
      body text not null,
      dlt_template_id text not null check (dlt_template_id ~ '^[0-9]{10,25}$'),
      sender text not null check (sender ~ '^[A-Z0-9]{6}$'),
      category text not null check (category in ('transactional', 'service_implicit', 'service_explicit', 'promotional')),
      optional boolean not null default false,
      updated_at timestamptz not null default now(),
      updated_by text,
      primary key (code, language)
    );
    -- The DLT ids below are placeholders: replace them with the ids your
    -- templates were registered under (the admin screen, or SQL).
    insert into sms_templates (code, language, body, dlt_template_id, sender, category, optional) values
      ('complaint_registered', 'en', 'Your complaint {number} ({category}) is registered. It should be resolved by {due}. - {company}', '1107000000000000001', 'PWRDSK', 'service_explicit', false),
      ('complaint_registered', 'hi', 'आपकी शिकायत {number} ({category}) दर्ज हो गई है। समाधान {due} तक होना है। - {company}', '1107000000000000002', 'PWRDSK', 'service_explicit', false),
      ('complaint_registered_outage', 'en', 'Your complaint {number} is registered. Supply in your area is off due to a known fault; restoration expected by {etr}. - {company}', '1107000000000000003', 'PWRDSK', 'service_explicit', false),
      ('complaint_registered_outage', 'hi', 'आपकी शिकायत {number} दर्ज हो गई है। क्षेत्र में ज्ञात खराबी से बिजली बंद है; {etr} तक बहाल होने की संभावना है। - {company}', '1107000000000000004', 'PWRDSK', 'service_explicit', false),
      ('complaint_resolved', 'en', 'Complaint {number} is resolved. If the problem remains, call 1912. - {company}', '1107000000000000005', 'PWRDSK', 'service_explicit', false),
      ('complaint_resolved', 'hi', 'शिकायत {number} का समाधान हो गया है। समस्या बनी रहे तो 1912 पर कॉल करें। - {company}', '1107000000000000006', 'PWRDSK', 'service_explicit', false),
      ('complaint_reopened', 'en', 'Complaint {number} is reopened and sent back to the field team, to be fixed by {due}. - {company}', '1107000000000000007', 'PWRDSK', 'service_explicit', false),
      ('complaint_reopened', 'hi', 'शिकायत {number} फिर से खोली गई और फील्ड टीम को भेजी गई, {due} तक ठीक होगी। - {company}', '1107000000000000008', 'PWRDSK', 'service_explicit', false),
      ('complaint_assigned_staff', 'en', 'New complaint {number}: {category} at {place}. Caller {phone}. Due {due}.', '1107000000000000009', 'PWRDSK', 'service_implicit', false),
      ('complaint_assigned_staff', 'hi', 'नई शिकायत {number}: {category}, {place}। फ़ोन {phone}। समय सीमा {due}।', '1107000000000000010', 'PWRDSK', 'service_implicit', false),
      ('complaint_escalated', 'en', 'Escalated to you: complaint {number} ({category}) at {dc} is overdue since {due}.', '1107000000000000011', 'PWRDSK', 'service_implicit', false),
      ('complaint_escalated', 'hi', 'आपको भेजी गई: शिकायत {number} ({category}), {dc}, {due} से लंबित।', '1107000000000000012', 'PWRDSK', 'service_implicit', false),
      ('complaint_emergency', 'en', 'URGENT {category}: complaint {number} at {place}, {dc}. Send staff at once.', '1107000000000000013', 'PWRDSK', 'service_implicit', false),
      ('complaint_emergency', 'hi', 'अत्यावश्यक {category}: शिकायत {number}, {place}, {dc}। तुरंत स्टाफ भेजें।', '1107000000000000014', 'PWRDSK', 'service_implicit', false),
      ('outage_notice', 'en', 'Power supply in your area ({area}) is interrupted since {since}. Expected restoration by {etr}. We regret the trouble. - {company}', '1107000000000000015', 'PWRDSK', 'service_explicit', false),
      ('outage_notice', 'hi', 'आपके क्षेत्र ({area}) में {since} से बिजली आपूर्ति बाधित है। {etr} तक बहाल होने की संभावना है। असुविधा के लिए खेद है। - {company}', '1107000000000000016', 'PWRDSK', 'service_explicit', false),
      ('outage_etr_changed', 'en', 'Update: power supply in your area ({area}) is now expected to be restored by {etr}. - {company}', '1107000000000000017', 'PWRDSK', 'service_explicit', false),
      ('outage_etr_changed', 'hi', 'सूचना: आपके क्षेत्र ({area}) में बिजली आपूर्ति अब {etr} तक बहाल होने की संभावना है। - {company}', '1107000000000000018', 'PWRDSK', 'service_explicit', false),
      ('outage_restored', 'en', 'Power supply in your area ({area}) was restored at {at}. If you still have no supply, call 1912. - {company}', '1107000000000000019', 'PWRDSK', 'service_explicit', false),
      ('outage_restored', 'hi', 'आपके क्षेत्र ({area}) में बिजली आपूर्ति {at} पर बहाल हो गई है। अब भी बिजली न हो तो 1912 पर कॉल करें। - {company}', '1107000000000000020', 'PWRDSK', 'service_explicit', false),
      ('planned_notice', 'en', 'Planned shutdown: supply in your area ({area}) will be off from {start} to {end} for {cause}. - {company}', '1107000000000000021', 'PWRDSK', 'service_explicit', false),
      ('planned_notice', 'hi', 'नियोजित शटडाउन: आपके क्षेत्र ({area}) में {start} से {end} तक {cause} के लिए बिजली बंद रहेगी। - {company}', '1107000000000000022', 'PWRDSK', 'service_explicit', false),
      ('planned_started', 'en', 'The planned shutdown in your area ({area}) has begun. Supply is expected back by {end}. - {company}', '1107000000000000023', 'PWRDSK', 'service_explicit', false),
      ('planned_started', 'hi', 'आपके क्षेत्र ({area}) में नियोजित शटडाउन शुरू हो गया है। बिजली {end} तक वापस आने की संभावना है। - {company}', '1107000000000000024', 'PWRDSK', 'service_explicit', false),
      ('planned_cancelled', 'en', 'The planned shutdown in your area ({area}) from {start} is cancelled. Supply will not be interrupted. - {company}', '1107000000000000025', 'PWRDSK', 'service_explicit', false),
      ('planned_cancelled', 'hi', 'आपके क्षेत्र ({area}) में {start} से होने वाला नियोजित शटडाउन रद्द कर दिया गया है। बिजली बंद नहीं होगी। - {company}', '1107000000000000026', 'PWRDSK', 'service_explicit', false)
;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table sms_templates;
    drop table sms_inbound;
    drop table sms_opt_outs;
    drop table sms_parts;
    drop index outbox_sms_leased_idx;
    alter table outbox_sms
      drop column attempts, drop column next_attempt_at, drop column lease_until, drop column sent_at,
      drop column delivered_at, drop column parts, drop column gateway, drop column delivery_status, drop column error;
  `.execute(db);
}
