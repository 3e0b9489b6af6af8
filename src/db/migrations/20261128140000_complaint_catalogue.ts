import { type Kysely, sql } from "kysely";

// The complaint catalogue, seeded with typical Indian standards of performance
// (DESIGN.md): time limits for urban and rural consumers, a priority (1 is the
// most urgent), whether the category is an emergency (officers are alerted at
// once), how long each escalation step waits, and the compensation due when
// the limit is missed. An admin changes these to the state regulator's table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table complaint_categories (
      code text primary key check (code ~ '^[a-z][a-z0-9_]{1,31}$'),
      name_en text not null,
      name_hi text not null,
      urban_limit_minutes integer not null check (urban_limit_minutes > 0),
      rural_limit_minutes integer not null check (rural_limit_minutes > 0),
      priority smallint not null check (priority between 1 and 9),
      emergency boolean not null default false,
      escalation_step_minutes integer not null check (escalation_step_minutes > 0),
      compensation_rs integer not null default 0 check (compensation_rs >= 0),
      is_no_supply boolean not null default false,
      sort_order smallint not null default 0,
      active boolean not null default true
    );

    create table complaint_subcategories (
      category_code text not null references complaint_categories (code),
      code text not null check (code ~ '^[a-z][a-z0-9_]{1,31}$'),
      name_en text not null,
      name_hi text not null,
      sort_order smallint not null default 0,
      active boolean not null default true,
      primary key (category_code, code)
    );

    create table resolution_codes (
      code text primary key check (code ~ '^[a-z][a-z0-9_]{1,31}$'),
      name_en text not null,
      name_hi text not null,
      sort_order smallint not null default 0,
      active boolean not null default true
    );

    insert into complaint_categories
      (code, name_en, name_hi, urban_limit_minutes, rural_limit_minutes, priority, emergency, escalation_step_minutes, compensation_rs, is_no_supply, sort_order)
    values
      ('no_supply', 'No supply (single consumer)', 'बिजली बंद (एक उपभोक्ता)', 240, 720, 2, false, 120, 200, true, 1),
      ('line_breakdown', 'Overhead line breakdown', 'ओवरहेड लाइन टूटना', 360, 1440, 2, false, 180, 200, true, 2),
      ('cable_fault', 'Underground cable fault', 'भूमिगत केबल खराबी', 720, 2880, 3, false, 360, 200, true, 3),
      ('dt_failure', 'Transformer (DT) failure', 'ट्रांसफार्मर (डीटी) खराब', 1440, 4320, 2, false, 720, 200, true, 4),
      ('voltage', 'Voltage complaint', 'वोल्टेज की शिकायत', 14400, 14400, 4, false, 1440, 100, false, 5),
      ('meter', 'Meter stopped, burnt or fast', 'मीटर बंद, जला या तेज़', 10080, 21600, 4, false, 1440, 100, false, 6),
      ('billing', 'Billing complaint', 'बिल संबंधी शिकायत', 7200, 14400, 5, false, 1440, 100, false, 7),
      ('new_connection', 'New connection', 'नया कनेक्शन', 10080, 21600, 5, false, 1440, 100, false, 8),
      ('safety_hazard', 'Safety hazard (live wire, fallen pole)', 'सुरक्षा खतरा (लटकता तार, गिरा खंभा)', 120, 240, 1, true, 30, 0, false, 0),
      ('other', 'Other', 'अन्य', 10080, 21600, 6, false, 1440, 0, false, 9);

    insert into complaint_subcategories (category_code, code, name_en, name_hi, sort_order) values
      ('no_supply', 'fuse_off', 'Fuse off', 'फ्यूज़ उड़ा', 1),
      ('no_supply', 'service_line', 'Service line cut or loose', 'सर्विस लाइन कटी या ढीली', 2),
      ('no_supply', 'single_phase', 'Supply on one phase only', 'केवल एक फेज़ में बिजली', 3),
      ('no_supply', 'area', 'No supply in the whole area', 'पूरे क्षेत्र में बिजली बंद', 4),
      ('line_breakdown', 'wire_snapped', 'Wire snapped', 'तार टूटा', 1),
      ('line_breakdown', 'jumper', 'Jumper cut', 'जम्पर कटा', 2),
      ('line_breakdown', 'insulator', 'Insulator failed', 'इंसुलेटर खराब', 3),
      ('cable_fault', 'cable_fault', 'Cable fault', 'केबल खराब', 1),
      ('cable_fault', 'cable_burnt', 'Cable burnt', 'केबल जली', 2),
      ('dt_failure', 'dt_burnt', 'Transformer burnt', 'ट्रांसफार्मर जला', 1),
      ('dt_failure', 'dt_overload', 'Transformer overloaded', 'ट्रांसफार्मर ओवरलोड', 2),
      ('dt_failure', 'dt_oil', 'Oil leaking', 'तेल रिसाव', 3),
      ('voltage', 'low', 'Low voltage', 'कम वोल्टेज', 1),
      ('voltage', 'high', 'High voltage', 'अधिक वोल्टेज', 2),
      ('voltage', 'fluctuation', 'Voltage going up and down', 'वोल्टेज में उतार-चढ़ाव', 3),
      ('meter', 'stopped', 'Meter stopped', 'मीटर बंद', 1),
      ('meter', 'burnt', 'Meter burnt', 'मीटर जला', 2),
      ('meter', 'fast', 'Meter running fast', 'मीटर तेज़ चल रहा', 3),
      ('meter', 'display', 'Display blank', 'डिस्प्ले बंद', 4),
      ('billing', 'not_received', 'Bill not received', 'बिल नहीं मिला', 1),
      ('billing', 'wrong_reading', 'Wrong reading', 'गलत रीडिंग', 2),
      ('billing', 'excess', 'Bill too high', 'बिल बहुत अधिक', 3),
      ('billing', 'payment_missing', 'Payment not shown', 'भुगतान दर्ज नहीं', 4),
      ('new_connection', 'pending', 'Application pending', 'आवेदन लंबित', 1),
      ('new_connection', 'load_change', 'Load change', 'भार परिवर्तन', 2),
      ('safety_hazard', 'live_wire', 'Live wire on the ground', 'ज़मीन पर करंट वाला तार', 1),
      ('safety_hazard', 'fallen_pole', 'Fallen or leaning pole', 'गिरा या झुका खंभा', 2),
      ('safety_hazard', 'sparking', 'Sparking', 'चिंगारी निकल रही है', 3),
      ('safety_hazard', 'open_dt', 'Open transformer box', 'खुला ट्रांसफार्मर बॉक्स', 4),
      ('other', 'other', 'Other', 'अन्य', 1);

    insert into resolution_codes (code, name_en, name_hi, sort_order) values
      ('fuse_replaced', 'Fuse replaced', 'फ्यूज़ बदला', 1),
      ('service_line_repaired', 'Service line repaired', 'सर्विस लाइन ठीक की', 2),
      ('line_repaired', 'Line repaired', 'लाइन ठीक की', 3),
      ('cable_repaired', 'Cable repaired', 'केबल ठीक की', 4),
      ('dt_repaired', 'Transformer repaired', 'ट्रांसफार्मर ठीक किया', 5),
      ('dt_replaced', 'Transformer replaced', 'ट्रांसफार्मर बदला', 6),
      ('voltage_corrected', 'Voltage corrected', 'वोल्टेज ठीक किया', 7),
      ('meter_replaced', 'Meter replaced', 'मीटर बदला', 8),
      ('meter_tested_ok', 'Meter tested, found correct', 'मीटर जाँचा, सही पाया', 9),
      ('bill_revised', 'Bill revised', 'बिल संशोधित', 10),
      ('bill_explained', 'Bill explained to the consumer', 'उपभोक्ता को बिल समझाया', 11),
      ('connection_released', 'Connection released', 'कनेक्शन दिया गया', 12),
      ('hazard_made_safe', 'Made safe', 'खतरा दूर किया', 13),
      ('supply_restored', 'Supply restored (area fault)', 'आपूर्ति बहाल (क्षेत्रीय खराबी)', 14),
      ('not_our_fault', 'Fault on the consumer''s side', 'खराबी उपभोक्ता की ओर', 15),
      ('other', 'Other', 'अन्य', 16);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table resolution_codes; drop table complaint_subcategories; drop table complaint_categories`.execute(
    db,
  );
}
