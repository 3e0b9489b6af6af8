import type { OutboxRepository } from "./outbox.repository.ts";

/** Reading the SMS outbox. Delivery through gateways comes with the notifications issue. */
export class NotificationsService {
  constructor(private readonly outbox: OutboxRepository) {}

  /** Messages queued about one record; the caller has already checked the record is visible. */
  related(type: string, id: number) {
    return this.outbox.forRelated(type, id);
  }
}
