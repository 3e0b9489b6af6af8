import type { Language } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { NOTICE_TEMPLATE, type OutageNoticesRepository } from "./outage-notices.repository.ts";
import type { OutboxRepository } from "./outbox.repository.ts";
import { renderSms } from "./sms-templates.ts";

/** Reading the SMS outbox and expanding outage notices. Delivery through gateways comes with the notifications issue. */
export class NotificationsService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly notices: OutageNoticesRepository,
    private readonly clock: Clock,
  ) {}

  /** Messages queued about one record; the caller has already checked the record is visible. */
  related(type: string, id: number) {
    return this.outbox.forRelated(type, id);
  }

  /**
   * Expands pending outage notices into one SMS per consumer, a notice a
   * transaction; several workers may run this at once (they skip each other's
   * rows). Returns what it did.
   */
  async expandOutageNotices(max = 50): Promise<{ notices: number; messages: number }> {
    let notices = 0;
    let messages = 0;
    for (let i = 0; i < max; i++) {
      const done = await this.notices.transaction(async (repo) => {
        const n = await repo.nextPending();
        if (!n) return undefined;
        const vars = n.variables as unknown as Record<Language, Record<string, string>>;
        const { template } = NOTICE_TEMPLATE[n.kind];
        const en = renderSms(template, "en", vars.en);
        const hi = renderSms(template, "hi", vars.hi);
        return repo.expand(
          n,
          { en: en.body, hi: hi.body },
          { en: en.variables, hi: hi.variables },
          this.clock(),
        );
      });
      if (done === undefined) break;
      notices++;
      messages += done;
    }
    return { notices, messages };
  }
}
