import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

// STYLE.md, convention 2: only repositories touch the database. Under
// src/modules and src/http a file that builds a Kysely query is a repository
// (`*.repository.ts`), holds SQL fragments repositories share (`*.sql.ts`),
// or is infrastructure named below with its reason. Keep this list short: a
// service that needs a query asks its repository for it.
const ALLOWED: Record<string, string> = {
  // pg_notify to the other processes' LISTEN connections: transport for live screens, not data.
  "src/modules/live/live.hub.ts": "LISTEN/NOTIFY",
  // `select 1`: whether the database answers, not what is in it.
  "src/http/server.ts": "health check",
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROOTS = ["src/modules", "src/http"];
const QUERY_BUILDERS = [
  /\.\s*(selectFrom|insertInto|updateTable|deleteFrom)\s*\(/g,
  // sql`...`, sql<T>`...`
  /\bsql\s*(<[^`;\n]*>)?\s*`/g,
  /\bsql\s*\.\s*(raw|ref|val|lit|id|table|join)\s*\(/g,
];

/**
 * The code of a source: comments, and the text of strings, templates and
 * regex literals, blanked (newlines kept, so lines still count). A query
 * builder named in a comment or a message is not a query, and a `//` inside a
 * string is not a comment.
 */
export function withoutComments(src: string): string {
  let out = "";
  let i = 0;
  // For each template whose `${` is open: the depth of braces inside it.
  const substitutions: number[] = [];
  // The last character of code that is not blank: a `/` after a value divides, elsewhere it opens a regex.
  let prev = "";
  /** Keeps what lies from `from` to `i` (code), or only its delimiters and newlines (a literal's text). */
  const take = (from: number, open = 0, close = 0) => {
    const text = src.slice(from, i);
    out +=
      open + close === 0
        ? text
        : text.slice(0, open) +
          text.slice(open, text.length - close).replace(/[^\n]/g, "") +
          text.slice(text.length - close);
  };
  while (i < src.length) {
    const c = src[i] as string;
    const next = src[i + 1];
    const start = i;
    if (c === "/" && next === "/") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const end = src.indexOf("*/", i + 2);
      i = end < 0 ? src.length : end + 2;
      out += ` ${src.slice(start, i).replace(/[^\n]/g, "")}`;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < src.length && src[i] !== c && src[i] !== "\n") i += src[i] === "\\" ? 2 : 1;
      i++;
      take(start, 1, 1);
      prev = "a";
    } else if (c === "`" || (c === "}" && substitutions.at(-1) === 0)) {
      // A template's text, from its start or the end of a `${...}`, up to its end or the next `${`.
      if (c === "}") substitutions.pop();
      i++;
      while (i < src.length && src[i] !== "`" && !(src[i] === "$" && src[i + 1] === "{"))
        i += src[i] === "\\" ? 2 : 1;
      let close = 0;
      if (src[i] === "`") {
        i++;
        close = 1;
      } else if (i < src.length) {
        i += 2;
        close = 2;
        substitutions.push(0);
      }
      take(start, 1, close);
      prev = "a";
    } else if (
      c === "/" &&
      (prev === "" ||
        "(,=:[!&|?{};+-*%<>~^".includes(prev) ||
        /\b(return|typeof|case|void|yield|await|in|of)$/.test(out.slice(-8)))
    ) {
      let inClass = false;
      i++;
      while (i < src.length && src[i] !== "\n" && (inClass || src[i] !== "/")) {
        if (src[i] === "\\") i++;
        else if (src[i] === "[") inClass = true;
        else if (src[i] === "]") inClass = false;
        i++;
      }
      i++;
      take(start, 1, 1);
      prev = "a";
    } else {
      const open = substitutions.length - 1;
      if (open >= 0 && c === "{") substitutions[open] = (substitutions[open] as number) + 1;
      if (open >= 0 && c === "}") substitutions[open] = (substitutions[open] as number) - 1;
      if (!/\s/.test(c)) prev = c;
      i++;
      take(start);
    }
  }
  return out;
}

/** Where a source builds queries: `line: text` for each. */
export function queriesIn(src: string): string[] {
  const code = withoutComments(src);
  const found: { at: number; text: string }[] = [];
  for (const pattern of QUERY_BUILDERS)
    for (const m of code.matchAll(pattern)) found.push({ at: m.index, text: m[0] });
  return found
    .sort((a, b) => a.at - b.at)
    .map((f) => `${code.slice(0, f.at).split("\n").length}: ${f.text.replace(/\s+/g, "")}`);
}

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

const isRepositorySide = (file: string) => file.endsWith(".repository.ts") || file.endsWith(".sql.ts");

test("the check finds query builders in code, not in comments, and is not fooled by strings or regexes", () => {
  assert.deepEqual(queriesIn(`await db.selectFrom("complaints").selectAll().execute();`), [
    "1: .selectFrom(",
  ]);
  assert.deepEqual(
    queriesIn(
      'const base = "http://x"; const re = /\\/\\//g;\n  await tx\n    .insertInto("t")\n await sql<number>`select 1`',
    ),
    ["3: .insertInto(", "4: sql<number>`"],
  );
  assert.deepEqual(queriesIn(`x = \`\${sql.ref(\`a\`)} and \${a ? { b: 1 } : 2}\`; db.updateTable('t')`), [
    "1: sql.ref(",
    "1: .updateTable(",
  ]);
  assert.deepEqual(
    queriesIn(
      "// db.deleteFrom(\n/* sql`select` */\n/** .selectFrom(x) */ const half = a / 2 / b; // sql`x`\nthrow new Error('use .selectFrom( or sql`');",
    ),
    [],
  );
});

test("only repositories (and the few infrastructure files named here) build Kysely queries", () => {
  const files = ROOTS.flatMap(sources);
  assert.ok(files.length > 100, `${files.length} source files found`);
  const offenders = files
    .filter((f) => !isRepositorySide(f) && !(f in ALLOWED))
    .map((f) => ({ file: f, queries: queriesIn(fs.readFileSync(path.join(root, f), "utf8")) }))
    .filter((f) => f.queries.length > 0)
    .map((f) => `${f.file} (line ${f.queries.join(", line ")})`);
  assert.deepEqual(
    offenders,
    [],
    `these files query the database but are not repositories: move the queries into the module's *.repository.ts\n  ${offenders.join("\n  ")}`,
  );
});

test("every file on the allow-list exists and still queries (else it comes off the list)", () => {
  for (const file of Object.keys(ALLOWED)) {
    assert.ok(fs.existsSync(path.join(root, file)), `${file} is on the allow-list but does not exist`);
    assert.ok(
      queriesIn(fs.readFileSync(path.join(root, file), "utf8")).length > 0,
      `${file} no longer queries: take it off the allow-list`,
    );
  }
});
