import type { Logger } from "pino";
import type { Clock } from "../../lib/clock.ts";
import { serialRunner } from "../../lib/serial.ts";
import type { DtAnalysisClaim, DtAnalysisRepository } from "./dt-analysis.repository.ts";

export interface DtAnalysisQueueOptions {
  clock: Clock;
  /** This process, as claims name it. */
  by: string;
  logger?: Logger | undefined;
  /** A claim not finished by then passes to another worker (its process died). */
  leaseMs?: number;
  /** DTs claimed per round trip. */
  batch?: number;
}

/** Back-off after the n-th failure in a row: 5 s, 10 s, 20 s... at most 10 minutes. */
export function dtAnalysisBackoffMs(failures: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, failures - 1), 10 * 60_000);
}

/**
 * The worker side of the durable trouble-call analysis queue: works off the
 * DTs waiting in dt_analysis_queue, one run at a time in this process (other
 * processes take other DTs: SKIP LOCKED). A DT is deleted from the queue only
 * after its analysis committed, so a crash at any point leaves it waiting;
 * a failure is retried with back-off. `kick()` after a call's commit (worker
 * roles) and every second from the scheduler (the DTs API processes queued,
 * or a crash left).
 */
export function dtAnalysisQueue(
  repo: DtAnalysisRepository,
  analyse: (dtId: number) => Promise<unknown>,
  options: DtAnalysisQueueOptions,
) {
  const { clock, by, logger } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const batch = options.batch ?? 10;
  let analysed = 0;
  let failed = 0;
  const one = async (claim: DtAnalysisClaim) => {
    try {
      await analyse(claim.dtId);
    } catch (err) {
      failed++;
      const wait = dtAnalysisBackoffMs(claim.attempts + 1);
      logger?.error({ err, dtId: claim.dtId, attempts: claim.attempts + 1 }, "trouble-call analysis failed");
      await repo.retry(claim, by, new Date(clock().getTime() + wait), String(err));
      return;
    }
    analysed++;
    await repo.done(claim, by);
  };
  const runner = serialRunner(
    async () => {
      for (;;) {
        const claims = await repo.claim(by, clock(), leaseMs, batch);
        if (claims.length === 0) return;
        for (const c of claims) await one(c);
      }
    },
    (err) => logger?.error({ err }, "trouble-call analysis queue failed"),
  );
  return {
    /** Looks for waiting DTs now (in the background). */
    kick: () => runner.kick(),
    /** Resolves when nothing is running or asked for. */
    idle: () => runner.idle(),
    /** Works off every DT due now; for the scheduler's tick. */
    async drain(): Promise<{ analysed: number; failed: number }> {
      const before = { analysed, failed };
      runner.kick();
      await runner.idle();
      return { analysed: analysed - before.analysed, failed: failed - before.failed };
    },
  };
}
export type DtAnalysisQueue = ReturnType<typeof dtAnalysisQueue>;
