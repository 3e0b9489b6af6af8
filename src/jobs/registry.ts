import type { DatabaseKind } from "../db/database.ts";
import type { Repositories } from "../modules/registry.ts";
import type { JobDefinition } from "./scheduler.ts";

function hourIn(timeZone: string, at: Date): number {
  return Number(new Intl.DateTimeFormat("en-GB", { hour: "numeric", hourCycle: "h23", timeZone }).format(at));
}

/** Every recurring job of the worker role. */
export function jobDefinitions(
  repos: Repositories,
  options: { databaseKind: DatabaseKind; timeZone: string },
): JobDefinition[] {
  const jobs: JobDefinition[] = [
    {
      name: "sessions.cleanup",
      everyMs: 3600_000,
      async run(now) {
        return { deleted: await repos.sessions.deleteExpired(now) };
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
        if (hourIn(options.timeZone, now) === 3 && lastVacuumDay !== day) {
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
