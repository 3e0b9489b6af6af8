import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase } from "../../test/helpers/db.ts";
import type { Database } from "../db/database.ts";
import { Events } from "./events.ts";
import { LISTENERS } from "./listeners.ts";
import { createRepositories, createServices, type Services } from "./registry.ts";

let database: Database;
let services: Services;
before(async () => {
  database = await createTestDatabase();
  services = createServices(database, createRepositories(database));
});
after(async () => {
  await services?.close();
  await database?.close();
});

test("listeners.ts names every listener the bus has, event by event, and nothing more", () => {
  const onBus = services.events.listenerCounts();
  for (const type of Object.values(Events)) {
    const listed = LISTENERS[type];
    assert.deepEqual(
      onBus[type] ?? { inTransaction: 0, committed: 0 },
      { inTransaction: listed.inTransaction.length, committed: listed.committed.length },
      `${type}: the bus and LISTENERS disagree`,
    );
  }
  assert.deepEqual(
    Object.keys(onBus).filter((t) => !Object.values<string>(Events).includes(t)),
    [],
    "a listener for an event with no name",
  );
});
