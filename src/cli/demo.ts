import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { ProgressBar } from "../lib/progress.ts";
import { type DemoInfo, loadDemo, writeDemoCsv } from "../modules/demo/demo.service.ts";
import { createRepositories, type Repositories } from "../modules/registry.ts";
import { parse, wholeNumber } from "./args.ts";
import { open } from "./database.ts";

export function printDemoLogins(info: DemoInfo, out: (s: string) => void): void {
  out(
    `Demo data: ${info.consumers.toLocaleString("en-IN")} consumers. Sign in with password "${info.password}" as:`,
  );
  for (const l of info.logins) out(`  ${l.role.padEnd(11)} ${l.login}`);
}

/** Loads the demo DISCOM with a progress bar on stderr for each long step. */
export async function demoWithProgress(
  database: Database,
  repos: Repositories,
  consumers: number,
  seed: string | undefined,
  complaints?: number,
) {
  // A bar for each long step: consumers, and their three months of bills and the payments of them.
  const totals: Record<string, number> = { consumers, bills: consumers * 3, payments: consumers * 3 };
  let bar: ProgressBar | undefined;
  try {
    return await loadDemo(database, repos, {
      consumers,
      ...(seed ? { seed } : {}),
      ...(complaints !== undefined ? { complaints } : {}),
      onStep: (s) => {
        bar?.stop();
        bar = undefined;
        process.stderr.write(`loading demo ${s}...\n`);
        if (totals[s]) bar = new ProgressBar(s, totals[s]);
      },
      onProgress: (_kind, p) => bar?.update(p.rows, p.rows, p.rejected),
    });
  } finally {
    bar?.stop();
  }
}

/** `powerdesk demo`: loads a demo DISCOM, or writes it as CSV files with --csv-out. */
export async function demo(config: Config, args: string[]): Promise<number> {
  const { values } = parse(args, {
    consumers: { type: "string" },
    complaints: { type: "string" },
    seed: { type: "string" },
    "csv-out": { type: "string" },
  });
  const consumers = wholeNumber(values.consumers, "consumers", 50_000, 10_000_000);
  const complaints =
    values.complaints !== undefined ? wholeNumber(values.complaints, "complaints", 0, 100_000, 0) : undefined;
  const seed = values.seed;
  const csvOut = values["csv-out"];
  if (csvOut) {
    const counts = await writeDemoCsv(csvOut, consumers, seed);
    for (const [file, n] of Object.entries(counts))
      process.stdout.write(`${csvOut}/${file}: ${n.toLocaleString("en-IN")} rows\n`);
    return 0;
  }
  const { database } = await open(config, "powerdesk demo");
  try {
    const repos = createRepositories(database);
    const { info, summaries } = await demoWithProgress(database, repos, consumers, seed, complaints);
    for (const s of summaries) {
      process.stdout.write(
        `${s.kind.padEnd(10)} ${s.inserted.toLocaleString("en-IN")} new, ${s.updated.toLocaleString("en-IN")} changed, ${s.unchanged.toLocaleString("en-IN")} unchanged in ${s.seconds.toFixed(1)} s\n`,
      );
    }
    printDemoLogins(info, (s) => process.stdout.write(`${s}\n`));
    return 0;
  } finally {
    await database.close();
  }
}
