// The CSV reader alone: the demo consumers file read record by record, no
// validation and no database, so the parser's own cost shows.
import path from "node:path";
import { csvSource, openFile } from "../src/modules/imports/csv-source.ts";
import { csvDir, ensureCsv, log } from "./lib.ts";

export async function benchCsvRead(consumers: number, rounds = 3): Promise<void> {
  await ensureCsv(consumers);
  const file = path.join(csvDir(consumers), "consumers.csv");
  for (let round = 1; round <= rounds; round++) {
    const { stream, size } = openFile(file);
    const started = performance.now();
    const src = csvSource(stream);
    let rows = 0;
    let problems = 0;
    for await (const r of src.records) {
      rows++;
      if (r.problem) problems++;
    }
    const s = (performance.now() - started) / 1000;
    log(
      `csv read ${round}/${rounds}: ${rows.toLocaleString("en-IN")} records (${problems} unreadable) of ${(size / 1e6).toFixed(0)} MB in ${s.toFixed(2)} s = ${Math.round(rows / s).toLocaleString("en-IN")} records/s`,
    );
  }
}
