import type { PGlite } from "@electric-sql/pglite";
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import type { Mutex } from "./mutex.ts";

/**
 * Kysely dialect for PGlite. PGlite is one PostgreSQL session, so the driver
 * hands out a single connection guarded by a mutex: a transaction holds it from
 * BEGIN to COMMIT and no other query can slip into it.
 */
export class PGliteDialect implements Dialect {
  constructor(
    private readonly pg: PGlite,
    private readonly mutex: Mutex,
  ) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg, this.mutex);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  constructor(
    private readonly pg: PGlite,
    private readonly mutex: Mutex,
  ) {}
  async init(): Promise<void> {
    await this.pg.waitReady;
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.mutex.acquire();
    return new PGliteConnection(this.pg, release);
  }
  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const level = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : "";
    await (conn as PGliteConnection).raw(`begin${level}`);
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await (conn as PGliteConnection).raw("commit");
  }
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await (conn as PGliteConnection).raw("rollback");
  }
  async savepoint(conn: DatabaseConnection, name: string): Promise<void> {
    await (conn as PGliteConnection).raw(`savepoint ${quoteIdent(name)}`);
  }
  async rollbackToSavepoint(conn: DatabaseConnection, name: string): Promise<void> {
    await (conn as PGliteConnection).raw(`rollback to savepoint ${quoteIdent(name)}`);
  }
  async releaseSavepoint(conn: DatabaseConnection, name: string): Promise<void> {
    await (conn as PGliteConnection).raw(`release savepoint ${quoteIdent(name)}`);
  }
  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    (conn as PGliteConnection).release();
  }
  async destroy(): Promise<void> {
    await this.mutex.run(async () => {
      if (!this.pg.closed) await this.pg.close();
    });
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

class PGliteConnection implements DatabaseConnection {
  constructor(
    private readonly pg: PGlite,
    readonly release: () => void,
  ) {}

  async raw(sqlText: string): Promise<void> {
    await this.pg.exec(sqlText);
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const params = compiled.parameters as unknown[];
    if (params.length === 0) {
      // The simple protocol accepts several statements (migrations use that);
      // the result of the last one is what the caller asked for.
      const results = await this.pg.exec(compiled.sql);
      const last = results[results.length - 1];
      return toResult<R>(last?.rows ?? [], last?.affectedRows, last?.command);
    }
    const result = await this.pg.query<R>(compiled.sql, params);
    return toResult<R>(result.rows, result.affectedRows, result.command);
  }

  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    // PGlite has no cursors over its in-process protocol; the result is already in memory.
    const { rows } = await this.executeQuery<R>(compiled);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

function toResult<R>(
  rows: unknown[],
  affected: number | undefined,
  command: string | undefined,
): QueryResult<R> {
  const changes = command === "INSERT" || command === "UPDATE" || command === "DELETE" || command === "MERGE";
  return {
    rows: rows as R[],
    ...(changes && affected !== undefined ? { numAffectedRows: BigInt(affected) } : {}),
  };
}
