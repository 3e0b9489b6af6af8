import { createHash } from "node:crypto";
import { type Kysely, sql, type Updateable } from "kysely";
import { dcInJurisdiction } from "../../db/jurisdiction.ts";
import { afterCursor, type Cursor, cursorOf, keyColumns, orderSql, type SortPart } from "../../db/keyset.ts";
import type {
  DB,
  Language,
  OrgKind,
  SurveyOutcome,
  SurveyQuestionKind,
  SurveyTargetStatus,
  SurveyTargetTable,
} from "../../db/schema.ts";
import type { Tx } from "../../db/unit-of-work.ts";
import type { Principal } from "../access/principal.ts";
import { callbackMonths } from "./callback-rollups.repository.ts";
import { leaseFree } from "./desk.sql.ts";

export interface SurveyQuestion {
  code: string;
  position: number;
  kind: SurveyQuestionKind;
  metric: string | null;
  text_en: string;
  text_hi: string;
  active: boolean;
}

export interface TargetRow {
  id: number;
  campaign_id: number;
  consumer_id: number;
  month: string;
  campaign_status: "open" | "closed";
  consumer_no: string;
  name: string;
  phone: string;
  language: Language;
  dc_id: number;
  dc_code: string;
  dc_name_en: string;
  dc_name_hi: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  lease_user_id: number | null;
  lease_until: Date | null;
  last_outcome: string | null;
}

/** The counts one area's figures are made of, in one month (null month: an area with no rows). */
export interface FigureCounts {
  month: string | null;
  sampled: number;
  answered: number;
  regular: number;
  regular_n: number;
  meter: number;
  meter_n: number;
  on_time: number;
  on_time_n: number;
  correct: number;
  correct_n: number;
  rating_sum: number;
  rating_n: number;
}

export interface FigureRow extends FigureCounts {
  org_id: number;
  code: string;
  kind: OrgKind;
  name_en: string;
  name_hi: string;
}

/** An area below the threshold: its action item, for the officer of `role` serving there. */
export interface NewSurveyAction {
  orgId: number;
  metrics: { metric: string; value: number; threshold: number }[];
  role: string;
}

export type SurveyTargetUpdate = Updateable<SurveyTargetTable>;

/** The seed as the 60-bit number PostgreSQL's seeded hash takes: the same seed draws the same sample. */
function seedNumber(seed: string): string {
  return BigInt(`0x${createHash("sha256").update(seed).digest("hex").slice(0, 15)}`).toString();
}

/** Action items: open ones first, the latest month first, by area; id last so pages meet exactly. */
const ACTION_ORDER: SortPart[] = [
  { expr: "a.status", dir: "desc" },
  { expr: "a.month", dir: "desc" },
  { expr: "o.path", dir: "asc" },
  { expr: "a.id", dir: "asc" },
];

/** Suggestions newest first (an unanswered one, if ever, first: as `desc` puts nulls). */
const SUGGESTION_ORDER: SortPart[] = [
  { expr: sql`coalesce(t.answered_at, 'infinity'::timestamptz)`, dir: "desc" },
  { expr: "t.id", dir: "desc" },
];

/** The monthly survey's tables: questions, campaigns and their samples, calls, links, action items. */
export class SurveyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Runs fn with a repository bound to one transaction (and the transaction, for other repositories in it). */
  transaction<T>(fn: (repo: SurveyRepository, tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((tx) => fn(new SurveyRepository(tx), tx));
  }

  // ---- Questions ----

  async questions(activeOnly: boolean): Promise<SurveyQuestion[]> {
    let q = this.db.selectFrom("survey_questions").selectAll().orderBy("position").orderBy("code");
    if (activeOnly) q = q.where("active", "=", true);
    return (await q.execute()) as SurveyQuestion[];
  }

  /** Undefined when there is no such question. */
  async updateQuestion(
    code: string,
    changes: { text_en: string; text_hi: string; active?: boolean; updated_at: Date },
  ): Promise<SurveyQuestion | undefined> {
    const row = await this.db
      .updateTable("survey_questions")
      .set(changes)
      .where("code", "=", code)
      .returningAll()
      .executeTakeFirst();
    return row as SurveyQuestion | undefined;
  }

  /** Adds a question after the last one; undefined when its code is taken. */
  async addQuestion(q: {
    code: string;
    kind: SurveyQuestionKind;
    text_en: string;
    text_hi: string;
    updated_at: Date;
  }): Promise<SurveyQuestion | undefined> {
    const last = await this.db
      .selectFrom("survey_questions")
      .select(sql<number>`coalesce(max(position), 0)::int`.as("p"))
      .executeTakeFirstOrThrow();
    const row = await this.db
      .insertInto("survey_questions")
      .values({ ...q, position: Number(last.p) + 1, metric: null })
      .onConflict((oc) => oc.column("code").doNothing())
      .returningAll()
      .executeTakeFirst();
    return row as SurveyQuestion | undefined;
  }

  // ---- Campaigns ----

  async campaignIds(months: string[]): Promise<number[]> {
    const rows = await this.db
      .selectFrom("survey_campaigns")
      .select("id")
      .where("month", "in", months)
      .execute();
    return rows.map((r) => Number(r.id));
  }

  /** The month's campaign; a second one for the same month fails with 23505. */
  async insertCampaign(c: {
    month: string;
    seed: string;
    sample_size: number;
    created_at: Date;
    created_by: number | null;
  }): Promise<number> {
    const row = await this.db
      .insertInto("survey_campaigns")
      .values(c)
      .returning("id")
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /**
   * Draws the sample into the campaign, in its transaction: in every DC,
   * `size` active consumers with a verified mobile (his latest verified one)
   * in the order PostgreSQL's hash seeded with `seed` gives their numbers,
   * none drawn in the `exclude` campaigns. Returns each target's DC.
   */
  async drawSample(
    campaignId: number,
    o: { seed: string; size: number; startAt: Date; exclude: number[] },
  ): Promise<number[]> {
    // The window sorts every eligible consumer by DC and hash: give it memory rather than disk.
    await sql`set local work_mem = '256MB'`.execute(this.db);
    const notLastMonth =
      o.exclude.length > 0
        ? sql`and not exists (select 1 from survey_targets x
            where x.campaign_id in (${sql.join(o.exclude)}) and x.consumer_id = c.id)`
        : sql``;
    const inserted = await sql<{ dc_id: number }>`
      insert into survey_targets (campaign_id, consumer_id, dc_id, mobile, language, next_attempt_at)
      select ${campaignId}, s.id, s.dc_id, m.mobile, m.language, ${o.startAt}
      from (
        select c.id, c.dc_id,
          row_number() over (partition by c.dc_id
            order by hashtextextended(c.consumer_no, ${seedNumber(o.seed)}::bigint), c.id) as rn
        from consumers c
        where c.connection_status = 'active'
          and exists (select 1 from consumer_mobiles v where v.consumer_id = c.id and v.verified)
          ${notLastMonth}
      ) s
      cross join lateral (
        select v.mobile, v.language from consumer_mobiles v
        where v.consumer_id = s.id and v.verified
        order by v.verified_at desc nulls last, v.mobile limit 1
      ) m
      where s.rn <= ${o.size}
      returning dc_id`.execute(this.db);
    return inserted.rows.map((r) => Number(r.dc_id));
  }

  async setSampled(campaignId: number, sampled: number): Promise<void> {
    await this.db.updateTable("survey_campaigns").set({ sampled }).where("id", "=", campaignId).execute();
  }

  /** The last 36 campaigns, their targets counted within the principal's jurisdiction. */
  async campaigns(principal: Principal) {
    const mine = dcInJurisdiction("t.dc_id", principal);
    const rows = await this.db
      .selectFrom("survey_campaigns as k")
      .select([
        "k.id",
        "k.month",
        "k.seed",
        "k.sample_size",
        "k.status",
        "k.created_at",
        "k.closed_at",
        sql<number>`(select count(*)::int from survey_targets t where t.campaign_id = k.id and ${mine})`.as(
          "sampled",
        ),
        sql<number>`(select count(*)::int from survey_targets t where t.campaign_id = k.id and t.status = 'answered'
          and ${mine})`.as("answered"),
        sql<number>`(select count(*)::int from survey_targets t where t.campaign_id = k.id and t.status = 'link_sent'
          and ${mine})`.as("link_sent"),
        sql<number>`(select count(*)::int from survey_targets t where t.campaign_id = k.id
          and t.status in ('unanswered', 'refused') and ${mine})`.as("unanswered"),
      ])
      .orderBy("k.month", "desc")
      .limit(36)
      .execute();
    return rows.map((r) => ({
      ...r,
      id: Number(r.id),
      sampled: Number(r.sampled),
      answered: Number(r.answered),
    }));
  }

  campaign(month: string) {
    return this.db
      .selectFrom("survey_campaigns")
      .select(["id", "status"])
      .where("month", "=", month)
      .executeTakeFirst();
  }

  /** Months still open before `month`, oldest first. */
  async openMonthsBefore(month: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom("survey_campaigns")
      .select("month")
      .where("status", "=", "open")
      .where("month", "<", month)
      .orderBy("month")
      .execute();
    return rows.map((r) => r.month);
  }

  /** The latest open campaign of `month` or before. */
  openCampaignUpTo(month: string) {
    return this.db
      .selectFrom("survey_campaigns")
      .select(["id", "month"])
      .where("status", "=", "open")
      .where("month", "<=", month)
      .orderBy("month", "desc")
      .executeTakeFirst();
  }

  /** The campaign's pending calls nobody holds (or whose holder's minutes are over) as unanswered. */
  async closePendingOf(campaignId: number, now: Date): Promise<void> {
    await this.db
      .updateTable("survey_targets")
      .set({ status: "unanswered", lease_user_id: null, lease_until: null })
      .where("campaign_id", "=", campaignId)
      .where("status", "=", "pending")
      .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now)]))
      .execute();
  }

  /** Pending calls of closed campaigns whose holder's lease ran out, as unanswered. */
  async closeHeldPastClose(now: Date): Promise<void> {
    await this.db
      .updateTable("survey_targets as t")
      .set({ status: "unanswered", lease_user_id: null, lease_until: null })
      .where("t.status", "=", "pending")
      .where("t.lease_until", "<", now)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom("survey_campaigns as k")
            .whereRef("k.id", "=", "t.campaign_id")
            .where("k.status", "=", "closed"),
        ),
      )
      .execute();
  }

  /** Links sent in closed campaigns with no link still good, as unanswered. */
  async closeExpiredLinks(now: Date): Promise<void> {
    await this.db
      .updateTable("survey_targets as t")
      .set({ status: "unanswered" })
      .where("t.status", "=", "link_sent")
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom("survey_campaigns as k")
            .whereRef("k.id", "=", "t.campaign_id")
            .where("k.status", "=", "closed"),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("survey_links as l")
              .whereRef("l.target_id", "=", "t.id")
              .where("l.expires_at", ">", now),
          ),
        ),
      )
      .execute();
  }

  /**
   * The month's action items, one per area (none where there is one already),
   * each assigned to the first active user of its `role` in the area. Returns
   * how many were added.
   */
  async addActions(month: string, items: NewSurveyAction[], now: Date): Promise<number> {
    const r = await this.db
      .insertInto("survey_actions")
      .values(
        items.map((a) => ({
          month,
          org_unit_id: a.orgId,
          metrics: JSON.stringify(a.metrics),
          created_at: now,
          assigned_user_id: sql<number | null>`(select u.id from users u
            where u.org_unit_id = ${a.orgId} and u.active and u.role = ${a.role} order by u.id limit 1)`,
        })),
      )
      .onConflict((oc) => oc.columns(["month", "org_unit_id"]).doNothing())
      .returning("id")
      .execute();
    return r.length;
  }

  async markClosed(campaignId: number, now: Date): Promise<void> {
    await this.db
      .updateTable("survey_campaigns")
      .set({ status: "closed", closed_at: now })
      .where("id", "=", campaignId)
      .where("status", "=", "open")
      .execute();
  }

  // ---- The call desk ----

  private base() {
    return this.db
      .selectFrom("survey_targets as t")
      .innerJoin("survey_campaigns as k", "k.id", "t.campaign_id")
      .innerJoin("consumers as p", "p.id", "t.consumer_id")
      .innerJoin("org_units as dc", "dc.id", "t.dc_id")
      .select([
        "t.id",
        "t.campaign_id",
        "t.consumer_id",
        "k.month",
        "k.status as campaign_status",
        "p.consumer_no",
        "p.name",
        "t.mobile as phone",
        "t.language",
        "t.dc_id",
        "dc.code as dc_code",
        "dc.name_en as dc_name_en",
        "dc.name_hi as dc_name_hi",
        "t.status",
        "t.attempts",
        "t.next_attempt_at",
        "t.lease_user_id",
        "t.lease_until",
        sql<
          string | null
        >`(select a.outcome from survey_attempts a where a.target_id = t.id order by a.id desc limit 1)`.as(
          "last_outcome",
        ),
      ]);
  }

  /** Pending calls of open campaigns due by `now` in the principal's jurisdiction and free for him, longest waiting first. */
  async due(principal: Principal, now: Date, limit: number): Promise<TargetRow[]> {
    const rows = await this.base()
      .where("t.status", "=", "pending")
      .where("t.next_attempt_at", "<=", now)
      .where("k.status", "=", "open")
      .where(dcInJurisdiction("t.dc_id", principal))
      .where(leaseFree("t.", now, principal.id))
      .orderBy("t.next_attempt_at")
      .orderBy("t.id")
      .limit(limit)
      .execute();
    return rows as unknown as TargetRow[];
  }

  /** Calls since `since` (his and the jurisdiction's) and the campaign's counts in the principal's jurisdiction. */
  async progress(principal: Principal, campaignId: number, since: Date, now: Date) {
    const r = await sql<{
      mine: number;
      desk: number;
      due: number;
      sampled: number;
      answered: number;
      link_sent: number;
    }>`
      select
        (select count(*)::int from survey_attempts a where a.at >= ${since} and a.user_id = ${principal.id}) as mine,
        (select count(*)::int from survey_attempts a where a.at >= ${since} and ${dcInJurisdiction("a.dc_id", principal)}) as desk,
        (select count(*)::int from survey_targets t where t.campaign_id = ${campaignId} and t.status = 'pending'
           and t.next_attempt_at <= ${now} and ${dcInJurisdiction("t.dc_id", principal)}) as due,
        (select count(*)::int from survey_targets t where t.campaign_id = ${campaignId} and ${dcInJurisdiction("t.dc_id", principal)}) as sampled,
        (select count(*)::int from survey_targets t where t.campaign_id = ${campaignId} and t.status = 'answered'
           and ${dcInJurisdiction("t.dc_id", principal)}) as answered,
        (select count(*)::int from survey_targets t where t.campaign_id = ${campaignId} and t.status = 'link_sent'
           and ${dcInJurisdiction("t.dc_id", principal)}) as link_sent`.execute(this.db);
    return r.rows[0];
  }

  /** One survey call, if it lies in the principal's jurisdiction. */
  async targetFor(principal: Principal, id: number): Promise<TargetRow | undefined> {
    const row = await this.base()
      .where("t.id", "=", id)
      .where(dcInJurisdiction("t.dc_id", principal))
      .executeTakeFirst();
    return row as unknown as TargetRow | undefined;
  }

  /** One survey call, whoever's it is: for its consumer's link. */
  async target(id: number): Promise<TargetRow> {
    const row = await this.base().where("t.id", "=", id).executeTakeFirstOrThrow();
    return row as unknown as TargetRow;
  }

  /** Gives a pending call to the agent until `until`, unless another holds it; false when he could not have it. */
  async lease(id: number, userId: number, now: Date, until: Date): Promise<boolean> {
    const r = await this.db
      .updateTable("survey_targets")
      .set({ lease_user_id: userId, lease_until: until })
      .where("id", "=", id)
      .where("status", "=", "pending")
      .where(leaseFree("", now, userId))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Clears his hold on a call (nobody else's). */
  async release(id: number, userId: number): Promise<void> {
    await this.db
      .updateTable("survey_targets")
      .set({ lease_user_id: null, lease_until: null })
      .where("id", "=", id)
      .where("lease_user_id", "=", userId)
      .execute();
  }

  attempts(targetId: number) {
    return this.db
      .selectFrom("survey_attempts as a")
      .leftJoin("users as u", "u.id", "a.user_id")
      .select(["a.at", "a.outcome", "a.note", "u.name as by"])
      .where("a.target_id", "=", targetId)
      .orderBy("a.id")
      .execute();
  }

  /** The call's row locked for update, in a transaction. */
  lock(id: number) {
    return this.db
      .selectFrom("survey_targets")
      .select(["status", "attempts", "lease_user_id", "lease_until"])
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirstOrThrow();
  }

  async addAttempt(a: {
    target_id: number;
    at: Date;
    user_id: number | null;
    dc_id: number;
    outcome: SurveyOutcome;
    note: string | null;
  }): Promise<void> {
    await this.db.insertInto("survey_attempts").values(a).execute();
  }

  /** Updates a call; with `statusIn`, only while its status is one of those. False when no row changed. */
  async updateTarget(
    id: number,
    changes: SurveyTargetUpdate,
    statusIn?: SurveyTargetStatus[],
  ): Promise<boolean> {
    let q = this.db.updateTable("survey_targets").set(changes).where("id", "=", id);
    if (statusIn) q = q.where("status", "in", statusIn);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** A category the call centre may register complaints in now. */
  async categoryExists(code: string): Promise<boolean> {
    const k = await this.db
      .selectFrom("complaint_categories")
      .select("code")
      .where("code", "=", code)
      .where("active", "=", true)
      .executeTakeFirst();
    return k !== undefined;
  }

  // ---- Links ----

  async addLink(l: {
    token_hash: string;
    target_id: number;
    created_at: Date;
    expires_at: Date;
  }): Promise<void> {
    await this.db.insertInto("survey_links").values(l).execute();
  }

  link(tokenHash: string) {
    return this.db
      .selectFrom("survey_links")
      .selectAll()
      .where("token_hash", "=", tokenHash)
      .executeTakeFirst();
  }

  /** Marks the link used; false when it was used already. */
  async useLink(tokenHash: string, now: Date): Promise<boolean> {
    const r = await this.db
      .updateTable("survey_links")
      .set({ used_at: now })
      .where("token_hash", "=", tokenHash)
      .where("used_at", "is", null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** The company's unit (every area lies below it). */
  company() {
    return this.db
      .selectFrom("org_units")
      .select(["id", "code", "path"])
      .where("kind", "=", "company")
      .executeTakeFirstOrThrow();
  }

  // ---- Complaints from answers ----

  answer(targetId: number) {
    return this.db
      .selectFrom("survey_targets as t")
      .innerJoin("consumers as p", "p.id", "t.consumer_id")
      .select(["t.suggestion", "t.complaint_id", "t.mobile", "t.language", "p.consumer_no"])
      .where("t.id", "=", targetId)
      .executeTakeFirstOrThrow();
  }

  /**
   * Links the complaint to the answer and marks its suggestion acted on
   * (keeping a note written before). False when another complaint is linked.
   */
  async linkComplaint(
    targetId: number,
    complaintId: number,
    o: { at: Date; by: number | null; note: string },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable("survey_targets")
      .set({
        complaint_id: complaintId,
        suggestion_status: "acted",
        acted_at: o.at,
        acted_by: o.by,
        acted_note: sql`coalesce(acted_note, ${o.note})`,
      })
      .where("id", "=", targetId)
      .where((eb) => eb.or([eb("complaint_id", "is", null), eb("complaint_id", "=", complaintId)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  // ---- Scorecards ----

  /**
   * Per area and month: the survey's counts of the campaigns of `months`
   * and the ratings of callbacks closed in [from, to) (months taken in
   * `timeZone`), summed from the DCs below each area under `path` (of one
   * level, or one area).
   */
  async figures(
    months: string[],
    o: { from: Date; to: Date; timeZone: string; level?: OrgKind; orgId?: number; path: string },
  ): Promise<FigureRow[]> {
    const tz = o.timeZone;
    const inArea = o.level === "dc" ? sql`d.dc_id = o.id` : sql`dc.path like o.path || '%'`;
    const r = await sql<FigureRow>`
      with t as (
        select k.month, t.dc_id, sum(t.sampled) as sampled, sum(t.answered) as answered,
          sum(t.regular) as regular, sum(t.regular_n) as regular_n, sum(t.meter) as meter,
          sum(t.meter_n) as meter_n, sum(t.on_time) as on_time, sum(t.on_time_n) as on_time_n,
          sum(t.correct) as correct, sum(t.correct_n) as correct_n
        from survey_rollup t join survey_campaigns k on k.id = t.campaign_id
        where k.month in (${sql.join(months)})
        group by k.month, t.dc_id having sum(t.sampled) <> 0
      ), cb as (
        select b.month, b.dc_id, sum(b.overall_sum) as rating_sum, sum(b.overall_n) as rating_n
        from (${callbackMonths(o.from, o.to, tz)}) b
        group by 1, 2 having sum(b.overall_n) <> 0
      ), d as (
        select coalesce(t.month, cb.month) as month, coalesce(t.dc_id, cb.dc_id) as dc_id,
          coalesce(t.sampled, 0) as sampled, coalesce(t.answered, 0) as answered,
          coalesce(t.regular, 0) as regular, coalesce(t.regular_n, 0) as regular_n,
          coalesce(t.meter, 0) as meter, coalesce(t.meter_n, 0) as meter_n,
          coalesce(t.on_time, 0) as on_time, coalesce(t.on_time_n, 0) as on_time_n,
          coalesce(t.correct, 0) as correct, coalesce(t.correct_n, 0) as correct_n,
          coalesce(cb.rating_sum, 0) as rating_sum, coalesce(cb.rating_n, 0) as rating_n
        from t full join cb on cb.month = t.month and cb.dc_id = t.dc_id
      )
      select o.id as org_id, o.code, o.kind, o.name_en, o.name_hi, d.month,
        coalesce(sum(d.sampled), 0)::int as sampled, coalesce(sum(d.answered), 0)::int as answered,
        coalesce(sum(d.regular), 0)::int as regular, coalesce(sum(d.regular_n), 0)::int as regular_n,
        coalesce(sum(d.meter), 0)::int as meter, coalesce(sum(d.meter_n), 0)::int as meter_n,
        coalesce(sum(d.on_time), 0)::int as on_time, coalesce(sum(d.on_time_n), 0)::int as on_time_n,
        coalesce(sum(d.correct), 0)::int as correct, coalesce(sum(d.correct_n), 0)::int as correct_n,
        coalesce(sum(d.rating_sum), 0)::int as rating_sum, coalesce(sum(d.rating_n), 0)::int as rating_n
      from org_units o
      left join (d join org_units dc on dc.id = d.dc_id) on ${inArea}
      where o.path like ${`${o.path}%`}
        ${o.level ? sql`and o.kind = ${o.level}` : sql``}
        ${o.orgId ? sql`and o.id = ${o.orgId}` : sql``}
      group by o.id, o.code, o.kind, o.name_en, o.name_hi, d.month
      order by o.code, d.month`.execute(this.db);
    return r.rows.map((x) => ({ ...x, org_id: Number(x.org_id) }));
  }

  /** An area by its code, if it lies in the principal's jurisdiction. */
  areaFor(principal: Principal, code: string) {
    return this.db
      .selectFrom("org_units")
      .select(["id", "code", "kind", "name_en", "name_hi", "path"])
      .where("code", "=", code)
      .where("path", "like", `${principal.orgPath}%`)
      .executeTakeFirst();
  }

  // ---- Action items and suggestions ----

  /** The last 300 action items of areas in the principal's jurisdiction, open ones first. */
  actions(principal: Principal, status: "open" | "done" | "all") {
    return this.actionsQuery(principal, status).orderBy(orderSql(ACTION_ORDER)).limit(300).execute();
  }

  /** The same list past its 300, after a cursor, in its order (the export). */
  async actionsAfter(
    principal: Principal,
    status: "open" | "done" | "all",
    after: Cursor | undefined,
    limit: number,
  ) {
    let q = this.actionsQuery(principal, status).select(keyColumns(ACTION_ORDER));
    if (after) q = q.where(afterCursor(ACTION_ORDER, after));
    const rows = await q.orderBy(orderSql(ACTION_ORDER)).limit(limit).execute();
    return rows.map((r) => ({ ...r, cursor: cursorOf(r, ACTION_ORDER) }));
  }

  private actionsQuery(principal: Principal, status: "open" | "done" | "all") {
    let q = this.db
      .selectFrom("survey_actions as a")
      .innerJoin("org_units as o", "o.id", "a.org_unit_id")
      .leftJoin("users as u", "u.id", "a.assigned_user_id")
      .leftJoin("users as d", "d.id", "a.done_by")
      .select([
        "a.id",
        "a.month",
        "a.metrics",
        "a.status",
        "a.created_at",
        "a.done_at",
        "a.action_taken",
        "u.name as assigned_to",
        "d.name as done_by",
        "o.code",
        "o.kind",
        "o.name_en",
        "o.name_hi",
      ])
      .where("o.path", "like", `${principal.orgPath}%`);
    if (status !== "all") q = q.where("a.status", "=", status);
    return q;
  }

  /** One action item, if its area lies in the principal's jurisdiction. */
  actionFor(principal: Principal, id: number) {
    return this.db
      .selectFrom("survey_actions as a")
      .innerJoin("org_units as o", "o.id", "a.org_unit_id")
      .select(["a.id", "a.status"])
      .where("a.id", "=", id)
      .where("o.path", "like", `${principal.orgPath}%`)
      .executeTakeFirst();
  }

  /** Marks an open action item done; false when it was done already. */
  async actionDone(
    id: number,
    done: { done_at: Date; done_by: number; action_taken: string },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable("survey_actions")
      .set({ status: "done", ...done })
      .where("id", "=", id)
      .where("status", "=", "open")
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** The last 300 suggestions in the principal's jurisdiction, newest first. */
  suggestions(principal: Principal, status: "new" | "acted" | "all") {
    return this.suggestionsQuery(principal, status).orderBy(orderSql(SUGGESTION_ORDER)).limit(300).execute();
  }

  /** The same list past its 300, after a cursor, in its order (the export). */
  async suggestionsAfter(
    principal: Principal,
    status: "new" | "acted" | "all",
    after: Cursor | undefined,
    limit: number,
  ) {
    let q = this.suggestionsQuery(principal, status).select(keyColumns(SUGGESTION_ORDER));
    if (after) q = q.where(afterCursor(SUGGESTION_ORDER, after));
    const rows = await q.orderBy(orderSql(SUGGESTION_ORDER)).limit(limit).execute();
    return rows.map((r) => ({ ...r, cursor: cursorOf(r, SUGGESTION_ORDER) }));
  }

  private suggestionsQuery(principal: Principal, status: "new" | "acted" | "all") {
    let q = this.db
      .selectFrom("survey_targets as t")
      .innerJoin("survey_campaigns as k", "k.id", "t.campaign_id")
      .innerJoin("consumers as p", "p.id", "t.consumer_id")
      .innerJoin("org_units as dc", "dc.id", "t.dc_id")
      .leftJoin("complaints as c", "c.id", "t.complaint_id")
      .leftJoin("users as u", "u.id", "t.acted_by")
      .select([
        "t.id",
        "k.month",
        "p.consumer_no",
        "p.name",
        "dc.code as dc_code",
        "dc.name_en as dc_name_en",
        "dc.name_hi as dc_name_hi",
        "t.suggestion",
        "t.answered_at",
        "t.answered_via",
        "t.wants_complaint",
        "t.suggestion_status",
        "t.acted_at",
        "u.name as acted_by",
        "t.acted_note",
        "c.number as complaint_number",
      ])
      .where("t.suggestion", "is not", null)
      .where(dcInJurisdiction("t.dc_id", principal));
    if (status !== "all") q = q.where("t.suggestion_status", "=", status);
    return q;
  }

  /** One answer with a suggestion, if it lies in the principal's jurisdiction. */
  suggestionFor(principal: Principal, id: number) {
    return this.db
      .selectFrom("survey_targets as t")
      .select(["t.id", "t.suggestion", "t.suggestion_status", "t.answered_via", "t.complaint_id"])
      .where("t.id", "=", id)
      .where("t.suggestion", "is not", null)
      .where(dcInJurisdiction("t.dc_id", principal))
      .executeTakeFirst();
  }

  /** Marks a new suggestion acted on; false when it was acted on already. */
  async suggestionActed(
    id: number,
    acted: { acted_at: Date; acted_by: number; acted_note: string },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable("survey_targets")
      .set({ suggestion_status: "acted", ...acted })
      .where("id", "=", id)
      .where("suggestion_status", "=", "new")
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
