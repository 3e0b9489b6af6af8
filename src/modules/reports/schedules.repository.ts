import { type Kysely, sql } from "kysely";
import { type Jurisdiction, pathInJurisdiction } from "../../db/jurisdiction.ts";
import {
  type DB,
  type Language,
  OPEN_STATUSES,
  type ReportFrequency,
  type ReportKind,
} from "../../db/schema.ts";
import type { Tx } from "../../db/unit-of-work.ts";

const LINK_SECRET_KEY = "reports.link_secret";

export interface NewSubscription {
  userId: number;
  orgUnitId: number;
  kind: ReportKind;
  frequency: ReportFrequency;
  language: Language;
  nextRunAt: Date;
  now: Date;
}

const subscriptionColumns = [
  "s.id",
  "s.user_id",
  "s.kind",
  "s.frequency",
  "s.language",
  "s.next_run_at",
  "s.last_period",
  "s.last_sent_at",
  "s.created_at",
  "u.id as unit_id",
  "u.code as unit_code",
  "u.kind as unit_kind",
  "u.name_en as unit_name_en",
  "u.name_hi as unit_name_hi",
  "u.path as unit_path",
] as const;

/**
 * Scheduled reports: subscriptions (each read by its owner only), the stored
 * PDFs, and what an area summary reads beyond the rollups (the open set now).
 * Offices are looked up within the asker's jurisdiction.
 */
export class SchedulesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Runs fn with a repository bound to one transaction (and the transaction, for the outbox in it). */
  transaction<T>(fn: (repo: SchedulesRepository, tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((tx) => fn(new SchedulesRepository(tx), tx));
  }

  /** An office by code, if it lies in the jurisdiction. */
  unitInJurisdiction(code: string, j: Jurisdiction) {
    return this.db
      .selectFrom("org_units")
      .select(["id", "code", "kind", "name_en", "name_hi", "path"])
      .where("code", "=", code)
      .where(pathInJurisdiction("path", j))
      .executeTakeFirst();
  }

  /** The offices directly below one. */
  children(unitId: number) {
    return this.db
      .selectFrom("org_units")
      .select(["id", "code", "kind", "name_en", "name_hi", "path"])
      .where("parent_id", "=", unitId)
      .orderBy("code")
      .execute();
  }

  /** The company's names (the PDF's letterhead). */
  company() {
    return this.db
      .selectFrom("org_units")
      .select(["name_en", "name_hi"])
      .where("kind", "=", "company")
      .executeTakeFirst();
  }

  categories() {
    return this.db
      .selectFrom("complaint_categories")
      .select(["code", "name_en", "name_hi"])
      .orderBy("code")
      .execute();
  }

  /** The user's mobile and language, as kept on his user record. */
  userContact(userId: number) {
    return this.db
      .selectFrom("users")
      .select(["phone", "language"])
      .where("id", "=", userId)
      .executeTakeFirst();
  }

  listForUser(userId: number) {
    return this.db
      .selectFrom("report_subscriptions as s")
      .innerJoin("org_units as u", "u.id", "s.org_unit_id")
      .select(subscriptionColumns)
      .where("s.user_id", "=", userId)
      .where("s.active", "=", true)
      .orderBy("s.id")
      .execute();
  }

  subscriptionForUser(userId: number, id: number) {
    return this.db
      .selectFrom("report_subscriptions as s")
      .innerJoin("org_units as u", "u.id", "s.org_unit_id")
      .select(subscriptionColumns)
      .where("s.user_id", "=", userId)
      .where("s.id", "=", id)
      .where("s.active", "=", true)
      .executeTakeFirst();
  }

  /** Adds a subscription; undefined when the same one is active already (the partial unique index). */
  async insertSubscription(s: NewSubscription): Promise<number | undefined> {
    const r = await sql<{ id: number | string }>`
      insert into report_subscriptions (user_id, org_unit_id, kind, frequency, language, next_run_at, created_at, updated_at)
      values (${s.userId}, ${s.orgUnitId}, ${s.kind}, ${s.frequency}, ${s.language}, ${s.nextRunAt}, ${s.now}, ${s.now})
      on conflict (user_id, org_unit_id, kind, frequency) where active do nothing
      returning id`.execute(this.db);
    const id = r.rows[0]?.id;
    return id === undefined ? undefined : Number(id);
  }

  async deactivate(userId: number, id: number, now: Date): Promise<boolean> {
    const r = await this.db
      .updateTable("report_subscriptions")
      .set({ active: false, updated_at: now })
      .where("id", "=", id)
      .where("user_id", "=", userId)
      .where("active", "=", true)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Active subscriptions due by `now`, oldest first, with the subscriber's
   * mobile; `in_jurisdiction` is false when the office is no longer in his (he
   * moved, or left): the job passes those by.
   */
  due(now: Date, limit: number) {
    return this.db
      .selectFrom("report_subscriptions as s")
      .innerJoin("org_units as u", "u.id", "s.org_unit_id")
      .innerJoin("users as usr", "usr.id", "s.user_id")
      .innerJoin("org_units as home", "home.id", "usr.org_unit_id")
      .select(subscriptionColumns)
      .select(["usr.phone", sql<boolean>`usr.active and u.path like home.path || '%'`.as("in_jurisdiction")])
      .where("s.active", "=", true)
      .where("s.next_run_at", "<=", now)
      .orderBy("s.next_run_at")
      .limit(limit)
      .execute();
  }

  /**
   * Records that a subscription's period is sent and when it runs next, unless
   * that period was recorded already (a second worker, a second run): false then.
   */
  async claimPeriod(id: number, period: string, nextRunAt: Date, now: Date): Promise<boolean> {
    const r = await this.db
      .updateTable("report_subscriptions")
      .set({ last_period: period, last_sent_at: now, next_run_at: nextRunAt, updated_at: now })
      .where("id", "=", id)
      .where("active", "=", true)
      .where((eb) => eb.or([eb("last_period", "is", null), eb("last_period", "!=", period)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Notes a report sent now (not by the schedule: the period it records stays). */
  async markSent(id: number, now: Date): Promise<void> {
    await this.db
      .updateTable("report_subscriptions")
      .set({ last_sent_at: now, updated_at: now })
      .where("id", "=", id)
      .execute();
  }

  /** Moves a subscription's next run on without sending (its period was sent, or it cannot be). */
  async advance(id: number, nextRunAt: Date, now: Date): Promise<void> {
    await this.db
      .updateTable("report_subscriptions")
      .set({ next_run_at: nextRunAt, updated_at: now })
      .where("id", "=", id)
      .execute();
  }

  async insertDocument(d: {
    subscriptionId: number | null;
    kind: ReportKind;
    orgUnitId: number;
    period: string;
    periodLabel: string;
    language: Language;
    pdf: Buffer;
    createdAt: Date;
    expiresAt: Date;
  }): Promise<number> {
    const r = await this.db
      .insertInto("report_documents")
      .values({
        subscription_id: d.subscriptionId,
        kind: d.kind,
        org_unit_id: d.orgUnitId,
        period: d.period,
        period_label: d.periodLabel,
        language: d.language,
        pdf: d.pdf,
        created_at: d.createdAt,
        expires_at: d.expiresAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  /** A stored PDF still in time, counting the download (one statement). */
  async takeDocument(id: number, expiresAt: Date, now: Date) {
    const row = await this.db
      .updateTable("report_documents")
      .set({ download_count: sql`download_count + 1` })
      .where("id", "=", id)
      .where("expires_at", "=", expiresAt)
      .where("expires_at", ">", now)
      .returning(["id", "kind", "period", "language", "pdf"])
      .executeTakeFirst();
    if (!row) return undefined;
    // pg gives a Buffer, PGlite a Uint8Array.
    return { ...row, pdf: Buffer.from(row.pdf) };
  }

  async purgeExpired(now: Date): Promise<number> {
    const r = await this.db.deleteFrom("report_documents").where("expires_at", "<=", now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** The links' HMAC key: the one stored, or `candidate`, stored now (the first caller's wins). */
  async linkSecret(candidate: string): Promise<string> {
    await sql`insert into app_settings (key, value) values (${LINK_SECRET_KEY}, ${JSON.stringify(candidate)}::jsonb)
      on conflict (key) do nothing`.execute(this.db);
    const row = await this.db
      .selectFrom("app_settings")
      .select("value")
      .where("key", "=", LINK_SECRET_KEY)
      .executeTakeFirstOrThrow();
    return String(row.value);
  }

  /**
   * Open complaints now and those past their limit, per DC under an office's
   * path (the open partial index by DC and due time; the open set is small
   * beside the history).
   */
  async openByDc(path: string, now: Date) {
    const rows = await this.db
      .selectFrom("complaints as c")
      .innerJoin("org_units as dc", "dc.id", "c.dc_id")
      .select(["c.dc_id", "dc.path"])
      .select((eb) => [
        eb.fn.countAll<string | number>().as("open"),
        eb.fn.count<string | number>("c.id").filterWhere("c.due_at", "<", now).as("overdue"),
      ])
      .where("c.status", "in", [...OPEN_STATUSES])
      .where("dc.path", "like", `${path}%`)
      .groupBy(["c.dc_id", "dc.path"])
      .execute();
    return rows.map((r) => ({
      dcId: Number(r.dc_id),
      path: r.path,
      open: Number(r.open),
      overdue: Number(r.overdue),
    }));
  }
}
