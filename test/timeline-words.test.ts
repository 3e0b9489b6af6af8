import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { fixedClock } from "../src/lib/clock.ts";
import type { en } from "../web/src/i18n/en.ts";
import { type Lang, translate } from "../web/src/i18n/translate.ts";
import { timelineWords } from "../web/src/ui/timeline.ts";
import { buildConsumer, buildOrgTree, buildUser } from "./factories.ts";
import { createTestApp, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";

// Issue 17: the complaint timeline says what a person says ("Assigned to Ramesh
// Patel (Lineman)", "Joined outage #1 (Station Road DT 1)"), in either language,
// never a column name or a code. Every kind of entry is made here the way the
// product makes it, then read back from the API and put into words.

const clock = fixedClock("2026-11-28T09:00:00+05:30");
let t: TestApp;
const COLUMNS = [
  "assigned_to",
  "outage_id",
  "category_code",
  "subcategory_code",
  "resolution_code",
  "reopen_count",
  "escalation_level",
  "breached_at",
  "compensation_rs",
  "call_count",
  "close_reason",
  "duplicate_of",
  "due_at",
];

before(async () => {
  t = await createTestApp({ clock });
  const tree = await buildOrgTree(t.repos);
  for (const [no, dt] of [
    ["7001000001", "TF1-T1"],
    ["7001000002", "TF1-T1"],
    ["7001000003", "TF1-T2"],
  ] as const)
    await buildConsumer(t.repos, tree, {
      consumerNo: no,
      name: `Consumer ${no}`,
      areaType: "urban",
      dtCode: dt,
    });
  await buildUser(t.repos, tree, { login: "agent.t", role: "agent" });
  await buildUser(t.repos, tree, { login: "je.tdc1", role: "je", orgCode: "TDC1", phone: "9000000001" });
  await buildUser(t.repos, tree, { login: "ae.ts1", role: "ae", orgCode: "TS1", phone: "9000000002" });
  await buildUser(t.repos, tree, { login: "ee.td", role: "ee", orgCode: "TD", phone: "9000000003" });
  await buildUser(t.repos, tree, { login: "lm.a", role: "lineman", orgCode: "TDC1" });
  await buildUser(t.repos, tree, { login: "lm.b", role: "lineman", orgCode: "TDC1" });
});
after(async () => t?.close());

test(`[${driverName}] every kind of timeline entry is said in words in English and Hindi`, async () => {
  const agent = await t.signIn("agent.t");
  const je = await t.signIn("je.tdc1");
  const as: Record<string, string> = { "lm.a": await t.signIn("lm.a"), "lm.b": await t.signIn("lm.b") };
  const post = async (cookie: string, url: string, payload: object) => {
    const r = await t.request({ method: "POST", url, cookie, payload });
    assert.ok(r.statusCode < 300, `${url} ${JSON.stringify(payload)}: ${r.statusCode} ${r.body}`);
    return r.json();
  };
  const act = (cookie: string, n: string, payload: object) =>
    post(cookie, `/api/complaints/${n}/actions`, payload);
  const register = async (payload: object) => (await post(agent, "/api/complaints", payload)).complaint;

  // A: assigned by the policy, accepted, taken over, on site, waiting, resumed, resolved, reopened, closed, noted.
  const a = await register({ consumerNo: "7001000003", categoryCode: "voltage", subcategoryCode: "low" });
  const mine = a.assignee.login as string;
  const other = mine === "lm.a" ? "lm.b" : "lm.a";
  clock.advance(60_000);
  await act(as[mine] as string, a.number, { action: "accept" });
  await act(as[other] as string, a.number, { action: "accept" });
  await act(as[other] as string, a.number, { action: "attend" });
  await act(as[other] as string, a.number, { action: "wait", reason: "Consumer away till noon" });
  clock.advance(30 * 60_000);
  await act(as[other] as string, a.number, { action: "resume" });
  await act(as[other] as string, a.number, { action: "resolve", resolutionCode: "voltage_corrected" });
  await act(agent, a.number, { action: "reopen", reason: "Fan still slow" });
  await act(je, a.number, { action: "resolve", resolutionCode: "voltage_corrected", remarks: "Tap changed" });
  await act(je, a.number, { action: "close" });
  await act(agent, a.number, { action: "note", note: "Consumer thanked the team" });

  // B: a repeat call, a new category, late (breached, escalated), marked invalid.
  const b = await register({ consumerNo: "7001000002", categoryCode: "meter", subcategoryCode: "stopped" });
  await register({ consumerNo: "7001000002", categoryCode: "meter", subcategoryCode: "stopped" });
  await act(je, b.number, { action: "change_category", categoryCode: "billing", subcategoryCode: "excess" });
  // C: the same fault again, marked a duplicate of B.
  const c = await register({ dcCode: "TDC1", location: "Ward 4", categoryCode: "line_breakdown" });
  const d = await register({ dcCode: "TDC1", location: "Ward 4 again", categoryCode: "line_breakdown" });
  await act(je, d.number, { action: "mark_duplicate", duplicateOf: c.number });
  // E: an emergency (officers alerted).
  const e = await register({
    consumerNo: "7001000002",
    categoryCode: "safety_hazard",
    subcategoryCode: "live_wire",
  });
  // F: no supply, then the DT's outage declared (joined), restored (resolved by it).
  const f = await register({
    consumerNo: "7001000001",
    categoryCode: "no_supply",
    subcategoryCode: "fuse_off",
  });
  const outage = (await post(je, "/api/outages", { dtCode: "TF1-T1", cause: "DT fuse" })).outage;
  // G: a second call behind that outage (joins it at registration), then let go of it.
  const g = await register({ consumerNo: "7001000002", categoryCode: "no_supply", subcategoryCode: "area" });
  await t.database.db
    .transaction()
    .execute((tx) =>
      t.services.complaints
        .outageLinks()
        .unlink(tx, outage.id, clock(), `outage #${outage.id} dismissed: test`),
    );
  await post(je, `/api/outages/${outage.id}/actions`, { action: "restore" });
  // Late: B's limit runs out and the ladder climbs.
  clock.advance(30 * 24 * 3600_000);
  await t.services.complaints.escalateDue();
  const je2 = await t.signIn("je.tdc1"); // a month on: a new session
  await act(je2, b.number, { action: "mark_invalid", reason: "Consumer withdrew" });

  const kinds = new Set<string>();
  const seenFields = new Set<string>();
  for (const n of [a.number, b.number, c.number, d.number, e.number, f.number, g.number]) {
    const r = await t.request({ method: "GET", url: `/api/complaints/${n}`, cookie: je2 });
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    for (const ev of body.timeline) {
      kinds.add(ev.action);
      for (const k of Object.keys(ev.changes)) seenFields.add(k);
    }
    for (const lang of ["en", "hi"] as Lang[]) {
      const speech = {
        t: (key: string, vars?: Record<string, string | number>) =>
          translate(lang, key as keyof typeof en, vars),
        name: (x: { nameEn: string; nameHi: string }) => (lang === "hi" ? x.nameHi : x.nameEn),
        formatDateTime: (iso: string | null) => (iso ? new Date(iso).toLocaleString(lang) : "—"),
        catalogue: (await t.request({ method: "GET", url: "/api/complaint-catalogue", cookie: je2 })).json(),
        refs: body.refs,
      };
      for (const ev of body.timeline) {
        const w = timelineWords(ev, speech);
        const said = [w.title, w.by, w.channel ?? "", ...w.changes, w.note ?? ""].join(" | ");
        assert.doesNotMatch(
          said,
          /\b(role|channel|event|timeline|cstatus)\.[a-z_]+/,
          `${lang}: a key on screen: ${said}`,
        );
        assert.doesNotMatch(said, /\b[a-z]+_[a-z_]+\b/, `${lang} ${ev.action}: ${said}`);
        for (const col of COLUMNS)
          assert.ok(!said.includes(col), `${lang} ${ev.action} names ${col}: ${said}`);
        assert.ok(!said.includes("{"), `${lang} ${ev.action}: a placeholder left: ${said}`);
        assert.ok(w.title !== `event.${ev.action}`, `${ev.action} has no title in ${lang}`);
        if (lang === "hi") assert.match(w.title, /[\u0900-\u097F]/, `${ev.action} title in Hindi`);
        // The person an assignment names is said by name and role, not by id.
        const to = (ev.changes.assigned_to as unknown[] | undefined)?.[1];
        if (to) {
          const u = body.refs.users.find((x: { id: number }) => x.id === to);
          assert.ok(u, `assignee ${to} resolved`);
          assert.ok(
            w.changes.some(
              (l) => l.includes(u.name) && l.includes(translate(lang, `role.${u.role}` as keyof typeof en)),
            ),
            `${lang} ${ev.action}: ${said}`,
          );
        }
        const joined = (ev.changes.outage_id as unknown[] | undefined)?.[1];
        if (joined)
          assert.ok(
            w.changes.some(
              (l) =>
                l.includes(`#${outage.id}`) &&
                l.includes(lang === "hi" ? "स्टेशन रोड डीटी 1" : "Station Road DT 1"),
            ),
            `${lang}: ${said}`,
          );
      }
    }
  }
  assert.deepEqual(
    [...kinds].sort(),
    [
      "accepted",
      "assigned",
      "attended",
      "category_changed",
      "closed",
      "emergency_alert",
      "escalated",
      "linked_to_outage",
      "marked_duplicate",
      "marked_invalid",
      "note",
      "registered",
      "reopened",
      "repeat_call",
      "resolved",
      "resumed",
      "sla_breached",
      "unlinked_from_outage",
      "waiting",
    ],
    "every kind of entry was made",
  );
  for (const col of [
    "assigned_to",
    "outage_id",
    "duplicate_of",
    "resolution_code",
    "escalation_level",
    "breached_at",
  ])
    assert.ok(seenFields.has(col), `some entry changed ${col}`);
});

test("the close reasons PowerDesk writes itself are said in the reader's language; a person's stay as written", () => {
  const event = (reason: string) => ({
    id: 1,
    at: "2026-12-01T10:00:00.000Z",
    action: "closed",
    actor: { kind: "system", name: "PowerDesk", role: null },
    channel: "system",
    fromStatus: "resolved",
    toStatus: "closed",
    changes: { status: ["resolved", "closed"], close_reason: [null, reason] },
    note: null,
  });
  const say = (lang: Lang, reason: string) =>
    timelineWords(event(reason), {
      t: (key, vars) => translate(lang, key, vars),
      name: (x) => (lang === "hi" ? x.nameHi : x.nameEn),
      formatDateTime: (iso) => iso ?? "—",
      catalogue: undefined,
      refs: { users: [], outages: [], complaints: [] },
    }).changes;
  assert.deepEqual(say("hi", "confirmed by the consumer"), [translate("hi", "timeline.closeConfirmed")]);
  assert.deepEqual(say("hi", "closed, not confirmed: no answer within the feedback window"), [
    translate("hi", "timeline.closeNoAnswer"),
  ]);
  assert.deepEqual(say("en", "duplicate of TR2612000001"), [], "the duplicate line says it");
  assert.deepEqual(say("hi", "Consumer shifted house"), ["कारण: Consumer shifted house"]);
});
