// Shared pieces of the benchmarks: arguments, the bench database, the demo
// CSV files, imports, percentiles.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Database, openEmbedded, openPostgres } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { consumersImporter } from "../src/modules/consumers/consumers.import.ts";
import { writeDemoCsv } from "../src/modules/demo/demo.service.ts";
import { csvSource, openFile } from "../src/modules/imports/csv-source.ts";
import type { Importer, ImportSummary } from "../src/modules/imports/import.types.ts";
import { runImport } from "../src/modules/imports/runner.ts";
import { networkImporter } from "../src/modules/network/network.import.ts";
import { orgImporter } from "../src/modules/org/org.import.ts";
import { createRepositories } from "../src/modules/registry.ts";

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

export function log(s: string): void {
  process.stdout.write(`${s}\n`);
}

export const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export function benchUrl(): string {
  const u = new URL(adminUrl);
  u.pathname = "/powerdesk_bench";
  return u.toString();
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

export function csvDir(consumers: number): string {
  return path.resolve("bench/out", `demo-${consumers}`);
}

export async function ensureCsv(consumers: number): Promise<void> {
  if (fs.existsSync(path.join(csvDir(consumers), "consumers.csv"))) return;
  log(`writing demo CSV files for ${consumers.toLocaleString("en-IN")} consumers to ${csvDir(consumers)}...`);
  await writeDemoCsv(csvDir(consumers), consumers);
}

export async function importKind(
  database: Database,
  consumers: number,
  kind: "org" | "network" | "consumers",
): Promise<ImportSummary> {
  const repos = createRepositories(database);
  const importer = (
    kind === "org"
      ? orgImporter(repos.org)
      : kind === "network"
        ? networkImporter(repos.network, repos.org)
        : consumersImporter(repos.consumers, repos.network, repos.org)
  ) as Importer<unknown>;
  const { stream } = openFile(path.join(csvDir(consumers), `${kind}.csv`));
  const src = csvSource(stream);
  const s = await runImport(importer, src.records, { header: src.header });
  if (s.rejected) throw new Error(`${kind}: ${s.rejected} rows rejected: ${s.errors[0]?.reason}`);
  return s;
}

/**
 * A fresh, migrated bench database: PostgreSQL powerdesk_bench (dropped and
 * recreated, and left for `--reuse`) or a new PGlite directory. With `name`, a
 * PostgreSQL database of that name instead, which cleanup drops (call it after
 * closing the database).
 */
export async function freshDatabase(
  kind: "postgres" | "embedded",
  name?: string,
): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  if (kind === "postgres") {
    const dbName = name ?? "powerdesk_bench";
    if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error(`not a database name: ${dbName}`);
    const admin = async (statements: string[]) => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        for (const s of statements) await client.query(s);
      } finally {
        await client.end();
      }
    };
    await admin([`drop database if exists ${dbName} with (force)`, `create database ${dbName}`]);
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    const database = await openPostgres(u.toString(), { poolSize: 20 });
    await migrateToLatest(database.db);
    return {
      database,
      cleanup: name ? () => admin([`drop database if exists ${dbName} with (force)`]) : async () => {},
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pd-bench-"));
  const database = await openEmbedded({ dataDir: dir, command: "bench" });
  await migrateToLatest(database.db);
  return { database, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`;
}
