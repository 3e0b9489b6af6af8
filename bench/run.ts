// Benchmarks (npm run bench). Figures go in bench/README.md.
//
//   npm run bench -- [--suites csv,import,lookup,register,queue,alert,fanout,trouble,sms,smsrate,coverage,bills,survey] [--driver postgres|embedded|both]
//                    [--consumers 1000000] [--lookups 1000] [--clients 32] [--seconds 30]
//                    [--history 2000000] [--open 20000] [--runs 200] [--workers 1] [--rounds 3] [--reuse]
//                    [--survey-consumers 6000000] [--survey-dcs 1500]
//
// Consumer channels (issue 14), only when named in --suites: whatsapp (webhook intake), bot
// (WhatsApp bot replies), inbox (queue and SLA sweep), ivr (lookup during a storm), open311
// (reads), portal (first-page JavaScript weight). Their options are in bench/README.md.
// New connections (issue 15), also only when named: connections (lookups, reports, SoP sweep).
//
// import, lookup: on each driver. register, queue, alert: on PostgreSQL (the
// scale-out path), on the database the import left. fanout, trouble: on each
// driver, each on a small database of its own. bills: on each driver, a database of
// its own with --bills consumers (default 200,000). survey: on PostgreSQL, a
// database of its own generated in SQL (--survey-consumers in --survey-dcs DCs),
// dropped afterwards.

import { openPostgres } from "../src/db/database.ts";
import { benchBilling } from "./billing.ts";
import { benchBot } from "./bot.ts";
import { benchWhatsAppIntake } from "./channels.ts";
import { benchQueue, benchRegistration } from "./complaints.ts";
import { benchConnections } from "./connections.ts";
import { benchCsvRead } from "./csv.ts";
import { benchDashboards } from "./dashboards.ts";
import { benchImport, benchLookups } from "./import-lookup.ts";
import { benchInbox } from "./inbox.ts";
import { benchIvr } from "./ivr.ts";
import { benchKb } from "./kb.ts";
import { arg, benchUrl, ensureCsv, freshDatabase, log, machine } from "./lib.ts";
import { benchOpen311 } from "./open311.ts";
import { benchAlertLatency, benchFanout, benchTroubleCalls } from "./outages.ts";
import { benchPortalWeight } from "./portal.ts";
import { benchRollups } from "./rollups.ts";
import { benchServiceDashboard } from "./service-dashboard.ts";
import { benchCoverage, benchSmsFanout, benchSmsRate } from "./sms.ts";
import { benchSop } from "./sop.ts";
import { benchSurveySampling } from "./survey.ts";

const suites = new Set(
  arg(
    "--suites",
    "import,lookup,register,queue,alert,fanout,trouble,sms,smsrate,coverage,bills,survey",
  ).split(","),
);
const driver = arg("--driver", "both");
const consumers = Number(arg("--consumers", "1000000"));
const lookups = Number(arg("--lookups", "1000"));
const clients = Number(arg("--clients", "32"));
const seconds = Number(arg("--seconds", "30"));
const history = Number(arg("--history", "2000000"));
const open = Number(arg("--open", "20000"));
const runs = Number(arg("--runs", "200"));
const workers = Number(arg("--workers", "1"));
const rounds = Number(arg("--rounds", "3"));

log(
  `PowerDesk bench: ${consumers.toLocaleString("en-IN")} consumers; ${machine()}; ${new Date().toISOString()}`,
);
const drivers =
  driver === "both" ? (["postgres", "embedded"] as const) : ([driver] as ("postgres" | "embedded")[]);
// --reuse: run on the database a previous run left (PostgreSQL), skipping the import.
const reuse = process.argv.includes("--reuse");
const needsImport = ["import", "lookup", "register", "queue", "alert", "coverage", "rollups"].some((x) =>
  suites.has(x),
);
if (needsImport && !reuse) await ensureCsv(consumers);
// Suites on small databases of their own first.
if (suites.has("csv")) await benchCsvRead(consumers);
if (suites.has("portal")) benchPortalWeight();
if (suites.has("sms") && drivers.includes("postgres"))
  await benchSmsFanout(Number(arg("--sms", "100000")), Number(arg("--sms-window", "200")));
if (suites.has("smsrate") && drivers.includes("postgres"))
  await benchSmsRate(
    arg("--sms-rates", "100,1000").split(",").map(Number),
    Number(arg("--sms-rate-seconds", "30")),
  );
// WhatsApp webhook intake (issue 14, --suites whatsapp [--whatsapp-clients 32] [--whatsapp-seconds 20]): signed POSTs to a listening server, on PostgreSQL.
if (suites.has("whatsapp") && drivers.includes("postgres"))
  for (const inline of [false, true])
    await benchWhatsAppIntake(
      Number(arg("--whatsapp-clients", "32")),
      Number(arg("--whatsapp-seconds", "20")),
      inline,
    );
for (const kind of drivers) {
  if (suites.has("fanout")) await benchFanout(kind);
  if (suites.has("trouble")) await benchTroubleCalls(kind);
  if (suites.has("bills")) await benchBilling(kind, Number(arg("--bills", "200000")));
  if (suites.has("bot"))
    await benchBot(kind, Number(arg("--bot-senders", "2000")), Number(arg("--bot-concurrency", "8")));
  if (suites.has("inbox"))
    await benchInbox(
      kind,
      Number(arg("--inbox-closed", "250000")),
      Number(arg("--inbox-active", "5000")),
      runs,
    );
  // The knowledge base's search (issue 15), only when named: --suites kb [--kb-articles 5000].
  if (suites.has("kb")) await benchKb(kind, Number(arg("--kb-articles", "5000")), runs);
  // New connections (issue 15, --suites connections [--connections 500000]): lookups, reports, SoP sweep.
  if (suites.has("connections")) await benchConnections(kind, Number(arg("--connections", "500000")), runs);
}
for (const kind of needsImport ? drivers : []) {
  const { database, cleanup } =
    reuse && kind === "postgres"
      ? { database: await openPostgres(benchUrl(), { poolSize: 20 }), cleanup: async () => {} }
      : await freshDatabase(kind);
  try {
    if (!reuse) await benchImport(database, consumers);
    if (suites.has("lookup")) await benchLookups(database, lookups);
    if (kind === "postgres" && suites.has("register"))
      await benchRegistration(database, consumers, clients, seconds, workers, rounds);
    if (kind === "postgres" && suites.has("queue")) await benchQueue(database, history, open, runs);
    if (kind === "postgres" && suites.has("alert")) await benchAlertLatency(database, consumers, runs);
    if (kind === "postgres" && suites.has("coverage")) await benchCoverage(database);
    // The complaint rollups' cost (issue 16), only when named: --suites rollups [--rollup-updates 2000]
    // [--rollup-deltas 1000000]; registration with the triggers on and off, per-update cost, fold rate.
    if (kind === "postgres" && suites.has("rollups"))
      await benchRollups(database, consumers, clients, seconds, workers, rounds, {
        updates: Number(arg("--rollup-updates", "2000")),
        deltas: Number(arg("--rollup-deltas", "1000000")),
      });
  } finally {
    await database.close();
    await cleanup();
  }
}
// The regulator's SoP report (issue 16, only when named: --suites sop [--history-complaints 10000000]).
if (suites.has("sop") && drivers.includes("postgres"))
  await benchSop(Number(arg("--history-complaints", "10000000")), Math.min(runs, 5));
if (suites.has("open311") && drivers.includes("postgres"))
  await benchOpen311(Number(arg("--open311-complaints", "1000000")), runs);
// The IVR during a storm: a database of its own (PostgreSQL), dropped when done. Not in the default list.
if (suites.has("ivr") && drivers.includes("postgres"))
  await benchIvr(Number(arg("--ivr-consumers", "200000")), {
    lookupRates: arg("--ivr-lookups", "50,200").split(",").map(Number),
    complaintRate: Number(arg("--ivr-complaints", "100")),
    clients: Number(arg("--ivr-clients", "16")),
    seconds,
  });
// The service dashboard (issue 16, --suites service-dashboard): a database of its own generated in SQL,
// dropped when done; dashboard p50/p99 and the SMS dispatch statements with the rollup triggers on and off.
if (suites.has("service-dashboard") && drivers.includes("postgres"))
  await benchServiceDashboard({
    sms: Number(arg("--svc-sms", "6000000")),
    consumers: Number(arg("--svc-consumers", "1000000")),
    dcs: Number(arg("--svc-dcs", "1500")),
    runs,
    batches: Number(arg("--svc-batches", "20")),
  });
// A big database of its own (several minutes to generate), dropped when done.
// The complaints dashboard (issue 16), only when named: --suites dashboards [--dash-history 10000000] [--dash-dcs 1500] [--dash-runs 100].
if (suites.has("dashboards") && drivers.includes("postgres"))
  await benchDashboards(
    Number(arg("--dash-history", "10000000")),
    Number(arg("--dash-dcs", "1500")),
    Number(arg("--dash-runs", "100")),
  );
if (suites.has("survey") && drivers.includes("postgres"))
  await benchSurveySampling(
    Number(arg("--survey-consumers", "6000000")),
    Number(arg("--survey-dcs", "1500")),
  );
