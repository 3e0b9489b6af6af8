import { AREA_TYPES, CONNECTION_STATUSES, type Language, TARIFF_CATEGORIES } from "../../db/schema.ts";
import { normaliseMobile } from "../../lib/mobile.ts";
import type { Importer, Validated, WriteResult } from "../imports/import.types.ts";
import { NETWORK_CODE, ORG_CODE, RecordReader } from "../imports/validate.ts";
import type { NetworkIndex, NetworkRepository } from "../network/network.repository.ts";
import type { OrgIndexEntry, OrgRepository } from "../org/org.repository.ts";
import type { ConsumersRepository, ConsumerUpsertRow } from "./consumers.repository.ts";

const CONSUMER_NO = /^[A-Z0-9]{4,20}$/;
const METER_NO = /^[A-Z0-9][A-Z0-9/-]{2,29}$/;

/**
 * Parses the mobiles column: numbers separated by ';', each optionally
 * followed by ':verified' (or ':v') and ':hi' / ':en', e.g.
 * `9876543210:verified:hi;9123456789:en`. Unmarked numbers are unverified, Hindi.
 */
export function parseMobiles(
  value: string,
):
  | { ok: true; mobiles: { mobile: string; verified: boolean; language: Language }[] }
  | { ok: false; reason: string } {
  const mobiles: { mobile: string; verified: boolean; language: Language }[] = [];
  for (const item of value
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [number, ...flags] = item.split(":").map((s) => s.trim());
    const mobile = normaliseMobile(number ?? "");
    if (!mobile) return { ok: false, reason: `"${number}" is not a 10-digit mobile number` };
    let verified = false;
    let language: Language = "hi";
    for (const f of flags.map((x) => x.toLowerCase())) {
      if (f === "v" || f === "verified") verified = true;
      else if (f === "hi" || f === "en") language = f;
      else return { ok: false, reason: `unknown mark ":${f}" after ${number} (use :verified, :hi or :en)` };
    }
    if (!mobiles.some((m) => m.mobile === mobile)) mobiles.push({ mobile, verified, language });
  }
  if (mobiles.length > 5) return { ok: false, reason: "at most 5 mobile numbers a consumer" };
  return { ok: true, mobiles };
}

export const CONSUMER_COLUMNS = {
  required: ["consumer_no", "name", "tariff_category", "area_type", "dc_code"],
  optional: ["address", "mobiles", "feeder_code", "dt_code", "meter_no", "connection_status"],
} as const;

/**
 * consumers.csv: consumer_no, name, address, mobiles, tariff_category,
 * area_type, dc_code, feeder_code, dt_code, meter_no, connection_status.
 */
export function consumersImporter(
  consumers: ConsumersRepository,
  network: NetworkRepository,
  org: OrgRepository,
  options: { batchSize?: number } = {},
): Importer<ConsumerUpsertRow> {
  let dcs = new Map<string, OrgIndexEntry>();
  let net: NetworkIndex = { substations: new Map(), feeders: new Map(), dts: new Map() };
  return {
    kind: "consumers",
    ...CONSUMER_COLUMNS,
    batchSize: options.batchSize ?? 5000,
    async prepare() {
      [dcs, net] = await Promise.all([org.loadIndex(), network.loadIndex()]);
    },
    validate(record, line): Validated<ConsumerUpsertRow> {
      const r = new RecordReader(record, line);
      const consumerNo = r.code(
        "consumer_no",
        r.required("consumer_no"),
        CONSUMER_NO,
        "consumer number (4-20 letters or digits)",
      );
      const name = r.maxLength("name", r.required("name"), 120);
      const address = r.maxLength("address", r.optional("address") ?? "", 300);
      const tariffCategory = r.oneOf(
        "tariff_category",
        r.required("tariff_category") || undefined,
        TARIFF_CATEGORIES,
        "domestic",
      );
      const areaType = r.oneOf("area_type", r.required("area_type") || undefined, AREA_TYPES, "urban");
      const connectionStatus = r.oneOf(
        "connection_status",
        r.optional("connection_status"),
        CONNECTION_STATUSES,
        "active",
      );
      const meterRaw = r.optional("meter_no");
      const meterNo = meterRaw
        ? r.code("meter_no", meterRaw.replace(/\s/g, ""), METER_NO, "meter number")
        : null;
      let mobiles: ConsumerUpsertRow["mobiles"] = [];
      const mobilesRaw = r.optional("mobiles");
      if (mobilesRaw) {
        const parsed = parseMobiles(mobilesRaw);
        if (parsed.ok) mobiles = parsed.mobiles;
        else r.fail("mobiles", parsed.reason, mobilesRaw);
      }
      const dcCode = r.code("dc_code", r.required("dc_code"), ORG_CODE, "DC code");
      const feederCode = r.code("feeder_code", r.optional("feeder_code"), NETWORK_CODE, "feeder code");
      const dtCode = r.code("dt_code", r.optional("dt_code"), NETWORK_CODE, "DT code");
      let dcId = 0;
      let feederId: number | null = null;
      let dtId: number | null = null;
      if (dcCode) {
        const dc = dcs.get(dcCode);
        if (!dc) r.fail("dc_code", "unknown DC", dcCode);
        else if (dc.kind !== "dc") r.fail("dc_code", `${dcCode} is a ${dc.kind}, not a DC`, dcCode);
        else dcId = dc.id;
      }
      if (feederCode) {
        const feeder = net.feeders.get(feederCode);
        if (!feeder) r.fail("feeder_code", "unknown feeder", feederCode);
        else feederId = feeder.id;
      }
      if (dtCode) {
        const dt = net.dts.get(dtCode);
        if (!dt) r.fail("dt_code", "unknown DT", dtCode);
        else {
          dtId = dt.id;
          if (feederId !== null && dt.feederId !== feederId) {
            r.fail("dt_code", `DT ${dtCode} is not on feeder ${feederCode}`, dtCode);
          }
          feederId ??= dt.feederId;
        }
      }
      if (r.errors.length > 0) return { ok: false, errors: r.errors };
      return {
        ok: true,
        row: {
          consumerNo,
          name,
          address,
          tariffCategory,
          areaType,
          dcId,
          feederId,
          dtId,
          meterNo,
          connectionStatus,
          mobiles,
        },
      };
    },
    key: (row) => row.consumerNo,
    finish: () => consumers.analyze(),
    async write(lines): Promise<WriteResult> {
      const c = await consumers.upsertBatch(lines.map((l) => l.row));
      return {
        inserted: c.inserted,
        updated: c.updated,
        unchanged: c.unchanged,
        notes: { "mobiles added": c.mobilesAdded, "mobiles changed": c.mobilesChanged },
      };
    },
  };
}
