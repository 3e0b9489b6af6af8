import {
  CompiledQuery,
  type Kysely,
  type OnConflictBuilder,
  type OnConflictDatabase,
  type OnConflictDoNothingBuilder,
  type OnConflictTables,
  type OnConflictUpdateBuilder,
  type OperationNodeSource,
  type RawBuilder,
  sql,
} from "kysely";
import type { DB } from "./schema.ts";

/** A table of the schema. */
export type StagedTable = keyof DB & string;
/** A column of that table. */
export type StagedColumn<T extends StagedTable> = keyof DB[T] & string;

/**
 * A conflict target and what to do on a conflict, typed against the table
 * (Kysely's builder). Pass a module-level constant: the statement's text is
 * built once per shape, and an inline function is a new shape at every call.
 */
export type StagedConflict<T extends StagedTable> = (
  oc: OnConflictBuilder<DB, T>,
) =>
  | OnConflictDoNothingBuilder<DB, T>
  | OnConflictUpdateBuilder<OnConflictDatabase<DB, T>, OnConflictTables<T>>;

export interface StagedInsert<T extends StagedTable, C extends StagedColumn<T>> {
  table: T;
  columns: readonly C[];
  /** One value per column; rows travel as JSON and take their column types from the table. */
  rows: { [K in C]: unknown }[];
  onConflict?: StagedConflict<T> | undefined;
  /** A gate: the inserts staged after it happen only if it inserted a row (e.g. not a duplicate). */
  gate?: boolean;
  /** Rows carry a pre-allocated identity value. */
  overridingSystemValue?: boolean;
}

/** A row's values for the given columns (a row type with more fields than are inserted). */
export function pickColumns<R, C extends keyof R>(row: R, columns: readonly C[]): Pick<R, C> {
  const out = {} as Pick<R, C>;
  for (const c of columns) out[c] = row[c];
  return out;
}

/** What is kept of a staged insert once its table's types have checked it. */
interface Staged {
  /** The statement's text depends only on this (tables, columns, gates, conflict clauses), never on the rows. */
  shape: string;
  gate: boolean;
  rows: readonly object[];
  /** The CTE's insert, reading its rows from the `rows` parameter and written only when `guard` holds. */
  insert(db: Kysely<DB>, rows: RawBuilder<unknown>, guard: RawBuilder<unknown>): OperationNodeSource;
}

// An onConflict function's part of the shape: its identity.
const conflictIds = new WeakMap<object, number>();
let conflicts = 0;
function conflictId(f: object | undefined): number {
  if (!f) return 0;
  let id = conflictIds.get(f);
  if (id === undefined) {
    id = ++conflicts;
    conflictIds.set(f, id);
  }
  return id;
}

/** Stands for the i-th insert's rows while a shape's statement is compiled. */
const placeholder = (i: number) => `\u0000rows${i}\u0000`;

/**
 * The one statement: each insert a data-modifying CTE `w<i>` that reads its
 * rows from one JSON parameter (jsonb_populate_recordset: the table gives the
 * column types); an insert after a gate happens only if every gate before it
 * inserted; the result says, per gate, how many rows it inserted.
 */
function statement(db: Kysely<DB>, staged: readonly Staged[]): CompiledQuery<Record<string, number>> {
  const gates: string[] = [];
  const ctes = staged.map((s, i) => {
    const name = `w${i}`;
    const guard = gates.length
      ? sql` where ${sql.join(
          gates.map((g) => sql`exists (select 1 from ${sql.table(g)})`),
          sql` and `,
        )}`
      : sql``;
    if (s.gate) gates.push(name);
    return sql`${sql.table(name)} as (${s.insert(db, sql`${placeholder(i)}`, guard)})`;
  });
  const result = gates.length
    ? sql.join(gates.map((g) => sql`(select count(*) from ${sql.table(g)})::int as ${sql.id(g)}`))
    : sql`0 as none`;
  return sql<Record<string, number>>`with ${sql.join(ctes)} select ${result}`.compile(db);
}

// Build and compile each shape once; rows are swapped in as parameters.
const statements = new Map<string, CompiledQuery<Record<string, number>>>();

/**
 * Inserts collected during a unit of work and written together in ONE
 * statement of data-modifying CTEs: atomic on its own, and one round trip
 * instead of one per table (a registration writes a complaint, its audit
 * entries and its SMS). Rows travel as JSON and take their column types from
 * the table (jsonb_populate_recordset), so any number of rows is one parameter.
 * Tables, columns and conflict targets are checked against the schema.
 */
export class StagedWrites {
  private readonly inserts: Staged[] = [];

  add<T extends StagedTable, C extends StagedColumn<T>>(insert: StagedInsert<T, C>): void {
    if (insert.rows.length === 0) return;
    const { table, columns, onConflict, overridingSystemValue } = insert;
    this.inserts.push({
      shape: `${table}|${columns.join(",")}|${insert.gate ? 1 : 0}|${overridingSystemValue ? 1 : 0}|${conflictId(onConflict)}`,
      gate: insert.gate ?? false,
      rows: insert.rows,
      insert: (db, rows, guard) => {
        const source = sql`select ${sql.join(columns.map((c) => sql.ref(`r.${c}`)))} from jsonb_populate_recordset(null::${sql.table(table)}, ${rows}::jsonb) r${guard}`;
        const q = db
          .insertInto(table)
          .columns(columns)
          .expression(overridingSystemValue ? sql`overriding system value ${source}` : source);
        return (onConflict ? q.onConflict(onConflict) : q).returning(sql`1`.as("one"));
      },
    });
  }

  get empty(): boolean {
    return this.inserts.length === 0;
  }

  /**
   * The statement that writes everything staged, as Kysely compiles it (the
   * SQL text is built once per shape; the rows are its parameters).
   */
  compile(db: Kysely<DB>): CompiledQuery<Record<string, number>> {
    const shape = this.inserts.map((s) => s.shape).join(";");
    let compiled = statements.get(shape);
    if (!compiled) {
      compiled = statement(db, this.inserts);
      if (statements.size < 1000) statements.set(shape, compiled);
    }
    const rows = new Map(this.inserts.map((s, i) => [placeholder(i), s.rows]));
    const parameters = compiled.parameters.map((p) => {
      const r = typeof p === "string" ? rows.get(p) : undefined;
      return r ? JSON.stringify(r) : p;
    });
    return CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<Record<string, number>>;
  }

  /**
   * Writes everything staged; returns, for each gate in order, whether it
   * inserted its row. A later insert that fails (a unique key) fails the
   * whole statement: nothing is written.
   */
  async flush(db: Kysely<DB>): Promise<boolean[]> {
    if (this.inserts.length === 0) return [];
    const query = this.compile(db);
    const gates = this.inserts.filter((s) => s.gate).length;
    this.inserts.splice(0);
    const r = await db.executeQuery(query);
    const row = r.rows[0] ?? {};
    return Object.values(row)
      .slice(0, gates)
      .map((n) => Number(n) > 0);
  }
}
