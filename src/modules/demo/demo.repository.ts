import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/schema.ts";

/**
 * What the demo loader reads and writes itself. Most of the demo goes in
 * through the importers and services like real data; these are the few
 * queries around them (picking consumers to complain, a year of survey
 * answers written in one statement, since answering each through the desk
 * would take minutes). Answers come from seeded hashes, so a second run with
 * the same seed writes the same.
 */
export class DemoRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The highest consumer id (0 when there are none). */
  async maxConsumerId(): Promise<number> {
    const r = await this.db
      .selectFrom("consumers")
      .select((eb) => eb.fn.max("id").as("max"))
      .executeTakeFirstOrThrow();
    return Number(r.max ?? 0);
  }

  /** How many open complaints a user (by login) has assigned to him. */
  async openAssignedTo(login: string): Promise<number> {
    const r = await this.db
      .selectFrom("complaints as k")
      .innerJoin("users as u", "u.id", "k.assigned_to")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("u.login", "=", login)
      .where("k.status", "in", ["registered", "assigned", "attended", "waiting"])
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Up to `n` consumers of a DC (by its code) with no open complaint, highest ids first. */
  async consumerNosIn(dcCode: string, n: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom("consumers as c")
      .innerJoin("org_units as o", "o.id", "c.dc_id")
      .select("c.consumer_no")
      .where("o.code", "=", dcCode)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("complaints as k")
              .select("k.id")
              .whereRef("k.consumer_id", "=", "c.id")
              .where("k.status", "in", ["registered", "assigned", "attended", "waiting"]),
          ),
        ),
      )
      // The DC's last consumers: the first ones are what a test or a new user tries first.
      .orderBy("c.id", "desc")
      .limit(n)
      .execute();
    return rows.map((r) => r.consumer_no);
  }

  /** The consumer with the lowest id from `id` on. */
  async consumerNoFrom(id: number): Promise<string | undefined> {
    const r = await this.db
      .selectFrom("consumers")
      .select("consumer_no")
      .where("id", ">=", id)
      .orderBy("id")
      .limit(1)
      .executeTakeFirst();
    return r?.consumer_no;
  }

  async surveyCampaignExists(month: string): Promise<boolean> {
    const r = await this.db
      .selectFrom("survey_campaigns")
      .select("id")
      .where("month", "=", month)
      .executeTakeFirst();
    return r !== undefined;
  }

  /**
   * Answers about `share` of a campaign's targets in plausible proportions:
   * some DCs worse than others, better by `improvement`; answered over `days`
   * from `start`; with `suggest`, a few leave one of `suggestions`. Returns how many it answered.
   */
  async answerSurvey(a: {
    campaignId: number;
    month: string;
    share: number;
    start: Date;
    days: number;
    improvement: number;
    suggest: boolean;
    suggestions: string[];
  }): Promise<number> {
    const r = await sql`
      with r as (
        select t.id,
          (abs(hashtextextended(p.consumer_no || ${a.month}, 1)) % 1000) / 1000.0 as u1,
          (abs(hashtextextended(p.consumer_no || ${a.month}, 2)) % 1000) / 1000.0 as u2,
          (abs(hashtextextended(p.consumer_no || ${a.month}, 3)) % 1000) / 1000.0 as u3,
          (abs(hashtextextended(p.consumer_no || ${a.month}, 4)) % 1000) / 1000.0 as u4,
          (abs(hashtextextended(p.consumer_no || ${a.month}, 5)) % 1000) / 1000.0 as u5,
          (abs(hashtextextended(p.consumer_no || ${a.month}, 6)) % 1000) / 1000.0 as u6,
          least(1.0, (abs(hashtextextended(dc.code, 7)) % 1000) / 1000.0 + ${a.improvement}) as q
        from survey_targets t
        join consumers p on p.id = t.consumer_id
        join org_units dc on dc.id = t.dc_id
        where t.campaign_id = ${a.campaignId}
      ), a as (
        select r.*, least(24, round(16.5 + 9 * (0.5 * q + 0.5 * u2)))::numeric(3, 1) as hours,
          floor((1.1 - q) * 7 * u3)::int as cuts
        from r where r.u1 < ${a.share}
      )
      update survey_targets t set
        status = 'answered',
        answered_via = case when a.u6 < 0.15 then 'link' else 'call' end,
        answered_at = ${a.start}::timestamptz + (a.u5 * ${a.days}) * interval '1 day',
        attempts = 1,
        supply_hours = a.hours,
        interruptions = a.cuts,
        regular_supply = a.hours >= 20 and a.cuts <= 4,
        meter_read = a.u4 < 0.55 + 0.4 * a.q,
        bill_on_time = a.u5 < 0.5 + 0.45 * a.q,
        bill_correct = a.u6 < 0.72 + 0.25 * a.q,
        suggestion = case when a.u3 < 0.06 and ${a.suggest} then
          (${sql.val(a.suggestions)}::text[])[1 + floor(a.u4 * ${a.suggestions.length})::int] end,
        suggestion_status = case when a.u3 < 0.06 and ${a.suggest} then 'new' end
      from a where a.id = t.id`.execute(this.db);
    return Number(r.numAffectedRows ?? 0);
  }

  /** Open survey actions of months before `month`, assigned to someone, are done (with one of `actions`). */
  async finishSurveyActions(month: string, actions: string[]): Promise<void> {
    await sql`
      update survey_actions set status = 'done', done_at = created_at + interval '6 days', done_by = assigned_user_id,
        action_taken = (${sql.val(actions)}::text[])[1 + abs(hashtextextended(month || org_unit_id::text, 0)) % ${actions.length}]
      where status = 'open' and month < ${month} and assigned_user_id is not null`.execute(this.db);
  }
}
