import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { type Migration, Migrator, sql } from "kysely";
import { createTestDatabase, driverName } from "../../test/helpers/db.ts";
import type { Database } from "./database.ts";
import { migrateToLatest } from "./migrate.ts";
import { addMissingSums, changedSums, migrationFiles, readSums, sha256 } from "./migration-sums.ts";
import { migrations } from "./migrations/index.ts";

const fix = "run `npm run migrations:checksum` and commit src/db/migrations.sha256";

test("no landed migration has changed since its checksum was recorded", () => {
  const changed = changedSums();
  assert.deepEqual(
    changed,
    [],
    `${changed.join(", ")} changed after landing. Migrations are append-only: restore ` +
      "(git checkout main -- src/db/migrations/<file>) and put the change in a new migration " +
      "(create ... if not exists, so databases that already have it are unharmed)",
  );
});

test("every migration file has a checksum line and is registered in index.ts", () => {
  const sums = readSums();
  const files = migrationFiles();
  const unlisted = files.filter((f) => !sums.has(f));
  assert.deepEqual(
    unlisted,
    [],
    `${unlisted.join(", ")} ha${unlisted.length > 1 ? "ve" : "s"} no checksum: ${fix}`,
  );
  const registered = Object.keys(migrations).map((name) => `${name}.ts`);
  const unregistered = files.filter((f) => !registered.includes(f));
  assert.deepEqual(unregistered, [], `register ${unregistered.join(", ")} in src/db/migrations/index.ts`);
  const missing = registered.filter((f) => !files.includes(f));
  assert.deepEqual(missing, [], `index.ts registers ${missing.join(", ")}, which is not a file`);
});

test("the checksum script only adds lines, never rewrites one", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pd-sums-"));
  try {
    const sums = path.join(dir, "SHA256SUMS");
    fs.writeFileSync(path.join(dir, "20260101000000_a.ts"), "a\n");
    fs.writeFileSync(path.join(dir, "index.ts"), "registry\n");
    assert.deepEqual(addMissingSums(dir, sums), ["20260101000000_a.ts"]);
    const first = fs.readFileSync(sums, "utf8");
    assert.equal(first, `${sha256(path.join(dir, "20260101000000_a.ts"))}  20260101000000_a.ts\n`);
    // A landed file edited, a new one added: the old line stays as it was and the edit is reported.
    fs.writeFileSync(path.join(dir, "20260101000000_a.ts"), "a, edited\n");
    fs.writeFileSync(path.join(dir, "20260102000000_b.ts"), "b\n");
    assert.deepEqual(addMissingSums(dir, sums), ["20260102000000_b.ts"]);
    const second = fs.readFileSync(sums, "utf8");
    assert.ok(second.startsWith(first));
    assert.deepEqual(changedSums(dir, sums), ["20260101000000_a.ts"]);
    assert.deepEqual(addMissingSums(dir, sums), []);
    assert.equal(fs.readFileSync(sums, "utf8"), second);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// The two migrations below were edited after they had landed; a database that
// ran their first text lacks these indexes. The later migrations must add them.
const addedAfterLanding: Record<string, { index: string; table: string }> = {
  "20261128140200_complaints": { index: "complaints_assignee_history_idx", table: "complaints" },
  "20261129000000_survey": { index: "survey_targets_link_sent_idx", table: "survey_targets" },
};

let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database?.close();
});

test(`[${driverName}] a database migrated with the first text of the edited migrations gets their later indexes`, async () => {
  const db = database.db;
  await sql`drop schema public cascade; create schema public`.execute(db);
  // Every migration as it is, except the two edited ones as they first landed (without the later index).
  const asFirstLanded: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(migrations)) {
    const late = addedAfterLanding[name];
    asFirstLanded[name] = late
      ? {
          up: async (trx) => {
            await m.up(trx);
            await sql`drop index ${sql.ref(late.index)}`.execute(trx);
          },
        }
      : m;
  }
  const landed = Object.keys(asFirstLanded).filter((n) => n <= "20261202090000_throttle_backoff");
  const old = new Migrator({
    db,
    provider: {
      getMigrations: async () => Object.fromEntries(landed.map((n) => [n, asFirstLanded[n] as Migration])),
    },
  });
  const first = await old.migrateToLatest();
  assert.equal(first.error, undefined);
  const indexes = async () =>
    (
      await sql<{ indexname: string }>`select indexname from pg_indexes where schemaname = 'public'`.execute(
        db,
      )
    ).rows.map((r) => r.indexname);
  for (const { index } of Object.values(addedAfterLanding)) assert.ok(!(await indexes()).includes(index));

  await migrateToLatest(db);
  const now = await indexes();
  for (const { index } of Object.values(addedAfterLanding))
    assert.ok(now.includes(index), `${index} is missing`);
});
