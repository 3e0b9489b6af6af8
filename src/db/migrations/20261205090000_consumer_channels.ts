import { type Kysely, sql } from "kysely";

// Consumers reach PowerDesk themselves (issue 14).
//
// - complaints.channel gains the channels a consumer uses on his own: the
//   social networks one by one (reports count them apart), the portal, the
//   IVR, the missed-call number and Open311.
// - channel_webhooks keeps every signed webhook body exactly as it came,
//   before anything reads it: processing claims rows (SKIP LOCKED, a lease)
//   and a failure is retried from the stored body. The body's hash is unique
//   per channel, so a replayed delivery stores nothing new.
// - conversations and conversation_messages are the inbox: one open
//   conversation per sender (and per public post thread) and channel; a
//   message is unique by its platform id, so a replay creates nothing.
//   Outgoing messages wait as 'pending' rows until a sender claims them.
// - ivr_calls records what the IVR answered, for the wallboard and reports.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table complaints drop constraint complaints_channel_check;
    alter table complaints
      add constraint complaints_channel_check
        check (channel in ('call', 'web', 'sms', 'whatsapp', 'social', 'walk_in', 'field', 'api',
                           'x', 'facebook', 'instagram', 'portal', 'ivr', 'missed_call', 'open311'));

    create table channel_webhooks (
      id bigserial primary key,
      channel text not null check (channel in ('whatsapp', 'meta', 'x')),
      received_at timestamptz not null,
      body text not null,
      body_sha256 text not null,
      status text not null default 'pending' check (status in ('pending', 'processed', 'failed')),
      attempts integer not null default 0,
      run_after timestamptz,
      last_error text,
      claimed_by text,
      claimed_until timestamptz,
      processed_at timestamptz
    );
    create unique index channel_webhooks_body_idx on channel_webhooks (channel, body_sha256);
    create index channel_webhooks_pending_idx on channel_webhooks (id) where status = 'pending';

    create table conversations (
      id bigserial primary key,
      channel text not null check (channel in ('whatsapp', 'x', 'facebook', 'instagram', 'sms', 'portal')),
      sender_id text not null,
      sender_handle text,
      sender_name text,
      visibility text not null default 'direct' check (visibility in ('direct', 'public')),
      thread_ref text not null default '',
      status text not null default 'new' check (status in ('bot', 'new', 'open', 'waiting', 'closed')),
      language text not null default 'hi' check (language in ('hi', 'en')),
      assigned_to bigint references users (id),
      consumer_id bigint references consumers (id),
      consumer_verified boolean not null default false,
      dc_id bigint references org_units (id),
      opened_at timestamptz not null,
      last_message_at timestamptz not null,
      last_inbound_at timestamptz,
      first_response_due timestamptz,
      first_responded_at timestamptz,
      escalated_at timestamptz,
      closed_at timestamptz,
      closed_by bigint references users (id),
      bot_state jsonb
    );
    create unique index conversations_open_sender_idx
      on conversations (channel, sender_id, thread_ref) where status <> 'closed';
    create index conversations_queue_idx on conversations (first_response_due) where status in ('new', 'open');
    create index conversations_consumer_idx on conversations (consumer_id) where consumer_id is not null;

    create table conversation_messages (
      id bigserial primary key,
      conversation_id bigint not null references conversations (id),
      channel text not null,
      direction text not null check (direction in ('in', 'out')),
      author text not null check (author in ('consumer', 'agent', 'bot', 'system')),
      user_id bigint references users (id),
      platform_message_id text,
      kind text not null default 'text' check (kind in ('text', 'image', 'template', 'other')),
      body text not null default '',
      media_url text,
      template text,
      status text not null check (status in ('received', 'pending', 'sending', 'sent', 'delivered', 'read', 'failed')),
      error text,
      attempts integer not null default 0,
      run_after timestamptz,
      claimed_until timestamptz,
      webhook_id bigint references channel_webhooks (id),
      at timestamptz not null
    );
    create unique index conversation_messages_platform_idx
      on conversation_messages (channel, platform_message_id) where platform_message_id is not null;
    create index conversation_messages_conversation_idx on conversation_messages (conversation_id, id);
    create index conversation_messages_outgoing_idx on conversation_messages (id) where status = 'pending';

    create table conversation_complaints (
      conversation_id bigint not null references conversations (id),
      complaint_id bigint not null references complaints (id),
      linked_at timestamptz not null,
      primary key (conversation_id, complaint_id)
    );
    create index conversation_complaints_complaint_idx on conversation_complaints (complaint_id);

    create table ivr_calls (
      id bigserial primary key,
      at timestamptz not null,
      kind text not null check (kind in ('lookup', 'register', 'missed_call')),
      caller text not null,
      consumer_id bigint references consumers (id),
      outage_id bigint references outages (id),
      complaint_id bigint references complaints (id),
      outcome text not null check (outcome in ('outage_answered', 'agent', 'registered', 'joined', 'unknown_caller', 'refused'))
    );
    create index ivr_calls_at_idx on ivr_calls (at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table ivr_calls;
    drop table conversation_complaints;
    drop table conversation_messages;
    drop table conversations;
    drop table channel_webhooks;
    update complaints set channel = 'social' where channel in ('x', 'facebook', 'instagram');
    update complaints set channel = 'web' where channel = 'portal';
    update complaints set channel = 'api' where channel in ('ivr', 'missed_call', 'open311');
    alter table complaints drop constraint complaints_channel_check;
    alter table complaints
      add constraint complaints_channel_check
        check (channel in ('call', 'web', 'sms', 'whatsapp', 'social', 'walk_in', 'field', 'api'));
  `.execute(db);
}
