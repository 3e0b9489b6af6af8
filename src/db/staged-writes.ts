import { CompiledQuery, type Kysely } from "kysely";
import type { DB } from "./schema.ts";

export interface StagedInsert {
  table: keyof DB & string;
  columns: readonly string[];
  rows: Record<string, unknown>[];
  /** An ON CONFLICT clause, written by the repository that stages the insert (a constant, never user input). */
  onConflict?: string;
  /** A gate: the inserts staged after it happen only if it inserted a row (e.g. not a duplicate). */
  gate?: boolean;
  /** Rows carry a pre-allocated identity value. */
  overridingSystemValue?: boolean;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

// The statement's text depends only on the shape of what is staged (tables,
// columns, gates), not on the rows, which travel as parameters: build each
// shape once.
const texts = new Map<string, string>();

function statementFor(staged: StagedInsert[]): { text: string; gates: number } {
  const key = staged
    .map(
      (s) =>
        `${s.table}|${s.columns.join(",")}|${s.gate ? 1 : 0}|${s.overridingSystemValue ? 1 : 0}|${s.onConflict ?? ""}`,
    )
    .join(";");
  const gateCount = staged.filter((s) => s.gate).length;
  const cached = texts.get(key);
  if (cached) return { text: cached, gates: gateCount };
  const gates: string[] = [];
  const ctes = staged.map((ins, i) => {
    const name = `w${i}`;
    const cols = ins.columns.map(ident).join(", ");
    const fromRows = ins.columns.map((c) => `r.${ident(c)}`).join(", ");
    const guard = gates.length
      ? `where ${gates.map((g) => `exists (select 1 from ${g})`).join(" and ")}`
      : "";
    if (ins.gate) gates.push(name);
    return `${name} as (insert into ${ident(ins.table)} (${cols}) ${ins.overridingSystemValue ? "overriding system value" : ""}
      select ${fromRows} from jsonb_populate_recordset(null::${ident(ins.table)}, $${i + 1}::jsonb) r ${guard}
      ${ins.onConflict ?? ""} returning 1)`;
  });
  const result = gates.length
    ? gates.map((g) => `(select count(*) from ${g})::int as ${g}`).join(", ")
    : "0 as none";
  const text = `with ${ctes.join(", ")} select ${result}`;
  if (texts.size < 1000) texts.set(key, text);
  return { text, gates: gateCount };
}

/**
 * Inserts collected during a unit of work and written together in ONE
 * statement of data-modifying CTEs: atomic on its own, and one round trip
 * instead of one per table (a registration writes a complaint, its audit
 * entries and its SMS). Rows travel as JSON and take their column types from
 * the table (jsonb_populate_recordset), so any number of rows is one parameter.
 */
export class StagedWrites {
  private readonly inserts: StagedInsert[] = [];

  add(insert: StagedInsert): void {
    if (insert.rows.length > 0) this.inserts.push(insert);
  }

  get empty(): boolean {
    return this.inserts.length === 0;
  }

  /**
   * Writes everything staged; returns, for each gate in order, whether it
   * inserted its row. A later insert that fails (a unique key) fails the
   * whole statement: nothing is written.
   */
  async flush(db: Kysely<DB>): Promise<boolean[]> {
    if (this.inserts.length === 0) return [];
    const staged = this.inserts.splice(0);
    const { text, gates } = statementFor(staged);
    const r = await db.executeQuery<Record<string, number>>(
      CompiledQuery.raw(
        text,
        staged.map((s) => JSON.stringify(s.rows)),
      ),
    );
    const row = r.rows[0] ?? {};
    return Object.values(row)
      .slice(0, gates)
      .map((n) => Number(n) > 0);
  }
}
