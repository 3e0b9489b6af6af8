import type { Logger } from "pino";

/** A recurring job: idempotent, so several worker processes may run it. */
export interface JobDefinition {
  name: string;
  everyMs: number;
  /**
   * Runs at every tick in every worker process, unclaimed: for a job that
   * claims its own work (rows taken with SKIP LOCKED), where a job_runs row
   * each tick would be waste.
   */
  everyProcess?: boolean;
  run(now: Date): Promise<Record<string, number> | undefined>;
}

/** Decides which process runs a tick: true for exactly one caller per (job, tick). */
export type ClaimTick = (job: string, tick: number, now: Date) => Promise<boolean>;

export interface SchedulerOptions {
  clock?: () => Date;
  /** Without it every process runs every tick (one process, or tests of a job alone). */
  claim?: ClaimTick;
  /** After each tick this process looked at: whether it ran the job or another process had it. */
  onTick?: (job: string, tick: number, ran: boolean) => void;
}

/** The tick a moment falls in: ticks are the job's interval counted from the epoch, the same in every process. */
export function tickOf(job: Pick<JobDefinition, "everyMs">, at: Date): number {
  return Math.floor(at.getTime() / job.everyMs);
}

export { processName } from "../lib/process-name.ts";

/**
 * Runs recurring jobs in the worker role. One run of a job at a time in a
 * process, and with `claim` one run per tick across all worker processes; a
 * failure is logged and the job runs again at its next tick.
 */
export function startScheduler(jobs: JobDefinition[], logger: Logger, options: SchedulerOptions = {}) {
  const clock = options.clock ?? (() => new Date());
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  for (const job of jobs) {
    let busy = false;
    const tick = () => {
      if (busy || stopped) return;
      busy = true;
      const now = clock();
      const n = tickOf(job, now);
      const p = (async () => {
        let ran = false;
        try {
          ran = options.claim && !job.everyProcess ? await options.claim(job.name, n, now) : true;
          const result = ran ? await job.run(now) : undefined;
          logger.debug({ job: job.name, tick: n, ran, ...result }, "job tick");
        } catch (err) {
          logger.error({ job: job.name, tick: n, err }, "job failed");
        }
        options.onTick?.(job.name, n, ran);
      })().finally(() => {
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
