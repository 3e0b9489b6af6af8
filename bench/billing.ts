// Bills and payments import: N consumers of the demo DISCOM, then one
// month's bill for each (all new, due in a fortnight, so each consumer with a
// verified mobile gets a bill SMS), the same file again (nothing written),
// the file with one bill in ten revised (a new amount: a new SMS each), and
// a payments file (three consumers in four paying, each a receipt SMS).
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import type { Database } from "../src/db/database.ts";
import { localDate } from "../src/modules/billing/billing.format.ts";
import { billsImporter } from "../src/modules/billing/bills.import.ts";
import { paymentsImporter } from "../src/modules/billing/payments.import.ts";
import { csvSource, openFile } from "../src/modules/imports/csv-source.ts";
import type { Importer, ImportSummary } from "../src/modules/imports/import.types.ts";
import { runImport } from "../src/modules/imports/runner.ts";
import { createRepositories, createServices } from "../src/modules/registry.ts";
import { companyPrincipal } from "./import-lookup.ts";
import { csvDir, ensureCsv, freshDatabase, importKind, log, stats } from "./lib.ts";

const TZ = "Asia/Kolkata";

function consumerNumbers(consumers: number): string[] {
  const text = fs.readFileSync(path.join(csvDir(consumers), "consumers.csv"), "utf8");
  return text
    .split("\n")
    .slice(1)
    .filter(Boolean)
    .map((l) => l.slice(0, l.indexOf(",")));
}

function writeFile(file: string, header: string, rows: Iterable<string>): void {
  const out = fs.openSync(file, "w");
  try {
    fs.writeSync(out, `${header}\n`);
    let chunk = "";
    for (const r of rows) {
      chunk += `${r}\n`;
      if (chunk.length > 1 << 20) {
        fs.writeSync(out, chunk);
        chunk = "";
      }
    }
    fs.writeSync(out, chunk);
  } finally {
    fs.closeSync(out);
  }
}

async function load(importer: Importer<unknown>, file: string): Promise<ImportSummary> {
  const { stream } = openFile(file);
  const src = csvSource(stream);
  const s = await runImport(importer, src.records, { header: src.header });
  if (s.rejected) throw new Error(`${file}: ${s.rejected} rows rejected: ${s.errors[0]?.reason}`);
  return s;
}

const n = (x: number) => x.toLocaleString("en-IN");

export async function benchBilling(kind: "postgres" | "embedded", consumers: number): Promise<void> {
  log(`\n## ${kind}: bills and payments for ${n(consumers)} consumers`);
  await ensureCsv(consumers);
  const numbers = consumerNumbers(consumers);
  const now = new Date();
  const today = localDate(now, TZ);
  const month = today.slice(0, 7);
  const due = localDate(new Date(now.getTime() + 15 * 86_400_000), TZ);
  const out = path.resolve("bench/out");
  fs.mkdirSync(out, { recursive: true });
  const bills = path.join(out, `bills-${consumers}.csv`);
  const revised = path.join(out, `bills-${consumers}-revised.csv`);
  const payments = path.join(out, `payments-${consumers}.csv`);
  const amount = (i: number) => `${200 + ((i * 7919) % 4800)}.${String(i % 100).padStart(2, "0")}`;
  const header = "consumer_no,bill_month,amount,due_date,payment_link,bill_no,bill_date";
  const billRow = (no: string, i: number, a: string) =>
    `${no},${month},${a},${due},https://pay.mpez.in/b/${i.toString(36).padStart(7, "0")},B${no},${today}`;
  writeFile(
    bills,
    header,
    numbers.map((no, i) => billRow(no, i, amount(i))),
  );
  writeFile(
    revised,
    header,
    numbers.map((no, i) => billRow(no, i, i % 10 === 0 ? `${Number.parseFloat(amount(i)) + 50}` : amount(i))),
  );
  const paidAt = `${today} 00:05`;
  writeFile(
    payments,
    "consumer_no,amount,paid_at,reference,mode",
    numbers.flatMap((no, i) =>
      i % 4 === 3 ? [] : [`${no},${amount(i)},${paidAt},UPI${month.replace("-", "")}${no},upi`],
    ),
  );

  const { database, cleanup } = await freshDatabase(kind);
  try {
    for (const k of ["org", "network", "consumers"] as const) await importKind(database, consumers, k);
    const repos = createRepositories(database);
    const options = { clock: () => now, timeZone: TZ };
    const billing = () => billsImporter(repos.billing, repos.recipients, options) as Importer<unknown>;
    const row = (what: string, s: ImportSummary, sms: string) =>
      log(
        `${what.padEnd(28)} ${n(s.rowsRead).padStart(9)} rows in ${s.seconds.toFixed(1).padStart(6)} s = ${n(Math.round(s.rowsRead / s.seconds)).padStart(7)} rows/s; ` +
          `${n(s.inserted)} new, ${n(s.updated)} changed; ${sms}`,
      );
    const first = await load(billing(), bills);
    row("bills", first, `${n(first.notes["bill SMS queued"] ?? 0)} bill SMS queued`);
    const again = await load(billing(), bills);
    row("the same bills again", again, `${n(again.notes["bill SMS queued"] ?? 0)} SMS`);
    const rev = await load(billing(), revised);
    row(
      "one bill in ten revised",
      rev,
      `${n(rev.notes["bills revised (new amount or due date)"] ?? 0)} revised, ${n(rev.notes["bill SMS queued"] ?? 0)} SMS`,
    );
    const paid = await load(
      paymentsImporter(repos.billing, repos.recipients, options) as Importer<unknown>,
      payments,
    );
    row("payments", paid, `${n(paid.notes["receipt SMS queued"] ?? 0)} receipt SMS queued`);
    await cardQuery(database, numbers);
  } finally {
    await database.close();
    await cleanup();
  }
}

/** The consumer card's bills query (through the service), 500 random consumers. */
async function cardQuery(database: Database, numbers: string[]): Promise<void> {
  const services = createServices(database, createRepositories(database));
  const agent = await companyPrincipal(database);
  await sql`analyze`.execute(database.db);
  const times: number[] = [];
  for (let i = 0; i < 500; i++) {
    const no = numbers[Math.floor(Math.random() * numbers.length)] as string;
    const t0 = performance.now();
    await services.billing.billsFor(agent, no);
    times.push(performance.now() - t0);
  }
  const s = stats(times);
  log(`card bills query (500 consumers): p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms`);
  await services.close();
}
