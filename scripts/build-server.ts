// npm run build (after the web app): bundles the server and CLI into
// dist/cli/main.js, so production starts plain JavaScript instead of
// compiling TypeScript through tsx at every start. Packages stay external
// (node_modules is installed beside it); migrations are imported by
// src/db/migrations/index.ts, so they are in the bundle, and the checksum
// ledger (src/db/migrations.sha256) is read only by tests and
// `npm run migrations:checksum`, never at run time.
//
// The bundle sits two folders down, like every source file that finds a
// file from its own place (src/http/server.ts: ../../web/dist): from
// dist/cli/ the same relative path reaches the same file.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "dist");
fs.rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/cli/main.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
const size = fs.statSync(path.join(outdir, "cli/main.js")).size;
console.log(`server built: dist/cli/main.js (${Math.round(size / 1024)} kB)`);
