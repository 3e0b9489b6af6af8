import {
  FIXED_BASES,
  type FixedBasis,
  SUPPLY_TYPES,
  type SupplyType,
  TARIFF_CATEGORIES,
  type TariffCategory,
} from "../../db/schema.ts";
import { type Clock, systemClock } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import type { Importer, Line, RowError, Validated, WriteResult } from "../imports/import.types.ts";
import { RecordReader } from "../imports/validate.ts";
import { checkTariff, isDay } from "./tariffs.calc.ts";
import type { TariffsRepository } from "./tariffs.repository.ts";
import type { TariffInput } from "./tariffs.schemas.ts";

export const TARIFF_COLUMNS = {
  required: [
    "category",
    "supply_type",
    "effective_from",
    "name_en",
    "name_hi",
    "fixed_charge",
    "fixed_basis",
  ],
  optional: [
    "effective_to",
    "line",
    "slab_from",
    "slab_to",
    "rate",
    "extra_name_en",
    "extra_name_hi",
    "extra_percent",
  ],
} as const;

/** One row of a tariff file: a slab of a version, or one of its extra lines. */
export interface TariffImportRow {
  category: TariffCategory;
  supplyType: SupplyType;
  effectiveFrom: string;
  effectiveTo: string | null;
  nameEn: string;
  nameHi: string;
  fixedCharge: number;
  fixedBasis: FixedBasis;
  slab?: { fromUnits: number; toUnits: number | null; rate: number };
  extra?: { nameEn: string; nameHi: string; percent: number };
}

const NUMBER = /^\d{1,9}(\.\d{1,2})?$/;

function money(r: RecordReader, column: string, value: string): number {
  if (value === "") return 0;
  if (!NUMBER.test(value)) {
    r.fail(
      column,
      value.startsWith("-") ? "may not be negative" : "must be a number with at most two decimals",
      value,
    );
    return 0;
  }
  return Number(value);
}

function units(r: RecordReader, column: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d{1,9}$/.test(value)) {
    r.fail(column, "must be a whole number of units", value);
    return null;
  }
  return Number(value);
}

/** The fields every row of a version repeats, and their columns (rows must agree on them). */
const VERSION_FIELDS: [keyof TariffImportRow, string][] = [
  ["effectiveTo", "effective_to"],
  ["nameEn", "name_en"],
  ["nameHi", "name_hi"],
  ["fixedCharge", "fixed_charge"],
  ["fixedBasis", "fixed_basis"],
];

const versionKey = (r: TariffImportRow) => `${r.category}|${r.supplyType}|${r.effectiveFrom}`;

/** Where a field of a checked tariff sits in the file: the line and column to blame. */
function blame(
  field: string,
  slabs: { line: number }[],
  extras: { line: number }[],
): { line: number; column: string } {
  const m = /^(slabs|extras)\.(\d+)\.(\w+)$/.exec(field);
  if (m) {
    const list = m[1] === "slabs" ? slabs : extras;
    const at = list[Number(m[2])] ?? slabs[0];
    const column =
      {
        fromUnits: "slab_from",
        toUnits: "slab_to",
        rate: "rate",
        nameEn: "extra_name_en",
        nameHi: "extra_name_hi",
        percent: "extra_percent",
      }[m[3] as string] ?? (m[3] as string);
    return { line: at?.line ?? 0, column };
  }
  const column =
    {
      effectiveFrom: "effective_from",
      effectiveTo: "effective_to",
      nameEn: "name_en",
      nameHi: "name_hi",
      fixedCharge: "fixed_charge",
      slabs: "slab_from",
    }[field] ?? field;
  return { line: slabs[0]?.line ?? extras[0]?.line ?? 0, column };
}

/**
 * tariffs.csv: one row per energy slab of a tariff version — category,
 * supply_type, effective_from, effective_to (empty: open), name_en, name_hi,
 * fixed_charge (rupees), fixed_basis (per_kw or per_connection), slab_from,
 * slab_to (empty on the last slab), rate (rupees per unit) — and, for the
 * extra lines, rows with line=extra and extra_name_en, extra_name_hi,
 * extra_percent. A version is known by its category, supply type and first
 * day: a re-run changes nothing. A version whose slabs do not follow on, or
 * whose days overlap another, is refused whole, each of its lines reported.
 */
export function tariffsImporter(
  repo: TariffsRepository,
  options: { clock?: Clock } = {},
): Importer<TariffImportRow> {
  const clock = options.clock ?? systemClock;
  return {
    kind: "tariffs",
    ...TARIFF_COLUMNS,
    // A tariff order is a few dozen rows; one batch keeps each version's rows together.
    batchSize: 100_000,
    async prepare() {},
    validate(record, line): Validated<TariffImportRow> {
      const r = new RecordReader(record, line);
      const category = r.oneOf("category", r.required("category") || undefined, TARIFF_CATEGORIES);
      const supplyType = r.oneOf("supply_type", r.required("supply_type") || undefined, SUPPLY_TYPES);
      const effectiveFrom = r.required("effective_from");
      if (effectiveFrom && !isDay(effectiveFrom))
        r.fail("effective_from", "is not a date (YYYY-MM-DD)", effectiveFrom);
      const effectiveTo = r.optional("effective_to") ?? null;
      if (effectiveTo && !isDay(effectiveTo))
        r.fail("effective_to", "is not a date (YYYY-MM-DD)", effectiveTo);
      else if (effectiveTo && isDay(effectiveFrom) && effectiveTo < effectiveFrom)
        r.fail("effective_to", "is before effective_from", effectiveTo);
      const nameEn = r.maxLength("name_en", r.required("name_en"), 120);
      const nameHi = r.maxLength("name_hi", r.required("name_hi"), 120);
      const fixedCharge = money(r, "fixed_charge", r.required("fixed_charge"));
      const fixedBasis = r.oneOf("fixed_basis", r.required("fixed_basis") || undefined, FIXED_BASES);
      const kind = r.oneOf("line", r.optional("line"), ["slab", "extra"] as const, "slab");
      const row: TariffImportRow = {
        category,
        supplyType,
        effectiveFrom,
        effectiveTo,
        nameEn,
        nameHi,
        fixedCharge,
        fixedBasis,
      };
      if (kind === "slab") {
        const from = units(r, "slab_from", r.required("slab_from") || undefined);
        const to = units(r, "slab_to", r.optional("slab_to"));
        if (from !== null && to !== null && to <= from)
          r.fail("slab_to", "must be above slab_from", String(to));
        const rate = money(r, "rate", r.required("rate"));
        row.slab = { fromUnits: from ?? 0, toUnits: to, rate };
      } else {
        const en = r.maxLength("extra_name_en", r.required("extra_name_en"), 80);
        const hi = r.maxLength("extra_name_hi", r.required("extra_name_hi"), 80);
        const percent = money(r, "extra_percent", r.required("extra_percent"));
        if (percent > 100) r.fail("extra_percent", "may not be over 100", String(percent));
        row.extra = { nameEn: en, nameHi: hi, percent };
      }
      if (r.errors.length > 0) return { ok: false, errors: r.errors };
      return { ok: true, row };
    },
    key: (row) =>
      `${versionKey(row)}|${row.slab ? `slab|${row.slab.fromUnits}` : `extra|${row.extra?.nameEn.toLowerCase()}`}`,
    async write(lines): Promise<WriteResult> {
      const groups = new Map<string, { first: TariffImportRow; lines: Line<TariffImportRow>[] }>();
      for (const l of lines) {
        const g = groups.get(versionKey(l.row));
        if (g) g.lines.push(l);
        else groups.set(versionKey(l.row), { first: l.row, lines: [l] });
      }
      const result: WriteResult & { rejected: RowError[] } = {
        inserted: 0,
        updated: 0,
        unchanged: 0,
        rejected: [],
      };
      const reject = (group: { line: number }[], column: string, reason: string, at?: number) => {
        for (const l of group)
          result.rejected.push({
            line: l.line,
            column,
            reason: l.line === at || at === undefined ? reason : `its version is refused: ${reason}`,
          });
      };
      // Oldest first: a file that closes a version and opens the next one writes the close first.
      const ordered = [...groups.values()].sort((a, b) =>
        versionKey(a.first).localeCompare(versionKey(b.first)),
      );
      for (const { first, lines: group } of ordered) {
        const odd = VERSION_FIELDS.find(([f]) => group.some((l) => l.row[f] !== first[f]));
        if (odd) {
          const at = group.find((l) => l.row[odd[0]] !== first[odd[0]]);
          reject(
            group,
            odd[1],
            `differs between the rows of one version (${first.category} ${first.supplyType} from ${first.effectiveFrom})`,
            at?.line,
          );
          continue;
        }
        const slabs = group
          .flatMap((l) => (l.row.slab ? [{ line: l.line, slab: l.row.slab }] : []))
          .sort((a, b) => a.slab.fromUnits - b.slab.fromUnits);
        const extras = group.flatMap((l) => (l.row.extra ? [{ line: l.line, extra: l.row.extra }] : []));
        const sorted = [...slabs, ...extras];
        const input: TariffInput = {
          category: first.category,
          supplyType: first.supplyType,
          effectiveFrom: first.effectiveFrom,
          effectiveTo: first.effectiveTo,
          nameEn: first.nameEn,
          nameHi: first.nameHi,
          fixedCharge: first.fixedCharge,
          fixedBasis: first.fixedBasis,
          slabs: slabs.map((l) => l.slab),
          extras: extras.map((l) => l.extra),
        };
        let checked: ReturnType<typeof checkTariff>;
        try {
          checked = checkTariff(input);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          const b = blame(err.field ?? "", slabs, extras);
          reject(sorted, b.column, err.message, b.line);
          continue;
        }
        const r = await repo.save(
          checked,
          { byKey: true },
          { kind: "system", id: null, name: "import" },
          "imported",
          clock(),
        );
        if (!r.ok) {
          const reason =
            r.reason === "overlap"
              ? `overlaps the version from ${r.other.effective_from} to ${r.other.effective_to ?? "open"} of the same category and supply type`
              : "not found";
          reject(sorted, "effective_from", reason, sorted[0]?.line);
          continue;
        }
        const n = group.length;
        if (!r.changed) result.unchanged += n;
        else if (r.created) result.inserted += n;
        else result.updated += n;
      }
      return result;
    },
  };
}
