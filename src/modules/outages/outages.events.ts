import type { Outage, OutageNoticeKind } from "../../db/schema.ts";
import type { OutageOwner } from "./outages.repository.ts";

/**
 * What happens to outages. The outage service publishes these; the
 * notifications module turns notices into SMS, the live module into the
 * wallboard's red alerts.
 */
export type OutageDomainEvent =
  /** Anything about an outage changed (opened, confirmed, ETR, acknowledged, restored...). */
  | { type: "outage.changed"; outage: Outage; action: string }
  /** Consumers behind an outage must be told something; seq numbers repeated notices (ETR updates). */
  | { type: "outage.notice"; outage: Outage; notice: OutageNoticeKind; seq: number }
  /**
   * The outage's owner in the field must hear of it: "owner" once when it
   * opens, "digest" when calls joined it since he last heard (`since`); seq
   * numbers the digests.
   */
  | {
      type: "outage.staff";
      outage: Outage;
      owner: OutageOwner;
      kind: "owner" | "digest";
      calls: number;
      newCalls: number;
      since: Date;
      seq: number;
    };
