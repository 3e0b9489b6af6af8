import { type Kysely, sql } from "kysely";

// Bills and payments, loaded from the billing system's files, so the agent
// can answer billing calls and the consumer gets an SMS for every bill and a
// receipt for every payment. A bill is one per consumer and month; a revised
// bill (new amount or due date) bumps its version, which is part of its SMS
// dedup key, so exactly one SMS goes per version. Whether a bill is paid is
// derived when it is read (payments of the consumer since the bill was
// issued): it depends on today's date anyway (overdue), and a stored status
// would go stale when payments arrive before their bill.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table bills (
      id bigint generated always as identity primary key,
      consumer_id bigint not null references consumers (id) on delete cascade,
      bill_month date not null check (extract(day from bill_month) = 1),
      bill_no text check (length(bill_no) between 1 and 40),
      amount numeric(12, 2) not null check (amount > 0),
      due_date date not null,
      -- An SMS variable: DLT allows 30 characters.
      payment_link text not null check (length(payment_link) between 1 and 30),
      issued_at timestamptz not null,
      version integer not null default 1,
      imported_at timestamptz not null,
      updated_at timestamptz not null,
      unique (consumer_id, bill_month)
    );

    create table payments (
      id bigint generated always as identity primary key,
      consumer_id bigint not null references consumers (id) on delete cascade,
      bill_id bigint references bills (id) on delete set null,
      amount numeric(12, 2) not null check (amount > 0),
      paid_at timestamptz not null,
      reference text not null unique check (length(reference) between 1 and 64),
      mode text not null
        check (mode in ('online', 'upi', 'card', 'netbanking', 'wallet', 'counter', 'cash', 'cheque', 'other')),
      imported_at timestamptz not null,
      updated_at timestamptz not null
    );
    -- The consumer card sums a consumer's payments since each bill's issue.
    create index payments_consumer_idx on payments (consumer_id, paid_at);
    create index payments_bill_idx on payments (bill_id) where bill_id is not null;
    -- Payments loaded before their bill, linked when it comes (few: a small index, never a scan of all).
    create index payments_unlinked_idx on payments (consumer_id) where bill_id is null;

    -- Every bill SMS an agent sent again: who, to which mobile, when, and
    -- the outbox row (by its dedup key). It is the audit trail of resends and
    -- what the daily limit counts; never edited (rows go only with their bill).
    create table bill_resends (
      id bigint generated always as identity primary key,
      bill_id bigint not null references bills (id) on delete cascade,
      consumer_id bigint not null references consumers (id) on delete cascade,
      mobile text not null check (mobile ~ '^[6-9][0-9]{9}$'),
      at timestamptz not null,
      actor_kind text not null check (actor_kind in ('user', 'token')),
      actor_id bigint,
      actor_name text not null,
      dedup_key text not null unique
    );
    create index bill_resends_bill_idx on bill_resends (bill_id, at);
    create function bill_resends_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'the bill resend trail cannot be changed' using errcode = 'insufficient_privilege';
    end;
    $$;
    create trigger bill_resends_no_update before update on bill_resends
      for each row execute function bill_resends_immutable();
    create trigger bill_resends_no_truncate before truncate on bill_resends
      for each statement execute function bill_resends_immutable();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table bill_resends;
    drop function bill_resends_immutable();
    drop table payments;
    drop table bills;
  `.execute(db);
}
