// The service dashboard (issue 16), suite "service-dashboard", run only when named:
//
//   npm run bench -- --suites service-dashboard --driver postgres
//                    [--svc-sms 6000000] [--svc-consumers 1000000] [--svc-dcs 1500] [--runs 200]
//                    [--svc-batches 20]
//
// On PostgreSQL, a database of its own generated in SQL (dropped afterwards):
// the org tree and consumers of the survey bench, a month of --svc-sms SMS
// (queued through outbox_sms's triggers, so the rollups are written as in
// production; 90% delivered, 4% failed, 3% sent, 3% pending), a year of
// callbacks (500 a day), a year of monthly surveys (30 targets a DC each), 20 conversations
// a DC with first replies, and the mobile coverage counted. Measured:
// - p50/p99 of ServiceDashboardService.dashboard for the company, a circle and
//   a DC, after the deltas are folded (and with the month's last day unfolded);
// - the dispatcher's statements (claim, mark sent, receipts) on 1,000 messages
//   with the rollup triggers on and off, interleaved, --svc-batches each: what
//   the triggers cost SMS dispatch.
import { sql } from "kysely";
import type { Database } from "../src/db/database.ts";
import { addMonths } from "../src/lib/time.ts";
import { PERMISSIONS } from "../src/modules/access/permissions.ts";
import type { Principal } from "../src/modules/access/principal.ts";
import { DeliveryRepository } from "../src/modules/notifications/delivery.repository.ts";
import { createRepositories, createServices } from "../src/modules/registry.ts";
import { freshDatabase, log, stats } from "./lib.ts";
import { generateConsumers, generateOrgTree } from "./survey.ts";

const TZ = "Asia/Kolkata";
const MONTH = "2026-11";
const NOW = new Date("2026-11-30T12:00:00+05:30");
const n = (x: number) => x.toLocaleString("en-IN");
const ms = (x: number) => `${x.toFixed(1)} ms`;

export async function benchServiceDashboard(
  o: { sms: number; consumers: number; dcs: number; runs: number; batches: number } = {
    sms: 6_000_000,
    consumers: 1_000_000,
    dcs: 1_500,
    runs: 200,
    batches: 20,
  },
): Promise<void> {
  log(
    `\n## Service dashboard (PostgreSQL, a database of its own): ${n(o.sms)} SMS in ${MONTH}, a year of callbacks, ${n(o.consumers)} consumers in ${n(o.dcs)} DCs`,
  );
  const { database, cleanup } = await freshDatabase("postgres", "powerdesk_bench_service");
  try {
    await generate(database, o);
    await measureDashboard(database, o.runs);
    await measureDispatch(database, o.batches);
  } finally {
    await database.close();
    await cleanup();
  }
}

async function generate(database: Database, o: { sms: number; consumers: number; dcs: number }) {
  const db = database.db;
  const t0 = performance.now();
  await generateOrgTree(db, o.dcs);
  await generateConsumers(db, o.consumers);
  // One complaint per DC for the callbacks to belong to.
  await sql`
    insert into complaints (number, dc_id, location, area_type, category_code, description, channel, priority,
                            status, registered_at, due_at)
    select 'SVC' || lpad(d.id::text, 8, '0'), d.id, 'Bench', 'urban', 'no_supply', 'Bench', 'call', 1, 'closed',
           timestamptz '2025-11-01 00:00+05:30', timestamptz '2025-11-01 04:00+05:30'
    from org_units d where d.kind = 'dc'`.execute(db);
  const t1 = performance.now();
  // A year of callbacks, 500 a day, spread over the DCs.
  await sql`
    insert into callbacks (complaint_id, round, dc_id, status, priority, resolved_at, next_attempt_at,
                           window_ends_at, created_at, closed_at, fixed, time_rating, overall_rating)
    select c.id, g, c.dc_id, s.status, 1, at, at, at, at, at + interval '2 hours',
           s.status = 'confirmed', case when s.status in ('confirmed', 'not_fixed') then 1 + g % 5 end,
           case when s.status in ('confirmed', 'not_fixed') then 1 + (g * 7) % 5 end
    from generate_series(1, 182500) g
    cross join lateral (select timestamptz '2025-12-01 00:00+05:30' + (g * interval '172.8 seconds') as at) t
    join complaints c on c.number = 'SVC' || lpad(((select min(id) from org_units where kind = 'dc') + g % ${o.dcs}::int)::text, 8, '0')
    cross join lateral (select (array['confirmed','confirmed','confirmed','confirmed','confirmed','confirmed',
                                      'not_fixed','not_confirmed','not_confirmed','cancelled'])[1 + g % 10] as status) s`.execute(
    db,
  );
  const t2 = performance.now();
  // A month of SMS, through the triggers (dc_id looked up, deltas written), in chunks of a million.
  const chunk = 1_000_000;
  for (let from = 1; from <= o.sms; from += chunk) {
    const to = Math.min(o.sms, from + chunk - 1);
    await sql`
      insert into outbox_sms (dedup_key, recipient, language, template, variables, body, status, related_type,
                              related_id, created_at)
      select 'svc-' || g, '9' || lpad((g % 1000000000)::text, 9, '0'), 'hi',
             (array['bill_generated','bill_generated','bill_generated','bill_generated','bill_generated',
                     'bill_generated','bill_generated','bill_generated','complaint_registered','outage_notice'])[1 + g % 10],
             '{}', 'Bench', s.status, 'consumer', 1 + g % ${o.consumers}::int,
             timestamptz '2026-11-01 00:00+05:30' + ((g * 2592000.0 / ${o.sms}::int) * interval '1 second')
      from generate_series(${from}::int, ${to}::int) g
      cross join lateral (select case when g % 100 < 90 then 'delivered' when g % 100 < 94 then 'failed'
                                      when g % 100 < 97 then 'sent' else 'pending' end as status) s`.execute(
      db,
    );
  }
  const t3 = performance.now();
  const repos = createRepositories(database);
  const folded = await repos.serviceDashboard.foldAllSms(TZ);
  const t4 = performance.now();
  const callbacksFolded = await repos.callbackRollups.foldAll(TZ);
  const t4b = performance.now();
  // A year of monthly surveys, 30 targets a DC each (the trend reads all twelve).
  for (let i = 11; i >= 0; i--) {
    const month = addMonths(MONTH, -i);
    const campaign = await sql<{ id: number }>`
      insert into survey_campaigns (month, seed, sample_size, created_at) values (${month}, 'bench', 30, ${NOW})
      returning id`.execute(db);
    await sql`
      insert into survey_targets (campaign_id, consumer_id, dc_id, mobile, language, status, next_attempt_at,
                                  regular_supply, meter_read, bill_on_time, bill_correct)
      select ${campaign.rows[0]?.id}, x.id, x.dc_id, '9' || lpad(x.id::text, 9, '0'), 'hi',
             case when (x.id + ${i}::int) % 3 = 0 then 'pending' else 'answered' end, ${NOW},
             case when (x.id + ${i}::int) % 3 <> 0 then x.id % 5 <> 0 end,
             case when (x.id + ${i}::int) % 3 <> 0 then x.id % 7 <> 0 end,
             case when (x.id + ${i}::int) % 3 <> 0 then true end,
             case when (x.id + ${i}::int) % 3 <> 0 then x.id % 11 <> 0 end
      from (select id, dc_id, row_number() over (partition by dc_id order by id) as r from consumers) x
      where x.r <= 30`.execute(db);
  }
  await sql`
    insert into conversations (channel, sender_id, status, opened_at, last_message_at, first_responded_at, dc_id)
    select (array['whatsapp','whatsapp','sms','facebook','x'])[1 + g % 5], 'svc-' || g, 'closed',
           o.at, o.at, o.at + ((5 + g % 120) * interval '1 minute'),
           (select min(id) from org_units where kind = 'dc') + g % ${o.dcs}::int
    from generate_series(1, ${20 * o.dcs}::int) g
    cross join lateral (select timestamptz '2026-11-01 00:00+05:30' + (g * 2592000.0 / ${20 * o.dcs}::int) * interval '1 second' as at) o`.execute(
    db,
  );
  await repos.mobiles.countCoverage(NOW);
  await sql`vacuum analyze`.execute(db);
  const t5 = performance.now();
  log(
    `generated: org, consumers and complaints ${((t1 - t0) / 1000).toFixed(1)} s; 182,500 callbacks ${((t2 - t1) / 1000).toFixed(1)} s; ` +
      `${n(o.sms)} SMS through the triggers ${((t3 - t2) / 1000).toFixed(1)} s (${n(Math.round(o.sms / ((t3 - t2) / 1000)))}/s); ` +
      `${n(folded)} deltas folded in ${((t4 - t3) / 1000).toFixed(1)} s; ${n(callbacksFolded)} callback deltas folded in ${((t4b - t4) / 1000).toFixed(1)} s; the rest ${((t5 - t4b) / 1000).toFixed(1)} s`,
  );
}

function benchPrincipal(org: { id: number; code: string; kind: string; path: string }): Principal {
  return {
    kind: "user",
    id: 0,
    name: "Bench",
    login: null,
    role: "admin",
    language: "en",
    orgUnitId: org.id,
    orgCode: org.code,
    orgKind: org.kind as Principal["orgKind"],
    orgPath: org.path,
    permissions: new Set(PERMISSIONS),
  };
}

async function measureDashboard(database: Database, runs: number) {
  const db = database.db;
  const services = createServices(database, createRepositories(database), { clock: () => NOW, timeZone: TZ });
  const company = await sql<{ id: number; code: string; kind: string; path: string }>`
    select id, code, kind, path from org_units where kind = 'company'`.execute(db);
  const principal = benchPrincipal(
    company.rows[0] as { id: number; code: string; kind: string; path: string },
  );
  const units = ["SVY", "SVY-C1", "SVY-DC1"];
  // The last day's messages move on (receipts) and are not folded yet: readers add those deltas.
  await sql`update outbox_sms set status = 'delivered' where status = 'sent' and created_at >= ${new Date(NOW.getTime() - 86_400_000)}`.execute(
    db,
  );
  for (const unit of units) {
    await services.serviceDashboard.dashboard(principal, { unit, month: MONTH }); // warm the units' cache
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await services.serviceDashboard.dashboard(principal, { unit, month: MONTH });
      times.push(performance.now() - t0);
    }
    const s = stats(times);
    log(`dashboard ${unit}: p50 ${ms(s.p50)}, p99 ${ms(s.p99)} (${runs} runs)`);
  }
  await services.close();
}

/** The dispatcher's three statements on 1,000 messages, triggers on and off in turn. */
async function measureDispatch(database: Database, batches: number) {
  const db = database.db;
  const delivery = new DeliveryRepository(db);
  const times = {
    on: { claim: [] as number[], sent: [] as number[], receipts: [] as number[] },
    off: { claim: [] as number[], sent: [] as number[], receipts: [] as number[] },
  };
  const triggers = ["outbox_sms_rollup_insert", "outbox_sms_rollup_update", "outbox_sms_rollup_delete"];
  await sql`update outbox_sms set status = 'skipped' where status = 'pending'`.execute(db);
  for (let b = 0; b < 2 * batches; b++) {
    const mode = b % 2 === 0 ? "on" : "off";
    for (const tr of triggers)
      await sql
        .raw(`alter table outbox_sms ${mode === "on" ? "enable" : "disable"} trigger ${tr}`)
        .execute(db);
    await sql`
      insert into outbox_sms (dedup_key, recipient, language, template, variables, body, related_type, related_id, created_at)
      select 'svc-d-' || ${b}::int || '-' || g, '98' || lpad(g::text, 8, '0'), 'hi', 'bill_generated', '{}', 'Bench',
             'consumer', g, ${NOW}
      from generate_series(1, 1000) g`.execute(db);
    let t0 = performance.now();
    const claimed = await delivery.claim(1000, NOW, new Date(NOW.getTime() + 60_000), false, null);
    times[mode].claim.push(performance.now() - t0);
    t0 = performance.now();
    await delivery.markSentMany(
      claimed.map((c) => ({ id: c.id, smscIds: [`svc-${b}-${c.id}`] })),
      "bench",
      NOW,
      null,
    );
    times[mode].sent.push(performance.now() - t0);
    t0 = performance.now();
    await delivery.receipts(
      "bench",
      claimed.map((c) => ({ smscId: `svc-${b}-${c.id}`, status: "DELIVRD" })),
      NOW,
    );
    times[mode].receipts.push(performance.now() - t0);
  }
  for (const tr of triggers) await sql.raw(`alter table outbox_sms enable trigger ${tr}`).execute(db);
  for (const step of ["claim", "sent", "receipts"] as const) {
    const on = stats(times.on[step]);
    const off = stats(times.off[step]);
    log(
      `dispatch ${step} of 1,000 messages: triggers on p50 ${ms(on.p50)}, off p50 ${ms(off.p50)} (${batches} batches each, interleaved)`,
    );
  }
}
