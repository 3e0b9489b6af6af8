#!/usr/bin/env node
// The CLI, from any working directory. It runs the build (dist/cli/main.js,
// made by npm run build) when there is one at least as new as every source
// file; otherwise, and always when POWERDESK_FROM_SOURCE=1 (the test runner
// sets it), the TypeScript sources through tsx. A stale build is never run:
// after a change to src/ the sources run until the next build.
import fs from "node:fs";
import { fileURLToPath } from "node:url";

const built = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const sources = fileURLToPath(new URL("../src", import.meta.url));

/** The newest modification time of a file under dir, 0 when there is none. */
function newest(dir) {
  let latest = 0;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = `${dir}/${e.name}`;
    latest = Math.max(latest, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return latest;
}

function buildIsFresh() {
  if (process.env.POWERDESK_FROM_SOURCE === "1") return false;
  let builtAt;
  try {
    builtAt = fs.statSync(built).mtimeMs;
  } catch {
    return false;
  }
  return builtAt >= newest(sources);
}

let main;
if (buildIsFresh()) {
  process.setSourceMapsEnabled(true);
  ({ main } = await import("../dist/cli/main.js"));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli/main.ts"));
}
const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
