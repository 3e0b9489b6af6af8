import type { Logger } from "pino";

/** A recurring job: idempotent, so several worker processes may run it. */
export interface JobDefinition {
  name: string;
  everyMs: number;
  run(now: Date): Promise<Record<string, number> | undefined>;
}

/**
 * Runs recurring jobs in the worker role. One run of a job at a time; a
 * failure is logged and retried at the next tick.
 */
export function startScheduler(jobs: JobDefinition[], logger: Logger, clock: () => Date = () => new Date()) {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  for (const job of jobs) {
    let busy = false;
    const tick = () => {
      if (busy || stopped) return;
      busy = true;
      const p = job
        .run(clock())
        .then((result) => {
          if (result) logger.debug({ job: job.name, ...result }, "job done");
        })
        .catch((err: unknown) => logger.error({ job: job.name, err }, "job failed"))
        .finally(() => {
          busy = false;
          running.delete(p);
        });
      running.add(p);
    };
    timers.push(setInterval(tick, job.everyMs));
    setImmediate(tick);
  }
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
