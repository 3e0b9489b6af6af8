import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, test } from "node:test";
import { createTestApp, type TestApp } from "./helpers/app.ts";
import { operations } from "./helpers/openapi.ts";

// web/src/endpoints.ts pairs each path the web calls with the schemas of the
// server's route, by hand. The schemas themselves cannot drift (they are the
// server's own objects); the pairing can: a route renamed, moved or given a
// body on the server. This test holds the map against /api/openapi.json.

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t?.close());

/** The map's entries: "METHOD /path/{param}" and whether the web sends a body. */
function endpoints(): { key: string; body: boolean }[] {
  const text = fs.readFileSync(new URL("../web/src/endpoints.ts", import.meta.url), "utf8");
  const head = /^ {2}"(GET|POST|PUT|PATCH|DELETE) ([^"]+)": \{/gm;
  const found = [...text.matchAll(head)];
  return found.map((m, i) => {
    const entry = text.slice(m.index, found[i + 1]?.index ?? text.indexOf("\n}", m.index));
    return { key: `${m[1]} ${(m[2] as string).replace(/:(\w+)/g, "{$1}")}`, body: /\bbody:/.test(entry) };
  });
}

test("every endpoint the web calls is a route of the server, with a body exactly where the route takes one", async () => {
  const ops = new Map((await operations(t)).map((o) => [`${o.method} ${o.path}`, o]));
  const map = endpoints();
  assert.ok(map.length > 50, `read ${map.length} endpoints from web/src/endpoints.ts`);
  for (const e of map) {
    const op = ops.get(e.key);
    assert.ok(op, `${e.key} is in web/src/endpoints.ts but the server has no such route`);
    assert.equal(e.body, op.body !== undefined, `${e.key}: the map ${e.body ? "sends" : "sends no"} body`);
  }
});
