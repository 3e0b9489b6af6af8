import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { buildConsumer, buildOrgTree, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { fixedClock } from "../../lib/clock.ts";
import { csvSource } from "../imports/csv-source.ts";
import type { Importer, RowError } from "../imports/import.types.ts";
import { runImport } from "../imports/runner.ts";
import { connectionsImporter } from "./connections.import.ts";

const clock = fixedClock("2026-12-20T11:00:00+05:30");
let t: TestApp;
let tree: Tree;

const HEADER =
  "application_no,applicant_name,mobile,address,dc_code,category,load_kw,status,applied_at,status_at,sop_area,charges_demanded,charges_paid,consumer_no,reject_reason,documents_missing";

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, { consumerNo: "5009000001" });
});
after(async () => t?.close());

async function load(csv: string) {
  const importer = connectionsImporter(t.repos.connectionsImport, t.repos.settings, {
    clock,
  }) as Importer<unknown>;
  const src = csvSource(Readable.from([csv]));
  const errors: RowError[] = [];
  const summary = await runImport(importer, src.records, {
    header: src.header,
    onError: (e) => errors.push(e),
  });
  return { ...summary, errors };
}

async function app(number: string) {
  return t.database.db
    .selectFrom("connection_applications")
    .selectAll()
    .where("number", "=", number)
    .executeTakeFirstOrThrow();
}

async function history(number: string) {
  return t.database.db
    .selectFrom("connection_application_events as e")
    .innerJoin("connection_applications as a", "a.id", "e.application_id")
    .select(["e.action", "e.from_status", "e.to_status", "e.note"])
    .where("a.number", "=", number)
    .orderBy("e.id")
    .execute();
}

const FILE = [
  HEADER,
  "NCOLD2612000001,Ramesh Patel,+91 98260 11111,12 Station Road,TDC1,domestic,2,applied,2026-12-18 10:00,2026-12-18 10:00,urban,,,,,photo",
  "NCOLD2612000002,सीता देवी,9826011112,4 मंडी रोड,TDC2,agriculture,5,charges_paid,2026-11-01,2026-12-01 12:00,rural,12000,12000,,,",
  "NCOLD2612000003,Mohan Lal,9826011113,7 Civil Lines,TDC1,domestic,1,released,2026-11-01,2026-11-20 10:00,metro,,,5009000001,,",
  "NCOLD2612000004,Gita,9826011114,9 Ring Road,TDC1,domestic,1,rejected,2026-11-01,2026-11-03 10:00,urban,,,,no ownership proof,",
].join("\n");

describe("powerdesk import connections", () => {
  test("upsert by number with history: a re-run changes nothing, a changed status writes one entry", async () => {
    const first = await load(FILE);
    assert.deepEqual(first.errors, []);
    assert.equal(first.inserted, 4);
    const a = await app("NCOLD2612000001");
    assert.equal(a.mobile, "9826011111");
    assert.equal(a.source, "import");
    assert.deepEqual(a.documents, [
      { code: "identity_proof", received: true },
      { code: "ownership_proof", received: true },
      { code: "photo", received: false },
      { code: "wiring_certificate", received: true },
    ]);
    assert.ok(a.stage_due_at, "the stage's clock runs");
    assert.deepEqual(
      (await history("NCOLD2612000001")).map((e) => [e.action, e.from_status, e.to_status]),
      [["imported", null, "applied"]],
    );
    // Charges paid on the 1st at 12:00, documents taken as complete then: rural, due the 16th at 12:00.
    const b = await app("NCOLD2612000002");
    assert.ok(b.charges_paid_at);
    assert.ok(b.breached_at, "past the release limit at import");
    assert.equal(b.compensation_rs, 400, "Rs 100 for each of the 4 days (or part) late");
    assert.equal(b.escalation_level, 5, "the past's rungs are taken as climbed");
    const c = await app("NCOLD2612000003");
    assert.ok(c.consumer_id);
    assert.ok(c.released_at);
    assert.equal(c.next_escalation_at, null);

    const again = await load(FILE);
    assert.deepEqual(again.errors, []);
    assert.equal(again.inserted, 0);
    assert.equal(again.updated, 0);
    assert.equal(again.unchanged, 4);
    for (const n of ["NCOLD2612000001", "NCOLD2612000002", "NCOLD2612000003", "NCOLD2612000004"])
      assert.equal((await history(n)).length, 1, `${n}: no new history on a re-run`);

    const moved = FILE.replace(
      "domestic,2,applied,2026-12-18 10:00,2026-12-18 10:00,urban,,,,,photo",
      "domestic,2,documents_complete,2026-12-18 10:00,2026-12-19 15:00,urban,,,,,",
    );
    const third = await load(moved);
    assert.equal(third.updated, 1);
    assert.equal(third.unchanged, 3);
    const h = await history("NCOLD2612000001");
    assert.equal(h.length, 2, "one entry for the change");
    assert.deepEqual([h[1]?.from_status, h[1]?.to_status], ["applied", "documents_complete"]);
    const moved1 = await app("NCOLD2612000001");
    assert.deepEqual(moved1.documents_complete_at, new Date("2026-12-19T15:00:00+05:30"));
    assert.deepEqual(moved1.release_due_at, new Date("2026-12-26T15:00:00+05:30"), "urban: 7 days");
    assert.equal((await load(moved)).unchanged, 4, "and a re-run of it nothing");
    assert.equal((await t.database.db.selectFrom("outbox_sms").select("id").execute()).length, 0, "no SMS");
  });

  test("bad rows are reported by line and column; the good ones are loaded", async () => {
    const r = await load(
      [
        HEADER,
        "NCBAD2612000001,Asha,9826011121,1 Road,NOPE,domestic,2,applied,2026-12-18,2026-12-18,,,,,,",
        "NCBAD2612000002,Asha,12345,1 Road,TDC1,domestic,2,applied,2026-12-18,2026-12-18,,,,,,",
        "NCBAD2612000003,Asha,9826011123,1 Road,TDC1,domestic,2,waiting,2026-12-18,2026-12-18,,,,,,",
        "NCBAD2612000004,Asha,9826011124,1 Road,TDC1,domestic,0,rejected,2026-12-18,2026-12-17,,,,,,",
        "NCBAD2612000005,Asha,9826011125,1 Road,TDC1,domestic,2,released,2026-12-18,2026-12-19,,,,7777777777,,",
        "NCBAD2612000006,Asha,9826011126,1 Road,TDC1,domestic,2,applied,2026-12-18,2030-01-01,,,,,,passport",
        "NCGOOD2612000007,Asha,9826011127,1 Road,TDC2,industrial,20,applied,2026-12-18,2026-12-18,,,,,,",
      ].join("\n"),
    );
    const at = (line: number) => r.errors.filter((e) => e.line === line).map((e) => e.column);
    assert.deepEqual(at(2), ["dc_code"]);
    assert.deepEqual(at(3), ["mobile"]);
    assert.deepEqual(at(4), ["status"]);
    assert.deepEqual(at(5).sort(), ["load_kw", "reject_reason", "status_at"]);
    assert.deepEqual(at(6), ["consumer_no"]);
    assert.deepEqual(at(7).sort(), ["documents_missing", "status_at"]);
    assert.equal(r.inserted, 1);
    assert.equal(r.rejected, 6);
  });
});
