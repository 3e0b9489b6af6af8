import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { type DataDirLock, lockDataDir } from "./data-dir-lock.ts";
import { Mutex } from "./mutex.ts";
import { PGliteDialect } from "./pglite-dialect.ts";
import type { DB } from "./schema.ts";

export type DatabaseKind = "embedded" | "postgres";
export type CopyValue = string | number | boolean | null | undefined;

/**
 * A raw session inside one transaction, for bulk work Kysely does not express:
 * COPY into a staging table and set-based upserts from it.
 */
export interface BulkSession {
  query<R = Record<string, unknown>>(sqlText: string, params?: unknown[]): Promise<R[]>;
  /** COPY rows (CSV format) into table(columns). */
  copyRows(table: string, columns: readonly string[], rows: readonly (readonly CopyValue[])[]): Promise<void>;
}

export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Kysely<DB>;
  /** Where the data lives, for logs and messages: a directory or host/database (never a password). */
  readonly location: string;
  /** Runs fn in one transaction on one raw session; commits when it resolves, rolls back when it throws. */
  bulk<T>(fn: (session: BulkSession) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: LISTEN on a channel over a connection of its own, kept
   * open (reconnecting with backoff; `onReconnect` says messages may have
   * been missed). The embedded database is one process: it needs none.
   */
  listen?(
    channel: string,
    onMessage: (payload: string) => void,
    onReconnect: () => void,
  ): Promise<{ close(): Promise<void> }>;
  /**
   * Takes a session advisory lock on (key1, key2) and holds it until
   * `release` or the process's end: others see it in pg_locks while this
   * process lives, and see it gone the moment it dies. On PostgreSQL over a
   * connection of its own (taken again if that connection drops); embedded,
   * on its one session (one process: a lock of a process before it is gone).
   */
  sessionLock(key1: number, key2: number): Promise<{ release(): Promise<void> }>;
  close(): Promise<void>;
}

// int8 as a JS number (ids and counts stay far below 2^53), date as 'YYYY-MM-DD'
// text rather than a local-midnight Date: the same on both drivers.
const INT8 = 20;
const INT8_ARRAY = 1016;
const DATE = 1082;

function csvField(v: CopyValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return `"${v.replaceAll('"', '""')}"`;
}

function csvLines(rows: readonly (readonly CopyValue[])[]): string {
  let out = "";
  for (const row of rows) out += `${row.map(csvField).join(",")}\n`;
  return out;
}

function copySql(table: string, columns: readonly string[]): string {
  return `copy ${table} (${columns.join(", ")}) from stdin with (format csv)`;
}

export interface EmbeddedOptions {
  /** Directory of the database; omitted means in memory (tests). */
  dataDir?: string;
  /** A tarball made by dumpDataDir, loaded instead of running initdb (tests). */
  loadDataDir?: Blob;
  /** What this process is, written in the lock file so a refused second process can name it. */
  command?: string;
}

/** Opens the embedded PGlite database, taking the data-directory lock first. */
export async function openEmbedded(options: EmbeddedOptions = {}): Promise<Database & { pglite: PGlite }> {
  let lock: DataDirLock | undefined;
  if (options.dataDir)
    lock = lockDataDir(options.dataDir, options.command ?? process.argv.slice(1).join(" "));
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { pg_trgm },
      parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v },
    });
  } catch (err) {
    lock?.release();
    throw err;
  }
  const mutex = new Mutex();
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite, mutex) });
  return {
    kind: "embedded",
    db,
    pglite,
    location: options.dataDir ?? "memory",
    async bulk(fn) {
      return mutex.run(async () => {
        await pglite.exec("begin");
        try {
          const result = await fn({
            async query(sqlText, params = []) {
              return (await pglite.query(sqlText, params as unknown[])).rows as never[];
            },
            async copyRows(table, columns, rows) {
              if (rows.length === 0) return;
              const blob = new Blob([csvLines(rows)]);
              await pglite.query(
                `copy ${table} (${columns.join(", ")}) from '/dev/blob' with (format csv)`,
                [],
                {
                  blob,
                },
              );
            },
          });
          await pglite.exec("commit");
          return result;
        } catch (err) {
          if (!pglite.closed) await pglite.exec("rollback");
          throw err;
        }
      });
    },
    async sessionLock(key1, key2) {
      await mutex.run(() => pglite.query("select pg_advisory_lock($1, $2)", [key1, key2]));
      return {
        async release() {
          if (pglite.closed) return;
          await mutex.run(() => pglite.query("select pg_advisory_unlock($1, $2)", [key1, key2]));
        },
      };
    },
    async close() {
      try {
        await db.destroy();
        // Kysely destroys its driver only if a query ever initialised it: a database
        // opened and closed without one would keep PGlite, and node, alive.
        if (!pglite.closed) await mutex.run(() => pglite.close());
      } finally {
        lock?.release();
      }
    },
  };
}

const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8) return (v: string) => Number(v);
    if (oid === DATE) return (v: string) => v;
    if (oid === INT8_ARRAY) {
      const parseArray = (
        pg.types.getTypeParser as (oid: number, format: string) => (v: string) => (string | null)[]
      )(INT8_ARRAY, "text");
      return (v: string) => parseArray(v).map((x) => (x === null ? null : Number(x)));
    }
    return pg.types.getTypeParser(oid, format ?? "text");
  },
} as pg.CustomTypesConfig;

/** Describes a PostgreSQL URL without its password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "postgres";
  }
}

const MAX_PREPARED_PER_CONNECTION = 500;

/**
 * Kysely's queries as named prepared statements: PostgreSQL parses and plans
 * each distinct query once per connection instead of on every call (planning
 * was half of the database's time in a complaint registration). Statements
 * with no parameters (migrations, several statements at once) and very long
 * or very wide ones (bulk inserts whose text changes with the batch) are sent
 * as before, and each connection keeps at most 500.
 */
function preparingPool(pool: pg.Pool): pg.Pool {
  const prepared = new WeakMap<pg.PoolClient, Set<string>>();
  const names = new Map<string, string>();
  const nameFor = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `pd_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
      if (names.size < 20_000) names.set(text, name);
    }
    return name;
  };
  const wrap = (client: pg.PoolClient): pg.PoolClient => {
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
    const mine = prepared.get(client) ?? new Set<string>();
    prepared.set(client, mine);
    return new Proxy(client, {
      get(target, prop, receiver) {
        if (prop !== "query") return Reflect.get(target, prop, receiver);
        return (text: unknown, values?: unknown[], ...rest: unknown[]) => {
          if (
            typeof text !== "string" ||
            !values ||
            values.length === 0 ||
            values.length > 100 ||
            text.length > 8000
          ) {
            return query(text, values, ...rest);
          }
          const name = nameFor(text);
          if (!mine.has(name)) {
            if (mine.size >= MAX_PREPARED_PER_CONNECTION) return query(text, values, ...rest);
            mine.add(name);
          }
          return query({ name, text, values });
        };
      },
    });
  };
  return new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop !== "connect") return Reflect.get(target, prop, receiver);
      return async () => wrap(await target.connect());
    },
  });
}

export async function openPostgres(
  url: string,
  options: { poolSize?: number } = {},
): Promise<Database & { pool: pg.Pool }> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: pgTypes,
    application_name: "powerdesk",
  });
  // An idle client that loses its server must not crash the process.
  pool.on("error", () => {});
  const client = await pool.connect().catch((err: Error) => {
    throw new Error(`cannot connect to PostgreSQL at ${describeUrl(url)}: ${err.message}`);
  });
  client.release();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return {
    kind: "postgres",
    db,
    pool,
    location: describeUrl(url),
    async bulk(fn) {
      const conn = await pool.connect();
      try {
        await conn.query("begin");
        const result = await fn({
          async query(sqlText, params = []) {
            return (await conn.query(sqlText, params as unknown[])).rows as never[];
          },
          async copyRows(table, columns, rows) {
            if (rows.length === 0) return;
            const stream = conn.query(copyFrom(copySql(table, columns)));
            const chunks = function* () {
              for (let i = 0; i < rows.length; i += 500) yield csvLines(rows.slice(i, i + 500));
            };
            await pipeline(Readable.from(chunks()), stream);
          },
        });
        await conn.query("commit");
        return result;
      } catch (err) {
        await conn.query("rollback").catch(() => {});
        throw err;
      } finally {
        conn.release();
      }
    },
    async listen(channel, onMessage, onReconnect) {
      let client: pg.Client | undefined;
      let closed = false;
      let delay = 500;
      let timer: NodeJS.Timeout | undefined;
      const connect = async (first: boolean): Promise<void> => {
        const c = new pg.Client({ connectionString: url, application_name: "powerdesk-listen" });
        c.on("notification", (m) => {
          if (m.channel === channel && m.payload !== undefined) onMessage(m.payload);
        });
        const retry = () => {
          if (closed || client !== c) return;
          client = undefined;
          c.end().catch(() => {});
          timer = setTimeout(() => {
            connect(false).catch(() => {});
          }, delay);
          delay = Math.min(delay * 2, 10_000);
        };
        c.on("error", retry);
        c.on("end", retry);
        client = c;
        try {
          await c.connect();
          await c.query(`listen ${pg.escapeIdentifier(channel)}`);
          delay = 500;
          if (!first) onReconnect();
        } catch (err) {
          if (first) {
            client = undefined;
            await c.end().catch(() => {});
            throw err;
          }
          retry();
        }
      };
      await connect(true);
      return {
        async close() {
          closed = true;
          if (timer) clearTimeout(timer);
          await client?.end().catch(() => {});
        },
      };
    },
    async sessionLock(key1, key2) {
      let client: pg.Client | undefined;
      let released = false;
      let timer: NodeJS.Timeout | undefined;
      const retry = () => {
        if (released) return;
        timer = setTimeout(() => take().catch(retry), 1000);
      };
      const take = async (): Promise<void> => {
        // keepAlive: a peer or firewall that drops an idle connection is noticed, not trusted for ever.
        const c = new pg.Client({
          connectionString: url,
          application_name: "powerdesk-lock",
          keepAlive: true,
        });
        // The connection lost: the lock went with it; take it again (others may have taken our work meanwhile).
        const lost = () => {
          if (released || client !== c) return;
          client = undefined;
          c.end().catch(() => {});
          retry();
        };
        c.on("error", lost);
        c.on("end", lost);
        client = c;
        try {
          await c.connect();
          await c.query("select pg_advisory_lock($1, $2)", [key1, key2]);
        } catch (err) {
          client = undefined;
          await c.end().catch(() => {});
          throw err;
        }
      };
      await take();
      // A query now and then: an idle_session_timeout (or a proxy's idle cut) would end the
      // connection and the lock with it while this process goes on believing it holds it.
      const heartbeat = setInterval(() => {
        const c = client;
        c?.query("select 1").catch(() => c.emit("error", new Error("lock connection lost")));
      }, 30_000);
      heartbeat.unref();
      return {
        async release() {
          released = true;
          clearInterval(heartbeat);
          if (timer) clearTimeout(timer);
          await client?.end().catch(() => {});
        },
      };
    },
    async close() {
      await db.destroy();
    },
  };
}

export interface OpenOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  command: string;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openEmbedded({ dataDir: options.dataDir, command: options.command });
}
