import type { EventBus } from "../../db/unit-of-work.ts";
import type { AppEvent } from "../events.ts";
import { OutagesRepository } from "../outages/outages.repository.ts";
import { area } from "./outage-sms.listener.ts";
import { OutboxRepository } from "./outbox.repository.ts";
import { renderSms, smsTime } from "./sms-templates.ts";

const SOON = { en: "not set", hi: "तय नहीं" } as const;

/**
 * The field's SMS about an outage: its owner hears once when it opens and
 * then a digest of the calls that joined it, never one SMS a call (a storm
 * brought 57 a minute to each lineman of one DC). Written in the outage's
 * transaction, like every outbox SMS.
 */
export function registerOutageStaffSms(bus: EventBus<AppEvent>, timeZone: string): void {
  bus.onInTransaction("outage.staff", async (ctx, e) => {
    if (!e.owner.phone) return;
    const row = await new OutagesRepository(ctx.db).findById(e.outage.id);
    if (!row) return;
    const l = e.owner.language;
    const t = (d: Date) => smsTime(d, l, timeZone);
    const base = { outage: `#${row.id}`, area: area(row, l) };
    const rendered =
      e.kind === "owner"
        ? renderSms("outage_owner_staff", l, {
            ...base,
            since: t(row.started_at),
            consumers: String(row.affected_consumers),
            calls: String(e.calls),
          })
        : renderSms("outage_digest_staff", l, {
            ...base,
            calls: String(e.newCalls),
            since: t(e.since),
            total: String(e.calls),
            etr: row.etr ? t(row.etr) : SOON[l],
          });
    OutboxRepository.stage(ctx.stage, [
      {
        dedupKey: `outage:${row.id}:${e.kind === "owner" ? "owner" : `digest${e.seq}`}:staff:${e.owner.id}`,
        recipient: e.owner.phone,
        language: l,
        template: e.kind === "owner" ? "outage_owner_staff" : "outage_digest_staff",
        variables: rendered.variables,
        body: rendered.body,
        urgent: true,
        relatedType: "outage",
        relatedId: row.id,
        createdAt: row.staff_told_at ?? row.updated_at,
      },
    ]);
  });
}
