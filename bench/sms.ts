// SMS fan-out to a local SMPP server: messages/s sustained with the rate
// limit off, and how long rows wait in the outbox. Figures go in
// bench/README.md.
import { spawn } from "node:child_process";
import { sql } from "kysely";
import pg from "pg";
import { type Database, openPostgres } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { ConsumersRepository } from "../src/modules/consumers/consumers.repository.ts";
import { MobilesRepository } from "../src/modules/consumers/mobiles.repository.ts";
import { MobilesService } from "../src/modules/consumers/mobiles.service.ts";
import { DeliveryRepository } from "../src/modules/notifications/delivery.repository.ts";
import { SmsDispatcher } from "../src/modules/notifications/dispatcher.ts";
import { SmppGateway } from "../src/modules/notifications/gateways/smpp.gateway.ts";
import { adminUrl, log, stats } from "./lib.ts";

export async function benchSmsFanout(messages = 100_000, window = 200): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query("drop database if exists powerdesk_bench_sms with (force)");
  await admin.query("create database powerdesk_bench_sms");
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = "/powerdesk_bench_sms";
  const database = await openPostgres(u.toString(), { poolSize: 10 });
  const smsc = await smscProcess();
  try {
    await migrateToLatest(database.db);
    log(
      `\n## SMS fan-out to a local SMPP server (PostgreSQL): ${messages.toLocaleString("en-IN")} messages, no rate limit, window ${window}`,
    );
    await queueNotices(database, messages);
    const gateway = new SmppGateway({ url: smsc.url, entityId: "1201159100000000001", window });
    const dispatcher = new SmsDispatcher(new DeliveryRepository(database.db), gateway, () => new Date(), {
      ratePerSecond: 0,
      idleMs: 50,
      batch: 1000,
    });
    const t0 = performance.now();
    await dispatcher.start();
    const samples: [number, number][] = [];
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      samples.push([(performance.now() - t0) / 1000, dispatcher.stats.sent]);
      if (dispatcher.stats.sent + dispatcher.stats.failed >= messages) break;
      if (performance.now() - t0 > 600_000) break;
    }
    const seconds = (performance.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 2000)); // the last receipts
    await dispatcher.stop();
    const waits = await sql<{ s: number }>`
      select extract(epoch from sent_at - created_at)::float8 as s from outbox_sms where sent_at is not null`.execute(
      database.db,
    );
    const w = stats(waits.rows.map((r) => Number(r.s) * 1000));
    const byStatus = await sql<{ status: string; n: number }>`
      select status, count(*)::int as n from outbox_sms group by status order by status`.execute(database.db);
    // Sustained: the middle of the run, without start-up and the tail.
    const mid = samples.filter(([t]) => t > 2 && t < seconds - 2);
    const first = mid[0];
    const last = mid[mid.length - 1];
    const sustained =
      first && last && last[0] > first[0] ? (last[1] - first[1]) / (last[0] - first[0]) : Number.NaN;
    log(
      `${dispatcher.stats.sent.toLocaleString("en-IN")} messages (${(await smsc.count()).toLocaleString("en-IN")} submit_sm: English ones take two parts, Hindi ones three) in ${seconds.toFixed(1)} s: ` +
        `${Math.round(dispatcher.stats.sent / seconds).toLocaleString("en-IN")} messages/s overall, ${Math.round(sustained).toLocaleString("en-IN")}/s sustained`,
    );
    log(
      `queueing time (queued → accepted by the SMSC): p50 ${(w.p50 / 1000).toFixed(1)} s, p99 ${(w.p99 / 1000).toFixed(1)} s, max ${(w.max / 1000).toFixed(1)} s`,
    );
    log(
      `outbox after the run: ${byStatus.rows.map((r) => `${r.status} ${Number(r.n).toLocaleString("en-IN")}`).join(", ")}`,
    );
  } finally {
    smsc.stop();
    await database.close();
  }
}

/** The SMSC in a process of its own, as a real one would be (it answers every submit and sends a receipt). */
async function smscProcess() {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/smsc-server.ts"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines: string[] = [];
  let wake: (() => void) | undefined;
  child.stdout.setEncoding("utf8");
  let buffered = "";
  child.stdout.on("data", (d: string) => {
    buffered += d;
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    lines.push(...parts);
    wake?.();
  });
  const line = async (prefix: string) => {
    for (;;) {
      const i = lines.findIndex((l) => l.startsWith(prefix));
      if (i >= 0) return (lines.splice(i, 1)[0] as string).slice(prefix.length + 1);
      await new Promise<void>((r) => {
        wake = r;
      });
    }
  };
  return {
    url: await line("URL"),
    async count() {
      child.stdin.write("count\n");
      return Number(await line("COUNT"));
    },
    /** The most parts that arrived in any sliding second, as an operator enforcing its TPS counts. */
    async maxPerSecond() {
      child.stdin.write("max\n");
      return Number(await line("MAX"));
    },
    stop() {
      child.stdin.write("stop\n");
    },
  };
}

/** Queues `messages` real outage notices (two thirds Hindi: 3 parts; English: 2). */
async function queueNotices(database: Database, messages: number): Promise<void> {
  await sql`
    insert into outbox_sms (dedup_key, recipient, language, template, variables, body, urgent, related_type, related_id, created_at)
    select 'outage:1:notice:' || i, '7' || lpad(i::text, 9, '0'), case when i % 3 = 0 then 'en' else 'hi' end, 'outage_notice',
           case when i % 3 = 0
             then '{"area": "Station Road", "since": "28 Nov, 2:05 pm", "etr": "28 Nov, 5:00 pm", "company": "MPEZ"}'::jsonb
             else '{"area": "स्टेशन रोड", "since": "28 नव॰, 2:05 pm", "etr": "28 नव॰, 5:00 pm", "company": "MPEZ"}'::jsonb end,
           '(rendered from the template when sent)',
           true, 'outage', 1, now()
    from generate_series(1, ${messages}) i`.execute(database.db);
  await sql`analyze outbox_sms`.execute(database.db);
}

async function freshDatabase(name: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const database = await openPostgres(u.toString(), { poolSize: 10 });
  await migrateToLatest(database.db);
  return database;
}

/**
 * The rate limit as the SMSC sees it (PostgreSQL): outage notices sent
 * through SMPP at SMS_RATE for about `seconds`; the SMSC, in its own process,
 * counts the parts that arrive in every sliding second.
 */
export async function benchSmsRate(rates: number[], seconds = 30, window = 50): Promise<void> {
  log(`\n## SMS rate limit at the SMSC (PostgreSQL): the most parts in any sliding second`);
  for (const rate of rates) {
    const database = await freshDatabase("powerdesk_bench_sms_rate");
    const smsc = await smscProcess();
    try {
      // 7 parts per 3 notices: enough for the run and a little more.
      const messages = Math.ceil(((rate * seconds) / 7) * 3) + 100;
      await queueNotices(database, messages);
      const gateway = new SmppGateway({ url: smsc.url, entityId: "1201159100000000001", window });
      const dispatcher = new SmsDispatcher(new DeliveryRepository(database.db), gateway, () => new Date(), {
        ratePerSecond: rate,
        idleMs: 50,
      });
      const t0 = performance.now();
      await dispatcher.start();
      while (performance.now() - t0 < seconds * 1000) await new Promise((r) => setTimeout(r, 250));
      await dispatcher.stop();
      const elapsed = (performance.now() - t0) / 1000;
      const parts = await smsc.count();
      const max = await smsc.maxPerSecond();
      log(
        `SMS_RATE ${rate}: ${parts.toLocaleString("en-IN")} parts in ${elapsed.toFixed(1)} s (${Math.round(parts / elapsed).toLocaleString("en-IN")}/s on average); ` +
          `the most in any sliding second at the SMSC: **${max.toLocaleString("en-IN")}**`,
      );
    } finally {
      smsc.stop();
      await database.close();
    }
  }
}

/**
 * The mobile drive's figures (verified share per DC) over the whole company,
 * on the database the import left: the query an officer's screen runs.
 */
export async function benchCoverage(database: Database, runs = 5): Promise<void> {
  const company = await database.db
    .selectFrom("org_units")
    .select(["id", "code", "path"])
    .where("kind", "=", "company")
    .executeTakeFirstOrThrow();
  const division = await database.db
    .selectFrom("org_units")
    .select(["id", "code", "path"])
    .where("kind", "=", "division")
    .orderBy("id")
    .executeTakeFirstOrThrow();
  const service = new MobilesService(
    new MobilesRepository(database.db),
    new ConsumersRepository(database.db, database),
    () => new Date(),
  );
  const principal = (u: { id: number; code: string; path: string }, kind: "company" | "division") => ({
    kind: "user" as const,
    id: 1,
    name: "bench",
    login: "bench",
    role: "admin" as const,
    language: "en" as const,
    orgUnitId: u.id,
    orgCode: u.code,
    orgKind: kind,
    orgPath: u.path,
    permissions: new Set(["sms.read" as const]),
  });
  const consumers = await sql<{ n: number }>`select count(*)::int as n from consumers`.execute(database.db);
  log(
    `\n## Mobile drive: verified share per DC (PostgreSQL, ${Number(consumers.rows[0]?.n).toLocaleString("en-IN")} consumers)`,
  );
  const counts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await service.countCoverage();
    counts.push(performance.now() - t0);
  }
  const c = stats(counts);
  log(
    `counting job (every 15 min): p50 ${c.p50.toFixed(0)} ms, max ${c.max.toFixed(0)} ms over ${runs} runs`,
  );
  for (const [label, p] of [
    ["company", principal(company, "company")],
    ["one division", principal(division, "division")],
  ] as const) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      rows = (await service.coverage(p)).items.length;
      times.push(performance.now() - t0);
    }
    const s = stats(times);
    log(
      `screen, ${label}: ${rows} DCs, p50 ${s.p50.toFixed(1)} ms, max ${s.max.toFixed(1)} ms over ${runs} runs`,
    );
  }
}
