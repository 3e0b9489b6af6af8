// Runs every *.test.ts under src/ and test/ with node's test runner (Node 20
// does not expand globs itself). Extra arguments filter the files by substring.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

function find(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : find(p);
    return e.name.endsWith(".test.ts") ? [p] : [];
  });
}

const filters = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const flags = process.argv.slice(2).filter((a) => a.startsWith("-"));
const files = [...find("src"), ...find("test")]
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}
const driver = process.env.TEST_DATABASE_URL ? "PostgreSQL (TEST_DATABASE_URL)" : "embedded PGlite";
const broker = process.env.TEST_MQTT_URL ? "TEST_MQTT_URL" : "embedded broker";
console.log(`running ${files.length} test files on ${driver}, ${broker}`);
const child = spawn(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", ...flags, ...files],
  // Tests run the sources: a CLI they spawn (bin/powerdesk.js) skips any build in dist/.
  { stdio: "inherit", env: { ...process.env, POWERDESK_FROM_SOURCE: "1" } },
);
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
