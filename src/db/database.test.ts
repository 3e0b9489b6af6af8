import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { createTestDatabase, driverName } from "../../test/helpers/db.ts";
import { type Database, openEmbedded } from "./database.ts";
import { migrateToLatest } from "./migrate.ts";
import { migrations } from "./migrations/index.ts";

let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database?.close();
});

test(`[${driverName}] every migration is applied and a second run changes nothing`, async () => {
  const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
    database.db,
  );
  assert.deepEqual(
    applied.rows.map((r) => r.name),
    Object.keys(migrations).sort(),
  );
  const again = await migrateToLatest(database.db);
  assert.deepEqual(again.applied, []);
  assert.equal(again.fresh, false);
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(
    database.db,
  );
  for (const t of [
    "org_units",
    "substations",
    "feeders",
    "dts",
    "consumers",
    "consumer_mobiles",
    "users",
    "sessions",
    "api_tokens",
  ]) {
    assert.ok(
      tables.rows.some((r) => r.table_name === t),
      `table ${t}`,
    );
  }
});

test(`[${driverName}] ids and counts come back as numbers, dates as text`, async () => {
  const r = await sql<{
    id: number;
    n: number;
    d: string;
  }>`select 9007199254740::bigint as id, count(*) as n, date '2026-11-28' as d from org_units`.execute(
    database.db,
  );
  assert.equal(typeof r.rows[0]?.id, "number");
  assert.equal(r.rows[0]?.n, 0);
  assert.equal(r.rows[0]?.d, "2026-11-28");
});

test(`[${driverName}] concurrent transactions do not mix (PGlite is one session)`, async () => {
  await sql`create table counter (n integer not null)`.execute(database.db);
  await sql`insert into counter values (0)`.execute(database.db);
  // Each transaction reads, waits, then writes: interleaved on one session they would lose updates.
  await Promise.all(
    Array.from({ length: 10 }, () =>
      database.db.transaction().execute(async (trx) => {
        const r = await sql<{ n: number }>`select n from counter for update`.execute(trx);
        await new Promise((resolve) => setTimeout(resolve, 2));
        await sql`update counter set n = ${(r.rows[0]?.n ?? 0) + 1}`.execute(trx);
      }),
    ),
  );
  const r = await sql<{ n: number }>`select n from counter`.execute(database.db);
  assert.equal(r.rows[0]?.n, 10);
});

test(`[${driverName}] a failed transaction leaves nothing behind`, async () => {
  await assert.rejects(
    database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("app_settings")
        .values({ key: "half", value: JSON.stringify(1) })
        .execute();
      throw new Error("boom");
    }),
    /boom/,
  );
  await assert.rejects(
    database.bulk(async (s) => {
      await s.query("insert into app_settings (key, value) values ('bulk-half', '1')");
      await s.copyRows(
        "app_settings",
        ["key", "value"],
        [
          ["dup", "1"],
          ["dup", "2"],
        ],
      );
    }),
  );
  const rows = await database.db.selectFrom("app_settings").select("key").execute();
  assert.deepEqual(rows, []);
  // The session is usable afterwards.
  await database.bulk(async (s) => {
    await s.copyRows("app_settings", ["key", "value"], [['a "quoted", key', '{"x":1}']]);
  });
  const back = await database.db.selectFrom("app_settings").selectAll().executeTakeFirstOrThrow();
  assert.equal(back.key, 'a "quoted", key');
  assert.deepEqual(back.value, { x: 1 });
});

test("an embedded database closed before any query is closed (Kysely skips its driver then; PGlite kept node alive)", async () => {
  const embedded = await openEmbedded();
  await embedded.close();
  assert.equal(embedded.pglite.closed, true);
});
