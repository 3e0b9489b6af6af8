import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, driverName } from "../../../test/helpers/db.ts";
import type { Database } from "../../db/database.ts";
import { consumersImporter } from "../consumers/consumers.import.ts";
import { networkImporter } from "../network/network.import.ts";
import { orgImporter } from "../org/org.import.ts";
import { createRepositories, type Repositories } from "../registry.ts";
import { verifyPassword } from "../users/password.ts";
import { usersImporter } from "../users/users.import.ts";
import { csvSource } from "./csv-source.ts";
import { type Importer, ImportHeaderError, type RowError } from "./import.types.ts";
import { runImport } from "./runner.ts";

let database: Database;
let repos: Repositories;
before(async () => {
  database = await createTestDatabase();
  repos = createRepositories(database);
});
after(async () => database?.close());

async function load(importer: Importer<unknown>, csv: string) {
  const src = csvSource(Readable.from([csv]));
  const errors: RowError[] = [];
  const summary = await runImport(importer, src.records, {
    header: src.header,
    onError: (e) => errors.push(e),
  });
  return { ...summary, errors };
}

const org = () => orgImporter(repos.org) as Importer<unknown>;
const network = () => networkImporter(repos.network, repos.org) as Importer<unknown>;
const consumers = (batchSize?: number) =>
  consumersImporter(
    repos.consumers,
    repos.network,
    repos.org,
    batchSize ? { batchSize } : {},
  ) as Importer<unknown>;
const users = () => usersImporter(repos.users, repos.org) as Importer<unknown>;

const ORG = `code,kind,parent_code,name_en,name_hi
MPEZ,company,,MP East DISCOM,म.प्र. पूर्व क्षेत्र
JBP,region,MPEZ,Jabalpur Region,जबलपुर क्षेत्र
KTN,circle,JBP,Katni Circle,कटनी वृत्त
KTN-D1,division,KTN,Katni Division,कटनी संभाग
KTN-S1,subdivision,KTN-D1,Katni Sub-division,कटनी उपसंभाग
KTN-S2,Sub-division,KTN-D1,Barhi Sub-division,बरही उपसंभाग
KTN01,dc,KTN-S1,Katni DC,कटनी वितरण केंद्र
KTN02,dc,KTN-S2,Barhi DC,बरही वितरण केंद्र
`;

const NETWORK = `kind,code,name_en,name_hi,parent_code,dc_code,capacity_kva
substation,KTN01-SS1,Katni 33/11 kV,कटनी 33/11 केवी,,KTN01,
feeder,KTN01-F01,Station Road feeder,स्टेशन रोड फीडर,KTN01-SS1,KTN01,
dt,KTN01-F01-T001,Station Road DT 1,,KTN01-F01,,100
dt,KTN01-F01-T002,Station Road DT 2,,KTN01-F01,KTN01,63
substation,KTN02-SS1,Barhi 33/11 kV,,,KTN02,
feeder,KTN02-F01,Barhi feeder,,KTN02-SS1,KTN02,
dt,KTN02-F01-T001,Barhi DT 1,,KTN02-F01,KTN02,25
dt,BAD-T1,Orphan DT,,NO-SUCH-FEEDER,KTN01,25
feeder,BAD-F1,Feeder of nowhere,,KTN01-SS1,NODC,
transformer,BAD-X,What,,,KTN01,
feeder,BAD-F2,Feeder with capacity,,KTN01-SS1,KTN01,100
`;

describe(`[${driverName}] org and network import`, () => {
  test("an org file loads and re-running it changes nothing", async () => {
    const first = await load(org(), ORG);
    assert.deepEqual([first.inserted, first.updated, first.unchanged, first.rejected], [8, 0, 0, 0]);
    const again = await load(org(), ORG);
    assert.deepEqual([again.inserted, again.updated, again.unchanged, again.rejected], [0, 0, 8, 0]);
    const dc = await repos.org.findByCode("KTN02");
    assert.equal(dc?.path, "/MPEZ/JBP/KTN/KTN-D1/KTN-S2/KTN02/");
    assert.equal(dc?.name_hi, "बरही वितरण केंद्र");
  });

  test("bad org rows are reported by line and column; a moved unit takes its subtree along", async () => {
    const r = await load(
      org(),
      `code,kind,parent_code,name_en,name_hi
KTN-S2,subdivision,KTN-D2,Barhi Sub-division,बरही उपसंभाग
KTN-D2,division,KTN,Barhi Division,बरही संभाग
KTN-S2,subdivision,KTN-D2,Barhi Sub-division,बरही उपसंभाग
KTN03,dc,KTN-D1,Rithi DC,रीठी
KTN04,dc,KTN-S9,Rithi DC,रीठी
x y,dc,KTN-S1,Bad code,बुरा
KTN05,dc,KTN-S1,,
MPX,company,,Another company,दूसरी
`,
    );
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.column]),
      [
        [2, "parent_code"],
        [5, "parent_code"],
        [6, "parent_code"],
        [7, "code"],
        [8, "name_en"],
        [8, "name_hi"],
        [9, "code"],
      ],
    );
    assert.equal(r.rejected, 6);
    assert.deepEqual([r.inserted, r.updated], [1, 1]);
    const dc = await repos.org.findByCode("KTN02");
    assert.equal(dc?.path, "/MPEZ/JBP/KTN/KTN-D2/KTN-S2/KTN02/");
  });

  test("a network file loads its good rows and reports each bad one", async () => {
    const r = await load(network(), NETWORK);
    assert.deepEqual([r.inserted, r.rejected], [7, 4]);
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.column]),
      [
        [9, "parent_code"],
        [10, "dc_code"],
        [11, "kind"],
        [12, "capacity_kva"],
      ],
    );
    const idx = await repos.network.loadIndex();
    assert.equal(
      idx.dts.get("KTN01-F01-T001")?.dcId,
      (await repos.org.findByCode("KTN01"))?.id,
      "a DT defaults to its feeder's DC",
    );
    const again = await load(network(), NETWORK);
    assert.deepEqual([again.inserted, again.updated, again.unchanged, again.rejected], [0, 0, 7, 4]);
  });
});

describe(`[${driverName}] consumers import`, () => {
  const header =
    "consumer_no,name,address,mobiles,tariff_category,area_type,dc_code,feeder_code,dt_code,meter_no,connection_status";
  const good = [
    '3001000001,Ramesh Patel,"H.No. 12, Station Road",9826012345:verified:hi,domestic,urban,KTN01,KTN01-F01,KTN01-F01-T001,MP30010001,active',
    "3001000002,Sunita Sahu,,9826012346:en;7000012345,non-domestic,urban,KTN01,,KTN01-F01-T002,,",
    '3002000001,"Gulab Singh ""Bhaiya"" Lodhi","Village Barhi,\nPost Barhi",,agriculture,rural,KTN02,KTN02-F01,KTN02-F01-T001,MP30020001,temporarily_disconnected',
  ];
  const bad = [
    "3001000003,No DC,,,domestic,urban,KTN99,,,,", // line 5: unknown DC
    "3001000004,Bad mobile,,12345,domestic,urban,KTN01,,,,", // line 6
    "3001000005,Bad tariff,,,royal,urban,KTN01,,,,", // line 7
    "3001000006,Wrong DT,,,domestic,urban,KTN01,KTN01-F01,KTN02-F01-T001,,", // line 8
    "3001000007,,,,domestic,urban,KTN01,,,,", // line 9: no name
    "3001000008,Too few", // line 10
    "3001000009,Not a DC,,,domestic,urban,KTN-S1,,,,", // line 11
  ];
  const file = `${header}\n${good.join("\n")}\n${bad.join("\n")}\n`;

  test("good rows load, bad rows are reported by line and column, nothing else is lost", async () => {
    const r = await load(consumers(), file);
    assert.equal(r.rowsRead, 10);
    assert.deepEqual([r.inserted, r.rejected], [3, 7]);
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.column ?? ""]),
      [
        [6, "dc_code"],
        [7, "mobiles"],
        [8, "tariff_category"],
        [9, "dt_code"],
        [10, "name"],
        [11, ""],
        [12, "dc_code"],
      ],
    );
    assert.match(r.errors[0]?.reason ?? "", /unknown DC/);
    assert.equal(r.notes["mobiles added"], 3);
    const card = await database.db
      .selectFrom("consumers")
      .selectAll()
      .where("consumer_no", "=", "3002000001")
      .executeTakeFirstOrThrow();
    assert.equal(card.name, 'Gulab Singh "Bhaiya" Lodhi');
    assert.equal(card.address, "Village Barhi,\nPost Barhi");
    assert.equal(card.connection_status, "temporarily_disconnected");
    const second = await database.db
      .selectFrom("consumers")
      .select(["feeder_id", "tariff_category"])
      .where("consumer_no", "=", "3001000002")
      .executeTakeFirstOrThrow();
    assert.equal(second.tariff_category, "non_domestic");
    assert.ok(second.feeder_id, "the feeder is taken from the DT when not given");
  });

  test("re-running the same file is a no-op", async () => {
    const before = await database.db
      .selectFrom("consumers")
      .select(["consumer_no", "updated_at"])
      .orderBy("consumer_no")
      .execute();
    const r = await load(consumers(), file);
    assert.deepEqual([r.inserted, r.updated, r.unchanged, r.rejected], [0, 0, 3, 7]);
    assert.equal(r.notes["mobiles added"], 0);
    assert.equal(r.notes["mobiles changed"], 0);
    const afterRows = await database.db
      .selectFrom("consumers")
      .select(["consumer_no", "updated_at"])
      .orderBy("consumer_no")
      .execute();
    assert.deepEqual(afterRows, before);
  });

  test("a verified mobile stays verified when a later file does not say so; a changed field is an update", async () => {
    const r = await load(
      consumers(),
      `${header}\n3001000001,Ramesh Kumar Patel,"H.No. 12, Station Road",9826012345:hi,domestic,urban,KTN01,KTN01-F01,KTN01-F01-T001,MP30010001,active\n`,
    );
    assert.deepEqual([r.inserted, r.updated], [0, 1]);
    const m = await database.db
      .selectFrom("consumer_mobiles")
      .select("verified")
      .where("mobile", "=", "9826012345")
      .executeTakeFirstOrThrow();
    assert.equal(m.verified, true);
  });

  test("the same consumer twice in one file: the last row wins", async () => {
    const r = await load(
      consumers(),
      `${header}\n3003000001,First Name,,,domestic,urban,KTN01,,,,\n3003000001,Second Name,,,domestic,urban,KTN01,,,,\n`,
    );
    assert.equal(r.inserted, 1);
    const c = await database.db
      .selectFrom("consumers")
      .select("name")
      .where("consumer_no", "=", "3003000001")
      .executeTakeFirstOrThrow();
    assert.equal(c.name, "Second Name");
  });

  test("rows after an unreadable one still load, across several batches", async () => {
    const rows = Array.from(
      { length: 25 },
      (_, i) => `31000000${String(i).padStart(2, "0")},Person ${i},,,domestic,rural,KTN02,,,,`,
    );
    rows.splice(10, 0, '3199999999,"Broken "quote,,,domestic,rural,KTN02,,,,');
    const r = await load(consumers(7), `${header}\n${rows.join("\n")}\n`);
    assert.equal(r.inserted, 25);
    assert.equal(r.rejected, 1);
    assert.equal(r.errors[0]?.line, 12);
    assert.match(r.errors[0]?.reason ?? "", /unreadable CSV/);
  });

  test('a stray quote in an unquoted address (1001,Ram,5" pipe lane) loads, and so do the rows after it', async () => {
    const rows = [
      '3201000001,Ram,5" pipe lane,,domestic,urban,KTN01,,,,',
      "3201000002,Shyam,Civil Lines,,domestic,urban,KTN01,,,,",
      '3201000003,Sita,"7, Gandhi Chowk",,domestic,urban,KTN01,,,,',
      '3201000004,"Bad"x,,,domestic,urban,KTN01,,,,',
      "3201000005,Gita,,,domestic,urban,KTN01,,,,",
    ];
    const r = await load(consumers(), `${header}\n${rows.join("\n")}\n`);
    assert.deepEqual([r.rowsRead, r.inserted, r.rejected], [5, 4, 1]);
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.reason]),
      [[5, "unreadable CSV: text after a closing quote"]],
    );
    const ram = await database.db
      .selectFrom("consumers")
      .select("address")
      .where("consumer_no", "=", "3201000001")
      .executeTakeFirstOrThrow();
    assert.equal(ram.address, '5" pipe lane');
  });

  test("a header without a required column stops the import before any row", async () => {
    await assert.rejects(
      load(consumers(), "consumer_no,name\n3004000001,X\n"),
      (err: unknown) =>
        err instanceof ImportHeaderError &&
        /tariff_category/.test(err.message) &&
        /dc_code/.test(err.message),
    );
    const n = await database.db
      .selectFrom("consumers")
      .select("id")
      .where("consumer_no", "=", "3004000001")
      .execute();
    assert.equal(n.length, 0);
  });
});

describe(`[${driverName}] users import`, () => {
  const header = "login,name,role,org_code,phone,password,language,active";
  const file = `${header}
je.ktn01,Vijay Tiwari,je,KTN01,9826000001,initial-pass-1,hi,true
ae.ktn-s1,Anil Shukla,AE,KTN-S1,,initial-pass-2,en,yes
agent7,Pooja Rai,agent,MPEZ,,,hi,
je.wrong,Wrong Level,je,KTN-S1,,initial-pass-3,,
x,Bad Login,agent,MPEZ,,,,
boss,Unknown Role,king,MPEZ,,,,
far,Unknown Unit,agent,NOWHERE,,,,
weak,Weak Password,agent,MPEZ,,short,,
`;

  test("good users load with hashed passwords; bad rows are reported", async () => {
    const r = await load(users(), file);
    assert.deepEqual([r.inserted, r.rejected], [3, 5]);
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.column]),
      [
        [5, "org_code"],
        [6, "login"],
        [7, "role"],
        [8, "org_code"],
        [9, "password"],
      ],
    );
    const je = await repos.users.findByLoginForAuth("je.ktn01");
    assert.ok(je && (await verifyPassword("initial-pass-1", je.password_hash)));
    const agent = await repos.users.findByLoginForAuth("agent7");
    assert.equal(agent?.password_hash, null, "no password: cannot sign in until one is set");
  });

  test("re-running changes nothing and never overwrites a password", async () => {
    await repos.users.setPasswordHash(
      (await repos.users.findByLoginForAuth("je.ktn01"))?.id as number,
      "scrypt$changed",
    );
    const r = await load(users(), file);
    assert.deepEqual([r.inserted, r.updated, r.unchanged], [0, 0, 3]);
    assert.equal((await repos.users.findByLoginForAuth("je.ktn01"))?.password_hash, "scrypt$changed");
  });
});

describe("the runner isolates rows the database refuses", () => {
  test("a batch that fails on one row is split until only that row is rejected", async () => {
    const written: number[] = [];
    const fake: Importer<{ n: number }> = {
      kind: "fake",
      required: ["n"],
      optional: [],
      batchSize: 8,
      async prepare() {},
      validate: (rec, line) => ({ ok: true, row: { n: Number(rec.n ?? line) } }),
      key: (row) => String(row.n),
      async write(rows) {
        if (rows.some((r) => r.row.n === 13))
          throw Object.assign(new Error("violates check constraint"), { code: "23514" });
        written.push(...rows.map((r) => r.row.n));
        return { inserted: rows.length, updated: 0, unchanged: 0 };
      },
    };
    const csv = `n\n${Array.from({ length: 20 }, (_, i) => i + 1).join("\n")}\n`;
    const src = csvSource(Readable.from([csv]));
    const r = await runImport(fake, src.records, { header: src.header });
    assert.equal(r.inserted, 19);
    assert.equal(r.rejected, 1);
    assert.equal(r.errors[0]?.line, 14);
    assert.deepEqual(
      written.sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1).filter((n) => n !== 13),
    );
  });

  test("a lost connection is not a bad row: the import stops with the error", async () => {
    const fake: Importer<{ n: number }> = {
      kind: "fake",
      required: ["n"],
      optional: [],
      batchSize: 5,
      async prepare() {},
      validate: (rec) => ({ ok: true, row: { n: Number(rec.n) } }),
      key: (row) => String(row.n),
      async write() {
        throw Object.assign(new Error("terminating connection"), { code: "57P01" });
      },
    };
    const src = csvSource(Readable.from(["n\n1\n2\n"]));
    await assert.rejects(runImport(fake, src.records, { header: src.header }), /terminating connection/);
  });
});
