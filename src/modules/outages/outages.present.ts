import type { OutageRow } from "./outages.repository.ts";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentOutage(o: OutageRow) {
  return {
    id: o.id,
    kind: o.kind,
    scope: o.scope,
    status: o.status,
    source: o.source,
    feeder: o.feeder_code
      ? { code: o.feeder_code, nameEn: o.feeder_name_en ?? "", nameHi: o.feeder_name_hi ?? "" }
      : null,
    dt: o.dt_code ? { code: o.dt_code, nameEn: o.dt_name_en ?? "", nameHi: o.dt_name_hi ?? "" } : null,
    consumerNo: o.consumer_no,
    dc: { code: o.dc_code, nameEn: o.dc_name_en, nameHi: o.dc_name_hi },
    affectedConsumers: o.affected_consumers,
    linkedComplaints: Number(o.linked_complaints),
    startedAt: o.started_at.toISOString(),
    detectedAt: o.detected_at.toISOString(),
    confirmedAt: iso(o.confirmed_at),
    restoredAt: iso(o.restored_at),
    plannedStart: iso(o.planned_start),
    plannedEnd: iso(o.planned_end),
    etr: iso(o.etr),
    etrSetAt: iso(o.etr_set_at),
    etrSetBy: o.etr_set_by_name,
    cause: o.cause,
    mergedInto: o.merged_into,
    acknowledgedAt: iso(o.acknowledged_at),
    acknowledgedBy: o.acknowledged_by_name,
    owner: o.owner_name,
  };
}
