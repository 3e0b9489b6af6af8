import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, ORIGIN, type TestApp } from "../../../test/helpers/app.ts";
import { registerNoSupply } from "../../../test/helpers/complaints.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { openSse, type SseClient, type SseEvent } from "../../../test/helpers/sse.ts";
import { fixedClock } from "../../lib/clock.ts";

const clock = fixedClock("2026-11-28T14:00:00+05:30");
let t: TestApp;
let tree: Tree;
let agent: string;
let je: string;
let supervisor: string;
let base: string;
let sse: SseClient;
let outagesOnly: SseClient;
const callers: string[] = [];

/**
 * A wallboard (the supervisor's stream) and, first to connect in the same
 * jurisdiction, an integration token that may read outages but not
 * complaints: the wallboard must still count complaints.
 */
before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  for (let k = 1; k <= 6; k++)
    callers.push((await buildConsumer(t.repos, tree, { dtCode: "TF1-T2" })).consumerNo);
  agent = await t.signIn((await buildUser(t.repos, tree, { login: "agent.l", role: "agent" })).login);
  je = await t.signIn((await buildUser(t.repos, tree, { login: "je.l", role: "je", orgCode: "TDC1" })).login);
  const admin = await t.signIn((await buildUser(t.repos, tree, { login: "admin.l", role: "admin" })).login);
  supervisor = await t.signIn(
    (await buildUser(t.repos, tree, { login: "sup.l", role: "supervisor", orgCode: "T" })).login,
  );
  const token = await t.request({
    method: "POST",
    url: "/api/tokens",
    cookie: admin,
    payload: { name: "SCADA bridge", orgCode: "T", scopes: ["outages.read"] },
  });
  assert.equal(token.statusCode, 201, token.body);
  base = await t.listen();
  outagesOnly = await openSse(`${base}/api/events`, { authorization: `Bearer ${token.json().secret}` });
  await outagesOnly.waitFor((e) => e.event === "snapshot");
  sse = await openSse(`${base}/api/events`, { cookie: supervisor, origin: ORIGIN });
  await sse.waitFor((e) => e.event === "snapshot");
});
after(async () => {
  sse?.close();
  outagesOnly?.close();
  await t?.close();
});

interface Card {
  id: number;
  linkedComplaints: number;
  etr: string | null;
}

const register = (consumerNo: string) => registerNoSupply(t, agent, consumerNo, { accept: [201] });

async function reload() {
  const res = await t.request({ method: "GET", url: "/api/wallboard", cookie: supervisor });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { outages: Card[]; counters: Record<string, number> };
}

const card = (id: number, pred: (c: Card) => boolean) => (e: SseEvent) =>
  e.event === "outage" && (e.data as Card).id === id && pred(e.data as Card);

describe(`[${driverName}] the wallboard stays equal to a reload`, () => {
  let outageId: number;

  test("calls that join a live outage reach the wallboard's card and counters over SSE", async () => {
    const opened = await t.request({
      method: "POST",
      url: "/api/outages",
      cookie: je,
      payload: { dtCode: "TF1-T2", cause: "DT fuse blown" },
    });
    assert.equal(opened.statusCode, 201, opened.body);
    outageId = opened.json().outage.id;
    await sse.waitFor(card(outageId, (c) => c.linkedComplaints === 0));

    for (const c of callers) assert.equal((await register(c)).outageId, outageId);
    await t.services.idle();

    const fresh = await reload();
    const reloaded = fresh.outages.find((o) => o.id === outageId);
    assert.equal(reloaded?.linkedComplaints, callers.length);
    // The card the screen holds is the one a reload shows.
    await sse.waitFor(card(outageId, (c) => c.linkedComplaints === callers.length));
    // And so are the counters (the supervisor's, even though an outages-only token watches the same area).
    await sse.waitFor(
      (e) =>
        e.event === "counters" &&
        (e.data as Record<string, number>).openComplaints === fresh.counters.openComplaints,
    );
    assert.equal(fresh.counters.openComplaints, callers.length);
    const tokenCounters = await outagesOnly.waitFor((e) => e.event === "counters");
    assert.equal((tokenCounters.data as Record<string, number>).openComplaints, 0);
  });

  test("a new ETR reaches the card", async () => {
    const etr = new Date(clock().getTime() + 5 * 3600_000).toISOString();
    const res = await t.request({
      method: "POST",
      url: `/api/outages/${outageId}/actions`,
      cookie: je,
      payload: { action: "set_etr", etr },
    });
    assert.equal(res.statusCode, 200, res.body);
    await sse.waitFor(card(outageId, (c) => c.etr === etr));
  });
});
