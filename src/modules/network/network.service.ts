import { forbidden, notFound } from "../../lib/errors.ts";
import { can, type Principal } from "../access/principal.ts";
import type { FeederSummary, NetworkRepository } from "./network.repository.ts";

/**
 * The network as pickers and the storm simulator read it: feeders in a
 * jurisdiction by code or name, and one feeder's DTs with a few of their
 * consumers and meters.
 */
export class NetworkService {
  constructor(private readonly repo: NetworkRepository) {}

  async feeders(principal: Principal, q: string, limit: number): Promise<FeederSummary[]> {
    if (!can(principal, "outages.read") && !can(principal, "consumers.read")) throw forbidden();
    return this.repo.feedersFor(principal, q, limit);
  }

  async feeder(principal: Principal, code: string, sample: number) {
    if (!can(principal, "outages.read") && !can(principal, "consumers.read")) throw forbidden();
    const feeder = await this.repo.feederFor(principal, code.trim().toUpperCase());
    if (!feeder) throw notFound("feeder");
    // Consumers (and their meters) only for those who may read consumers.
    const dts = await this.repo.dtsOf(feeder.id, can(principal, "consumers.read") ? sample : 0);
    return { feeder, dts };
  }
}
