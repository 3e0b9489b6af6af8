import { zonedParts } from "../../lib/time.ts";
import type { CsvRecord, DemoPlan } from "./demo.generator.ts";
import { FEMALE_NAMES, MALE_NAMES, SURNAMES } from "./demo.places.ts";
import { Random } from "./random.ts";

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, "0");

/** Where the demo's applications stand: most released long ago, the rest spread over the stages. */
const STAGES = {
  applied: 12,
  documents_complete: 9,
  site_inspected: 8,
  demand_note_issued: 8,
  charges_paid: 7,
  meter_installed: 5,
  released: 43,
  rejected: 8,
};
/** How many days each stage takes to reach from the application, at most. */
const REACHED_AFTER: Record<keyof typeof STAGES, [number, number]> = {
  applied: [0, 0],
  documents_complete: [0, 4],
  site_inspected: [2, 8],
  demand_note_issued: [3, 10],
  charges_paid: [5, 20],
  meter_installed: [6, 22],
  released: [3, 25],
  rejected: [1, 10],
};
const CATEGORIES = { domestic: 70, non_domestic: 18, agriculture: 9, industrial: 3 };
const REJECT_REASONS = [
  "Ownership proof not given",
  "Duplicate of an earlier application",
  "Premises not wired; wiring certificate missing",
  "स्वामित्व का प्रमाण नहीं दिया गया",
];

/**
 * The application the e2e tests and demos can find by the caller's mobile:
 * at the demo JE's DC (the first DC's JE, `je.<dc>`), at "site inspected",
 * in Hindi. Its mobile is no demo consumer's.
 */
export const DEMO_APPLICATION = {
  number: "NCDM2611000001",
  mobile: "9826098260",
  applicantName: "सुनीता वर्मा",
  status: "site_inspected",
} as const;

/** Local "YYYY-MM-DD HH:MM" of an instant. */
function stamp(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * connections.csv records of the demo: `count` applications over the demo's
 * DCs (a share at the demo JE's DC), applied over the last 75 days, at every
 * stage: some pending past their SoP limit (their breach and compensation
 * are set at import), some released this month. Loaded through
 * `powerdesk import connections`, so a re-run with the same seed and day
 * changes nothing. The first is DEMO_APPLICATION.
 */
export function* demoConnections(
  plan: DemoPlan,
  count: number,
  now: Date,
  timeZone = "Asia/Kolkata",
): Generator<CsvRecord> {
  const r = new Random(`${plan.seed}:connections`);
  const jeDc = plan.users.find((u) => u.role === "je")?.orgCode ?? plan.dcs[0]?.code;
  const dcs = plan.dcs;
  const latest = now.getTime() - 3_600_000;
  for (let i = 1; i <= count; i++) {
    const dc = i % 8 === 1 ? (dcs.find((d) => d.code === jeDc) ?? dcs[0]) : dcs[r.int(0, dcs.length - 1)];
    if (!dc) return;
    const first = i === 1;
    const status = first ? DEMO_APPLICATION.status : r.weighted(STAGES);
    const [lo, hi] = REACHED_AFTER[status];
    // Released ones are older; a third of them this month.
    const ageDays = status === "released" && r.chance(0.35) ? r.int(4, 20) : r.int(1, 75);
    const applied = new Date(Math.min(latest, now.getTime() - ageDays * DAY - r.int(0, 10 * 60) * 60_000));
    const reached = new Date(
      Math.min(latest, applied.getTime() + r.int(lo, hi) * DAY + r.int(0, 8 * 60) * 60_000),
    );
    const statusAt = first ? new Date(latest - 2 * DAY) : reached;
    const appliedAt = first ? new Date(latest - 6 * DAY) : applied;
    const category = first ? "domestic" : r.weighted(CATEGORIES);
    const female = r.chance(0.4);
    const names = female ? FEMALE_NAMES : MALE_NAMES;
    const name = `${names[r.int(0, names.length - 1)]} ${SURNAMES[r.int(0, SURNAMES.length - 1)]}`;
    const feeder = dc.feeders[r.int(0, dc.feeders.length - 1)];
    const locality = feeder?.locality.en ?? dc.town.en;
    const month = stamp(appliedAt, timeZone).slice(2, 7).replace("-", "");
    const load =
      category === "industrial" ? r.int(20, 150) : category === "agriculture" ? r.int(3, 10) : r.int(1, 8);
    const demanded = ["demand_note_issued", "charges_paid", "meter_installed", "released"].includes(status)
      ? String(load * r.int(900, 2200))
      : "";
    const paid = ["charges_paid", "meter_installed", "released"].includes(status) ? demanded : "";
    yield {
      application_no: first ? DEMO_APPLICATION.number : `NCDM${month}${String(i).padStart(6, "0")}`,
      applicant_name: first ? DEMO_APPLICATION.applicantName : name,
      mobile: first
        ? DEMO_APPLICATION.mobile
        : `${r.int(6, 9)}${String(r.int(0, 999_999_999)).padStart(9, "0")}`,
      address: dc.urban
        ? `H.No. ${r.int(1, 650)}, ${locality}, ${dc.town.en}`
        : `Village ${locality}, Post ${dc.town.en}`,
      dc_code: dc.code,
      category,
      load_kw: String(load),
      status,
      applied_at: stamp(appliedAt, timeZone),
      status_at: stamp(statusAt, timeZone),
      locality,
      supply_type: category === "industrial" && load > 100 ? "ht" : "lt",
      sop_area: dc.urban ? (dc.town.en === "Jabalpur" ? "metro" : "urban") : "rural",
      charges_demanded: demanded,
      charges_paid: paid,
      reject_reason:
        status === "rejected" ? (REJECT_REASONS[r.int(0, REJECT_REASONS.length - 1)] as string) : "",
      documents_missing:
        status === "applied" && r.chance(0.6) ? (r.chance(0.5) ? "photo" : "ownership_proof") : "",
    };
  }
}
