import type { Database } from "../../db/database.ts";
import { fixedClock } from "../../lib/clock.ts";
import type { Principal } from "../access/principal.ts";
import type { ComplaintAction } from "../complaints/complaints.state.ts";
import { createRepositories, createServices } from "../registry.ts";
import { principalFromUser } from "../users/auth.service.ts";
import { DemoRepository } from "./demo.repository.ts";
import { Random } from "./random.ts";

const CATEGORY_WEIGHTS = {
  no_supply: 45,
  voltage: 10,
  meter: 10,
  billing: 12,
  line_breakdown: 8,
  dt_failure: 4,
  safety_hazard: 2,
  new_connection: 4,
  cable_fault: 2,
  other: 3,
};
type DemoCategory = keyof typeof CATEGORY_WEIGHTS;

const SUBCATEGORIES: Record<DemoCategory, string[]> = {
  no_supply: ["fuse_off", "fuse_off", "service_line", "single_phase", "area"],
  voltage: ["low", "low", "fluctuation", "high"],
  meter: ["stopped", "burnt", "fast", "display"],
  billing: ["excess", "not_received", "wrong_reading", "payment_missing"],
  line_breakdown: ["wire_snapped", "jumper", "insulator"],
  dt_failure: ["dt_burnt", "dt_overload", "dt_oil"],
  safety_hazard: ["live_wire", "fallen_pole", "sparking", "open_dt"],
  new_connection: ["pending", "load_change"],
  cable_fault: ["cable_fault", "cable_burnt"],
  other: ["other"],
};

// What callers say, as the agent types it (mostly Hindi).
const WORDS: Record<DemoCategory, string[]> = {
  no_supply: [
    "सुबह से बिजली नहीं है",
    "फ्यूज़ उड़ गया है",
    "घर की बिजली बंद है, पड़ोस में है",
    "No power since last night",
    "सर्विस तार ढीला है",
  ],
  voltage: ["पंखा धीमा चलता है", "बल्ब बहुत कम रोशनी देता है", "Voltage goes up and down, TV switched off"],
  meter: ["मीटर बंद है", "मीटर बहुत तेज़ चल रहा है", "मीटर से धुआँ निकला"],
  billing: [
    "बिल बहुत ज़्यादा आया है",
    "इस महीने बिल नहीं आया",
    "Paid online but bill shows due",
    "रीडिंग गलत ली गई",
  ],
  line_breakdown: ["तार टूटकर गिरा है", "जम्पर कट गया, आधी गली में बिजली नहीं", "Wire snapped near the school"],
  dt_failure: [
    "ट्रांसफार्मर से धुआँ निकला, पूरे मोहल्ले की बिजली बंद",
    "Transformer making loud noise, then supply went",
  ],
  safety_hazard: [
    "खंभा झुक गया है, तार नीचे लटक रहा है",
    "Live wire lying on the road",
    "ट्रांसफार्मर का बॉक्स खुला है, बच्चे खेलते हैं",
  ],
  new_connection: ["आवेदन किए 20 दिन हो गए", "Load increase applied last month"],
  cable_fault: ["केबल जल गई", "Underground cable burnt near the market"],
  other: ["लाइनमैन से संपर्क नहीं हो रहा", "Street light pole has current"],
};

const FIX: Record<DemoCategory, string[]> = {
  no_supply: ["fuse_replaced", "fuse_replaced", "service_line_repaired", "not_our_fault"],
  voltage: ["voltage_corrected"],
  meter: ["meter_replaced", "meter_tested_ok"],
  billing: ["bill_revised", "bill_explained"],
  line_breakdown: ["line_repaired"],
  dt_failure: ["dt_replaced", "dt_repaired"],
  safety_hazard: ["hazard_made_safe"],
  new_connection: ["connection_released"],
  cable_fault: ["cable_repaired"],
  other: ["other"],
};

const HOUR = 3600_000;

/** The lineman the README names for a first look, and his JE. */
const NAMED_LINEMAN = "lineman.jbpc01.1";
const NAMED_JE = "je.jbpc01";
const NAMED_DC = "JBPC01";

/**
 * The README's lineman finds work when he signs in: two open complaints of
 * his DC assigned to him by his JE within the last hour, one he has accepted
 * (he sees "On site") and one just in (he sees "Accept").
 */
async function namedLinemansWork(
  services: ReturnType<typeof createServices>,
  demo: DemoRepository,
  as: (login: string) => Promise<Principal | undefined>,
  now: Date,
  clock: ReturnType<typeof fixedClock>,
  seed: string,
): Promise<number> {
  const lineman = await as(NAMED_LINEMAN);
  const je = await as(NAMED_JE);
  const agent = await as("agent1");
  if (!lineman || !je || !agent) return 0;
  // He has work already (a second load of the demo): nothing to add.
  if ((await demo.openAssignedTo(NAMED_LINEMAN)) >= 2) return 0;
  const consumers = await demo.consumerNosIn(NAMED_DC, 2);
  let created = 0;
  for (const [i, consumerNo] of consumers.entries()) {
    clock.set(new Date(now.getTime() - (50 - 30 * i) * 60_000));
    const res = await services.complaints.create(
      agent,
      {
        consumerNo,
        categoryCode: i === 0 ? "no_supply" : "voltage",
        subcategoryCode: i === 0 ? "fuse_off" : "low",
        description: i === 0 ? "फ्यूज़ उड़ गया है" : "पंखा धीमा चलता है",
        channel: "call",
        language: "hi",
      },
      `demo:${seed}:named:${i}`,
    );
    if (res.outcome !== "created") continue;
    created++;
    const c = res.complaint;
    if (c.assignee_login !== NAMED_LINEMAN)
      await services.complaints.act(je, c.number, "assign", { assigneeId: lineman.id });
    if (i === 0) {
      clock.set(new Date(now.getTime() - 40 * 60_000));
      await services.complaints.act(lineman, c.number, "accept", {});
    }
  }
  clock.set(now);
  return created;
}

/**
 * Three days of complaints for the demo, registered through the complaint
 * service like real calls (with their timelines, SMS and escalations): most
 * resolved, some on site, some still waiting for a lineman, a few overdue.
 * Idempotency keys make a second run with the same seed change nothing.
 */
export async function loadDemoComplaints(
  database: Database,
  options: { count: number; seed: string; now?: Date; timeZone?: string },
): Promise<{ created: number; replayed: number; seconds: number }> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const clock = fixedClock(now);
  const repos = createRepositories(database);
  const services = createServices(database, repos, { clock, timeZone: options.timeZone ?? "Asia/Kolkata" });
  const r = new Random(`${options.seed}:complaints`);
  const agentUser = await repos.users.findByLoginForAuth("agent1");
  if (!agentUser) throw new Error("demo complaints need the demo users");
  const agent = principalFromUser(agentUser);
  const demo = new DemoRepository(database.db);
  const maxId = await demo.maxConsumerId();
  if (maxId === 0) return { created: 0, replayed: 0, seconds: 0 };
  const principals = new Map<string, Principal>();
  const as = async (login: string): Promise<Principal | undefined> => {
    if (!principals.has(login)) {
      const u = await repos.users.findByLoginForAuth(login);
      if (u) principals.set(login, principalFromUser(u));
    }
    return principals.get(login);
  };
  const times = Array.from({ length: options.count }, () => now.getTime() - r.next() * 72 * HOUR).sort(
    (a, b) => a - b,
  );
  let created = 0;
  let replayed = 0;
  for (let i = 0; i < options.count; i++) {
    const at = new Date(times[i] as number);
    clock.set(at);
    const consumerNo = await demo.consumerNoFrom(1 + Math.floor(r.next() * maxId));
    if (!consumerNo) continue;
    // Every random draw of this complaint happens here, before anything can be
    // skipped, so a second run with the same seed asks exactly the same things.
    const category = r.weighted(CATEGORY_WEIGHTS);
    const request = {
      consumerNo,
      categoryCode: category,
      subcategoryCode: r.pick(SUBCATEGORIES[category]),
      description: r.pick(WORDS[category]),
      channel: r.weighted({ call: 80, whatsapp: 8, web: 6, sms: 6 }),
      language: r.chance(0.8) ? ("hi" as const) : ("en" as const),
    };
    const fate = r.next();
    const lateness = r.next();
    const fix = r.pick(FIX[category]);
    const attendOnly = r.chance(0.4);
    const res = await services.complaints.create(agent, request, `demo:${options.seed}:${i}`);
    if (res.outcome === "replayed") {
      replayed++;
      continue;
    }
    if (res.outcome !== "created") continue;
    created++;
    const c = res.complaint;
    const limit = c.due_at.getTime() - c.registered_at.getTime();
    const age = now.getTime() - at.getTime();
    const worker = c.assignee_login ? await as(c.assignee_login) : undefined;
    if (!worker) continue;
    const step = async (action: ComplaintAction, after: number, input = {}) => {
      const when = at.getTime() + after;
      if (when >= now.getTime()) return false;
      clock.set(new Date(when));
      await services.complaints.act(worker, c.number, action, input);
      return true;
    };
    // Most complaints are fixed within the limit; some late; the newest still open.
    // The lineman accepts first, within minutes, unless the complaint is just in.
    const fixAfter = limit * (fate < 0.8 ? 0.2 + lateness * 0.7 : 1 + lateness * 0.8);
    const acceptAfter = Math.min(limit * 0.1, 10 * 60_000) * (0.2 + lateness);
    if (age > fixAfter && fate < 0.92) {
      await step("accept", acceptAfter);
      if (await step("attend", fixAfter * 0.6)) await step("resolve", fixAfter, { resolutionCode: fix });
    } else if (attendOnly) {
      await step("accept", acceptAfter);
      await step("attend", Math.min(age * 0.5, limit * 0.4));
    }
  }
  clock.set(now);
  created += await namedLinemansWork(services, demo, as, now, clock, options.seed);
  for (let i = 0; i < 100; i++) {
    const e = await services.complaints.escalateDue(500);
    if (e.escalated < 500) break;
  }
  return { created, replayed, seconds: (performance.now() - started) / 1000 };
}
