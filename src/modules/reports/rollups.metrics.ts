import { Gauge, type Registry } from "prom-client";
import type { RollupsRepository } from "./rollups.repository.ts";

/**
 * The rollups' backlog for Prometheus: deltas the worker has not folded yet.
 * It should hover near zero; a rising figure means no worker is folding (or
 * it cannot keep up), and dashboards read more unfolded rows per page.
 */
export function registerRollupMetrics(registry: Registry, rollups: RollupsRepository): void {
  new Gauge({
    name: "powerdesk_rollup_deltas_pending",
    help: "Complaint rollup deltas waiting to be folded into the daily and monthly rollups",
    registers: [registry],
    async collect() {
      this.set(await rollups.pending());
    },
  });
}
