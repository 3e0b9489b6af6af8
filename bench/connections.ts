// New-connection applications at scale (issue 15): 500,000 applications over
// 300 DCs, most released or rejected long ago, 4% pending (some past their
// SoP limit). Times the agent's lookups (by number, by mobile, by part of the
// name: the indexes the core's lookup uses), the report per office (company
// and DC), and the SoP escalation sweep. Run only when named:
//   npm run bench -- --suites connections [--connections 500000] [--runs 200] [--driver both]
import { type Kysely, sql } from "kysely";
import type { DB } from "../src/db/schema.ts";
import { ROLE_PERMISSIONS } from "../src/modules/access/permissions.ts";
import type { Principal } from "../src/modules/access/principal.ts";
import { createRepositories, createServices } from "../src/modules/registry.ts";
import { freshDatabase, log, stats } from "./lib.ts";
import { generateOrgTree } from "./survey.ts";

const n = (x: number) => x.toLocaleString("en-IN");

export async function benchConnections(
  kind: "postgres" | "embedded",
  count: number,
  runs: number,
): Promise<void> {
  const { database, cleanup } = await freshDatabase(
    kind,
    kind === "postgres" ? "powerdesk_bench_connections" : undefined,
  );
  try {
    const db = database.db;
    const t0 = performance.now();
    const now = new Date();
    const { dcs, last } = await generateApplications(db, count, now);
    const genMs = performance.now() - t0;

    const services = createServices(database, createRepositories(database), { analysesCalls: false });
    const principal = (orgKind: "company" | "dc", path: string, orgUnitId: number): Principal => ({
      kind: "user",
      id: 0,
      name: "bench",
      login: null,
      role: "agent",
      language: "en",
      orgUnitId,
      orgCode: "BENCH",
      orgKind,
      orgPath: path,
      permissions: new Set(ROLE_PERMISSIONS.ee),
    });
    const companyId = Number(
      (await db.selectFrom("org_units").select("id").where("kind", "=", "company").executeTakeFirstOrThrow())
        .id,
    );
    const company = principal("company", "/SVY/", companyId);
    const dc = principal("dc", last.path, last.id);
    let k = 0;
    const pick = () => 1 + ((k++ * 7919) % count);
    const time = async (run: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const s = performance.now();
        await run();
        times.push(performance.now() - s);
      }
      return stats(times);
    };
    const fmt = (s: { p50: number; p99: number }) => `p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms`;
    const numbers = (
      await db.selectFrom("connection_applications").select("number").where("id", "<=", 5000).execute()
    ).map((r) => r.number);
    // Each lookup as the route makes it: ConnectionsService.list with `q` (the
    // jurisdiction's filter, the count up to 10,000, the page of 20 presented).
    const lookup = (who: Principal, q: string) => () => services.connections.list(who, { q, pageSize: 20 });
    const rows: [string, string][] = [
      [
        "lookup by application number",
        fmt(await time(() => lookup(company, numbers[pick() % numbers.length] as string)())),
      ],
      ["lookup by mobile", fmt(await time(() => lookup(company, String(7000000000 + pick()))()))],
      [
        'lookup by part of the name ("Sunita Verma 41", trigram)',
        fmt(await time(() => lookup(company, `Sunita Verma ${pick() % 997}`)())),
      ],
      [
        'lookup by part of a Hindi name ("सुरेश वर्मा 41", trigram)',
        fmt(await time(() => lookup(company, `सुरेश वर्मा ${pick() % 997}`)())),
      ],
      [
        'lookup by a common name in one DC ("Sunita", trigram, the DC\'s JE)',
        fmt(await time(() => lookup(dc, "Sunita")())),
      ],
      [
        "report, company (rows per region)",
        fmt(await time(() => services.connectionReports.report(company, {}))),
      ],
      ["report, one DC", fmt(await time(() => services.connectionReports.report(dc, {})))],
    ];
    const s0 = performance.now();
    let swept = { escalated: 0, steps: 0, breached: 0, settled: 0 };
    // Ten batches of the backlog (applications past a limit since the data was loaded): the rate.
    for (let i = 0; i < 10; i++) {
      const r = await services.connectionEscalation.escalateDue(200);
      swept = {
        escalated: swept.escalated + r.escalated,
        steps: swept.steps + r.steps,
        breached: swept.breached + r.breached,
        settled: swept.settled + r.settled,
      };
      if (r.escalated < 200) break;
    }
    const sweepMs = performance.now() - s0;
    const s1 = performance.now();
    const again = await services.connectionEscalation.escalateDue(200);
    const idleMs = performance.now() - s1;
    await services.close();
    log(
      `connections [${kind}]: ${n(count)} applications in ${dcs.length} DCs (generated in ${(genMs / 1000).toFixed(1)} s), ${runs} runs each`,
    );
    for (const [what, figure] of rows) log(`  ${what}: ${figure}`);
    log(
      `  escalation backlog: ${n(swept.escalated)} applications (${n(swept.steps)} rungs, ${n(swept.breached)} breaches, ${n(swept.settled)} settled) in ${(sweepMs / 1000).toFixed(1)} s (ten batches of 200); the next batch: ${idleMs.toFixed(1)} ms (${again.escalated} applications)`,
    );
  } finally {
    await database.close();
    await cleanup();
  }
}

/** 300 DCs and `count` applications (see the header), the JEs of the DCs, vacuumed. */
export async function generateApplications(db: Kysely<DB>, count: number, now: Date) {
  await generateOrgTree(db, 300);
  const dcs = (
    await db.selectFrom("org_units").select(["id", "path"]).where("kind", "=", "dc").orderBy("id").execute()
  ).map((r) => ({ id: Number(r.id), path: r.path }));
  const first = dcs[0] as { id: number; path: string };
  const last = dcs[dcs.length - 1] as { id: number; path: string };
  // Over two years; 1 in 25 pending (20,000: about a month of a DISCOM's applications), at a stage by i; names from 40 given names x 30 surnames
  // (half in Devanagari), mobiles unique.
  await sql`
    insert into connection_applications (number, applicant_name, mobile, address, dc_id, sop_area, category,
      load_kw, status, reject_reason, source, applied_at, status_at, documents_complete_at, charges_paid_at,
      demand_note_at, released_at, rejected_at, release_due_at, stage_due_at, next_escalation_at, breached_at,
      compensation_rs)
    select 'NCBN' || to_char(at, 'YYMM') || lpad(i::text, 6, '0'),
      (case when i % 2 = 0
        then (array['Ramesh','Suresh','Sunita','Geeta','Mohan','Anita','Rakesh','Kavita','Vijay','Pooja'])[1 + i % 10]
          || ' ' || (array['Sharma','Tiwari','Patel','Verma','Yadav','Mishra','Gupta','Singh','Jain','Dubey','Soni','Rajput','Chouhan','Thakur','Pandey'])[1 + (i / 10) % 15]
        else (array['रमेश','सुरेश','सुनीता','गीता','मोहन','अनीता','राकेश','कविता','विजय','पूजा'])[1 + i % 10]
          || ' ' || (array['शर्मा','तिवारी','पटेल','वर्मा','यादव','मिश्रा','गुप्ता','सिंह','जैन','दुबे','सोनी','राजपूत','चौहान','ठाकुर','पांडे'])[1 + (i / 10) % 15]
      end) || ' ' || (i % 997)::text,
      (7000000000 + i)::text, 'House ' || i || ', Ward ' || (i % 40), ${first.id} + i % ${dcs.length},
      (array['metro','urban','rural'])[1 + i % 3], 'domestic', 2,
      st, case when st = 'rejected' then 'documents' end, 'call', at, at + interval '3 days',
      case when st in ('applied', 'rejected') then null else at + interval '1 day' end,
      case when st in ('charges_paid', 'meter_installed', 'released') then at + interval '2 days' end,
      case when st in ('demand_note_issued', 'charges_paid', 'meter_installed', 'released') then at + interval '2 days' end,
      case when st = 'released' then at + interval '6 days' end,
      case when st = 'rejected' then at + interval '3 days' end,
      case when st in ('documents_complete','site_inspected','charges_paid','meter_installed') then at + interval '8 days' end,
      case when st in ('applied','documents_complete','site_inspected','charges_paid','meter_installed') then at + interval '5 days' end,
      case when st in ('applied','documents_complete','site_inspected','charges_paid','meter_installed') then at + interval '5 days' end,
      case when st not in ('released','rejected','demand_note_issued','applied') and at < ${now}::timestamptz - interval '8 days' then at + interval '8 days' end,
      case when st not in ('released','rejected','demand_note_issued','applied') and at < ${now}::timestamptz - interval '8 days' then 100 else 0 end
    from (
      select i,
        case when i % 25 = 0
          then ${now}::timestamptz - make_interval(mins => (i * 37) % 43200)
          else ${now}::timestamptz - make_interval(mins => (i * 37) % 1051200)
        end as at,
        case when i % 25 = 0
          then (array['applied','documents_complete','site_inspected','demand_note_issued','charges_paid','meter_installed'])[1 + (i / 25) % 6]
          else (array['released','released','released','released','released','rejected'])[1 + i % 6]
        end as st
      from generate_series(1, ${count}) i
    ) g`.execute(db);
  // The escalation sweep's ladder: a JE at every DC.
  await sql`
    insert into users (login, name, role, org_unit_id, phone, language)
    select 'bench.je' || id, 'JE ' || code, 'je', id, '98' || lpad(id::text, 8, '0'), 'hi'
    from org_units where kind = 'dc'`.execute(db);
  await sql`vacuum analyze`.execute(db);
  return { dcs, first, last };
}
