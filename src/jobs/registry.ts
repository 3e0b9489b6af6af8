import type { DatabaseKind } from "../db/database.ts";
import { zonedParts } from "../lib/time.ts";
import type { Repositories, Services } from "../modules/registry.ts";
import type { JobDefinition } from "./scheduler.ts";

/** Every recurring job of the worker role. */
export function jobDefinitions(
  repos: Repositories,
  services: Pick<
    Services,
    | "complaints"
    | "outages"
    | "notifications"
    | "mobiles"
    | "callbacks"
    | "survey"
    | "tracking"
    | "dtAnalysis"
    | "inbox"
    | "channelIntake"
    | "channelSender"
    | "bot"
    | "connectionEscalation"
    | "schedules"
  >,
  options: { databaseKind: DatabaseKind; timeZone: string },
): JobDefinition[] {
  const jobs: JobDefinition[] = [
    {
      // The complaint rollups behind the dashboards and the regulator's report:
      // fold what the complaints' trigger wrote since the last tick. Every
      // process folds (a second folder skips the rows the first has locked).
      name: "reports.rollups",
      everyMs: 5_000,
      everyProcess: true,
      async run() {
        const folded = await repos.rollups.foldAll(options.timeZone);
        return folded ? { folded } : undefined;
      },
    },
    {
      // Scheduled reports: each due subscription's last full week or month,
      // rendered to PDF and sent as an SMS link, once per period; then the
      // documents whose links have expired.
      name: "reports.scheduled",
      everyMs: 5 * 60_000,
      async run(now) {
        let total = { sent: 0, skipped: 0, failed: 0 };
        for (let i = 0; i < 20; i++) {
          const r = await services.schedules.runDue(50);
          total = {
            sent: total.sent + r.sent,
            skipped: total.skipped + r.skipped,
            failed: total.failed + r.failed,
          };
          if (r.sent + r.skipped < 50) break;
        }
        return { ...total, purged: await services.schedules.purgeExpired(now) };
      },
    },
    {
      // The SMS rollups behind the service dashboard (migration 20261207170200):
      // fold what outbox_sms's statement triggers wrote since the last tick.
      name: "reports.sms-rollups",
      everyMs: 5_000,
      everyProcess: true,
      async run() {
        const folded = await repos.serviceDashboard.foldAllSms(options.timeZone);
        return folded ? { folded } : undefined;
      },
    },
    {
      // Callback outcomes per DC and month (migration 20261208090000), read by
      // the service dashboard and the survey scorecards: fold what the
      // callbacks' trigger wrote since the last tick.
      name: "feedback.callback-rollups",
      everyMs: 5_000,
      everyProcess: true,
      async run() {
        const folded = await repos.callbackRollups.foldAll(options.timeZone);
        return folded ? { folded } : undefined;
      },
    },
    {
      // The SLA clock: breaches and escalations up the officer ladder.
      name: "complaints.escalate",
      everyMs: 60_000,
      async run() {
        let total = { escalated: 0, steps: 0 };
        // Work through a backlog (after downtime) in batches.
        for (let i = 0; i < 50; i++) {
          const r = await services.complaints.escalateDue(200);
          total = { escalated: total.escalated + r.escalated, steps: total.steps + r.steps };
          if (r.escalated < 200) break;
        }
        return total;
      },
    },
    {
      // The inbox's first-response SLA: unanswered conversations past their limit go to the on-duty supervisors, once.
      name: "inbox.escalate",
      everyMs: 60_000,
      async run() {
        let total = { escalated: 0, sms: 0 };
        // A backlog (after downtime) in batches.
        for (let i = 0; i < 20; i++) {
          const r = await services.inbox.escalateDue(500);
          total = { escalated: total.escalated + r.escalated, sms: total.sms + r.sms };
          if (r.escalated < 500) break;
        }
        return total;
      },
    },
    {
      // New connections' SoP clock: breaches with compensation, escalations up the officer ladder.
      name: "connections.escalate",
      everyMs: 60_000,
      async run() {
        const total = { escalated: 0, steps: 0, breached: 0, settled: 0 };
        // A backlog (after downtime, or settings changed) in batches.
        for (let i = 0; i < 50; i++) {
          const r = await services.connectionEscalation.escalateDue(200);
          total.escalated += r.escalated;
          total.steps += r.steps;
          total.breached += r.breached;
          total.settled += r.settled;
          if (r.escalated < 200) break;
        }
        return total;
      },
    },
    {
      // Trouble-call analysis of the DTs "no supply" calls queued: those an
      // API process took, a crash left, or a failure put back (back-off). A
      // worker process analyses its own calls at once; this finds the rest
      // within a second. Each process claims its own DTs (SKIP LOCKED).
      name: "outages.dt_analysis",
      everyMs: 1_000,
      everyProcess: true,
      async run() {
        return services.dtAnalysis.drain();
      },
    },
    {
      // Channel webhooks stored but not processed: an API process's that a
      // crash cut short, or a failure's retry after its back-off. Each
      // process claims its own (SKIP LOCKED).
      name: "channels.webhooks",
      everyMs: 2_000,
      everyProcess: true,
      async run() {
        return services.channelIntake.drain();
      },
    },
    {
      // The WhatsApp bot's leftovers: a consumer's message claimed by a
      // process that died before answering (or whose event died with it),
      // answered once the claim's lease is over.
      name: "channels.bot_sweep",
      everyMs: 15_000,
      async run() {
        return services.bot.sweep();
      },
    },
    {
      // Outgoing WhatsApp/Facebook/Instagram/X messages: each is sent right
      // after it is queued; this finds retries due and a crash's leftovers.
      name: "channels.send",
      everyMs: 5_000,
      everyProcess: true,
      async run() {
        return services.channelSender.drain();
      },
    },
    {
      // Planned shutdowns: the advance SMS, the start and the end, on time.
      name: "outages.planned",
      everyMs: 30_000,
      async run() {
        return services.outages.runPlanned();
      },
    },
    {
      // Each outage's owner hears of the calls that joined it in one digest, at most every ownerDigestMinutes.
      name: "outages.owner_digest",
      everyMs: 60_000,
      async run() {
        return services.outages.digestOwners();
      },
    },
    {
      // Outage SMS are expanded to every affected consumer right after the
      // change; this sweep finishes any a crash or restart left half done.
      name: "outages.notices",
      everyMs: 10_000,
      async run() {
        return services.notifications.expandOutageNotices();
      },
    },
    {
      // Raw SCADA and meter signals are kept 30 days (dedup, late-event checks); outages keep the history.
      name: "outages.signals.cleanup",
      everyMs: 24 * 3600_000,
      async run(now) {
        return { deleted: await repos.outages.purgeSignals(new Date(now.getTime() - 30 * 24 * 3600_000)) };
      },
    },
    {
      // Sign-in and link throttles: rows whose window, lock and back-off memory (24 h) are long over.
      name: "throttle.sweep",
      everyMs: 3600_000,
      async run(now) {
        return {
          deleted: await repos.throttle.sweep(new Date(now.getTime() - 48 * 3600_000)),
          trackingLinks: await services.tracking.purgeExpired(now),
        };
      },
    },
    {
      // Consumer portal sessions ended or expired (only their hashes were kept).
      name: "portal.sessions_sweep",
      everyMs: 3600_000,
      async run(now) {
        return { deleted: await repos.portal.purgeSessions(new Date(now.getTime() - 24 * 3600_000)) };
      },
    },
    {
      // Feedback windows that passed with no answer: the complaint closes "not confirmed".
      name: "callbacks.close",
      everyMs: 5 * 60_000,
      async run() {
        let closed = 0;
        for (let i = 0; i < 50; i++) {
          const r = await services.callbacks.closeUnanswered(200);
          closed += r.closed;
          if (r.closed < 200) break;
        }
        return { closed };
      },
    },
    {
      // The monthly survey: past months closed (low areas get action items), this month's sample drawn.
      name: "survey.campaign",
      everyMs: 3600_000,
      async run() {
        return services.survey.runMonthly();
      },
    },
    {
      // The mobile drive's figures: verified share per DC.
      name: "sms.coverage",
      everyMs: 15 * 60_000,
      async run() {
        return services.mobiles.countCoverage();
      },
    },
    {
      name: "sessions.cleanup",
      everyMs: 3600_000,
      async run(now) {
        return { deleted: await repos.sessions.deleteExpired(now) };
      },
    },
    {
      // Which worker ran which tick: a week is plenty to look back on.
      name: "jobs.runs.cleanup",
      everyMs: 24 * 3600_000,
      async run(now) {
        return { deleted: await repos.jobRuns.purge(new Date(now.getTime() - 7 * 24 * 3600_000)) };
      },
    },
  ];
  if (options.databaseKind === "embedded") {
    let lastVacuumDay = "";
    jobs.push({
      // PGlite has no autovacuum: statistics hourly, a vacuum in the quiet hour
      // after 3 a.m. (it holds the one session for a while).
      name: "embedded.maintenance",
      everyMs: 3600_000,
      async run(now): Promise<Record<string, number>> {
        const day = now.toISOString().slice(0, 10);
        if (zonedParts(now, options.timeZone).hour === 3 && lastVacuumDay !== day) {
          lastVacuumDay = day;
          await repos.maintenance.vacuumAnalyze();
          return { vacuumed: 1 };
        }
        await repos.maintenance.analyze();
        return { analyzed: 1 };
      },
    });
  }
  return jobs;
}
