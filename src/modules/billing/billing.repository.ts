import { type Kysely, sql } from "kysely";
import type { BulkSession, Database } from "../../db/database.ts";
import { dcInJurisdiction } from "../../db/jurisdiction.ts";
import type { DB, Language, PaymentMode } from "../../db/schema.ts";
import type { StagedWrites } from "../../db/staged-writes.ts";
import type { Principal } from "../access/principal.ts";
import type { RowError } from "../imports/import.types.ts";

/** A bill row of an import, checked, with the words its SMS needs in each language. */
export interface BillStageRow {
  line: number;
  consumerNo: string;
  /** "YYYY-MM-01" */
  billMonth: string;
  billNo: string | null;
  /** "1245.50" */
  amount: string;
  /** "YYYY-MM-DD" */
  dueDate: string;
  paymentLink: string;
  /** From the file's bill_date; null: the day of the import (a new bill) or unchanged (a known one). */
  issuedAt: Date | null;
  amountText: string;
  monthEn: string;
  monthHi: string;
  dueEn: string;
  dueHi: string;
}

export interface PaymentStageRow {
  line: number;
  consumerNo: string;
  amount: string;
  paidAt: Date;
  reference: string;
  mode: PaymentMode;
  billNo: string | null;
  amountText: string;
  dateEn: string;
  dateHi: string;
  receipt: string;
}

/** What an import batch's SMS are made of: the template texts, the signature, what not to send. */
export interface SmsPlan {
  /** Queue SMS at all (false for loading history). */
  enabled: boolean;
  templates: Record<Language, string>;
  company: string;
  now: Date;
}

export interface BillBatchResult {
  inserted: number;
  updated: number;
  revised: number;
  sms: number;
  pastDue: number;
  paymentsLinked: number;
  rejected: RowError[];
}

export interface PaymentBatchResult {
  inserted: number;
  updated: number;
  sms: number;
  late: number;
  rejected: RowError[];
}

export interface BillRow {
  id: number;
  consumer_id: number;
  bill_month: string;
  bill_no: string | null;
  amount: string;
  due_date: string;
  payment_link: string;
  issued_at: Date;
  version: number;
  /** Sum of the consumer's payments since the bill was issued. */
  paid_since_issue: string;
}

export interface PaymentRow {
  id: number;
  bill_id: number | null;
  amount: string;
  paid_at: Date;
  reference: string;
  mode: PaymentMode;
}

export interface BillSmsRow {
  bill_id: number;
  count: number;
  last_status: string;
  last_at: Date;
}

/** Fills a template's {variables} in SQL: `vars` maps each name to an SQL expression (constants only, never input). */
function renderSql(template: string, vars: [string, string][]): string {
  return vars.reduce((text, [name, expr]) => `replace(${text}, '{${name}}', ${expr})`, template);
}

const FIRST_VERIFIED_MOBILE = (consumer: string) => `cross join lateral (
    select cm.mobile, cm.language from consumer_mobiles cm
    where cm.consumer_id = ${consumer} and cm.verified
    order by cm.created_at limit 1
  ) m`;

async function stageBills(s: BulkSession, rows: BillStageRow[]): Promise<RowError[]> {
  await s.query(`
    create temp table stage_bills (
      line integer, consumer_no text, consumer_id bigint, bill_month date, bill_no text, amount numeric(12, 2),
      due_date date, payment_link text, issued_at timestamptz, amount_text text, month_en text, month_hi text,
      due_en text, due_hi text
    ) on commit drop`);
  await s.copyRows(
    "stage_bills",
    [
      "line",
      "consumer_no",
      "bill_month",
      "bill_no",
      "amount",
      "due_date",
      "payment_link",
      "issued_at",
      "amount_text",
      "month_en",
      "month_hi",
      "due_en",
      "due_hi",
    ],
    rows.map((r) => [
      r.line,
      r.consumerNo,
      r.billMonth,
      r.billNo,
      r.amount,
      r.dueDate,
      r.paymentLink,
      r.issuedAt?.toISOString() ?? null,
      r.amountText,
      r.monthEn,
      r.monthHi,
      r.dueEn,
      r.dueHi,
    ]),
  );
  return unknownConsumers(s, "stage_bills");
}

async function unknownConsumers(s: BulkSession, stage: string): Promise<RowError[]> {
  // A subquery a row is one index probe each; a join could read all six million consumers a batch.
  await s.query(
    `update ${stage} s set consumer_id = (select c.id from consumers c where c.consumer_no = s.consumer_no)`,
  );
  const unknown = await s.query<{ line: number; consumer_no: string }>(
    `select line, consumer_no from ${stage} where consumer_id is null order by line`,
  );
  return unknown.map((u) => ({
    line: Number(u.line),
    column: "consumer_no",
    value: u.consumer_no,
    reason: "unknown consumer (import the consumers first)",
  }));
}

/**
 * One batch of bills, in one transaction: known bills whose values differ
 * are updated (a new amount or due date bumps the version: a revised bill),
 * new ones inserted, payments made before their bill was loaded linked to
 * it, and one SMS queued per new bill or new version, on the consumer's
 * first verified mobile in its language, with dedup key
 * `bill:<id>:v<version>`: a re-run queues nothing. Bills already past their
 * due date get no SMS (loading history must not text consumers).
 */
async function upsertBills(
  s: BulkSession,
  rows: BillStageRow[],
  sms: SmsPlan,
  importDay: Date,
  today: string,
): Promise<BillBatchResult> {
  await s.query("set local synchronous_commit = off");
  const rejected = await stageBills(s, rows);
  const body = renderSql("(case when m.language = 'hi' then $5::text else $4::text end)", [
    ["month", "l.month"],
    ["consumer", "s.consumer_no"],
    ["amount", "s.amount_text"],
    ["due", "l.due"],
    ["link", "s.payment_link"],
    ["company", "$3::text"],
  ]);
  const [r] = await s.query<Record<string, number>>(
    `
    with upd as (
      update bills b set
        bill_no = x.bill_no, amount = x.amount, due_date = x.due_date, payment_link = x.payment_link,
        issued_at = coalesce(x.issued_at, b.issued_at),
        version = b.version + case when x.revised then 1 else 0 end,
        imported_at = $2, updated_at = $2
      from (
        select s.*, ob.id as bill_id,
               (ob.amount, ob.due_date) is distinct from (s.amount, s.due_date) as revised
        from stage_bills s
        -- One index probe a row (the limit keeps it a nested loop): a hash join would read every bill.
        cross join lateral (
          select o.id, o.bill_no, o.amount, o.due_date, o.payment_link, o.issued_at from bills o
          where o.consumer_id = s.consumer_id and o.bill_month = s.bill_month limit 1
        ) ob
        where (ob.bill_no, ob.amount, ob.due_date, ob.payment_link, ob.issued_at)
          is distinct from (s.bill_no, s.amount, s.due_date, s.payment_link, coalesce(s.issued_at, ob.issued_at))
      ) x
      where b.id = x.bill_id
      returning b.id, b.consumer_id, b.bill_month, b.version, b.due_date, x.revised
    ),
    ins as (
      insert into bills (consumer_id, bill_month, bill_no, amount, due_date, payment_link, issued_at, imported_at, updated_at)
      select s.consumer_id, s.bill_month, s.bill_no, s.amount, s.due_date, s.payment_link,
             coalesce(s.issued_at, $1), $2, $2
      from stage_bills s
      where s.consumer_id is not null
      on conflict (consumer_id, bill_month) do nothing
      returning id, consumer_id, bill_month, version, due_date, issued_at
    ),
    linked as (
      -- Several new bills of one consumer in a batch: a payment goes to the latest issued before it.
      update payments p set bill_id = (
          select i.id from ins i
          where i.consumer_id = p.consumer_id and i.issued_at <= p.paid_at
          order by i.issued_at desc, i.id desc limit 1
        ), updated_at = $2
      where p.bill_id is null
        and exists (select 1 from ins i where i.consumer_id = p.consumer_id and i.issued_at <= p.paid_at)
      returning 1
    ),
    notify as (
      select id, consumer_id, bill_month, version, due_date from ins
      union all
      select id, consumer_id, bill_month, version, due_date from upd where revised
    ),
    sms as (
      insert into outbox_sms (dedup_key, recipient, language, template, variables, body, urgent, related_type,
                              related_id, created_at)
      select 'bill:' || n.id || ':v' || n.version, m.mobile, m.language, 'bill_issued',
             jsonb_build_object('month', l.month, 'consumer', s.consumer_no, 'amount', s.amount_text, 'due', l.due,
                                'link', s.payment_link, 'company', $3::text),
             ${body}, false, 'bill', n.id, $2
      from notify n
      join stage_bills s on s.consumer_id = n.consumer_id and s.bill_month = n.bill_month
      ${FIRST_VERIFIED_MOBILE("n.consumer_id")}
      cross join lateral (
        select case when m.language = 'hi' then s.month_hi else s.month_en end as month,
               case when m.language = 'hi' then s.due_hi else s.due_en end as due
      ) l
      where $6::boolean and n.due_date >= $7::date
      on conflict (dedup_key) do nothing
      returning 1
    )
    select (select count(*) from ins)::int as inserted,
           (select count(*) from upd)::int as updated,
           (select count(*) from upd where revised)::int as revised,
           (select count(*) from sms)::int as sms,
           (select count(*) from notify where due_date < $7::date)::int as past_due,
           (select count(*) from linked)::int as linked`,
    [
      importDay.toISOString(),
      sms.now.toISOString(),
      sms.company,
      sms.templates.en,
      sms.templates.hi,
      sms.enabled,
      today,
    ],
  );
  return {
    inserted: Number(r?.inserted ?? 0),
    updated: Number(r?.updated ?? 0),
    revised: Number(r?.revised ?? 0),
    sms: Number(r?.sms ?? 0),
    pastDue: Number(r?.past_due ?? 0),
    paymentsLinked: Number(r?.linked ?? 0),
    rejected,
  };
}

/**
 * One batch of payments, in one transaction: a payment is known by its
 * reference (a reference already recorded for another consumer is refused),
 * linked to the bill it names or else to the consumer's bill current when it
 * was made, and each new one queues a receipt SMS (dedup key
 * `payment:<id>`). A payment made before `receiptsSince` gets no receipt.
 */
async function upsertPayments(
  s: BulkSession,
  rows: PaymentStageRow[],
  sms: SmsPlan,
  receiptsSince: Date,
): Promise<PaymentBatchResult> {
  await s.query("set local synchronous_commit = off");
  await s.query(`
    create temp table stage_payments (
      line integer, consumer_no text, consumer_id bigint, amount numeric(12, 2), paid_at timestamptz, reference text,
      mode text, bill_no text, amount_text text, date_en text, date_hi text, receipt text
    ) on commit drop`);
  await s.copyRows(
    "stage_payments",
    [
      "line",
      "consumer_no",
      "amount",
      "paid_at",
      "reference",
      "mode",
      "bill_no",
      "amount_text",
      "date_en",
      "date_hi",
      "receipt",
    ],
    rows.map((r) => [
      r.line,
      r.consumerNo,
      r.amount,
      r.paidAt.toISOString(),
      r.reference,
      r.mode,
      r.billNo,
      r.amountText,
      r.dateEn,
      r.dateHi,
      r.receipt,
    ]),
  );
  const rejected = await unknownConsumers(s, "stage_payments");
  const taken = await s.query<{ line: number; reference: string }>(`
    delete from stage_payments s
    where (select p.consumer_id from payments p where p.reference = s.reference limit 1) <> s.consumer_id
    returning s.line, s.reference`);
  for (const t of taken)
    rejected.push({
      line: Number(t.line),
      column: "reference",
      value: t.reference,
      reason: "this reference is already recorded for a payment of another consumer",
    });
  rejected.sort((a, b) => a.line - b.line);
  const body = renderSql("(case when m.language = 'hi' then $4::text else $3::text end)", [
    ["amount", "s.amount_text"],
    ["consumer", "s.consumer_no"],
    ["date", "(case when m.language = 'hi' then s.date_hi else s.date_en end)"],
    ["receipt", "s.receipt"],
    ["company", "$2::text"],
  ]);
  const [r] = await s.query<Record<string, number>>(
    `
    with upd as (
      update payments p set amount = x.amount, paid_at = x.paid_at, mode = x.mode, imported_at = $1, updated_at = $1
      from (
        select s.amount, s.paid_at, s.mode, op.id
        from stage_payments s
        -- One index probe a row (the limit keeps it a nested loop): a hash join would read every payment.
        cross join lateral (
          select o.id, o.amount, o.paid_at, o.mode from payments o
          where o.reference = s.reference and o.consumer_id = s.consumer_id limit 1
        ) op
        where (op.amount, op.paid_at, op.mode) is distinct from (s.amount, s.paid_at, s.mode)
      ) x
      where p.id = x.id
      returning p.id
    ),
    ins as (
      insert into payments (consumer_id, bill_id, amount, paid_at, reference, mode, imported_at, updated_at)
      select s.consumer_id,
             coalesce(
               (select b.id from bills b
                where s.bill_no is not null and b.consumer_id = s.consumer_id and b.bill_no = s.bill_no
                order by b.bill_month desc limit 1),
               (select b.id from bills b
                where b.consumer_id = s.consumer_id and b.issued_at <= s.paid_at
                order by b.issued_at desc, b.bill_month desc limit 1)),
             s.amount, s.paid_at, s.reference, s.mode, $1, $1
      from stage_payments s
      where s.consumer_id is not null
      on conflict (reference) do nothing
      returning id, reference, paid_at
    ),
    sms as (
      insert into outbox_sms (dedup_key, recipient, language, template, variables, body, urgent, related_type,
                              related_id, created_at)
      select 'payment:' || i.id, m.mobile, m.language, 'payment_received',
             jsonb_build_object('amount', s.amount_text, 'consumer', s.consumer_no,
                                'date', case when m.language = 'hi' then s.date_hi else s.date_en end,
                                'receipt', s.receipt, 'company', $2::text),
             ${body}, false, 'payment', i.id, $1
      from ins i
      join stage_payments s on s.reference = i.reference
      ${FIRST_VERIFIED_MOBILE("s.consumer_id")}
      where $5::boolean and i.paid_at >= $6::timestamptz
      on conflict (dedup_key) do nothing
      returning 1
    )
    select (select count(*) from ins)::int as inserted,
           (select count(*) from upd)::int as updated,
           (select count(*) from sms)::int as sms,
           (select count(*) from ins where paid_at < $6::timestamptz)::int as late`,
    [
      sms.now.toISOString(),
      sms.company,
      sms.templates.en,
      sms.templates.hi,
      sms.enabled,
      receiptsSince.toISOString(),
    ],
  );
  return {
    inserted: Number(r?.inserted ?? 0),
    updated: Number(r?.updated ?? 0),
    sms: Number(r?.sms ?? 0),
    late: Number(r?.late ?? 0),
    rejected,
  };
}

export class BillingRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly database?: Pick<Database, "bulk">,
  ) {}

  private bulk<T>(fn: (s: BulkSession) => Promise<T>): Promise<T> {
    if (!this.database) throw new Error("bulk imports need the database, not a transaction");
    return this.database.bulk(fn);
  }

  /**
   * Loads a batch of bills (see upsertBills). `importDay` is the start of
   * today, the issue time of a new bill without a bill date; `today` its
   * local date, for the past-due rule.
   */
  importBills(rows: BillStageRow[], sms: SmsPlan, importDay: Date, today: string): Promise<BillBatchResult> {
    return this.bulk((s) => upsertBills(s, rows, sms, importDay, today));
  }

  /** Loads a batch of payments (see upsertPayments). */
  importPayments(rows: PaymentStageRow[], sms: SmsPlan, receiptsSince: Date): Promise<PaymentBatchResult> {
    return this.bulk((s) => upsertPayments(s, rows, sms, receiptsSince));
  }

  /** Refreshes planner statistics after a bulk load. */
  async analyze(): Promise<void> {
    await sql`analyze bills, payments`.execute(this.db);
  }

  /** The consumer, if he is in the principal's jurisdiction. */
  findConsumerForUser(principal: Principal, consumerNo: string) {
    return this.db
      .selectFrom("consumers as c")
      .select(["c.id", "c.consumer_no"])
      .where("c.consumer_no", "=", consumerNo)
      .where(dcInJurisdiction("c.dc_id", principal))
      .executeTakeFirst();
  }

  /** The consumer's last bills, newest first, each with what he has paid since it was issued. */
  async billsOf(consumerId: number, limit: number): Promise<BillRow[]> {
    const rows = await this.db
      .selectFrom("bills as b")
      .select([
        "b.id",
        "b.consumer_id",
        "b.bill_month",
        "b.bill_no",
        sql<string>`b.amount::text`.as("amount"),
        "b.due_date",
        "b.payment_link",
        "b.issued_at",
        "b.version",
        sql<string>`coalesce((select sum(p.amount) from payments p
                              where p.consumer_id = b.consumer_id and p.paid_at >= b.issued_at), 0)::text`.as(
          "paid_since_issue",
        ),
      ])
      .where("b.consumer_id", "=", consumerId)
      .orderBy("b.bill_month", "desc")
      .limit(limit)
      .execute();
    return rows as BillRow[];
  }

  async paymentsOf(billIds: number[]): Promise<PaymentRow[]> {
    if (billIds.length === 0) return [];
    const rows = await this.db
      .selectFrom("payments")
      .select(["id", "bill_id", sql<string>`amount::text`.as("amount"), "paid_at", "reference", "mode"])
      .where("bill_id", "in", billIds)
      .orderBy("paid_at")
      .execute();
    return rows as PaymentRow[];
  }

  /** Per bill: how many SMS were queued for it and the state of the latest. */
  async smsOf(billIds: number[]): Promise<BillSmsRow[]> {
    if (billIds.length === 0) return [];
    const r = await sql<BillSmsRow>`
      select o.related_id as bill_id, count(*) over (partition by o.related_id)::int as count,
             o.status as last_status, o.created_at as last_at
      from outbox_sms o
      where o.related_type = 'bill' and o.related_id = any(${sql.val(billIds)}::bigint[])
      order by o.related_id, o.id desc`.execute(this.db);
    const seen = new Set<number>();
    return r.rows.filter((row) => {
      const id = Number(row.bill_id);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }

  /** Resends of each bill since `since`. */
  async resendCounts(billIds: number[], since: Date): Promise<Map<number, number>> {
    if (billIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom("bill_resends")
      .select(["bill_id", sql<number>`count(*)::int`.as("n")])
      .where("bill_id", "in", billIds)
      .where("at", ">", since)
      .groupBy("bill_id")
      .execute();
    return new Map(rows.map((r) => [Number(r.bill_id), Number(r.n)]));
  }

  mobilesOf(consumerId: number): Promise<{ mobile: string; verified: boolean; language: Language }[]> {
    return this.db
      .selectFrom("consumer_mobiles")
      .select(["mobile", "verified", "language"])
      .where("consumer_id", "=", consumerId)
      .orderBy("verified", "desc")
      .orderBy("created_at")
      .execute();
  }

  /** The bill, locked for the rest of the transaction (resends of one bill take turns). */
  lockBill(consumerId: number, billId: number) {
    return this.db
      .selectFrom("bills")
      .select([
        "id",
        "bill_month",
        sql<string>`amount::text`.as("amount"),
        "due_date",
        "payment_link",
        "version",
      ])
      .where("id", "=", billId)
      .where("consumer_id", "=", consumerId)
      .forUpdate()
      .executeTakeFirst();
  }

  /** The bill's resends: all of them, and those since `since` (oldest first). */
  async resendsOf(billId: number, since: Date): Promise<{ total: number; recent: Date[] }> {
    const rows = await this.db
      .selectFrom("bill_resends")
      .select("at")
      .where("bill_id", "=", billId)
      .orderBy("at")
      .execute();
    return { total: rows.length, recent: rows.map((r) => r.at).filter((at) => at > since) };
  }

  /** Stages the audit row of a resend, written with its SMS. */
  static stageResend(
    stage: StagedWrites,
    row: {
      billId: number;
      consumerId: number;
      mobile: string;
      at: Date;
      actorKind: "user" | "token";
      actorId: number;
      actorName: string;
      dedupKey: string;
    },
  ): void {
    stage.add({
      table: "bill_resends",
      columns: [
        "bill_id",
        "consumer_id",
        "mobile",
        "at",
        "actor_kind",
        "actor_id",
        "actor_name",
        "dedup_key",
      ],
      rows: [
        {
          bill_id: row.billId,
          consumer_id: row.consumerId,
          mobile: row.mobile,
          at: row.at,
          actor_kind: row.actorKind,
          actor_id: row.actorId,
          actor_name: row.actorName,
          dedup_key: row.dedupKey,
        },
      ],
    });
  }
}
