import type { ComplaintRow, StaffContact } from "./complaints.repository.ts";

/**
 * What happens to complaints. The complaint service publishes these and knows
 * nothing of who listens (SMS, live screens, feedback).
 */
export type ComplaintDomainEvent =
  | { type: "complaint.registered"; complaint: ComplaintRow }
  | { type: "complaint.changed"; complaint: ComplaintRow; action: string; from: string; to: string }
  | { type: "complaint.assigned"; complaint: ComplaintRow; assignee: StaffContact }
  | { type: "complaint.resolved"; complaint: ComplaintRow }
  | { type: "complaint.reopened"; complaint: ComplaintRow }
  | { type: "complaint.escalated"; complaint: ComplaintRow; level: number; officers: StaffContact[] }
  | { type: "complaint.emergency"; complaint: ComplaintRow; officers: StaffContact[] };
