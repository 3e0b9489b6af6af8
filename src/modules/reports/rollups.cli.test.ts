import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { buildComplaint, buildOrgTree } from "../../../test/factories.ts";
import { createTestDatabase, testDatabaseUrl } from "../../../test/helpers/db.ts";
import { createRepositories } from "../registry.ts";

// `powerdesk rollups rebuild` as an operator runs it: its steps, its counts, its exit code.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pd-rollups-cli-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "bin/powerdesk.js"), ...args], {
      env: { ...process.env, DATABASE_URL: "", DATA_DIR: path.join(dir, "data"), LOG_LEVEL: "warn", ...env },
      cwd: dir,
    });
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

test("rollups without a subcommand, or an unknown one, is a usage mistake (exit 2)", async () => {
  for (const args of [["rollups"], ["rollups", "fold"]]) {
    const r = await run(args, {});
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /usage: powerdesk rollups rebuild/);
  }
});

test("rollups rebuild prints its steps and what it counted", async () => {
  let env: Record<string, string> = {};
  let expected = 0;
  let close = async () => {};
  if (testDatabaseUrl) {
    // On PostgreSQL: a database of its own with complaints in it.
    const database = await createTestDatabase();
    close = () => database.close();
    const tree = await buildOrgTree(createRepositories(database));
    for (let i = 0; i < 3; i++) {
      const k = await buildComplaint(database, tree);
      // Two of them called back and closed: the callback rollup is rebuilt too.
      if (i < 2)
        await database.db
          .insertInto("callbacks")
          .values({
            complaint_id: k.id,
            round: 0,
            dc_id: tree.org.TDC1 as number,
            status: "confirmed",
            priority: 1,
            resolved_at: new Date("2026-11-02T05:00:00Z"),
            next_attempt_at: new Date("2026-11-02T05:00:00Z"),
            window_ends_at: new Date("2026-11-04T05:00:00Z"),
            created_at: new Date("2026-11-02T05:00:00Z"),
            closed_at: new Date("2026-11-02T06:00:00Z"),
            fixed: true,
            overall_rating: 4,
          })
          .execute();
    }
    expected = 3;
    env = { DATABASE_URL: database.url as string };
  }
  try {
    const r = await run(["rollups", "rebuild"], { ...env, TZ: "Asia/Kolkata" });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /rebuilding the complaint rollups in Asia\/Kolkata/);
    assert.match(r.stdout, /lock complaints in share mode/);
    assert.match(
      r.stdout,
      new RegExp(
        `[\\d.]+ s: ${expected} complaints counted into ${expected ? 1 : 0} daily and ${expected ? 1 : 0} monthly rows by DC, ${expected ? 5 : 0} and ${expected ? 5 : 0} by unit above the DC`,
      ),
    );
    assert.match(
      r.stdout,
      new RegExp(
        `done in [\\d.]+ s: ${expected ? 2 : 0} closed callbacks counted into ${expected ? 1 : 0} monthly rows by DC`,
      ),
    );
  } finally {
    await close();
  }
});
