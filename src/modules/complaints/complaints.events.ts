import type { ComplaintRow, LiveOutageRef, StaffContact } from "./complaints.repository.ts";

/**
 * What happens to complaints. The complaint service publishes these and knows
 * nothing of who listens (SMS, live screens, feedback).
 */
export type ComplaintDomainEvent =
  | {
      type: "complaint.registered";
      complaint: ComplaintRow;
      /** The outage this "no supply" call joined, if it came from behind one. */
      outage: LiveOutageRef | null;
      /** A "no supply" category: trouble-call analysis looks at it. */
      noSupply: boolean;
    }
  | { type: "complaint.changed"; complaint: ComplaintRow; action: string; from: string; to: string }
  | { type: "complaint.assigned"; complaint: ComplaintRow; assignee: StaffContact }
  | { type: "complaint.resolved"; complaint: ComplaintRow }
  | { type: "complaint.reopened"; complaint: ComplaintRow }
  | { type: "complaint.escalated"; complaint: ComplaintRow; level: number; officers: StaffContact[] }
  | { type: "complaint.emergency"; complaint: ComplaintRow; officers: StaffContact[] };
