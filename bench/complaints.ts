// Complaint benchmarks on PostgreSQL with the demo DISCOM loaded:
//  1. registration over HTTP at N concurrent clients, next to pgbench running
//     the same transaction's SQL (the ceiling on this machine);
//  2. the officer queue with 2,000,000 complaints in history and 20,000 open.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { sql } from "kysely";
import type { Database } from "../src/db/database.ts";
import { ROLE_PERMISSIONS } from "../src/modules/access/permissions.ts";
import type { Principal } from "../src/modules/access/principal.ts";
import { planDemo } from "../src/modules/demo/demo.generator.ts";
import { loadDemoUsers } from "../src/modules/demo/demo.service.ts";
import { createRepositories, createServices } from "../src/modules/registry.ts";
import { companyPrincipal } from "./import-lookup.ts";
import { benchUrl, log, stats } from "./lib.ts";

const CATEGORIES = [
  "no_supply",
  "voltage",
  "meter",
  "billing",
  "line_breakdown",
  "dt_failure",
  "new_connection",
  "other",
];
const OPEN = "('registered', 'assigned', 'attended', 'waiting')";

/** A complaint category as the catalogue gives it to the registration (the pgbench script embeds them). */
interface BenchCategory {
  code: string;
  priority: number;
  emergency: boolean;
  is_no_supply: boolean;
  urban_limit_minutes: number;
  rural_limit_minutes: number;
  name_hi: string;
}

/** Who registers in the bench: the HTTP side's signed-in agent. */
interface BenchAgent {
  id: number;
  name: string;
  role: string;
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The SQL a registration runs, statement for statement, for pgbench. It
 * mirrors src/modules/complaints/__snapshots__/registration.sql as of
 * 2026-12-03: one query for the consumer with his DC, network, live outage
 * and mobiles that also allocates the complaint's id, number and lineman;
 * then one statement that writes the complaint, its audit entries, its SMS
 * and (a "no supply" call behind no live outage) its DT's place in the
 * trouble-call analysis queue, rows as JSON as the application sends them.
 * The session is cached by the API, so it is not looked up here either.
 *
 * Each transaction picks a consumer (a different one each time, until the
 * consumers run out) and one of the HTTP side's categories at random; what
 * the server decides in TypeScript is decided here in SQL, from the same
 * inputs: a no-supply call behind a live outage joins it (no lineman, the
 * outage SMS, no analysis); else the lineman found is assigned (an
 * "assigned" audit entry and his SMS); the consumer's acknowledgement goes
 * to his first verified mobile if he has one; a no-supply call behind no
 * live outage queues its DT for analysis (the upsert, conditional here as
 * in the server's listener). Simplifications, a few microseconds at most:
 * - the server sends only the inserts it has rows for; here an insert with
 *   nothing to write reads an empty JSON array (same statement every time);
 * - the category's values come from a VALUES list (the server's catalogue is
 *   cached in memory), the SMS bodies are the Hindi texts whatever the
 *   recipient's language, and the numbers are "PGB" and the sequence;
 * - no Idempotency-Key row: the HTTP load sends no key, so the server writes
 *   none (the snapshot's w2; the other inserts keep the snapshot's names);
 * - the consumer is picked by id, so the number the server gets as $1 is
 *   looked up by a subquery (a primary-key probe);
 * - the inserts come in the snapshot's order; the server stages the DT's
 *   upsert before the lineman's SMS (listener order): same rows;
 * - not here: the `update callbacks ... where complaint_id = $1` the
 *   callbacks listener runs on every registration (complaint.changed), a
 *   separate round trip outside the statement that never matches a new
 *   complaint.
 * None of the demo's categories the bench uses is an emergency, so the
 * officer alert an emergency stages is not here either.
 */
function pgbenchScript(
  consumers: number,
  clients: number,
  categories: BenchCategory[],
  agent: BenchAgent,
): string {
  const open = OPEN;
  const values = categories
    .map(
      (c, i) =>
        `(${i + 1}, ${literal(c.code)}, ${c.priority}, ${c.emergency}, ${c.is_no_supply}, ${c.urban_limit_minutes}, ${c.rural_limit_minutes}, ${literal(c.name_hi)})`,
    )
    .join(",\n    ");
  // :n counts this client's transactions (-D n=0): with :client_id, a different consumer each time.
  return `\\set n :n + 1
\\set cid 1 + ((:n * ${clients} + :client_id) * 7919) % ${consumers}
\\set cat random(1, ${categories.length})
select "dc"."id" as "dc_id", "dc"."code" as "dc_code", "dc"."name_en" as "dc_name_en", "dc"."name_hi" as "dc_name_hi", "dc"."path" as "dc_path", nextval(pg_get_serial_sequence('complaints', 'id')) as "complaint_id", nextval('complaint_number_seq') as "number_seq", (select json_build_object('id', u.id, 'name', u.name, 'login', u.login, 'phone', u.phone, 'role', u.role, 'language', u.language)
  from users u
  where u.org_unit_id = dc.id and u.role = 'lineman' and u.active and u.on_duty
  order by (select count(*)
  from complaints w
  where w.assigned_to = u.id and w.status in ${open}), (select max(w.assigned_at)
  from complaints w
  where w.assigned_to = u.id) nulls first, u.id
  limit 1) as "lineman", "c"."id" as "consumer_id", "c"."consumer_no", "c"."name" as "consumer_name", "c"."feeder_id", "f"."code" as "feeder_code", "c"."dt_id", "d"."code" as "dt_code", "c"."area_type", (select json_build_object('id', o.id, 'scope', o.scope, 'kind', o.kind, 'status', o.status, 'started_at', o.started_at, 'etr', o.etr)
  from outages o
  where o.feeder_id = "c"."feeder_id" and o.status in ('suspected', 'confirmed', 'in_progress') and (o.scope = 'feeder' or (o.scope = 'dt' and o.dt_id = "c"."dt_id") or (o.scope = 'consumer' and o.consumer_id = "c"."id"))
  order by case o.scope when 'feeder' then 0 when 'dt' then 1 else 2 end, o.started_at
  limit 1) as "outage", (select m.mobile
  from consumer_mobiles m
  where m.consumer_id = "c"."id"
  order by m.verified desc, m.created_at
  limit 1) as "consumer_mobile", (select m."mobile"
  from consumer_mobiles m
  where m.consumer_id = "c"."id" and m.verified
  order by m.created_at
  limit 1) as "sms_mobile", (select m."language"
  from consumer_mobiles m
  where m.consumer_id = "c"."id" and m.verified
  order by m.created_at
  limit 1) as "sms_language"
  from "org_units" as "dc"
  inner join "consumers" as "c" on "c"."dc_id" = "dc"."id"
  left join "feeders" as "f" on "f"."id" = "c"."feeder_id"
  left join "dts" as "d" on "d"."id" = "c"."dt_id"
  where "c"."consumer_no" = (select consumer_no from consumers where id = :cid) \\gset t_
with
  k as (select * from (values
    ${values}
  ) v (i, code, priority, emergency, no_supply, urban_minutes, rural_minutes, name_hi) where i = :cat),
  o as (select k.*, now() as at, :t_complaint_id::bigint as id, 'PGB' || lpad(:t_number_seq, 6, '0') as number,
    nullif(:t_dt_id, '')::bigint as dt_id, coalesce(nullif(:t_area_type, ''), 'urban') as area_type,
    case when k.no_supply then nullif(:t_outage, '')::jsonb end as outage,
    nullif(:t_sms_mobile, '') as sms_mobile, coalesce(nullif(:t_sms_language, ''), 'hi') as sms_language
    from k),
  x as (select o.*, case when o.outage is null then nullif(:t_lineman, '')::jsonb end as lineman,
    o.at + make_interval(mins => case when o.area_type = 'urban' then o.urban_minutes else o.rural_minutes end) as due
    from o),
  "w0" as (insert into "complaints" ("id", "from_unregistered_mobile", "number", "consumer_id", "caller_name", "caller_phone", "alt_phone", "location", "landmark", "dc_id", "feeder_id", "dt_id", "area_type", "category_code", "subcategory_code", "description", "channel", "language", "priority", "emergency", "status", "assigned_to", "assigned_at", "registered_at", "due_at", "next_escalation_at", "created_by", "updated_at", "outage_id") overriding system value
  select "r"."id", "r"."from_unregistered_mobile", "r"."number", "r"."consumer_id", "r"."caller_name", "r"."caller_phone", "r"."alt_phone", "r"."location", "r"."landmark", "r"."dc_id", "r"."feeder_id", "r"."dt_id", "r"."area_type", "r"."category_code", "r"."subcategory_code", "r"."description", "r"."channel", "r"."language", "r"."priority", "r"."emergency", "r"."status", "r"."assigned_to", "r"."assigned_at", "r"."registered_at", "r"."due_at", "r"."next_escalation_at", "r"."created_by", "r"."updated_at", "r"."outage_id"
  from jsonb_populate_recordset(null::"complaints", (select jsonb_build_array(jsonb_build_object(
    'id', x.id, 'from_unregistered_mobile', false, 'number', x.number, 'consumer_id', :t_consumer_id::bigint,
    'caller_name', null, 'caller_phone', null, 'alt_phone', null, 'location', null, 'landmark', null,
    'dc_id', :t_dc_id::bigint, 'feeder_id', nullif(:t_feeder_id, '')::bigint, 'dt_id', x.dt_id, 'area_type', x.area_type,
    'category_code', x.code, 'subcategory_code', null, 'description', 'bench', 'channel', 'call', 'language', 'hi',
    'priority', x.priority, 'emergency', x.emergency, 'status', case when x.lineman is null then 'registered' else 'assigned' end,
    'assigned_to', x.lineman->'id', 'assigned_at', case when x.lineman is not null then x.at end, 'registered_at', x.at,
    'due_at', x.due, 'next_escalation_at', x.due, 'created_by', ${agent.id}, 'updated_at', x.at, 'outage_id', x.outage->'id'))
    from x)) r
  on conflict ("consumer_id", "category_code")
  where "consumer_id" is not null and "status" in ${open} do nothing
  returning 1 as "one"),
  "w1" as (insert into "complaint_events" ("complaint_id", "at", "action", "actor_kind", "actor_id", "actor_name", "actor_role", "channel", "from_status", "to_status", "changes", "note")
  select "r"."complaint_id", "r"."at", "r"."action", "r"."actor_kind", "r"."actor_id", "r"."actor_name", "r"."actor_role", "r"."channel", "r"."from_status", "r"."to_status", "r"."changes", "r"."note"
  from jsonb_populate_recordset(null::"complaint_events", (select jsonb_build_array(
    jsonb_build_object('complaint_id', x.id, 'at', x.at, 'action', 'registered', 'actor_kind', 'user', 'actor_id', ${agent.id},
      'actor_name', ${literal(agent.name)}, 'actor_role', ${literal(agent.role)}, 'channel', 'web', 'from_status', null, 'to_status', 'registered',
      'changes', jsonb_build_object('category_code', jsonb_build_array(null, x.code), 'due_at', jsonb_build_array(null, x.due),
        'channel', jsonb_build_array(null, 'call'))
        || case when x.outage is not null then jsonb_build_object('outage_id', jsonb_build_array(null, x.outage->'id')) else '{}' end,
      'note', 'bench'))
    || case when x.lineman is null then '[]' else jsonb_build_array(
    jsonb_build_object('complaint_id', x.id, 'at', x.at, 'action', 'assigned', 'actor_kind', 'system', 'actor_id', null,
      'actor_name', 'PowerDesk', 'actor_role', null, 'channel', 'system', 'from_status', 'registered', 'to_status', 'assigned',
      'changes', jsonb_build_object('status', jsonb_build_array('registered', 'assigned'),
        'assigned_to', jsonb_build_array(null, x.lineman->'id'), 'assignee', jsonb_build_array(null, x.lineman->'name')),
      'note', 'assignment policy: least open work')) end
    from x)) r
  where exists (select 1
  from "w0")
  returning 1 as "one"),
  "w3" as (insert into "outbox_sms" ("dedup_key", "recipient", "language", "template", "variables", "body", "urgent", "related_type", "related_id", "created_at")
  select "r"."dedup_key", "r"."recipient", "r"."language", "r"."template", "r"."variables", "r"."body", "r"."urgent", "r"."related_type", "r"."related_id", "r"."created_at"
  from jsonb_populate_recordset(null::"outbox_sms", (select case when x.sms_mobile is null then '[]' else jsonb_build_array(
    jsonb_build_object('dedup_key', concat_ws(':', 'complaint', x.id, 'registered', x.sms_mobile), 'recipient', x.sms_mobile,
      'language', x.sms_language, 'related_type', 'complaint', 'related_id', x.id, 'created_at', x.at)
    || case when x.outage is not null then jsonb_build_object('template', 'complaint_registered_outage', 'urgent', true,
      'variables', jsonb_build_object('number', x.number, 'etr', '5 दिस॰, 4.30 pm', 'company', 'MPEZ'),
      'body', 'आपकी शिकायत ' || x.number || ' दर्ज हो गई है। क्षेत्र में ज्ञात खराबी से बिजली बंद है; 5 दिस॰, 4.30 pm तक बहाल होने की संभावना है। - MPEZ')
    else jsonb_build_object('template', 'complaint_registered', 'urgent', x.emergency,
      'variables', jsonb_build_object('number', x.number, 'category', x.name_hi, 'due', '5 दिस॰, 4.30 pm', 'company', 'MPEZ'),
      'body', 'आपकी शिकायत ' || x.number || ' (' || x.name_hi || ') दर्ज हो गई है। समाधान 5 दिस॰, 4.30 pm तक होना है। - MPEZ') end) end
    from x)) r
  where exists (select 1
  from "w0")
  on conflict ("dedup_key") do nothing
  returning 1 as "one"),
  "w4" as (insert into "outbox_sms" ("dedup_key", "recipient", "language", "template", "variables", "body", "urgent", "related_type", "related_id", "created_at")
  select "r"."dedup_key", "r"."recipient", "r"."language", "r"."template", "r"."variables", "r"."body", "r"."urgent", "r"."related_type", "r"."related_id", "r"."created_at"
  from jsonb_populate_recordset(null::"outbox_sms", (select case when x.lineman->>'phone' is null then '[]' else jsonb_build_array(
    jsonb_build_object('dedup_key', concat_ws(':', 'complaint', x.id, 'assigned', x.lineman->>'id', (extract(epoch from x.at) * 1000)::bigint),
      'recipient', x.lineman->>'phone', 'language', x.lineman->>'language', 'template', 'complaint_assigned_staff',
      'variables', jsonb_build_object('number', x.number, 'category', x.name_hi, 'place', :t_consumer_name::text,
        'phone', coalesce(nullif(:t_consumer_mobile, ''), '-'), 'due', '5 दिस॰, 4.30 pm'),
      'body', 'नई शिकायत ' || x.number || ': ' || x.name_hi || ', ' || :t_consumer_name::text || '। फ़ोन '
        || coalesce(nullif(:t_consumer_mobile, ''), '-') || '। समय सीमा 5 दिस॰, 4.30 pm।',
      'urgent', x.emergency, 'related_type', 'complaint', 'related_id', x.id, 'created_at', x.at)) end
    from x)) r
  where exists (select 1
  from "w0")
  on conflict ("dedup_key") do nothing
  returning 1 as "one"),
  "w5" as (insert into "dt_analysis_queue" ("dt_id", "queued_at")
  select "r"."dt_id", "r"."queued_at"
  from jsonb_populate_recordset(null::"dt_analysis_queue", (select case when x.no_supply and x.outage is null and x.dt_id is not null
    then jsonb_build_array(jsonb_build_object('dt_id', x.dt_id, 'queued_at', x.at)) else '[]' end
    from x)) r
  where exists (select 1
  from "w0")
  on conflict ("dt_id") do update set "requests" = "dt_analysis_queue"."requests" + 1, "run_after" = null
  returning 1 as "one")
  select (select count(*)
  from "w0")::int as "w0";
`;
}

function runPgbench(
  clients: number,
  seconds: number,
  dir: string,
  consumers: number,
  categories: BenchCategory[],
  agent: BenchAgent,
): Promise<{ tps: number; p50: number; p99: number; n: number; failed: number }> {
  const script = path.join(dir, "register.sql");
  fs.writeFileSync(script, pgbenchScript(consumers, clients, categories, agent));
  const logPrefix = path.join(dir, "pgbench-log");
  for (const f of fs.readdirSync(dir)) if (f.startsWith("pgbench-log")) fs.rmSync(path.join(dir, f));
  const u = new URL(benchUrl());
  return new Promise((resolve, reject) => {
    const child = spawn(
      "pgbench",
      [
        "-n",
        "-c",
        String(clients),
        "-j",
        "2",
        "-T",
        String(seconds),
        "-D",
        "n=0",
        "-f",
        script,
        "-l",
        "--log-prefix",
        logPrefix,
        "-M",
        "prepared",
        u.pathname.slice(1),
      ],
      {
        env: {
          ...process.env,
          PGHOST: u.hostname,
          PGPORT: u.port || "5432",
          PGUSER: decodeURIComponent(u.username) || "postgres",
        },
      },
    );
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`pgbench failed:\n${out}`));
      const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1]);
      const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
      const latencies: number[] = [];
      for (const f of fs.readdirSync(dir).filter((x) => x.startsWith("pgbench-log"))) {
        for (const line of fs.readFileSync(path.join(dir, f), "utf8").split("\n")) {
          const us = Number(line.split(" ")[2]);
          if (us > 0) latencies.push(us / 1000);
        }
      }
      const s = stats(latencies);
      resolve({ tps, p50: s.p50, p99: s.p99, n: s.n, failed });
    });
  });
}

/** `powerdesk serve` on the bench database in its own process (the API role unless told). */
export function startServer(
  workers: number,
  options: { role?: "api" | "all"; env?: Record<string, string> } = {},
): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["bin/powerdesk.js", "serve", "--role", options.role ?? "api", "--workers", String(workers)],
      {
        env: {
          ...process.env,
          DATABASE_URL: benchUrl(),
          PORT: "0",
          HOST: "127.0.0.1",
          LOG_LEVEL: "error",
          ...options.env,
        },
      },
    );
    let out = "";
    const onData = (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/localhost:\d+)/.exec(out);
      if (m?.[1])
        resolve({
          url: m[1].replace("localhost", "127.0.0.1"),
          pid: child.pid ?? 0,
          stop: () =>
            new Promise<void>((done) => {
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

export function request(
  agent: http.Agent,
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          ...headers,
          ...(data ? { "content-type": "application/json", "content-length": Buffer.byteLength(data) } : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => {
          text += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      },
    );
    req.on("error", reject);
    if (data) req.write(data);
    req.end();
  });
}

interface LoadResult {
  client: string;
  rps: number;
  p50: number;
  p99: number;
  n: number;
  note: string;
}

/** wrk (C, like pgbench) as the load generator, so the client takes as little CPU from the server as pgbench does from PostgreSQL. */
async function loadWithWrk(
  base: string,
  cookie: string,
  numbers: string[],
  clients: number,
  seconds: number,
  dir: string,
): Promise<LoadResult> {
  const list = path.join(dir, "consumer-numbers.txt");
  fs.writeFileSync(list, `${numbers.join("\n")}\n`);
  const script = path.join(dir, "register.lua");
  fs.writeFileSync(
    script,
    `local numbers = {}
for line in io.lines("${list}") do numbers[#numbers + 1] = line end
local cats = { ${CATEGORIES.map((c) => `"${c}"`).join(", ")} }
local headers = { ["content-type"] = "application/json", ["origin"] = "${base}", ["cookie"] = "${cookie}" }
-- Requests are built once: the load generator should cost the machine as little as pgbench does.
local requests = {}
init = function(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  for i = 1, 20000 do
    local body = '{"consumerNo":"' .. numbers[math.random(#numbers)] .. '","categoryCode":"' .. cats[math.random(#cats)] .. '","description":"bench"}'
    requests[i] = wrk.format("POST", "/api/complaints", headers, body)
  end
end
local n = 0
request = function()
  n = n + 1
  if n > #requests then n = 1 end
  return requests[n]
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), summary.errors.status, summary.errors.timeout))
end
`,
  );
  const run = (secs: number) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn("wrk", [
        "-t2",
        `-c${clients}`,
        `-d${secs}s`,
        "--timeout",
        "10s",
        "-s",
        script,
        base,
      ]);
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
      });
      child.stderr.on("data", (d) => {
        out += d;
      });
      child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk failed: ${out}`))));
    });
  await run(5); // warm-up
  const out = await run(seconds);
  const m = /RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(out);
  if (!m) throw new Error(`no result from wrk: ${out}`);
  const [requests, durationUs, p50, p99, badStatus, timeouts] = m.slice(1).map(Number) as number[];
  return {
    client: "wrk",
    rps: (requests as number) / ((durationUs as number) / 1e6),
    p50: (p50 as number) / 1000,
    p99: (p99 as number) / 1000,
    n: requests as number,
    note: `non-2xx answers: ${badStatus}, timeouts: ${timeouts}`,
  };
}

async function loadWithNode(
  agent: http.Agent,
  base: string,
  cookie: string,
  numbers: string[],
  clients: number,
  seconds: number,
): Promise<LoadResult> {
  const headers = { origin: base, cookie };
  let stop = false;
  let measuring = false;
  const times: number[] = [];
  const outcomes: Record<string, number> = {};
  const worker = async () => {
    while (!stop) {
      const consumerNo = numbers[Math.floor(Math.random() * numbers.length)];
      const categoryCode = CATEGORIES[Math.floor(Math.random() * CATEGORIES.length)];
      const t0 = performance.now();
      const r = await request(
        agent,
        `${base}/api/complaints`,
        "POST",
        { consumerNo, categoryCode, description: "bench" },
        headers,
      );
      const ms = performance.now() - t0;
      if (!measuring) continue;
      times.push(ms);
      const key = r.status === 201 ? "created" : r.status === 200 ? "repeat call" : `HTTP ${r.status}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
  };
  const loops = Array.from({ length: clients }, () => worker());
  await new Promise((r) => setTimeout(r, 5000)); // warm-up
  measuring = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  stop = true;
  await Promise.all(loops);
  const st = stats(times);
  return {
    client: "node",
    rps: st.n / elapsed,
    p50: st.p50,
    p99: st.p99,
    n: st.n,
    note: `outcomes: ${JSON.stringify(outcomes)}`,
  };
}

/** One setting of the database the registration benchmark compares, applied before each of its runs. */
export interface RegistrationVariant {
  name: string;
  apply(database: Database): Promise<void>;
  /** After the reset, before a run: e.g. work the reset itself caused, done so the run does not pay for it. */
  settle?(database: Database): Promise<void>;
}

/** Throughputs by round: pgbench (transactions/s) and HTTP (requests/s). */
export interface RegistrationResult {
  ceiling: number[];
  http: number[];
}

export async function benchRegistration(
  database: Database,
  consumers: number,
  clients: number,
  seconds: number,
  workers: number,
  rounds = 3,
  // Several variants (e.g. the rollup triggers on and off) take turns within each round.
  variants: RegistrationVariant[] = [{ name: "", apply: async () => {} }],
): Promise<Map<string, RegistrationResult>> {
  const results = new Map(variants.map((v) => [v.name, { ceiling: [], http: [] } as RegistrationResult]));
  const repos = createRepositories(database);
  await loadDemoUsers(repos, planDemo(consumers));
  const agentUser = await repos.users.findByLoginForAuth("agent1");
  if (!agentUser) throw new Error("no agent1");
  await sql`insert into sessions (id, user_id, created_at, last_seen_at, expires_at)
            values ('pgbench-session', ${agentUser.id}, now(), now(), now() + interval '1 day')
            on conflict do nothing`.execute(database.db);
  await database.bulk((s) => s.query("analyze"));
  // The catalogue's values of the HTTP side's categories, in its order, for the pgbench script.
  const catalogue = await database.db
    .selectFrom("complaint_categories")
    .select([
      "code",
      "priority",
      "emergency",
      "is_no_supply",
      "urban_limit_minutes",
      "rural_limit_minutes",
      "name_hi",
    ])
    .where("code", "in", CATEGORIES)
    .execute();
  const categories = CATEGORIES.map((code) => {
    const c = catalogue.find((x) => x.code === code);
    if (!c) throw new Error(`no complaint category ${code}`);
    return c;
  });
  const agentRow = { id: agentUser.id, name: agentUser.name, role: agentUser.role };
  const dir = path.resolve("bench/out");
  fs.mkdirSync(dir, { recursive: true });

  log(
    `\n## postgres: complaint registration, ${clients} concurrent clients, ${seconds} s each, ${workers} API process(es)`,
  );
  // Both sides write into the same tables; between runs every open
  // complaint is closed (a new one for the same consumer would be a repeat
  // call) and the table vacuumed, and the trouble-call analysis queue (no
  // worker runs here to empty it) emptied, so each run starts from the same state.
  const reset = async () => {
    await sql`delete from dt_analysis_queue`.execute(database.db);
    await sql`update complaints set status = 'closed', closed_at = now(), next_escalation_at = null
              where status in ('registered', 'assigned', 'attended', 'waiting')`.execute(database.db);
    await sql`vacuum analyze complaints`.execute(database.db);
  };

  const server = await startServer(workers);
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  try {
    const signIn = await request(
      agent,
      `${server.url}/api/auth/sign-in`,
      "POST",
      { login: "agent1", password: "demo1912" },
      { origin: server.url },
    );
    if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${signIn.body}`);
    const cookie = String(signIn.headers["set-cookie"]).split(";")[0] ?? "";
    const numbers = (
      await database.db
        .selectFrom("consumers")
        .select("consumer_no")
        .where("id", "in", (eb) =>
          eb.selectFrom("consumers").select("id").orderBy(eb.fn("random")).limit(200_000),
        )
        .execute()
    ).map((r) => r.consumer_no);
    log("| round | run | transactions/s | p50 ms | p99 ms | n |\n|---|---|---|---|---|---|");
    const ratios: number[] = [];
    // Rounds alternate pgbench and HTTP, so neither always meets the warmer (or fuller) database.
    for (let round = 1; round <= rounds; round++) {
      // Variants take turns in ABBA order, so none always runs first (on the fresher table) in a round.
      for (const variant of round % 2 === 1 ? variants : [...variants].reverse()) {
        await variant.apply(database);
        const label = variant.name ? `${variant.name}: ` : "";
        await reset();
        await variant.settle?.(database);
        const ceiling = await runPgbench(clients, seconds, dir, consumers, categories, agentRow);
        log(
          `| ${round} | ${label}pgbench, the registration's SQL (ceiling) | ${ceiling.tps.toFixed(0)} | ${ceiling.p50.toFixed(1)} | ${ceiling.p99.toFixed(1)} | ${ceiling.n} (failed ${ceiling.failed}) |`,
        );
        await reset();
        await variant.settle?.(database);
        const h = fs.existsSync("/usr/bin/wrk")
          ? await loadWithWrk(server.url, cookie, numbers, clients, seconds, dir)
          : await loadWithNode(agent, server.url, cookie, numbers, clients, seconds);
        log(
          `| ${round} | ${label}POST /api/complaints over HTTP (${h.client}; ${h.note}) | ${h.rps.toFixed(0)} | ${h.p50.toFixed(1)} | ${h.p99.toFixed(1)} | ${h.n} |`,
        );
        ratios.push(h.rps / ceiling.tps);
        results.get(variant.name)?.ceiling.push(ceiling.tps);
        results.get(variant.name)?.http.push(h.rps);
      }
    }
    const sorted = [...ratios].sort((a, b) => a - b);
    log(
      `HTTP / ceiling by round: ${ratios.map((r) => `${(100 * r).toFixed(0)}%`).join(", ")}; median ${(100 * (sorted[Math.floor(sorted.length / 2)] ?? 0)).toFixed(0)}%`,
    );
  } finally {
    agent.destroy();
    await server.stop();
  }
  return results;
}

/**
 * Fills the complaints table to `history` rows with `open` of them open,
 * spread over the DCs like real load, in a few set-based statements.
 */
async function fillHistory(database: Database, history: number, open: number): Promise<void> {
  const t0 = performance.now();
  await sql`update complaints set status = 'closed', closed_at = coalesce(closed_at, now()), next_escalation_at = null
            where status in ('registered', 'assigned', 'attended', 'waiting')`.execute(database.db);
  const existing = Number(
    (await sql<{ n: number }>`select count(*)::int as n from complaints`.execute(database.db)).rows[0]?.n ??
      0,
  );
  const toAdd = Math.max(0, history - existing);
  const consumers = Number(
    (await sql<{ n: number }>`select max(id)::int as n from consumers`.execute(database.db)).rows[0]?.n ?? 0,
  );
  // Linemen by DC, to assign the open ones realistically.
  await sql`create temp table bench_linemen as
            select org_unit_id as dc_id, array_agg(id order by id) as ids from users where role = 'lineman' group by org_unit_id`.execute(
    database.db,
  );
  const batch = 250_000;
  for (let from = 1; from <= toAdd; from += batch) {
    const to = Math.min(toAdd, from + batch - 1);
    // Open ones are the newest (g > toAdd - open); every consumer at most once among them.
    await sql`
      insert into complaints (number, consumer_id, dc_id, feeder_id, dt_id, area_type, category_code, channel, priority, emergency,
                              status, assigned_to, registered_at, assigned_at, resolved_at, closed_at, due_at, next_escalation_at,
                              resolution_code, escalation_level, breached_at, updated_at)
      select 'HIS' || lpad(g::text, 9, '0'), c.id, c.dc_id, c.feeder_id, c.dt_id, c.area_type, cat.code, 'call', cat.priority,
             cat.emergency,
             case when g > ${toAdd - open} then (array['registered','assigned','assigned','attended'])[1 + g % 4] else 'closed' end,
             l.ids[1 + g % greatest(array_length(l.ids, 1), 1)],
             t.at, t.at + interval '20 minutes',
             case when g > ${toAdd - open} then null else t.at + interval '3 hours' end,
             case when g > ${toAdd - open} then null else t.at + interval '2 days' end,
             t.at + make_interval(mins => case when c.area_type = 'urban' then cat.urban_limit_minutes else cat.rural_limit_minutes end),
             case when g > ${toAdd - open}
                  then t.at + make_interval(mins => case when c.area_type = 'urban' then cat.urban_limit_minutes else cat.rural_limit_minutes end)
             end,
             case when g > ${toAdd - open} then null else 'fuse_replaced' end,
             0, null, t.at
      from generate_series(${from}::int, ${to}::int) g
      cross join lateral (select now() - ((${toAdd}::int - g) * interval '15 seconds') as at) t
      join consumers c on c.id = 1 + (g::bigint * 7919) % ${consumers}
      join complaint_categories cat on cat.code = (array['no_supply','no_supply','no_supply','voltage','meter','billing','line_breakdown','dt_failure','new_connection','other'])[1 + (g / 7) % 10]
      left join bench_linemen l on l.dc_id = c.dc_id`.execute(database.db);
  }
  await sql`drop table bench_linemen`.execute(database.db);
  // Reusing a database already full: open the newest history again (one per consumer and category).
  const nowOpen = Number(
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from complaints where status in ('registered','assigned','attended','waiting')`.execute(
        database.db,
      )
    ).rows[0]?.n ?? 0,
  );
  if (nowOpen < open) {
    await sql`update complaints set status = (array['registered','assigned','assigned','attended'])[1 + id % 4], closed_at = null, resolved_at = null,
                resolution_code = null, next_escalation_at = due_at
              where id in (select id from complaints where number like 'HIS%' order by id desc limit ${open - nowOpen})`.execute(
      database.db,
    );
  }
  await database.bulk((s) => s.query("analyze complaints"));
  const counts = await sql<{ total: number; open: number }>`
    select count(*)::int as total, (count(*) filter (where status in ('registered','assigned','attended','waiting')))::int as open from complaints`.execute(
    database.db,
  );
  log(
    `history: ${counts.rows[0]?.total.toLocaleString("en-IN")} complaints, ${counts.rows[0]?.open.toLocaleString("en-IN")} open (filled in ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
  );
}

export async function benchQueue(
  database: Database,
  history: number,
  open: number,
  runs: number,
): Promise<void> {
  log(
    `\n## postgres: complaint queue with ${history.toLocaleString("en-IN")} complaints, ${open.toLocaleString("en-IN")} open (ms)`,
  );
  await fillHistory(database, history, open);
  const services = createServices(database, createRepositories(database));
  const supervisor = await companyPrincipal(database, "supervisor");
  const unit = async (kind: string, offset: number) =>
    database.db
      .selectFrom("org_units")
      .selectAll()
      .where("kind", "=", kind as "dc")
      .orderBy("id")
      .offset(offset)
      .limit(1)
      .executeTakeFirstOrThrow();
  const as = (
    u: { id: number; code: string; kind: string; path: string },
    role: Principal["role"],
  ): Principal => ({
    ...supervisor,
    role,
    orgUnitId: u.id,
    orgCode: u.code,
    orgKind: u.kind as Principal["orgKind"],
    orgPath: u.path,
    permissions: new Set(role === "integration" ? [] : ROLE_PERMISSIONS[role]),
  });
  const circle = as(await unit("circle", 3), "se");
  const dc = await unit("dc", 40);
  const je = as(dc, "je");
  const busyLineman = await database.db
    .selectFrom("complaints")
    .select("assigned_to")
    .where("status", "in", ["assigned", "attended"])
    .where("assigned_to", "is not", null)
    .groupBy("assigned_to")
    .orderBy(sql`count(*)`, "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  const lineman: Principal = {
    ...je,
    role: "lineman",
    id: busyLineman.assigned_to as number,
    permissions: new Set(ROLE_PERMISSIONS.lineman),
  };
  const base = { limit: 50, offset: 0 } as const;
  const cases: [string, () => Promise<unknown>][] = [
    [
      "company queue: open, emergencies then time left (page 1)",
      () => services.complaints.list(supervisor, { ...base, status: "open" }),
    ],
    ["company queue: overdue", () => services.complaints.list(supervisor, { ...base, status: "overdue" })],
    [
      "company queue: open, one category",
      () => services.complaints.list(supervisor, { ...base, status: "open", categoryCode: "meter" }),
    ],
    [
      "company queue: open, page 5",
      () => services.complaints.list(supervisor, { ...base, status: "open", offset: 200 }),
    ],
    [
      "company: closed history, newest first",
      () => services.complaints.list(supervisor, { ...base, status: "closed" }),
    ],
    [
      "company: all, one DC",
      () => services.complaints.list(supervisor, { ...base, status: "all", dcCode: dc.code }),
    ],
    ["SE's circle queue: open", () => services.complaints.list(circle, { ...base, status: "open" })],
    [
      "SE's circle: escalated",
      () => services.complaints.list(circle, { ...base, status: "open", escalated: true }),
    ],
    ["JE's DC queue: open", () => services.complaints.list(je, { ...base, status: "open" })],
    [
      "lineman: mine",
      () => services.complaints.list(lineman, { ...base, status: "open", assignedTo: lineman.id }),
    ],
    ["dashboard counters, company", () => services.complaints.summary(supervisor)],
    ["dashboard counters, circle", () => services.complaints.summary(circle)],
  ];
  log("| page | p50 | p99 | max |\n|---|---|---|---|");
  for (const [name, run] of cases) {
    for (let i = 0; i < 10; i++) await run();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    const s = stats(times);
    log(`| ${name} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.max.toFixed(1)} |`);
  }
}
