import type { Importer, Line, RowError, Validated, WriteResult } from "../imports/import.types.ts";
import { NETWORK_CODE, ORG_CODE, RecordReader } from "../imports/validate.ts";
import type { OrgIndexEntry, OrgRepository } from "../org/org.repository.ts";
import type { NetworkIndex, NetworkRepository } from "./network.repository.ts";

const KINDS = ["substation", "feeder", "dt"] as const;
type Kind = (typeof KINDS)[number];

export interface NetworkImportRow {
  kind: Kind;
  code: string;
  nameEn: string;
  nameHi: string;
  parentCode: string | null;
  /** Null on a DT row means: the DC of its feeder. */
  dcCode: string | null;
  capacityKva: number | null;
  /** DTs: WGS-84 coordinates, both or neither. */
  lat: number | null;
  long: number | null;
}

/** A coordinate in decimal degrees within ±bound, or null when the column is empty. */
function degrees(r: RecordReader, column: string, bound: number): number | null {
  const v = r.optional(column);
  if (v === undefined) return null;
  const n = Number(v);
  if (!/^-?\d{1,3}(\.\d{1,10})?$/.test(v) || Math.abs(n) > bound) {
    r.fail(column, `must be decimal degrees between -${bound} and ${bound}`, v);
    return null;
  }
  return n;
}

/**
 * network.csv: kind (substation | feeder | dt), code, name_en, name_hi,
 * parent_code (a feeder's substation, a DT's feeder), dc_code (the DC that
 * maintains it; a DT defaults to its feeder's DC), capacity_kva (DTs), lat and
 * long (DTs, WGS-84 decimal degrees, both or neither: Open311 GPS reports).
 */
export function networkImporter(network: NetworkRepository, org: OrgRepository): Importer<NetworkImportRow> {
  let index: NetworkIndex = { substations: new Map(), feeders: new Map(), dts: new Map() };
  let dcs = new Map<string, OrgIndexEntry>();
  const pending = { substation: new Set<string>(), feeder: new Set<string>(), dt: new Set<string>() };
  const mapOf = (kind: Kind) =>
    kind === "substation" ? index.substations : kind === "feeder" ? index.feeders : index.dts;
  const known = (kind: Kind, code: string) => mapOf(kind).has(code) || pending[kind].has(code);
  return {
    kind: "network",
    required: ["kind", "code", "name_en", "parent_code", "dc_code"],
    optional: ["name_hi", "capacity_kva", "lat", "long"],
    batchSize: 2000,
    async prepare() {
      [index, dcs] = await Promise.all([network.loadIndex(), org.loadIndex()]);
    },
    validate(record, line): Validated<NetworkImportRow> {
      const r = new RecordReader(record, line);
      const kind = r.oneOf("kind", r.required("kind") || undefined, KINDS);
      const code = r.code(
        "code",
        r.required("code"),
        NETWORK_CODE,
        "code (letters, digits, dashes and slashes, up to 40)",
      );
      const nameEn = r.maxLength("name_en", r.required("name_en"), 120);
      const nameHi = r.maxLength("name_hi", r.optional("name_hi") ?? "", 120);
      const parentCode = r.code("parent_code", r.optional("parent_code"), NETWORK_CODE, "code") || null;
      const dcCode = r.code("dc_code", r.optional("dc_code"), ORG_CODE, "DC code") || null;
      const capacityKva = r.positiveInt("capacity_kva");
      const lat = degrees(r, "lat", 90);
      const long = degrees(r, "long", 180);
      if (r.errors.length === 0) {
        for (const other of KINDS) {
          if (other !== kind && known(other, code)) r.fail("code", `${code} is already a ${other}`, code);
        }
        if (kind === "substation" && parentCode)
          r.fail("parent_code", "a substation has no parent; leave it empty", parentCode);
        if (kind !== "substation") {
          const parentKind: Kind = kind === "feeder" ? "substation" : "feeder";
          if (!parentCode) r.fail("parent_code", `a ${kind} needs its ${parentKind}`);
          else if (!known(parentKind, parentCode)) {
            r.fail(
              "parent_code",
              `unknown ${parentKind} (parents must come before their children)`,
              parentCode,
            );
          }
        }
        if (dcCode) {
          const dc = dcs.get(dcCode);
          if (!dc) r.fail("dc_code", "unknown DC", dcCode);
          else if (dc.kind !== "dc") r.fail("dc_code", `${dcCode} is a ${dc.kind}, not a DC`, dcCode);
        } else if (kind !== "dt") {
          r.fail("dc_code", `a ${kind} needs the DC that maintains it`);
        }
        if (capacityKva !== null && kind !== "dt")
          r.fail("capacity_kva", "only DTs have a capacity", String(capacityKva));
        if ((lat !== null || long !== null) && kind !== "dt")
          r.fail(lat !== null ? "lat" : "long", "only DTs have coordinates");
        else if ((lat === null) !== (long === null))
          r.fail(lat === null ? "lat" : "long", "give both lat and long, or neither");
      }
      if (r.errors.length > 0) return { ok: false, errors: r.errors };
      pending[kind].add(code);
      return { ok: true, row: { kind, code, nameEn, nameHi, parentCode, dcCode, capacityKva, lat, long } };
    },
    key: (row) => `${row.kind}:${row.code}`,
    finish: () => network.analyze(),
    async write(rows: Line<NetworkImportRow>[]): Promise<WriteResult> {
      // One transaction for the batch; the index learns the new ids only after
      // it commits, so a refused batch (split and retried) leaves no trace.
      const subsNew = new Map(index.substations);
      const feedersNew = new Map(index.feeders);
      const dtsNew = new Map(index.dts);
      const result = await network.transaction(async (tx) => {
        const out: WriteResult & { rejected: RowError[] } = {
          inserted: 0,
          updated: 0,
          unchanged: 0,
          rejected: [],
        };
        const tally = (c: { inserted: number; updated: number; unchanged: number }) => {
          out.inserted += c.inserted;
          out.updated += c.updated;
          out.unchanged += c.unchanged;
        };
        const dcId = (code: string) => dcs.get(code)?.id as number;
        const parentMissing = (line: number, code: string) =>
          out.rejected.push({
            line,
            column: "parent_code",
            value: code,
            reason: "its parent was not loaded",
          });

        const subs = rows.filter((l) => l.row.kind === "substation");
        const s = await tx.upsertSubstations(
          subs.map(({ row }) => ({
            code: row.code,
            nameEn: row.nameEn,
            nameHi: row.nameHi,
            dcId: dcId(row.dcCode as string),
          })),
        );
        tally(s.counts);
        for (const { row } of subs) {
          const id = s.ids.get(row.code) ?? subsNew.get(row.code)?.id;
          if (id) subsNew.set(row.code, { id, dcId: dcId(row.dcCode as string) });
        }

        const feeders = rows.filter((l) => l.row.kind === "feeder");
        const okFeeders = feeders.filter(({ line, row }) => {
          if (subsNew.has(row.parentCode as string)) return true;
          parentMissing(line, row.parentCode as string);
          return false;
        });
        const f = await tx.upsertFeeders(
          okFeeders.map(({ row }) => ({
            code: row.code,
            nameEn: row.nameEn,
            nameHi: row.nameHi,
            dcId: dcId(row.dcCode as string),
            substationId: subsNew.get(row.parentCode as string)?.id as number,
          })),
        );
        tally(f.counts);
        for (const { row } of okFeeders) {
          const id = f.ids.get(row.code) ?? feedersNew.get(row.code)?.id;
          const substationId = subsNew.get(row.parentCode as string)?.id as number;
          if (id) feedersNew.set(row.code, { id, dcId: dcId(row.dcCode as string), substationId });
        }

        const dts = rows.filter((l) => l.row.kind === "dt");
        const okDts = dts.filter(({ line, row }) => {
          if (feedersNew.has(row.parentCode as string)) return true;
          parentMissing(line, row.parentCode as string);
          return false;
        });
        const dtDc = (row: NetworkImportRow) =>
          row.dcCode ? dcId(row.dcCode) : (feedersNew.get(row.parentCode as string)?.dcId as number);
        const d = await tx.upsertDts(
          okDts.map(({ row }) => ({
            code: row.code,
            nameEn: row.nameEn,
            nameHi: row.nameHi,
            dcId: dtDc(row),
            feederId: feedersNew.get(row.parentCode as string)?.id as number,
            capacityKva: row.capacityKva,
            lat: row.lat,
            long: row.long,
          })),
        );
        tally(d.counts);
        for (const { row } of okDts) {
          const id = d.ids.get(row.code) ?? dtsNew.get(row.code)?.id;
          const feederId = feedersNew.get(row.parentCode as string)?.id as number;
          if (id) dtsNew.set(row.code, { id, dcId: dtDc(row), feederId });
        }
        return out;
      });
      index = { substations: subsNew, feeders: feedersNew, dts: dtsNew };
      return result;
    },
  };
}
