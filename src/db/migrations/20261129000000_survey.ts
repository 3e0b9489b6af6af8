import { type Kysely, sql } from "kysely";

// The monthly consumer survey. At the start of each month a campaign draws a
// stratified random sample (per DC) of consumers with a verified mobile, never
// one drawn the month before; the desk calls them (a one-use link by SMS when
// they cannot be reached) and asks the questions below, which admins may
// reword in Hindi and English or extend. Answers the scorecards count are
// kept in their own columns; extra questions' answers in `extra`. When a
// month closes, areas below the threshold get an action item for the officer
// in charge, who records what was done.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table survey_questions (
      code text primary key check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
      position integer not null,
      kind text not null check (kind in ('hours', 'count', 'yes_no', 'text')),
      -- What a built-in question feeds (the scorecards); null for an admin's extra question.
      metric text unique check (metric in ('supply_hours', 'interruptions', 'meter_read', 'bill_on_time', 'bill_correct', 'suggestion')),
      text_en text not null,
      text_hi text not null,
      active boolean not null default true,
      updated_at timestamptz not null default now()
    );
    insert into survey_questions (code, position, kind, metric, text_en, text_hi) values
      ('supply_hours', 1, 'hours', 'supply_hours',
        'On most days last month, for how many hours a day did you have electricity?',
        'पिछले महीने ज़्यादातर दिनों में आपको दिन में कितने घंटे बिजली मिली?'),
      ('interruptions', 2, 'count', 'interruptions',
        'How many times did the power go off last month (apart from planned shutdowns)?',
        'पिछले महीने (घोषित शटडाउन के अलावा) बिजली कितनी बार गई?'),
      ('meter_read', 3, 'yes_no', 'meter_read',
        'Was your meter read this month?',
        'क्या इस माह आपके मीटर की रीडिंग ली गई?'),
      ('bill_on_time', 4, 'yes_no', 'bill_on_time',
        'Did your bill arrive on time?',
        'क्या आपका बिल समय पर मिला?'),
      ('bill_correct', 5, 'yes_no', 'bill_correct',
        'Is your bill correct?',
        'क्या आपका बिल सही है?'),
      ('suggestion', 6, 'text', 'suggestion',
        'Any complaint or suggestion for us?',
        'हमारे लिए कोई शिकायत या सुझाव?');

    create table survey_campaigns (
      id bigint generated always as identity primary key,
      month text not null unique check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      seed text not null,
      sample_size integer not null check (sample_size between 1 and 10000),
      status text not null default 'open' check (status in ('open', 'closed')),
      sampled integer not null default 0,
      created_at timestamptz not null,
      created_by bigint references users (id),
      closed_at timestamptz
    );

    create table survey_targets (
      id bigint generated always as identity primary key,
      campaign_id bigint not null references survey_campaigns (id) on delete cascade,
      consumer_id bigint not null references consumers (id) on delete cascade,
      dc_id bigint not null references org_units (id),
      mobile text not null,
      language text not null,
      status text not null default 'pending'
        check (status in ('pending', 'link_sent', 'answered', 'refused', 'unanswered')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      lease_user_id bigint,
      lease_until timestamptz,
      answered_at timestamptz,
      answered_via text check (answered_via in ('call', 'link')),
      answered_by bigint references users (id),
      supply_hours numeric(3, 1) check (supply_hours between 0 and 24),
      interruptions integer check (interruptions between 0 and 999),
      -- Judged when answered, by the rule then in force (hours and interruptions).
      regular_supply boolean,
      meter_read boolean,
      bill_on_time boolean,
      bill_correct boolean,
      suggestion text,
      extra jsonb not null default '{}',
      wants_complaint boolean not null default false,
      complaint_id bigint references complaints (id),
      suggestion_status text check (suggestion_status in ('new', 'acted')),
      acted_at timestamptz,
      acted_by bigint references users (id),
      acted_note text,
      unique (campaign_id, consumer_id)
    );
    create index survey_targets_campaign_dc_idx on survey_targets (campaign_id, dc_id);
    create index survey_targets_queue_idx on survey_targets (next_attempt_at, id) where status = 'pending';
    -- The hourly sweep for links that expired after their month closed.
    create index survey_targets_link_sent_idx on survey_targets (campaign_id) where status = 'link_sent';
    create index survey_targets_suggestions_idx on survey_targets (answered_at) where suggestion is not null;

    create table survey_attempts (
      id bigint generated always as identity primary key,
      target_id bigint not null references survey_targets (id) on delete cascade,
      at timestamptz not null,
      user_id bigint references users (id),
      dc_id bigint not null references org_units (id),
      outcome text not null check (outcome in ('no_answer', 'busy', 'switched_off', 'wrong_number', 'refused', 'reached')),
      note text
    );
    create index survey_attempts_at_idx on survey_attempts (at);
    create index survey_attempts_target_idx on survey_attempts (target_id);

    create table survey_links (
      token_hash text primary key,
      target_id bigint not null references survey_targets (id) on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index survey_links_target_idx on survey_links (target_id);

    create table survey_actions (
      id bigint generated always as identity primary key,
      month text not null,
      org_unit_id bigint not null references org_units (id),
      -- [{ metric, value, threshold }] below the threshold that month.
      metrics jsonb not null,
      status text not null default 'open' check (status in ('open', 'done')),
      assigned_user_id bigint references users (id),
      created_at timestamptz not null,
      done_at timestamptz,
      done_by bigint references users (id),
      action_taken text,
      unique (month, org_unit_id)
    );
    create index survey_actions_open_idx on survey_actions (created_at) where status = 'open';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table survey_actions; drop table survey_links; drop table survey_attempts;
    drop table survey_targets; drop table survey_campaigns; drop table survey_questions;
  `.execute(db);
}
