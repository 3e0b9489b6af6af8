import { Type } from "typebox";
import { OUTAGE_KINDS, OUTAGE_SCOPES, OUTAGE_SOURCES, OUTAGE_STATUSES } from "../../db/schema.ts";
import { DateTime, Nullable, StringEnum } from "../../http/schemas.ts";
import type { OutageRow } from "./outages.repository.ts";

const Named = Type.Object({ code: Type.String(), nameEn: Type.String(), nameHi: Type.String() });
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** An outage as screens show it (the wallboard's red alert, the outage page). */
export const OutageDto = Type.Object({
  id: Type.Integer(),
  kind: StringEnum(OUTAGE_KINDS),
  scope: StringEnum(OUTAGE_SCOPES, { description: "what is out: a feeder, a DT, or one consumer" }),
  status: StringEnum(OUTAGE_STATUSES),
  source: StringEnum(OUTAGE_SOURCES, {
    description:
      "scada (breaker trip), ami (smart-meter last gasps), complaints (a cluster of no-supply calls), staff",
  }),
  feeder: Nullable(Named),
  dt: Nullable(Named),
  consumerNo: Nullable(Type.String()),
  dc: Named,
  affectedConsumers: Type.Integer(),
  linkedComplaints: Type.Integer(),
  startedAt: DateTime,
  detectedAt: DateTime,
  confirmedAt: Nullable(DateTime),
  restoredAt: Nullable(DateTime),
  plannedStart: Nullable(DateTime),
  plannedEnd: Nullable(DateTime),
  etr: Nullable(DateTime),
  etrSetAt: Nullable(DateTime),
  etrSetBy: Nullable(Type.String()),
  cause: Nullable(Type.String()),
  mergedInto: Nullable(Type.Integer()),
  acknowledgedAt: Nullable(DateTime),
  acknowledgedBy: Nullable(Type.String()),
  owner: Nullable(Type.String({ description: "who owns it in the field (the DC's JE, else a lineman)" })),
});

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
