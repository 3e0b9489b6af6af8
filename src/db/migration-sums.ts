import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Migrations are append-only: src/db/migrations.sha256 (in `sha256sum` format,
// so `sha256sum -c ../migrations.sha256` works in the migrations folder) holds
// the checksum each migration file had when it landed. Lines are only ever
// added. It sits beside the folder, not in it: it grows with every migration,
// and nothing in the folder but a new file should ever change.

export const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
export const sumsFile = path.join(path.dirname(migrationsDir), "migrations.sha256");

/** Every migration file by name (index.ts only registers them and changes with each one). */
export function migrationFiles(dir = migrationsDir): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && f !== "index.ts" && !f.endsWith(".test.ts"))
    .sort();
}

export function sha256(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** The checksum recorded for each file, by file name; throws naming a line that is not `<sha256>  <file>`. */
export function readSums(file = sumsFile): Map<string, string> {
  const sums = new Map<string, string>();
  if (!fs.existsSync(file)) return sums;
  fs.readFileSync(file, "utf8")
    .split("\n")
    .forEach((text, i) => {
      if (text.trim() === "") return;
      const m = /^([0-9a-f]{64}) [ *](\S+)$/.exec(text);
      if (!m) throw new Error(`${path.basename(file)} line ${i + 1} is not "<sha256>  <file>": ${text}`);
      sums.set(m[2] as string, m[1] as string);
    });
  return sums;
}

/** Appends a line for each migration file that has none; never touches an existing line. */
export function addMissingSums(dir = migrationsDir, file = sumsFile): string[] {
  const sums = readSums(file);
  const added = migrationFiles(dir).filter((f) => !sums.has(f));
  if (added.length === 0) return added;
  const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const sep = before === "" || before.endsWith("\n") ? "" : "\n";
  const lines = added.map((f) => `${sha256(path.join(dir, f))}  ${f}\n`).join("");
  fs.appendFileSync(file, sep + lines);
  return added;
}

/** Listed files whose contents no longer match their line. */
export function changedSums(dir = migrationsDir, file = sumsFile): string[] {
  return [...readSums(file)]
    .filter(([f, sum]) => !fs.existsSync(path.join(dir, f)) || sha256(path.join(dir, f)) !== sum)
    .map(([f]) => f);
}
