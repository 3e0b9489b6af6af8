import { Readable } from "node:stream";
import { keysetPages } from "../../http/exports.ts";
import type { Clock } from "../../lib/clock.ts";
import { badRequest, forbidden, notFound } from "../../lib/errors.ts";
import { zonedTime } from "../../lib/time.ts";
import { can, type Principal } from "../access/principal.ts";
import { csvSource } from "../imports/csv-source.ts";
import { ImportHeaderError, type RowError } from "../imports/import.types.ts";
import { runImport } from "../imports/runner.ts";
import { creditsImporter } from "./compensation.import.ts";
import type {
  CompensationFilter,
  CompensationKey,
  CompensationRepository,
  CompensationRow,
} from "./compensation.repository.ts";
import type { SopRepository } from "./sop.repository.ts";

export const COMPENSATION_STATUSES = ["due", "part_credited", "credited", "waived"] as const;

export interface CompensationQuery {
  unit?: string | undefined;
  status?: (typeof COMPENSATION_STATUSES)[number] | undefined;
  category?: string | undefined;
  /** First day of breach, YYYY-MM-DD (the DISCOM's days). */
  from?: string | undefined;
  /** Last day of breach, inclusive. */
  to?: string | undefined;
  after?: string | undefined;
  limit?: number | undefined;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A page's cursor: "<breached_at ISO>_<id>". */
export function cursorOf(r: CompensationRow): string {
  return `${r.breached_at.toISOString()}_${r.id}`;
}

function parseCursor(v: string): CompensationKey {
  const m = /^(.+)_(\d+)$/.exec(v);
  const at = m ? new Date(m[1] as string) : undefined;
  if (!m || !at || Number.isNaN(at.getTime())) throw badRequest("not a cursor this list gave", "after");
  return { breachedAt: at, id: Number(m[2]) };
}

/** The compensation register: who is owed what for a missed standard, and what billing credited. */
export class CompensationService {
  constructor(
    private readonly repo: CompensationRepository,
    private readonly units: SopRepository,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  private day(v: string, field: string, next = false): Date {
    const m = DAY.exec(v);
    if (!m) throw badRequest("a day looks like 2026-09-30", field);
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (next ? 1 : 0)));
    if (!next && d.toISOString().slice(0, 10) !== v) throw badRequest("no such day", field);
    return zonedTime(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0, 0, this.timeZone);
  }

  private async filter(p: Principal, q: CompensationQuery): Promise<CompensationFilter> {
    let unitPath: string | undefined;
    if (q.unit) {
      const unit = await this.units.unitByCode(q.unit.trim().toUpperCase(), p);
      if (!unit) throw notFound(`office ${q.unit}`);
      unitPath = unit.path;
    }
    const from = q.from ? this.day(q.from, "from") : undefined;
    if (q.to) this.day(q.to, "to");
    const to = q.to ? this.day(q.to, "to", true) : undefined;
    if (from && to && to <= from) throw badRequest("to is before from", "to");
    return { unitPath, status: q.status, category: q.category || undefined, from, to };
  }

  async list(p: Principal, q: CompensationQuery) {
    if (!can(p, "compensation.read")) throw forbidden();
    const f = await this.filter(p, q);
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    const [rows, totals] = await Promise.all([
      this.repo.page(p, f, q.after ? parseCursor(q.after) : undefined, limit + 1),
      q.after ? Promise.resolve(undefined) : this.repo.totals(p, f),
    ]);
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, totals, next: more && last ? cursorOf(last) : null };
  }

  /** Every entry of the filter, a page at a time (exports). */
  async rows(p: Principal, q: CompensationQuery): Promise<AsyncIterable<CompensationRow>> {
    if (!can(p, "compensation.read")) throw forbidden();
    const f = await this.filter(p, q);
    return keysetPages(
      (after: CompensationKey | undefined, limit) => this.repo.page(p, f, after, limit),
      (r) => ({ breachedAt: r.breached_at, id: r.id }),
    );
  }

  /** The billing file: the open entries of the filter and what is still due on each. */
  async billingRows(p: Principal, q: CompensationQuery): Promise<AsyncIterable<CompensationRow>> {
    const rows = await this.rows(p, { ...q, status: undefined });
    const status = q.status;
    return (async function* () {
      for await (const r of rows)
        if ((r.status === "due" || r.status === "part_credited") && (!status || r.status === status)) yield r;
    })();
  }

  /**
   * Billing's credits as CSV text (the upload; `powerdesk import credits` is
   * the same importer): what was credited, what was unchanged (a re-run), and
   * each refused line with its column and reason.
   */
  async importCredits(p: Principal, csv: string) {
    if (!can(p, "compensation.manage")) throw forbidden();
    // No file (or a JSON body, which the route hands on as nothing): say what is wanted.
    if (!csv.trim())
      throw badRequest(
        "send billing's credits file as text/csv: entry_id (or complaint_number / application_number), consumer_no, amount_rs, credited_on, reference",
        "file",
      );
    const errors: RowError[] = [];
    const source = csvSource(Readable.from([csv]));
    const importer = creditsImporter(this.repo, {
      jurisdiction: p,
      importedBy: p.kind === "user" ? p.id : null,
      clock: this.clock,
    });
    try {
      const s = await runImport(importer, source.records, {
        header: source.header,
        onError: (e) => errors.push(e),
        keepErrors: 0,
      });
      return { rows: s.rowsRead, credited: s.inserted, unchanged: s.unchanged, rejected: s.rejected, errors };
    } catch (err) {
      if (err instanceof ImportHeaderError) throw badRequest(err.message, "file");
      throw err;
    }
  }

  async waive(p: Principal, id: number, reason: string) {
    if (!can(p, "compensation.manage")) throw forbidden();
    const why = reason.trim();
    if (!why) throw badRequest("say why the compensation is waived", "reason");
    const r = await this.repo.waive(p, id, why, this.clock());
    if (r === "not_found") throw notFound("compensation entry");
    if (r === "closed") throw badRequest("only an entry still due can be waived", "id");
    const row = await this.repo.get(p, id);
    if (!row) throw notFound("compensation entry");
    return row;
  }
}
