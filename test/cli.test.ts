import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin/powerdesk.js");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pd-cli-"));
const dataDir = path.join(dir, "data");
// The CLI tests own an embedded database: never point them at a shared PostgreSQL.
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  DATABASE_URL: "",
  PORT: "0",
  HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
};

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

function startServer(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "serve"], { env, cwd: dir });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/localhost:\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the data-directory lock", () => {
  let first: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    first = await startServer();
  });

  test("a second serve on the same DATA_DIR exits non-zero naming the directory and the holder; the first still serves", async () => {
    const second = await run(["serve"]);
    assert.equal(second.code, 3, second.stderr);
    assert.match(
      second.stderr,
      new RegExp(`${dataDir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is in use by process ${first.child.pid}`),
    );
    assert.match(second.stderr, /powerdesk serve/);
    const importer = await run(["import", "org", path.join(dir, "nothing.csv")]);
    assert.notEqual(importer.code, 0);
    const health = await fetch(`${first.url}/api/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: "ok", database: "embedded" });
  });

  test("SIGTERM shuts the server down cleanly and frees the directory", async () => {
    const exited = new Promise<number | null>((resolve) => first.child.on("exit", resolve));
    first.child.kill("SIGTERM");
    assert.equal(await exited, 0);
    assert.equal(fs.existsSync(path.join(dataDir, "powerdesk.lock")), false);
  });
});

describe("powerdesk import", () => {
  test("loads good rows, reports bad ones by line (exit 2, a report file), and a re-run changes nothing", async () => {
    const csv = path.join(dir, "demo");
    const written = await run(["demo", "--consumers", "400", "--csv-out", csv]);
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stdout, /consumers\.csv: 400 rows/);
    for (const kind of ["org", "network", "users"]) {
      const r = await run(["import", kind, path.join(csv, `${kind}.csv`)]);
      assert.equal(r.code, 0, `${kind}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^${kind}: .* 0 rejected`, "m"));
    }
    const consumers = path.join(csv, "consumers.csv");
    const lines = fs.readFileSync(consumers, "utf8").trimEnd().split("\n");
    lines.splice(3, 0, "7777777777,Nobody,,98765,domestic,urban,NOWHERE,,,,");
    fs.writeFileSync(consumers, `${lines.join("\n")}\n`);

    const first = await run(["import", "consumers", consumers]);
    assert.equal(first.code, 2, first.stdout + first.stderr);
    assert.match(first.stdout, /401 rows read .*: 400 new, 0 changed, 0 unchanged, 1 rejected/);
    assert.match(first.stderr, /line 4, mobiles "98765"/);
    assert.match(first.stderr, /line 4, dc_code "NOWHERE": unknown DC/);
    const report = fs.readFileSync(`${consumers}.errors.csv`, "utf8");
    assert.match(report, /^line,column,value,reason\n4,"mobiles","98765",/);

    const again = await run(["import", "consumers", consumers]);
    assert.match(again.stdout, /0 new, 0 changed, 400 unchanged, 1 rejected/);
  });

  test("bills and payments: bad rows by line and column, SMS counted, a re-run changes nothing", async () => {
    const csv = path.join(dir, "demo");
    const bills = path.join(csv, "bills.csv");
    const lines = fs.readFileSync(bills, "utf8").trimEnd().split("\n");
    assert.equal(lines.length, 1 + 400 * 3);
    assert.equal(lines[0], "consumer_no,bill_month,bill_no,amount,due_date,payment_link,bill_date");
    lines.push("7777777777,2026-11,,100,2026-12-15,https://pay.mpez.in/b/x,");
    lines.push(
      `${lines[1]?.split(",")[0]},2026-11,,100,2026-12-15,https://pay.mpez.in/bills/a-long-link-0001,`,
    );
    fs.writeFileSync(bills, `${lines.join("\n")}\n`);
    const first = await run(["import", "bills", bills]);
    assert.equal(first.code, 2, first.stdout + first.stderr);
    assert.match(first.stdout, /1,202 rows read .*: 1,200 new, 0 changed, 0 unchanged, 2 rejected/);
    assert.match(first.stdout, /bill SMS queued: \d+|bills already past due \(no SMS\): \d+/);
    assert.match(first.stderr, /line 1203, payment_link ".*": is 42 characters; an SMS variable may have 30/);
    assert.match(first.stderr, /line 1202, consumer_no "7777777777": unknown consumer/);
    const again = await run(["import", "bills", bills]);
    assert.match(again.stdout, /0 new, 0 changed, 1,200 unchanged, 2 rejected/);
    assert.doesNotMatch(again.stdout, /bill SMS queued/);

    const payments = await run(["import", "payments", path.join(csv, "payments.csv"), "--no-sms"]);
    assert.equal(payments.code, 0, payments.stdout + payments.stderr);
    assert.match(payments.stdout, /^payments: .* 0 rejected/m);
    assert.doesNotMatch(payments.stdout, /receipt SMS queued/);
    const wrong = await run(["import", "users", path.join(csv, "users.csv"), "--no-sms"]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--no-sms is for bills and payments/);
  });

  test("a file without a required column is refused before any row", async () => {
    const file = path.join(dir, "bad-header.csv");
    fs.writeFileSync(file, "consumer_no,name\n1,x\n");
    const r = await run(["import", "consumers", file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /lacks columns tariff_category, area_type, dc_code/);
  });

  test("migrate on an up-to-date database says so; an unknown kind is a usage error", async () => {
    const m = await run(["migrate"]);
    assert.equal(m.code, 0, m.stderr);
    assert.match(m.stdout, /up to date/);
    const u = await run(["import", "meters", "x.csv"]);
    assert.equal(u.code, 2);
    assert.match(u.stderr, /unknown kind "meters"/);
  });
});
