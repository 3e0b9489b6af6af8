import type { Database } from "../../db/database.ts";
import { fixedClock } from "../../lib/clock.ts";
import { addMonths, monthOf, startOfMonth } from "../../lib/time.ts";
import { createRepositories, createServices } from "../registry.ts";
import { DemoRepository } from "./demo.repository.ts";

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
  const demo = new DemoRepository(database.db);
  for (let i = months; i >= 0; i--) {
    const month = addMonths(current, -i);
    const start = startOfMonth(month, timeZone);
    // Each month is drawn as on its 1st, 10 a.m.
    const at = i === 0 ? now : new Date(start.getTime() + 4.5 * 3600_000);
    clock.set(at);
    if (await demo.surveyCampaignExists(month)) continue;
    const built = await services.survey.buildCampaign(month, { seed: `${options.seed}:${month}` });
    // This month: a fifth answered so far; past months: about seven in ten.
    const share = i === 0 ? 0.2 : 0.72;
    const days = i === 0 ? Math.max(1, (now.getTime() - start.getTime()) / 86_400_000) : 27;
    answered += await demo.answerSurvey({
      campaignId: built.id,
      month,
      share,
      start,
      days,
      improvement: (months - i) * 0.015,
      suggest: i <= 1,
      suggestions: SUGGESTIONS,
    });
    if (i > 0) {
      // Closed as on the next month's 1st.
      clock.set(startOfMonth(addMonths(month, 1), timeZone));
      await services.survey.closeCampaign(month);
    }
  }
  // Older flags were seen to by their officers; last month's still wait.
  await demo.finishSurveyActions(addMonths(current, -1), ACTIONS);
  return { months: months + 1, answered };
}
