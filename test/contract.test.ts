// The contract between server and web (web/src/contract.ts): the web type-checks against the
// server's schema files and imports its dependency-free constants, and nothing else of the server
// may reach the browser's bundle.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SERVER = path.join(ROOT, "src");

interface Import {
  file: string;
  line: number;
  specifier: string;
  /** `import type` / `export type`: erased, loads nothing at run time. */
  typeOnly: boolean;
}

function files(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "dist" ? [] : files(p, ext);
    return ext.test(e.name) ? [p] : [];
  });
}

/** Every import of a file: `import ... from`, `export ... from`, `import "x"` and `import("x")`. */
function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, "utf8");
  const lineAt = (i: number) => text.slice(0, i).split("\n").length;
  const out: Import[] = [];
  const fromRe = /^\s*(import|export)\s+(type\s+)?[^;]*?\bfrom\s*["']([^"']+)["']/gms;
  for (const m of text.matchAll(fromRe))
    out.push({ file, line: lineAt(m.index), specifier: m[3] as string, typeOnly: m[2] !== undefined });
  for (const m of text.matchAll(/^\s*import\s*["']([^"']+)["']/gm))
    out.push({ file, line: lineAt(m.index), specifier: m[1] as string, typeOnly: false });
  for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g))
    out.push({ file, line: lineAt(m.index), specifier: m[1] as string, typeOnly: false });
  return out;
}

/** The file a relative import names, or undefined for a package. */
const target = (i: Import) =>
  i.specifier.startsWith(".") ? path.resolve(path.dirname(i.file), i.specifier) : undefined;

const isSchemaFile = (f: string) =>
  f.endsWith(".schemas.ts") || f === path.join(SERVER, "http", "schemas.ts");
const isConstantsFile = (f: string) => f.endsWith(".constants.ts");
const where = (i: Import) => `${path.relative(ROOT, i.file)}:${i.line} imports ${i.specifier}`;

const webImports = files(path.join(ROOT, "web", "src"), /\.tsx?$/).flatMap(importsOf);
const serverShared = files(SERVER, /\.(schemas|constants)\.ts$/)
  .concat(path.join(SERVER, "http", "schemas.ts"))
  .flatMap(importsOf);

test("the web imports from the server only its schema files and its constants files", () => {
  const bad = webImports.filter((i) => {
    const t = target(i);
    return t?.startsWith(SERVER + path.sep) && !isSchemaFile(t) && !isConstantsFile(t);
  });
  assert.deepEqual(bad.map(where), []);
});

test("the web imports schema files type-only, so no schema (nor typebox) is bundled", () => {
  const bad = webImports.filter((i) => {
    const t = target(i);
    if (i.typeOnly) return false;
    return (t !== undefined && isSchemaFile(t)) || i.specifier === "typebox";
  });
  assert.deepEqual(bad.map(where), []);
});

test("the web reaches the server through contract.ts alone", () => {
  const contract = path.join(ROOT, "web", "src", "contract.ts");
  const bad = webImports.filter((i) => i.file !== contract && target(i)?.startsWith(SERVER + path.sep));
  assert.deepEqual(bad.map(where), []);
});

test("schema files import only typebox, schema and constants files; constants files only constants files", () => {
  const bad = serverShared.filter((i) => {
    const t = target(i);
    if (isConstantsFile(i.file)) return t === undefined || !isConstantsFile(t);
    if (t === undefined) return i.specifier !== "typebox";
    return !isSchemaFile(t) && !isConstantsFile(t);
  });
  assert.deepEqual(bad.map(where), []);
});

test("the checks above see the imports they are about", () => {
  const contract = webImports.filter((i) => i.file.endsWith(`${path.sep}contract.ts`));
  assert.ok(contract.some((i) => i.typeOnly && i.specifier.endsWith("complaints.schemas.ts")));
  assert.ok(contract.some((i) => !i.typeOnly && i.specifier.endsWith("schema.constants.ts")));
  assert.ok(serverShared.some((i) => i.specifier === "typebox"));
});
