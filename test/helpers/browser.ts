import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const WEB_DIST = path.join(root, "web/dist");

/** Why browser tests cannot run here, or undefined when they can. CI sets REQUIRE_BROWSER=1 so a missing browser fails. */
export function browserMissing(): string | undefined {
  if (fs.existsSync(CHROMIUM)) return undefined;
  const why = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.REQUIRE_BROWSER === "1") throw new Error(why);
  return why;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the web app when web/dist is missing or older than its sources. */
export function ensureWebBuilt(): string {
  const index = path.join(WEB_DIST, "index.html");
  const sources = Math.max(
    newestMtime(path.join(root, "web/src")),
    fs.statSync(path.join(root, "web/index.html")).mtimeMs,
    // The consumer portal's own page and its static files (manifest, service worker, icons).
    fs.statSync(path.join(root, "web/portal.html")).mtimeMs,
    newestMtime(path.join(root, "web/public")),
  );
  const portal = path.join(WEB_DIST, "portal.html");
  if (!fs.existsSync(index) || !fs.existsSync(portal) || fs.statSync(index).mtimeMs < sources) {
    const r = spawnSync(
      process.execPath,
      [
        path.join(root, "node_modules/vite/bin/vite.js"),
        "build",
        "--config",
        "web/vite.config.ts",
        "--logLevel",
        "error",
      ],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
    if (r.status !== 0) throw new Error(`web build failed:\n${r.stdout}\n${r.stderr}`);
  }
  return WEB_DIST;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export const SCREENSHOTS = path.join(root, "test/e2e/screenshots");
