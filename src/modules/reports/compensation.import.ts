import type { Jurisdiction } from "../../db/jurisdiction.ts";
import { type Clock, systemClock } from "../../lib/clock.ts";
import type { Importer, Line, RowError, Validated, WriteResult } from "../imports/import.types.ts";
import { RecordReader } from "../imports/validate.ts";
import type { CompensationRepository } from "./compensation.repository.ts";

export const CREDIT_COLUMNS = {
  required: ["consumer_no", "amount_rs", "credited_on", "reference"],
  optional: ["entry_id", "complaint_number", "application_number"],
} as const;

export interface CreditImportRow {
  entryId?: number;
  complaintNumber?: string;
  applicationNumber?: string;
  consumerNo: string;
  amountRs: number;
  creditedOn: string;
  reference: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDay(v: string): boolean {
  const m = DAY.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}

/**
 * credits.csv, billing's answer to the billing file (GET
 * /api/compensation/export?format=billing): entry_id (or complaint_number or
 * application_number), consumer_no, amount_rs (whole rupees), credited_on
 * (YYYY-MM-DD), reference (billing's own id of the credit). Idempotent by
 * reference: a re-run credits nothing twice. A line naming an unknown entry,
 * another consumer, more than is still due, or a bad date is reported by line
 * and column; the good lines are kept. Entries go due → part_credited → credited.
 */
export function creditsImporter(
  repo: CompensationRepository,
  options: { jurisdiction: Jurisdiction; importedBy?: number | null; clock?: Clock },
): Importer<CreditImportRow> {
  const clock = options.clock ?? systemClock;
  return {
    kind: "credits",
    ...CREDIT_COLUMNS,
    batchSize: 500,
    async prepare() {},
    validate(record, line): Validated<CreditImportRow> {
      const r = new RecordReader(record, line);
      const entryId = r.positiveInt("entry_id");
      const complaintNumber = r.optional("complaint_number")?.toUpperCase();
      const applicationNumber = r.optional("application_number")?.toUpperCase();
      if (entryId === null && !complaintNumber && !applicationNumber)
        r.fail("entry_id", "give entry_id, complaint_number or application_number");
      const consumerNo = r.required("consumer_no").toUpperCase();
      const amount = r.required("amount_rs");
      if (amount && (!/^\d{1,7}$/.test(amount) || Number(amount) === 0))
        r.fail("amount_rs", "must be a whole number of rupees above 0", amount);
      const creditedOn = r.required("credited_on");
      if (creditedOn && !isDay(creditedOn)) r.fail("credited_on", "is not a date (YYYY-MM-DD)", creditedOn);
      const reference = r.maxLength("reference", r.required("reference"), 64);
      if (r.errors.length) return { ok: false, errors: r.errors };
      return {
        ok: true,
        row: {
          ...(entryId !== null ? { entryId } : {}),
          ...(complaintNumber ? { complaintNumber } : {}),
          ...(applicationNumber ? { applicationNumber } : {}),
          consumerNo,
          amountRs: Number(amount),
          creditedOn,
          reference,
        },
      };
    },
    key: (row) => row.reference,
    async write(lines: Line<CreditImportRow>[]): Promise<WriteResult> {
      const result: WriteResult & { rejected: RowError[] } = {
        inserted: 0,
        updated: 0,
        unchanged: 0,
        rejected: [],
      };
      for (const { line, row } of lines) {
        const target = await repo.target(options.jurisdiction, row);
        const column =
          row.entryId !== undefined
            ? "entry_id"
            : row.complaintNumber
              ? "complaint_number"
              : "application_number";
        if (!target) {
          result.rejected.push({
            line,
            column,
            value: String(row.entryId ?? row.complaintNumber ?? row.applicationNumber),
            reason: "no compensation entry with this id or number",
          });
          continue;
        }
        if ((target.consumer_no ?? "") !== row.consumerNo) {
          result.rejected.push({
            line,
            column: "consumer_no",
            value: row.consumerNo,
            reason: `entry ${target.id} is not this consumer's`,
          });
          continue;
        }
        const r = await repo.credit(
          target.id,
          {
            amountRs: row.amountRs,
            creditedOn: row.creditedOn,
            reference: row.reference,
            importedBy: options.importedBy ?? null,
          },
          clock(),
        );
        if (!r.ok) {
          const value =
            r.column === "amount_rs"
              ? String(row.amountRs)
              : r.column === "reference"
                ? row.reference
                : String(target.id);
          result.rejected.push({ line, column: r.column, value, reason: r.reason });
        } else if (r.inserted) result.inserted++;
        else result.unchanged++;
      }
      return result;
    },
  };
}
