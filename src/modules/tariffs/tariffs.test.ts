import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { fixedClock } from "../../lib/clock.ts";
import { csvSource } from "../imports/csv-source.ts";
import type { Importer, RowError } from "../imports/import.types.ts";
import { runImport } from "../imports/runner.ts";
import { estimate } from "./tariffs.calc.ts";
import { tariffsImporter } from "./tariffs.import.ts";
import type { TariffInput } from "./tariffs.schemas.ts";

const clock = fixedClock("2026-06-15T10:00:00+05:30");
let t: TestApp;
let tree: Tree;
const cookies = new Map<string, string>();

async function call(login: string, method: "GET" | "POST" | "PUT", url: string, payload?: unknown) {
  let c = cookies.get(login);
  if (!c) {
    c = await t.signIn(login);
    cookies.set(login, c);
  }
  const res = await t.request({
    method,
    url,
    cookie: c,
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  return { status: res.statusCode, body: res.json() };
}

/** The hand-computed example's tariff: ₹70 a connection, four slabs, duty 9% and FPPAS 3%. */
const DOMESTIC: TariffInput = {
  category: "domestic",
  supplyType: "lt",
  effectiveFrom: "2026-04-01",
  effectiveTo: null,
  nameEn: "Domestic LT 2026-27",
  nameHi: "घरेलू एलटी 2026-27",
  fixedCharge: 70,
  fixedBasis: "per_connection",
  slabs: [
    { fromUnits: 0, toUnits: 50, rate: 4.45 },
    { fromUnits: 50, toUnits: 150, rate: 5.5 },
    { fromUnits: 150, toUnits: 300, rate: 6.8 },
    { fromUnits: 300, toUnits: null, rate: 7 },
  ],
  extras: [
    { nameEn: "Electricity duty", nameHi: "विद्युत शुल्क", percent: 9 },
    { nameEn: "FPPAS", nameHi: "एफपीपीएएस", percent: 3 },
  ],
};
const OLD_DOMESTIC: TariffInput = {
  ...DOMESTIC,
  effectiveFrom: "2025-04-01",
  effectiveTo: "2026-03-31",
  nameEn: "Domestic LT 2025-26",
  nameHi: "घरेलू एलटी 2025-26",
  fixedCharge: 65,
  extras: [],
};
const SHOP: TariffInput = {
  category: "non_domestic",
  supplyType: "lt",
  effectiveFrom: "2026-04-01",
  effectiveTo: null,
  nameEn: "Non-domestic LT",
  nameHi: "गैर-घरेलू एलटी",
  fixedCharge: 140,
  fixedBasis: "per_kw",
  slabs: [
    { fromUnits: 0, toUnits: 50, rate: 6.5 },
    { fromUnits: 50, toUnits: null, rate: 7.9 },
  ],
  extras: [],
};

let domesticId = 0;

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "tf.agent", role: "agent" });
  await buildUser(t.repos, tree, { login: "tf.admin", role: "admin" });
  await buildUser(t.repos, tree, { login: "tf.viewer", role: "viewer" });
  await buildUser(t.repos, tree, { login: "tf.je", role: "je", orgCode: "TDC1" });
});
after(async () => t?.close());

const amounts = (body: { lines: { kind: string; amount: number }[] }) =>
  body.lines.map((l) => [l.kind, l.amount]);

describe("the tariff table and the bill estimator", () => {
  test("an admin adds versions; agents may not", async () => {
    const denied = await call("tf.agent", "POST", "/api/tariffs", DOMESTIC);
    assert.equal(denied.status, 403);
    const created = await call("tf.admin", "POST", "/api/tariffs", DOMESTIC);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    domesticId = created.body.id;
    assert.deepEqual(created.body.slabs[1], { fromUnits: 50, toUnits: 150, rate: 5.5 });
    assert.equal(created.body.fixedCharge, 70);
    assert.equal(created.body.extras[0].percent, 9);
    assert.equal((await call("tf.admin", "POST", "/api/tariffs", OLD_DOMESTIC)).status, 201);
    assert.equal((await call("tf.admin", "POST", "/api/tariffs", SHOP)).status, 201);
  });

  test("a multi-slab bill equals the hand-computed amount, line by line", async () => {
    const r = await call("tf.agent", "POST", "/api/tariffs/estimate", {
      category: "domestic",
      loadKw: 2,
      units: 220,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    // 50 × 4.45 = 222.50; 100 × 5.50 = 550.00; 70 × 6.80 = 476.00; fixed 70 → 1,318.50;
    // duty 9% = 118.665 → 118.67; FPPAS 3% = 39.555 → 39.56; total 1,476.73.
    assert.deepEqual(amounts(r.body), [
      ["fixed", 70],
      ["slab", 222.5],
      ["slab", 550],
      ["slab", 476],
      ["extra", 118.67],
      ["extra", 39.56],
    ]);
    assert.equal(r.body.total, 1476.73);
    assert.equal(r.body.totalText, "₹1,476.73");
    assert.equal(r.body.date, "2026-06-15", "today in the DISCOM's zone");
    assert.equal(r.body.tariff.nameEn, "Domestic LT 2026-27");
    assert.match(r.body.lines[3].labelHi, /151–300 यूनिट/);
    assert.match(r.body.lines[3].detailEn, /70 units × ₹6\.80/);
    assert.match(r.body.sayHi, /₹1,476\.73/);
    assert.match(r.body.sayEn, /220 units/);
  });

  test("slab boundaries: exactly at a boundary, zero units, past the last slab", async () => {
    const at50 = await call("tf.agent", "POST", "/api/tariffs/estimate", {
      category: "domestic",
      loadKw: 1,
      units: 50,
    });
    assert.deepEqual(amounts(at50.body).slice(0, 2), [
      ["fixed", 70],
      ["slab", 222.5],
    ]);
    assert.equal(
      at50.body.lines.filter((l: { kind: string }) => l.kind === "slab").length,
      1,
      "slab 2 not reached",
    );
    const at51 = await call("tf.agent", "POST", "/api/tariffs/estimate", {
      category: "domestic",
      loadKw: 1,
      units: 51,
    });
    assert.deepEqual(
      amounts(at51.body).filter(([k]) => k === "slab"),
      [
        ["slab", 222.5],
        ["slab", 5.5],
      ],
    );
    const zero = await call("tf.agent", "POST", "/api/tariffs/estimate", {
      category: "domestic",
      loadKw: 1,
      units: 0,
    });
    // Only the fixed charge, and the extras on it: 70 + 6.30 + 2.10.
    assert.deepEqual(amounts(zero.body), [
      ["fixed", 70],
      ["extra", 6.3],
      ["extra", 2.1],
    ]);
    assert.equal(zero.body.total, 78.4);
    const past = await call("tf.agent", "POST", "/api/tariffs/estimate", {
      category: "domestic",
      loadKw: 1,
      units: 450,
    });
    // 222.50 + 550 + 1,020 + 150 × 7 = 2,842.50; + 70 = 2,912.50; 262.125 → 262.13; 87.375 → 87.38.
    assert.equal(past.body.lines.filter((l: { kind: string }) => l.kind === "slab").length, 4);
    assert.match(past.body.lines[4].labelEn, /above 300 units/);
    assert.equal(past.body.lines[4].amount, 1050);
    assert.equal(past.body.total, 3262.01);
  });

  test("a per-kW fixed charge counts the load", async () => {
    const r = await call("tf.agent", "POST", "/api/tariffs/estimate", {
      category: "non_domestic",
      supplyType: "lt",
      loadKw: 3.5,
      units: 100,
    });
    assert.deepEqual(amounts(r.body), [
      ["fixed", 490],
      ["slab", 325],
      ["slab", 395],
    ]);
    assert.equal(r.body.total, 1210);
  });

  test("the version in force on the day is used", async () => {
    const before = await call("tf.agent", "POST", "/api/tariffs/estimate", {
      category: "domestic",
      loadKw: 1,
      units: 0,
      date: "2026-03-31",
    });
    assert.equal(before.body.tariff.nameEn, "Domestic LT 2025-26");
    assert.equal(before.body.total, 65);
    const first = await call("tf.agent", "POST", "/api/tariffs/estimate", {
      category: "domestic",
      loadKw: 1,
      units: 0,
      date: "2026-04-01",
    });
    assert.equal(first.body.tariff.nameEn, "Domestic LT 2026-27");
    const march = await call("tf.agent", "POST", "/api/tariffs/estimate", {
      category: "domestic",
      loadKw: 1,
      units: 0,
      month: "2026-03",
    });
    assert.equal(
      march.body.tariff.nameEn,
      "Domestic LT 2025-26",
      "a bill month takes its first day's tariff",
    );
    const badMonth = await call("tf.agent", "POST", "/api/tariffs/estimate", {
      category: "domestic",
      loadKw: 1,
      units: 0,
      month: "2026-13",
    });
    assert.equal(badMonth.status, 400);
    assert.equal(badMonth.body.field, "month");
    const none = await call("tf.agent", "POST", "/api/tariffs/estimate", {
      category: "domestic",
      loadKw: 1,
      units: 10,
      date: "2024-01-01",
    });
    assert.equal(none.status, 400);
    assert.equal(none.body.field, "category");
    const noHt = await call("tf.agent", "POST", "/api/tariffs/estimate", {
      category: "agriculture",
      supplyType: "ht",
      loadKw: 1,
      units: 10,
    });
    assert.equal(noHt.status, 400);

    const today = await call("tf.agent", "GET", "/api/tariffs");
    assert.equal(today.status, 200);
    assert.deepEqual(
      today.body.items.map((i: { nameEn: string }) => i.nameEn),
      ["Domestic LT 2026-27", "Non-domestic LT"],
    );
    const lastYear = await call("tf.agent", "GET", "/api/tariffs?date=2025-06-01");
    assert.deepEqual(
      lastYear.body.items.map((i: { nameEn: string }) => i.nameEn),
      ["Domestic LT 2025-26"],
    );
  });

  test("every version is for those who manage tariffs", async () => {
    assert.equal((await call("tf.agent", "GET", "/api/tariffs?all=true")).status, 403);
    const all = await call("tf.admin", "GET", "/api/tariffs?all=true");
    assert.equal(all.status, 200);
    assert.equal(all.body.items.length, 3);
    assert.equal((await call("tf.viewer", "GET", "/api/tariffs")).status, 200);
    assert.equal(
      (
        await call("tf.viewer", "POST", "/api/tariffs/estimate", {
          category: "domestic",
          loadKw: 1,
          units: 1,
        })
      ).status,
      200,
    );
    assert.equal((await call("tf.je", "PUT", `/api/tariffs/${domesticId}`, DOMESTIC)).status, 403);
    assert.equal((await call("tf.je", "GET", `/api/tariffs/${domesticId}/history`)).status, 403);
  });

  test("bad tariffs: 400 naming the field, nothing written", async () => {
    const cases: [Partial<TariffInput>, string][] = [
      [{ effectiveFrom: "2026-01-01", effectiveTo: "2026-05-01" }, "effectiveFrom"], // overlaps both domestic versions
      [{ effectiveFrom: "2027-01-01", effectiveTo: "2026-12-31" }, "effectiveTo"],
      [{ effectiveFrom: "2027-02-30" }, "effectiveFrom"],
      [
        {
          effectiveFrom: "2030-01-01",
          slabs: [
            { fromUnits: 0, toUnits: 50, rate: 4 },
            { fromUnits: 60, toUnits: null, rate: 5 },
          ],
        },
        "slabs.1.fromUnits",
      ],
      [
        {
          effectiveFrom: "2030-01-01",
          slabs: [
            { fromUnits: 0, toUnits: 50, rate: 4 },
            { fromUnits: 40, toUnits: null, rate: 5 },
          ],
        },
        "slabs.1.fromUnits",
      ],
      [
        { effectiveFrom: "2030-01-01", slabs: [{ fromUnits: 10, toUnits: null, rate: 4 }] },
        "slabs.0.fromUnits",
      ],
      [{ effectiveFrom: "2030-01-01", slabs: [{ fromUnits: 0, toUnits: 100, rate: 4 }] }, "slabs.0.toUnits"],
      [{ effectiveFrom: "2030-01-01", slabs: [{ fromUnits: 0, toUnits: null, rate: -1 }] }, "slabs.0.rate"],
      [{ effectiveFrom: "2030-01-01", fixedCharge: -5 }, "fixedCharge"],
      [{ effectiveFrom: "2030-01-01", fixedCharge: 1.234 }, "fixedCharge"],
      [
        { effectiveFrom: "2030-01-01", extras: [{ nameEn: "Duty", nameHi: "शुल्क", percent: -2 }] },
        "extras.0.percent",
      ],
      [{ effectiveFrom: "2030-01-01", nameHi: "  " }, "nameHi"],
      [{ effectiveFrom: "2030-01-01", fixedBasis: "per_hp" as never }, "fixedBasis"],
    ];
    const before = (await call("tf.admin", "GET", "/api/tariffs?all=true")).body.items.length;
    for (const [change, field] of cases) {
      const r = await call("tf.admin", "POST", "/api/tariffs", { ...DOMESTIC, effectiveTo: null, ...change });
      assert.equal(r.status, 400, `${JSON.stringify(change)}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.field, field, JSON.stringify(r.body));
    }
    const bad = await call("tf.agent", "POST", "/api/tariffs/estimate", {
      category: "domestic",
      loadKw: 1,
      units: -1,
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, "units");
    assert.equal((await call("tf.admin", "GET", "/api/tariffs?all=true")).body.items.length, before);
  });

  test("an edit is recorded with who made it and what changed; an edit into an overlap is refused", async () => {
    const r = await call("tf.admin", "PUT", `/api/tariffs/${domesticId}`, { ...DOMESTIC, fixedCharge: 75 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.fixedCharge, 75);
    assert.ok(r.body.updatedBy);
    const same = await call("tf.admin", "PUT", `/api/tariffs/${domesticId}`, {
      ...DOMESTIC,
      fixedCharge: 75,
    });
    assert.equal(same.status, 200);
    const h = await call("tf.admin", "GET", `/api/tariffs/${domesticId}/history`);
    assert.equal(h.status, 200);
    assert.equal(h.body.items.length, 2, "created, then one change (the repeat records nothing)");
    assert.equal(h.body.items[0].action, "updated");
    assert.deepEqual(h.body.items[0].changes, [{ field: "fixedCharge", before: 70, after: 75 }]);
    const overlap = await call("tf.admin", "PUT", `/api/tariffs/${domesticId}`, {
      ...DOMESTIC,
      effectiveFrom: "2026-03-01",
    });
    assert.equal(overlap.status, 400);
    assert.equal(overlap.body.field, "effectiveFrom");
    assert.equal((await call("tf.admin", "PUT", "/api/tariffs/999999", DOMESTIC)).status, 404);
  });
});

describe("two admins at once", () => {
  test("of two overlapping versions saved at the same moment, one is refused", async () => {
    const base: TariffInput = {
      ...SHOP,
      category: "agriculture",
      supplyType: "ht",
      nameEn: "Agri HT",
      nameHi: "कृषि एचटी",
    };
    const results = await Promise.all([
      call("tf.admin", "POST", "/api/tariffs", { ...base, effectiveFrom: "2026-04-01" }),
      call("tf.admin", "POST", "/api/tariffs", { ...base, effectiveFrom: "2026-05-01" }),
      call("tf.admin", "POST", "/api/tariffs", { ...base, effectiveFrom: "2026-06-01" }),
    ]);
    assert.deepEqual(
      results.map((r) => r.status).sort(),
      [201, 400, 400],
      JSON.stringify(results.map((r) => r.body)),
    );
    const rows = await t.database.db
      .selectFrom("tariffs")
      .select("id")
      .where("category", "=", "agriculture")
      .where("supply_type", "=", "ht")
      .execute();
    assert.equal(rows.length, 1);
  });
});

describe("the estimate's arithmetic", () => {
  test("fractional units and load round each line to the paisa", () => {
    const r = estimate(
      {
        fixedChargePaise: 3333,
        fixedBasis: "per_kw",
        slabs: [{ from: 0, to: null, ratePaise: 333 }],
        extras: [],
      },
      1.5,
      10.5,
    );
    // 33.33 × 1.5 = 49.995 → 50.00; 10.5 × 3.33 = 34.965 → 34.97 (Math.round of 3496.5 paise).
    assert.deepEqual(
      r.lines.map((l) => l.amount),
      [50, 34.97],
    );
    assert.equal(r.totalPaise, 8497);
  });
});

describe("powerdesk import tariffs", () => {
  async function load(csv: string) {
    const src = csvSource(Readable.from([csv]));
    const errors: RowError[] = [];
    const importer = tariffsImporter(t.repos.tariffs, { clock }) as Importer<unknown>;
    const summary = await runImport(importer, src.records, {
      header: src.header,
      onError: (e) => errors.push(e),
    });
    return { ...summary, errors };
  }
  const header =
    "category,supply_type,effective_from,effective_to,name_en,name_hi,fixed_charge,fixed_basis,line,slab_from,slab_to,rate,extra_name_en,extra_name_hi,extra_percent";
  const good = [
    header,
    "industrial,lt,2026-04-01,,Industrial LT,औद्योगिक एलटी,300,per_kw,slab,0,100,6.50,,,", // line 2
    "industrial,lt,2026-04-01,,Industrial LT,औद्योगिक एलटी,300,per_kw,slab,100,,7.00,,,",
    "industrial,lt,2026-04-01,,Industrial LT,औद्योगिक एलटी,300,per_kw,extra,,,,Electricity duty,विद्युत शुल्क,9",
    "agriculture,lt,2026-04-01,,Agriculture LT,कृषि एलटी,60,per_kw,,0,,5.20,,,", // line 5: line column empty = slab
  ].join("\n");

  test("a file loads, and a re-run changes nothing", async () => {
    const first = await load(good);
    assert.deepEqual(first.errors, []);
    assert.equal(first.inserted, 4);
    const events = async () =>
      Number(
        (
          await t.database.db
            .selectFrom("tariff_events")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const n = await events();
    const again = await load(good);
    assert.equal(again.inserted + again.updated, 0);
    assert.equal(again.unchanged, 4);
    assert.equal(await events(), n, "a re-run records nothing");
    const r = await call("tf.agent", "POST", "/api/tariffs/estimate", {
      category: "industrial",
      loadKw: 10,
      units: 150,
    });
    // 3,000 + 650 + 350 = 4,000; duty 9% = 360.
    assert.equal(r.body.total, 4360);
  });

  test("bad rows are reported by line and column; a version with a gap is refused whole", async () => {
    const csv = [
      header,
      "royal,lt,2026-04-01,,X,X,1,per_kw,slab,0,,1,,,", // line 2: category
      "agriculture,ht,2026-04-01,,Agri HT,कृषि एचटी,60,per_kw,slab,0,,-5,,,", // line 3: rate
      "agriculture,ht,2026-13-01,,Agri HT,कृषि एचटी,60,per_kw,slab,0,,5,,,", // line 4: date
      "non_domestic,ht,2026-04-01,,Shop HT,दुकान एचटी,100,per_kw,slab,0,100,6,,,", // line 5
      "non_domestic,ht,2026-04-01,,Shop HT,दुकान एचटी,100,per_kw,slab,120,,7,,,", // line 6: gap
      "domestic,ht,2026-04-01,,Dom HT,घरेलू एचटी,10,per_connection,slab,0,,5,,,", // line 7: fine
      "agriculture,lt,2026-01-01,,Agri old,कृषि पुराना,60,per_kw,slab,0,,5,,,", // line 8: overlaps the open agriculture LT
    ].join("\n");
    const r = await load(csv);
    const at = r.errors.map((e) => [e.line, e.column]);
    assert.deepEqual(
      at.sort((a, b) => Number(a[0]) - Number(b[0])),
      [
        [2, "category"],
        [3, "rate"],
        [4, "effective_from"],
        [5, "slab_from"],
        [6, "slab_from"],
        [8, "effective_from"],
      ],
      JSON.stringify(r.errors),
    );
    assert.match(r.errors.find((e) => e.line === 6)?.reason ?? "", /must be 100/);
    assert.equal(r.inserted, 1);
  });
});
