// Runs every *.test.ts under src/ and test/ with node's test runner (Node 20
// does not expand globs itself). Extra arguments filter the files by substring.
// --coverage (npm run coverage) adds node's own coverage: the table at the end
// of the output, coverage/lcov.info, and one figure, the lines of src/ that
// tests ran (test files left out; a file no test loads is not counted: Node 20
// cannot include unloaded files).
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
const coverage = process.argv.includes("--coverage");
const LCOV = "coverage/lcov.info";
const flags = process.argv
  .slice(2)
  .filter((a) => a.startsWith("-") && a !== "--coverage")
  .concat(
    coverage
      ? [
          "--experimental-test-coverage",
          "--test-reporter=tap",
          "--test-reporter-destination=stdout",
          "--test-reporter=lcov",
          `--test-reporter-destination=${LCOV}`,
        ]
      : [],
  );
if (coverage) fs.mkdirSync(path.dirname(LCOV), { recursive: true });
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
child.on("exit", (code, signal) => {
  if (coverage) summarise(LCOV);
  process.exit(code ?? (signal ? 1 : 0));
});

/** Lines of src/ (not its tests) that the tests ran, from the lcov file's LF/LH per file. */
function summarise(lcov: string): void {
  if (!fs.existsSync(lcov)) return;
  let file = "";
  let found = 0;
  let hit = 0;
  let files = 0;
  for (const line of fs.readFileSync(lcov, "utf8").split("\n")) {
    if (line.startsWith("SF:")) file = path.relative(process.cwd(), line.slice(3));
    const counted = file.startsWith(`src${path.sep}`) && !file.endsWith(".test.ts");
    if (!counted) continue;
    if (line.startsWith("LF:")) {
      found += Number(line.slice(3));
      files++;
    }
    if (line.startsWith("LH:")) hit += Number(line.slice(3));
  }
  const pct = found ? ((100 * hit) / found).toFixed(1) : "0";
  console.log(
    `coverage of src/ (test files excluded): ${pct}% of lines (${hit} of ${found} in ${files} files), ${lcov}`,
  );
}
