import type { ApplicationStatus } from "../../db/schema.ts";
import type { ApplicationRow } from "./connections.repository.ts";

/**
 * What happens to new-connection applications. The connections service
 * publishes these in the change's transaction and knows nothing of who
 * listens (the applicant's SMS, live screens).
 */
export type ConnectionDomainEvent = {
  type: "connection.changed";
  application: ApplicationRow;
  /** created, moved, documents... */
  action: string;
  /** The stage before the change (null when created). */
  from: ApplicationStatus | null;
  to: ApplicationStatus;
  /** The time the change is stamped with. */
  at: Date;
  /** Where the applicant pays, while a demand note awaits payment. */
  payLink: string | null;
};
