import { type Kysely, sql } from "kysely";

// Feedback after resolution. Each resolution of a complaint gets one callback
// task (round = the complaint's reopen count then): the desk calls the
// consumer until he says whether it was fixed; after the last unanswered
// attempt a one-use feedback link goes by SMS instead; when the window passes
// with no answer the complaint closes "not confirmed". Every call attempt is
// kept (the desk's daily progress counts them). Trouble the consumer reports
// (money asked, bad behaviour) becomes a grievance for the officer above the
// DC, tracked to closure.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table callbacks (
      id bigint generated always as identity primary key,
      complaint_id bigint not null references complaints (id) on delete cascade,
      round integer not null,
      dc_id bigint not null references org_units (id),
      status text not null default 'open'
        check (status in ('open', 'link_sent', 'confirmed', 'not_fixed', 'not_confirmed', 'cancelled')),
      -- 0: the complaint was reopened or missed its time limit (called first); 1: the rest.
      priority smallint not null,
      resolved_at timestamptz not null,
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      window_ends_at timestamptz not null,
      lease_user_id bigint references users (id),
      lease_until timestamptz,
      created_at timestamptz not null,
      closed_at timestamptz,
      answered_via text check (answered_via in ('call', 'link')),
      answered_by bigint references users (id),
      fixed boolean,
      time_rating smallint check (time_rating between 1 and 5),
      overall_rating smallint check (overall_rating between 1 and 5),
      trouble_tags text[] not null default '{}',
      trouble_text text,
      consumer_words text,
      unique (complaint_id, round)
    );
    create index callbacks_queue_idx on callbacks (priority, resolved_at) where status = 'open';
    create index callbacks_dc_queue_idx on callbacks (dc_id, priority, resolved_at) where status = 'open';
    create index callbacks_window_idx on callbacks (window_ends_at) where status in ('open', 'link_sent');
    create index callbacks_closed_idx on callbacks (closed_at) where closed_at is not null;

    create table callback_attempts (
      id bigint generated always as identity primary key,
      callback_id bigint not null references callbacks (id) on delete cascade,
      at timestamptz not null,
      user_id bigint references users (id),
      dc_id bigint not null references org_units (id),
      outcome text not null check (outcome in ('no_answer', 'busy', 'switched_off', 'wrong_number', 'reached')),
      note text
    );
    create index callback_attempts_at_idx on callback_attempts (at);
    create index callback_attempts_callback_idx on callback_attempts (callback_id);

    create table feedback_links (
      token_hash text primary key,
      callback_id bigint not null references callbacks (id) on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index feedback_links_callback_idx on feedback_links (callback_id);

    create table grievances (
      id bigint generated always as identity primary key,
      complaint_id bigint not null references complaints (id) on delete cascade,
      callback_id bigint references callbacks (id),
      dc_id bigint not null references org_units (id),
      -- The office that answers for it: the one above the DC.
      office_id bigint not null references org_units (id),
      tags text[] not null,
      text text,
      status text not null default 'open' check (status in ('open', 'closed')),
      created_at timestamptz not null,
      closed_at timestamptz,
      closed_by bigint references users (id),
      action_taken text
    );
    create index grievances_open_idx on grievances (office_id, created_at) where status = 'open';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table grievances; drop table feedback_links; drop table callback_attempts; drop table callbacks;`.execute(
    db,
  );
}
