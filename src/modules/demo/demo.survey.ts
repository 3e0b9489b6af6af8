import { sql } from "kysely";
import type { Database } from "../../db/database.ts";
import { fixedClock } from "../../lib/clock.ts";
import { addMonths, monthOf, startOfMonth } from "../../lib/time.ts";
import { createRepositories, createServices } from "../registry.ts";

const SUGGESTIONS = [
  "शाम को वोल्टेज बहुत कम रहता है",
  "मीटर रीडर हर महीने नहीं आता, औसत बिल आता है",
  "बिल देर से मिलता है, नियत तिथि निकल जाती है",
  "Transformer near the school hums and sparks in the rain",
  "Please send the bill on WhatsApp as well",
  "लाइनमैन फोन नहीं उठाते",
  "Street light pole leaning near the market",
  "ऑनलाइन भुगतान के बाद भी बकाया दिखता है",
];

const ACTIONS = [
  "Feeder maintenance done; loose jumpers and insulators replaced",
  "Meter readers' route re-allotted; reading agency warned in writing",
  "Bill distribution handed to the new agency; delivery checked in two wards",
  "DT overload shared to a new 100 kVA transformer",
  "Spot billing camp held; wrong readings corrected",
];

/**
 * A year of the monthly survey for the demo: each past month's sample drawn
 * the real way (seeded), answered in plausible proportions (some DCs worse
 * than others, slowly improving), then closed so low areas carry action
 * items; this month's campaign is drawn and partly answered, the rest waits
 * for the desk. Answers come from a seeded hash, so a second run draws and
 * answers the same.
 */
export async function loadDemoSurvey(
  database: Database,
  options: { seed: string; now?: Date; timeZone?: string; months?: number },
): Promise<{ months: number; answered: number }> {
  const now = options.now ?? new Date();
  const timeZone = options.timeZone ?? "Asia/Kolkata";
  const current = monthOf(now, timeZone);
  const months = options.months ?? 11;
  let answered = 0;
  // One set of services whose clock walks through the year.
  const clock = fixedClock(now);
  const services = createServices(database, createRepositories(database), { clock, timeZone });
  for (let i = months; i >= 0; i--) {
    const month = addMonths(current, -i);
    const start = startOfMonth(month, timeZone);
    // Each month is drawn as on its 1st, 10 a.m.
    const at = i === 0 ? now : new Date(start.getTime() + 4.5 * 3600_000);
    clock.set(at);
    const exists = await database.db
      .selectFrom("survey_campaigns")
      .select("id")
      .where("month", "=", month)
      .executeTakeFirst();
    if (exists) continue;
    const built = await services.survey.buildCampaign(month, { seed: `${options.seed}:${month}` });
    // This month: a fifth answered so far; past months: about seven in ten.
    const share = i === 0 ? 0.2 : 0.72;
    const days = i === 0 ? Math.max(1, (now.getTime() - start.getTime()) / 86_400_000) : 27;
    const r = await sql`
      with r as (
        select t.id,
          (abs(hashtextextended(p.consumer_no || ${month}, 1)) % 1000) / 1000.0 as u1,
          (abs(hashtextextended(p.consumer_no || ${month}, 2)) % 1000) / 1000.0 as u2,
          (abs(hashtextextended(p.consumer_no || ${month}, 3)) % 1000) / 1000.0 as u3,
          (abs(hashtextextended(p.consumer_no || ${month}, 4)) % 1000) / 1000.0 as u4,
          (abs(hashtextextended(p.consumer_no || ${month}, 5)) % 1000) / 1000.0 as u5,
          (abs(hashtextextended(p.consumer_no || ${month}, 6)) % 1000) / 1000.0 as u6,
          least(1.0, (abs(hashtextextended(dc.code, 7)) % 1000) / 1000.0 + ${(months - i) * 0.015}) as q
        from survey_targets t
        join consumers p on p.id = t.consumer_id
        join org_units dc on dc.id = t.dc_id
        where t.campaign_id = ${built.id}
      ), a as (
        select r.*, least(24, round(16.5 + 9 * (0.5 * q + 0.5 * u2)))::numeric(3, 1) as hours,
          floor((1.1 - q) * 7 * u3)::int as cuts
        from r where r.u1 < ${share}
      )
      update survey_targets t set
        status = 'answered',
        answered_via = case when a.u6 < 0.15 then 'link' else 'call' end,
        answered_at = ${start}::timestamptz + (a.u5 * ${days}) * interval '1 day',
        attempts = 1,
        supply_hours = a.hours,
        interruptions = a.cuts,
        regular_supply = a.hours >= 20 and a.cuts <= 4,
        meter_read = a.u4 < 0.55 + 0.4 * a.q,
        bill_on_time = a.u5 < 0.5 + 0.45 * a.q,
        bill_correct = a.u6 < 0.72 + 0.25 * a.q,
        suggestion = case when a.u3 < 0.06 and ${i <= 1} then
          (${sql.val(SUGGESTIONS)}::text[])[1 + floor(a.u4 * ${SUGGESTIONS.length})::int] end,
        suggestion_status = case when a.u3 < 0.06 and ${i <= 1} then 'new' end
      from a where a.id = t.id`.execute(database.db);
    answered += Number(r.numAffectedRows ?? 0);
    if (i > 0) {
      // Closed as on the next month's 1st.
      clock.set(startOfMonth(addMonths(month, 1), timeZone));
      await services.survey.closeCampaign(month);
    }
  }
  // Older flags were seen to by their officers; last month's still wait.
  await sql`
    update survey_actions set status = 'done', done_at = created_at + interval '6 days', done_by = assigned_user_id,
      action_taken = (${sql.val(ACTIONS)}::text[])[1 + abs(hashtextextended(month || org_unit_id::text, 0)) % ${ACTIONS.length}]
    where status = 'open' and month < ${addMonths(current, -1)} and assigned_user_id is not null`.execute(
    database.db,
  );
  return { months: months + 1, answered };
}
