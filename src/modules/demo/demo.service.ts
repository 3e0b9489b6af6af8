import fs from "node:fs";
import path from "node:path";
import type { Database } from "../../db/database.ts";
import type { Role } from "../../db/schema.ts";
import { billsImporter } from "../billing/bills.import.ts";
import { paymentsImporter } from "../billing/payments.import.ts";
import { connectionsImporter } from "../connections/connections.import.ts";
import { consumersImporter } from "../consumers/consumers.import.ts";
import type { CsvRecord as SourceRecord } from "../imports/csv-source.ts";
import type { ImportSummary } from "../imports/import.types.ts";
import { type Progress, runImport } from "../imports/runner.ts";
import { networkImporter } from "../network/network.import.ts";
import { orgImporter } from "../org/org.import.ts";
import type { Repositories } from "../registry.ts";
import { hashPassword } from "../users/password.ts";
import { demoBills, demoPayments } from "./demo.billing.ts";
import { loadDemoComplaints } from "./demo.complaints.ts";
import { demoConnections } from "./demo.connections.ts";
import { type CsvRecord, DEMO_PASSWORD, type DemoPlan, demoConsumers, planDemo } from "./demo.generator.ts";
import { loadDemoKb } from "./demo.kb.ts";
import { loadDemoSurvey } from "./demo.survey.ts";

export interface DemoInfo {
  seed: string;
  consumers: number;
  password: string;
  loadedAt: string;
  logins: { role: string; login: string }[];
}

async function* asSource(records: Iterable<CsvRecord>): AsyncIterable<SourceRecord> {
  let line = 1;
  for (const record of records) yield { line: ++line, record };
}

/** A sample login for every role, for the start banner and the README. */
export function sampleLogins(plan: DemoPlan): { role: string; login: string }[] {
  const seen = new Set<string>();
  const out: { role: string; login: string }[] = [];
  for (const u of plan.users) {
    if (seen.has(u.role)) continue;
    seen.add(u.role);
    out.push({ role: u.role, login: u.login });
  }
  return out;
}

/** New-connection applications of a demo: about one for 40 consumers, 200 to 3,000. */
export function demoConnectionCount(consumers: number): number {
  return Math.min(3000, Math.max(200, Math.round(consumers / 40)));
}

/** The demo's staff, all with the demo password (one hash: hashing a thousand passwords would take a minute). */
export async function loadDemoUsers(repos: Repositories, plan: DemoPlan): Promise<ImportSummary> {
  const started = performance.now();
  const hash = await hashPassword(DEMO_PASSWORD);
  const index = await repos.org.loadIndex();
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  const existing = await repos.users.existingLogins(plan.users.map((u) => u.login));
  for (let i = 0; i < plan.users.length; i += 500) {
    const c = await repos.users.upsertBatch(
      plan.users.slice(i, i + 500).map((u) => ({
        login: u.login,
        name: u.name,
        role: u.role as Role,
        orgUnitId: index.get(u.orgCode)?.id as number,
        phone: u.phone,
        language: u.language,
        active: true,
        passwordHash: existing.has(u.login) ? null : hash,
      })),
    );
    counts.inserted += c.inserted;
    counts.updated += c.updated;
    counts.unchanged += c.unchanged;
  }
  return {
    kind: "users",
    rowsRead: plan.users.length,
    ...counts,
    rejected: 0,
    errors: [],
    notes: {},
    seconds: (performance.now() - started) / 1000,
  };
}

export interface LoadDemoOptions {
  consumers: number;
  /** Complaints over the last three days; default one per 250 consumers (60 to 1,500); 0 for none. */
  complaints?: number;
  seed?: string;
  /** The demo's "today": bills of this month and the two before, paid up to now (default: the clock). */
  now?: Date;
  onStep?: (step: string) => void;
  onProgress?: (kind: string, p: Progress) => void;
}

/**
 * Loads demo data through the same importers as CSV files (so it is checked
 * the same way and re-running with the same seed changes nothing), then the
 * users, all with the demo password.
 */
export async function loadDemo(
  database: Database,
  repos: Repositories,
  options: LoadDemoOptions,
): Promise<{ info: DemoInfo; summaries: ImportSummary[] }> {
  const plan = planDemo(options.consumers, options.seed);
  const summaries: ImportSummary[] = [];
  const step = async (kind: string, run: () => Promise<ImportSummary>) => {
    options.onStep?.(kind);
    const s = await run();
    if (s.rejected > 0)
      throw new Error(
        `demo ${kind} rows were refused: ${s.errors[0]?.reason ?? "?"} (line ${s.errors[0]?.line})`,
      );
    summaries.push(s);
  };
  await step("org", () => runImport(orgImporter(repos.org), asSource(plan.org)));
  await step("network", () => runImport(networkImporter(repos.network, repos.org), asSource(plan.network)));
  await step("users", () => loadDemoUsers(repos, plan));
  await step("consumers", () =>
    runImport(consumersImporter(repos.consumers, repos.network, repos.org), asSource(demoConsumers(plan)), {
      onProgress: (p) => options.onProgress?.("consumers", p),
    }),
  );
  // Bills and payments load quietly: a demo texts nobody (the agent can send a bill again from the card).
  const now = options.now ?? new Date();
  const quiet = { sms: false, clock: () => now };
  await step("bills", () =>
    runImport(billsImporter(repos.billing, repos.recipients, quiet), asSource(demoBills(plan, now)), {
      onProgress: (p) => options.onProgress?.("bills", p),
    }),
  );
  await step("payments", () =>
    runImport(paymentsImporter(repos.billing, repos.recipients, quiet), asSource(demoPayments(plan, now)), {
      onProgress: (p) => options.onProgress?.("payments", p),
    }),
  );
  // New-connection applications (issue 15), through their import: a few thousand, at every stage.
  await step("connections", () =>
    runImport(
      connectionsImporter(repos.connectionsImport, repos.settings, { clock: () => now }),
      asSource(demoConnections(plan, demoConnectionCount(plan.consumers), now)),
      { onProgress: (p) => options.onProgress?.("connections", p) },
    ),
  );
  if (options.complaints !== 0) {
    await step("complaints", async () => {
      const count = options.complaints ?? Math.min(1500, Math.max(60, Math.round(options.consumers / 250)));
      const r = await loadDemoComplaints(database, { count, seed: plan.seed });
      return {
        kind: "complaints",
        rowsRead: count,
        inserted: r.created,
        updated: 0,
        unchanged: r.replayed,
        rejected: 0,
        errors: [],
        notes: {},
        seconds: r.seconds,
      };
    });
  }
  await step("survey", async () => {
    const started = performance.now();
    const r = await loadDemoSurvey(database, { seed: plan.seed, now });
    return {
      kind: "survey",
      rowsRead: r.answered,
      inserted: r.answered,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      errors: [],
      notes: {},
      seconds: (performance.now() - started) / 1000,
    };
  });
  await step("knowledge base", async () => {
    const started = performance.now();
    const r = await loadDemoKb(database, now);
    return {
      kind: "knowledge base",
      rowsRead: r.added + r.existing,
      inserted: r.added,
      updated: 0,
      unchanged: r.existing,
      rejected: 0,
      errors: [],
      notes: {},
      seconds: (performance.now() - started) / 1000,
    };
  });
  const info: DemoInfo = {
    seed: plan.seed,
    consumers: plan.consumers,
    password: DEMO_PASSWORD,
    loadedAt: new Date().toISOString(),
    logins: sampleLogins(plan),
  };
  await repos.settings.set("demo", info);
  return { info, summaries };
}

function csvLine(values: string[]): string {
  return `${values.map((v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(",")}\n`;
}

async function writeCsv(file: string, records: Iterable<CsvRecord>): Promise<number> {
  const out = fs.createWriteStream(file);
  let header: string[] | undefined;
  let n = 0;
  for (const r of records) {
    if (!header) {
      header = Object.keys(r);
      out.write(csvLine(header));
    }
    if (!out.write(csvLine(header.map((h) => r[h] ?? ""))))
      await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    n++;
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return n;
}

/** Writes the demo as the import CSV files (examples of the formats, and benchmark input). */
export async function writeDemoCsv(
  dir: string,
  consumers: number,
  seed?: string,
): Promise<Record<string, number>> {
  fs.mkdirSync(dir, { recursive: true });
  const plan = planDemo(consumers, seed);
  return {
    "org.csv": await writeCsv(path.join(dir, "org.csv"), plan.org),
    "network.csv": await writeCsv(path.join(dir, "network.csv"), plan.network),
    "users.csv": await writeCsv(
      path.join(dir, "users.csv"),
      plan.users.map((u) => ({
        login: u.login,
        name: u.name,
        role: u.role,
        org_code: u.orgCode,
        phone: u.phone,
        password: DEMO_PASSWORD,
        language: u.language,
        active: "true",
      })),
    ),
    "consumers.csv": await writeCsv(path.join(dir, "consumers.csv"), demoConsumers(plan)),
    "bills.csv": await writeCsv(path.join(dir, "bills.csv"), demoBills(plan, new Date())),
    "payments.csv": await writeCsv(path.join(dir, "payments.csv"), demoPayments(plan, new Date())),
    "connections.csv": await writeCsv(
      path.join(dir, "connections.csv"),
      demoConnections(plan, demoConnectionCount(consumers), new Date()),
    ),
  };
}
