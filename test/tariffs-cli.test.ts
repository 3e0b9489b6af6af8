import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin/powerdesk.js");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pd-tariffs-cli-"));
// An embedded database of its own: never a shared PostgreSQL.
const env = { ...process.env, DATA_DIR: path.join(dir, "data"), DATABASE_URL: "", LOG_LEVEL: "warn" };

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, cwd: dir });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

after(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER =
  "category,supply_type,effective_from,effective_to,name_en,name_hi,fixed_charge,fixed_basis,line,slab_from,slab_to,rate,extra_name_en,extra_name_hi,extra_percent";

test("powerdesk import tariffs: loads a file, a re-run changes nothing, bad rows by line and column", async () => {
  const file = path.join(dir, "tariffs.csv");
  fs.writeFileSync(
    file,
    [
      HEADER,
      "domestic,lt,2026-04-01,,Domestic LT,घरेलू एलटी,70,per_connection,slab,0,50,4.45,,,",
      "domestic,lt,2026-04-01,,Domestic LT,घरेलू एलटी,70,per_connection,slab,50,,5.50,,,",
      "domestic,lt,2026-04-01,,Domestic LT,घरेलू एलटी,70,per_connection,extra,,,,Electricity duty,विद्युत शुल्क,9",
      "industrial,ht,2026-04-01,,Industrial HT,औद्योगिक एचटी,400,per_kva,slab,0,,-6.50,,,", // line 5
      "",
    ].join("\n"),
  );
  const first = await run(["import", "tariffs", file]);
  assert.equal(first.code, 2, first.stdout + first.stderr);
  assert.match(first.stdout, /4 rows read .*: 3 new, 0 changed, 0 unchanged, 1 rejected/);
  assert.match(first.stderr, /line 5, fixed_basis "per_kva"/);
  assert.match(first.stderr, /line 5, rate "-6\.50": may not be negative/);
  assert.match(fs.readFileSync(`${file}.errors.csv`, "utf8"), /^line,column,value,reason\n5,"fixed_basis"/);

  const again = await run(["import", "tariffs", file]);
  assert.match(again.stdout, /0 new, 0 changed, 3 unchanged, 1 rejected/);
});
