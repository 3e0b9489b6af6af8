import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, driverName } from "../../test/helpers/db.ts";
import type { Database } from "./database.ts";
import { type StagedConflict, StagedWrites } from "./staged-writes.ts";

let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(async () => database?.close());

const skipKnownKey: StagedConflict<"app_settings"> = (oc) => oc.column("key").doNothing();

const setting = (key: string, value: unknown) => ({
  key,
  value,
  updated_at: new Date("2026-11-28T10:00:00Z"),
});

test(`[${driverName}] staged inserts are written in one statement with their column types`, async () => {
  const stage = new StagedWrites();
  stage.add({
    table: "app_settings",
    columns: ["key", "value", "updated_at"],
    rows: [setting("a", { n: 1, hi: "नमस्ते" }), setting("b", [1, 2])],
  });
  assert.deepEqual(await stage.flush(database.db), []);
  assert.ok(stage.empty);
  const rows = await database.db.selectFrom("app_settings").selectAll().orderBy("key").execute();
  assert.deepEqual(
    rows.map((r) => [r.key, r.value, r.updated_at.toISOString()]),
    [
      ["a", { n: 1, hi: "नमस्ते" }, "2026-11-28T10:00:00.000Z"],
      ["b", [1, 2], "2026-11-28T10:00:00.000Z"],
    ],
  );
});

test(`[${driverName}] a gate that inserts nothing (a conflict) holds back everything staged after it`, async () => {
  const stage = new StagedWrites();
  stage.add({
    table: "app_settings",
    columns: ["key", "value", "updated_at"],
    rows: [setting("a", "again")],
    gate: true,
    onConflict: skipKnownKey,
  });
  stage.add({
    table: "app_settings",
    columns: ["key", "value", "updated_at"],
    rows: [setting("c", "held back")],
  });
  assert.deepEqual(await stage.flush(database.db), [false]);
  const keys = (await database.db.selectFrom("app_settings").select("key").orderBy("key").execute()).map(
    (r) => r.key,
  );
  assert.deepEqual(keys, ["a", "b"]);

  const open = new StagedWrites();
  open.add({
    table: "app_settings",
    columns: ["key", "value", "updated_at"],
    rows: [setting("d", 1)],
    gate: true,
    onConflict: skipKnownKey,
  });
  open.add({ table: "app_settings", columns: ["key", "value", "updated_at"], rows: [setting("e", 2)] });
  assert.deepEqual(await open.flush(database.db), [true]);
  assert.equal(
    (await database.db.selectFrom("app_settings").select("key").where("key", "in", ["d", "e"]).execute())
      .length,
    2,
  );
});

test(`[${driverName}] a failing insert fails the whole statement: nothing is half-written`, async () => {
  const stage = new StagedWrites();
  stage.add({ table: "app_settings", columns: ["key", "value", "updated_at"], rows: [setting("f", 1)] });
  stage.add({
    table: "app_settings",
    columns: ["key", "value", "updated_at"],
    rows: [setting("a", "duplicate key")],
  });
  await assert.rejects(stage.flush(database.db), (err: { code?: string }) => err.code === "23505");
  assert.equal(
    (await database.db.selectFrom("app_settings").select("key").where("key", "=", "f").execute()).length,
    0,
  );
});

test("tables, columns and conflict targets are the schema's: tsc refuses others", () => {
  const stage = new StagedWrites();
  // @ts-expect-error: app_settings has no column "nope"
  stage.add({ table: "app_settings", columns: ["key", "nope"], rows: [] });
  // @ts-expect-error: there is no table "no_such_table"
  stage.add({ table: "no_such_table", columns: ["key"], rows: [] });
  // @ts-expect-error: a row must carry every staged column
  new StagedWrites().add({ table: "app_settings", columns: ["key", "value"], rows: [{ key: "x" }] });
  stage.add({
    table: "app_settings",
    columns: ["key"],
    rows: [],
    // @ts-expect-error: the conflict target is a column of the table
    onConflict: (oc) => oc.column("nope").doNothing(),
  });
  assert.ok(stage.empty);
});
