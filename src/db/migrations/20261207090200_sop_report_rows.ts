import { type Kysely, sql } from "kysely";

// The rows of the regulator's Standards of Performance compliance report
// (issue 16). A state commission's format differs from another's, so the rows
// are data: each names the complaint categories it counts (or the
// new-connection applications), its label in English and Hindi and the
// standard as printed. Rows count whole categories, because the report is
// read from the rollups, which are kept per category.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sop_report_rows (
      code text primary key check (code ~ '^[a-z][a-z0-9_]{1,31}$'),
      position smallint not null,
      label_en text not null check (length(label_en) between 1 and 120),
      label_hi text not null check (length(label_hi) between 1 and 120),
      source text not null check (source in ('complaints', 'connections')),
      category_codes text[] not null default '{}',
      standard_en text not null default '',
      standard_hi text not null default '',
      active boolean not null default true,
      updated_at timestamptz not null default now(),
      check ((source = 'complaints') = (cardinality(category_codes) > 0))
    );

    insert into sop_report_rows (code, position, label_en, label_hi, source, category_codes, standard_en, standard_hi) values
      ('fuse_off', 1, 'Fuse-off / no supply to a single consumer', 'फ्यूज़ उड़ना / एक उपभोक्ता की बिजली बंद',
        'complaints', '{no_supply}', 'Urban 4 hours, rural 12 hours', 'शहरी 4 घंटे, ग्रामीण 12 घंटे'),
      ('line_breakdown', 2, 'Overhead line breakdown', 'ओवरहेड लाइन टूटना',
        'complaints', '{line_breakdown}', 'Urban 6 hours, rural 24 hours', 'शहरी 6 घंटे, ग्रामीण 24 घंटे'),
      ('cable_fault', 3, 'Underground cable fault', 'भूमिगत केबल खराबी',
        'complaints', '{cable_fault}', 'Urban 12 hours, rural 48 hours', 'शहरी 12 घंटे, ग्रामीण 48 घंटे'),
      ('dt_failure', 4, 'Distribution transformer failure', 'वितरण ट्रांसफार्मर खराब',
        'complaints', '{dt_failure}', 'Urban 24 hours, rural 72 hours', 'शहरी 24 घंटे, ग्रामीण 72 घंटे'),
      ('voltage', 5, 'Voltage complaint', 'वोल्टेज की शिकायत',
        'complaints', '{voltage}', '10 days', '10 दिन'),
      ('meter', 6, 'Meter stopped, burnt or fast', 'मीटर बंद, जला या तेज़',
        'complaints', '{meter}', 'Urban 7 days, rural 15 days', 'शहरी 7 दिन, ग्रामीण 15 दिन'),
      ('billing', 7, 'Billing complaint', 'बिल संबंधी शिकायत',
        'complaints', '{billing}', 'Urban 5 days, rural 10 days', 'शहरी 5 दिन, ग्रामीण 10 दिन'),
      ('new_connection', 8, 'New connection (release of supply)', 'नया कनेक्शन (बिजली प्रदाय)',
        'connections', '{}', 'Metro 3 days, urban 7 days, rural 15 days', 'महानगर 3 दिन, शहरी 7 दिन, ग्रामीण 15 दिन'),
      ('safety_hazard', 9, 'Safety hazard (live wire, fallen pole)', 'सुरक्षा खतरा (लटकता तार, गिरा खंभा)',
        'complaints', '{safety_hazard}', 'Urban 2 hours, rural 4 hours', 'शहरी 2 घंटे, ग्रामीण 4 घंटे');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table sop_report_rows`.execute(db);
}
