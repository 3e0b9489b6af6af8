import { addMonths, monthOf, zonedParts } from "../../lib/time.ts";
import { type CsvRecord, type DemoPlan, demoConsumers } from "./demo.generator.ts";
import { hashString, Random } from "./random.ts";

const MODES = { upi: 40, online: 18, counter: 24, card: 6, netbanking: 6, cash: 6 };
const BASE_RS: Record<string, [number, number]> = {
  domestic: [250, 2200],
  non_domestic: [900, 9000],
  agriculture: [400, 3500],
  industrial: [6000, 60000],
};
/** How consumers pay: on time, late, part of the bill, or not at all. */
const HABITS = { prompt: 68, late: 14, partial: 6, never: 12 };

const pad = (n: number) => String(n).padStart(2, "0");

const days = new Map<string, string>();

/** "2026-11-05" plus n days; the demo asks for a few hundred distinct ones, a million times. */
function addDays(date: string, n: number): string {
  const key = `${date}+${n}`;
  let v = days.get(key);
  if (v === undefined) {
    const [y, m, d] = date.split("-").map(Number) as [number, number, number];
    const t = new Date(Date.UTC(y, m - 1, d + n));
    v = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
    days.set(key, v);
  }
  return v;
}

interface ConsumerBilling {
  bills: CsvRecord[];
  payments: CsvRecord[];
}

/**
 * Three months of bills (the latest of his billing cycle and the two before) for every demo
 * consumer, and the payments his habit makes of them up to `now`: most pay
 * on time, some late or in part, about one in eight not at all. The same
 * seed and day give the same records. Amounts follow the tariff.
 */
function* demoBilling(plan: DemoPlan, now: Date, timeZone: string): Generator<ConsumerBilling> {
  const thisMonth = monthOf(now, timeZone);
  const today = zonedParts(now, timeZone);
  // Payments up to an hour ago, in local wall-clock time.
  const hourAgo = zonedParts(new Date(now.getTime() - 3_600_000), timeZone);
  const latestStamp = `${hourAgo.year}-${pad(hourAgo.month)}-${pad(hourAgo.day)} ${pad(hourAgo.hour)}:${pad(hourAgo.minute)}`;
  let dc = "";
  let r = new Random(0);
  for (const c of demoConsumers(plan)) {
    if (c.dc_code !== dc) {
      dc = c.dc_code as string;
      r = new Random(`${plan.seed}:bills:${dc}`);
    }
    const no = c.consumer_no as string;
    const [lo, hi] = BASE_RS[c.tariff_category as string] ?? [300, 2000];
    const base = r.int(lo, hi);
    const habit = r.weighted(HABITS);
    // Meters are read and billed in cycles through the month: his latest bill is from
    // his cycle day this month, or last month when that day has not come yet.
    const cycleDay = 1 + (hashString(no) % 28);
    const latest = cycleDay <= today.day ? thisMonth : addMonths(thisMonth, -1);
    const out: ConsumerBilling = { bills: [], payments: [] };
    for (const month of [addMonths(latest, -2), addMonths(latest, -1), latest]) {
      const billDate = `${month}-${pad(cycleDay)}`;
      const due = addDays(billDate, 15);
      const paise = Math.round(base * (0.8 + r.next() * 0.4) * 100) + r.int(0, 99);
      const amount = `${Math.floor(paise / 100)}.${pad(paise % 100)}`;
      const yyyymm = month.replace("-", "");
      const code = hashString(`${no}:${month}`).toString(36).padStart(7, "0").slice(0, 7);
      out.bills.push({
        consumer_no: no,
        bill_month: month,
        bill_no: `B${yyyymm}${no}`,
        amount,
        due_date: due,
        payment_link: `https://pay.mpez.in/b/${code}`,
        bill_date: billDate,
      });
      const offset =
        habit === "prompt"
          ? r.int(1, 12)
          : habit === "late"
            ? 15 + r.int(3, 20)
            : habit === "partial"
              ? r.int(3, 14)
              : undefined;
      const mode = r.weighted(MODES);
      const time = `${pad(r.int(9, 20))}:${pad(r.int(0, 59))}`;
      if (offset === undefined) continue;
      const paidAt = `${addDays(billDate, offset)} ${time}`;
      if (paidAt > latestStamp) continue;
      const paid = habit === "partial" ? Math.round(paise / 200) : paise;
      out.payments.push({
        consumer_no: no,
        amount: `${Math.floor(paid / 100)}.${pad(paid % 100)}`,
        paid_at: paidAt,
        reference: `${mode === "upi" ? "UPI" : "PD"}${yyyymm}${no}`,
        mode,
        bill_no: `B${yyyymm}${no}`,
      });
    }
    yield out;
  }
}

/** bills.csv records of the demo (see demoBilling). */
export function* demoBills(plan: DemoPlan, now: Date, timeZone = "Asia/Kolkata"): Generator<CsvRecord> {
  for (const c of demoBilling(plan, now, timeZone)) yield* c.bills;
}

/** payments.csv records of the demo (see demoBilling). */
export function* demoPayments(plan: DemoPlan, now: Date, timeZone = "Asia/Kolkata"): Generator<CsvRecord> {
  for (const c of demoBilling(plan, now, timeZone)) yield* c.payments;
}
