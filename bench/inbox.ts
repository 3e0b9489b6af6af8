// The agents' inbox under history: queue pages, counts and the wallboard's
// waiting figure, read by a company agent and by a DC's agent, with
// hundreds of thousands of closed conversations beside the live ones; and
// one SLA escalation sweep. Figures go in bench/README.md.
import { sql } from "kysely";
import { ROLE_PERMISSIONS } from "../src/modules/access/permissions.ts";
import type { Principal } from "../src/modules/access/principal.ts";
import { createRepositories, createServices } from "../src/modules/registry.ts";
import { freshDatabase, log, stats } from "./lib.ts";
import { generateOrgTree } from "./survey.ts";

const n = (x: number) => x.toLocaleString("en-IN");

export async function benchInbox(
  kind: "postgres" | "embedded",
  closed: number,
  active: number,
  runs: number,
): Promise<void> {
  const { database, cleanup } = await freshDatabase(
    kind,
    kind === "postgres" ? "powerdesk_bench_inbox" : undefined,
  );
  try {
    const db = database.db;
    const t0 = performance.now();
    await generateOrgTree(db, 300);
    const dcs = (
      await db.selectFrom("org_units").select(["id", "path"]).where("kind", "=", "dc").orderBy("id").execute()
    ).map((r) => ({ id: Number(r.id), path: r.path }));
    const first = dcs[0] as { id: number; path: string };
    const last = dcs[dcs.length - 1] as { id: number; path: string };
    // Closed history over 90 days, then the live ones (new, open, waiting) over the last 2 hours;
    // one in ten at the central desk (no DC). Each has one consumer message.
    const now = new Date();
    await sql`
      insert into conversations (channel, sender_id, status, language, dc_id, opened_at, last_message_at,
        last_inbound_at, first_response_due, first_responded_at, closed_at, visibility, thread_ref)
      select (array['whatsapp','x','facebook','instagram','sms','portal'])[1 + i % 6],
        'bench-' || i, 'closed', 'hi',
        case when i % 10 = 0 then null else ${first.id} + i % ${dcs.length} end,
        ${now}::timestamptz - make_interval(mins => i % 129600), ${now}::timestamptz - make_interval(mins => i % 129600),
        ${now}::timestamptz - make_interval(mins => i % 129600), ${now}::timestamptz - make_interval(mins => i % 129600 - 30),
        ${now}::timestamptz - make_interval(mins => i % 129600 - 5), ${now}::timestamptz - make_interval(mins => i % 129600 - 60),
        'direct', ''
      from generate_series(1, ${closed}) i`.execute(db);
    await sql`
      insert into conversations (channel, sender_id, status, language, dc_id, opened_at, last_message_at,
        last_inbound_at, first_response_due, first_responded_at, visibility, thread_ref)
      select (array['whatsapp','x','facebook','instagram','sms','portal'])[1 + i % 6],
        'live-' || i, (array['new','open','waiting'])[1 + i % 3], 'hi',
        case when i % 10 = 0 then null else ${first.id} + i % ${dcs.length} end,
        ${now}::timestamptz - make_interval(mins => i % 120), ${now}::timestamptz - make_interval(mins => i % 120),
        ${now}::timestamptz - make_interval(mins => i % 120), ${now}::timestamptz - make_interval(mins => i % 120 - 30),
        case when i % 3 = 2 then ${now}::timestamptz else null end,
        case when i % 7 = 0 then 'public' else 'direct' end, case when i % 7 = 0 then 'post-' || i else '' end
      from generate_series(1, ${active}) i`.execute(db);
    await sql`
      insert into conversation_messages (conversation_id, channel, direction, author, body, status, at)
      select id, channel, 'in', 'consumer', 'No light since morning in our lane, please help', 'received', opened_at
      from conversations`.execute(db);
    // Three supervisors on duty at the company: each gets the sweep's SMS.
    await sql`
      insert into users (login, name, role, org_unit_id, phone, language)
      select 'bench.sup' || i, 'Bench supervisor ' || i, 'supervisor',
        (select id from org_units where kind = 'company' and path = '/SVY/'), '98111' || lpad(i::text, 5, '0'), 'hi'
      from generate_series(1, 3) i`.execute(db);
    // Vacuumed as a live table long would be: else the first reads set the hint bits of (and so write)
    // every freshly loaded page while being timed, and autovacuum runs beside them.
    await sql`vacuum analyze`.execute(db);
    const genMs = performance.now() - t0;

    const services = createServices(database, createRepositories(database), { analysesCalls: false });
    const principal = (orgKind: "company" | "dc", path: string): Principal => ({
      kind: "user",
      id: 0,
      name: "bench",
      login: null,
      role: "agent",
      language: "en",
      orgUnitId: 0,
      orgCode: "BENCH",
      orgKind,
      orgPath: path,
      permissions: new Set(ROLE_PERMISSIONS.agent),
    });
    const company = principal("company", "/SVY/");
    const dc = principal("dc", last.path);
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
    const rows: [string, string][] = [
      [
        "queue page 1, company agent (50 of all live)",
        fmt(await time(() => services.inbox.queue(company, {}))),
      ],
      ["queue page 1, DC agent", fmt(await time(() => services.inbox.queue(dc, {})))],
      [
        "queue, overdue only, company",
        fmt(await time(() => services.inbox.queue(company, { overdue: true }))),
      ],
      [
        "queue, closed (history), page 1, company",
        fmt(await time(() => services.inbox.queue(company, { status: "closed" }))),
      ],
      ["wallboard waiting/overdue, company", fmt(await time(() => services.inbox.waiting(company)))],
      ["wallboard waiting/overdue, DC", fmt(await time(() => services.inbox.waiting(dc)))],
    ];
    const s0 = performance.now();
    const swept = await services.inbox.escalateDue(100_000);
    const sweepMs = performance.now() - s0;
    const s1 = performance.now();
    const again = await services.inbox.escalateDue(100_000);
    const idleMs = performance.now() - s1;
    await services.close();
    log(
      `inbox [${kind}]: ${n(closed)} closed + ${n(active)} live conversations in ${dcs.length} DCs (generated in ${(genMs / 1000).toFixed(1)} s), ${runs} runs each`,
    );
    for (const [what, figure] of rows) log(`  ${what}: ${figure}`);
    log(
      `  escalation sweep: ${n(swept.escalated)} escalated in ${(sweepMs / 1000).toFixed(1)} s (${swept.sms} SMS to the 3 supervisors on duty); the next sweep, nothing left: ${idleMs.toFixed(1)} ms (escalated ${again.escalated})`,
    );
  } finally {
    await database.close();
    await cleanup();
  }
}
