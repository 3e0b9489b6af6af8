import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { type Database, openEmbedded, openPostgres } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Changes whenever a migration or the PGlite version changes, so templates are rebuilt. */
function schemaHash(): string {
  const h = createHash("sha256");
  const dir = path.join(root, "src/db/migrations");
  for (const f of fs.readdirSync(dir).sort()) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  h.update(
    JSON.parse(fs.readFileSync(path.join(root, "node_modules/@electric-sql/pglite/package.json"), "utf8"))
      .version,
  );
  return h.digest("hex").slice(0, 12);
}

export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;
export const driverName = testDatabaseUrl ? "postgres" : "embedded";

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function embeddedTemplate(): Promise<Buffer> {
  const file = path.join(os.tmpdir(), `powerdesk-test-template-${schemaHash()}.tar`);
  if (fs.existsSync(file)) return fs.readFileSync(file);
  // initdb takes seconds: migrate one database once, then every test loads a copy.
  const db = await openEmbedded();
  try {
    await migrateToLatest(db.db);
    const dump = await db.pglite.dumpDataDir("none");
    const buf = Buffer.from(await dump.arrayBuffer());
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, buf);
    fs.renameSync(tmp, file);
    return buf;
  } finally {
    await db.close();
  }
}

async function postgresTemplate(admin: pg.Client): Promise<string> {
  const name = `powerdesk_tpl_${schemaHash()}`;
  await admin.query("select pg_advisory_lock(hashtext('powerdesk_test_template'))");
  try {
    const exists = await admin.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount === 0) {
      const building = `${name}_building`;
      await admin.query(`drop database if exists ${building} with (force)`);
      await admin.query(`create database ${building}`);
      const db = await openPostgres(withDatabase(testDatabaseUrl as string, building), { poolSize: 2 });
      try {
        await migrateToLatest(db.db);
      } finally {
        await db.close();
      }
      await admin.query(`alter database ${building} rename to ${name}`);
    }
  } finally {
    await admin.query("select pg_advisory_unlock(hashtext('powerdesk_test_template'))");
  }
  return name;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite loaded
 * from a migrated template, or (with TEST_DATABASE_URL) a PostgreSQL database
 * cloned from a template database and dropped on close.
 */
export async function createTestDatabase(): Promise<Database & { url?: string }> {
  if (!testDatabaseUrl) {
    const tpl = await embeddedTemplate();
    return openEmbedded({ loadDataDir: new Blob([tpl]) });
  }
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  let name: string;
  try {
    const template = await postgresTemplate(admin);
    name = `pd_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(testDatabaseUrl, name);
  const database = await openPostgres(url, { poolSize: 5 });
  return {
    ...database,
    url,
    async close() {
      await database.close();
      const a = new pg.Client({ connectionString: testDatabaseUrl });
      await a.connect();
      try {
        await a.query(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
