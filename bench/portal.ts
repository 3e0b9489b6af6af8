// The consumer portal's weight: the JavaScript its first page loads (the entry script and the
// chunks it preloads), raw and gzipped with zlib, read from the built web/dist/portal.html.
// Target: under 200 KB gzipped (issue 14 §2). `npm run bench -- --suites portal`.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { log } from "./lib.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface PortalWeight {
  files: { file: string; raw: number; gzip: number }[];
  raw: number;
  gzip: number;
  css: number;
}

/** The first page's scripts and styles, as portal.html names them, with their sizes. */
export function portalWeight(dist = path.join(root, "web/dist")): PortalWeight {
  const html = fs.readFileSync(path.join(dist, "portal.html"), "utf8");
  const js = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ].map((m) => m[1] as string);
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+\.css)"/g)].map(
    (m) => m[1] as string,
  );
  const size = (f: string) => {
    const bytes = fs.readFileSync(path.join(dist, f));
    return { file: f, raw: bytes.length, gzip: gzipSync(bytes).length };
  };
  const files = [...new Set(js)].map(size);
  return {
    files,
    raw: files.reduce((n, f) => n + f.raw, 0),
    gzip: files.reduce((n, f) => n + f.gzip, 0),
    css: css.map(size).reduce((n, f) => n + f.gzip, 0),
  };
}

export function benchPortalWeight(): void {
  const w = portalWeight();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  log("\n## Consumer portal: first page weight (web/dist/portal.html, zlib default level)");
  for (const f of w.files) log(`  ${f.file}: ${kb(f.raw)} raw, ${kb(f.gzip)} gzipped`);
  log(`  JavaScript: ${kb(w.raw)} raw, ${kb(w.gzip)} gzipped (target < 200 KB); CSS ${kb(w.css)} gzipped`);
}
