import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * PGlite has no cross-process locking: two processes on one data directory
 * silently lose committed data. Every process that opens the embedded database
 * first takes this lock file (created with O_EXCL, holding our pid), and a
 * second process is refused before it touches anything.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `the data directory ${dataDir} is in use by process ${holder.pid} (${holder.command}, started ${holder.startedAt} on ${holder.host}). ` +
        "Stop that process first, or give this one another DATA_DIR.",
    );
  }
}

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

const LOCK_NAME = "powerdesk.lock";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<LockHolder>;
    if (typeof parsed.pid !== "number") return undefined;
    return {
      pid: parsed.pid,
      host: parsed.host ?? "?",
      command: parsed.command ?? "?",
      startedAt: parsed.startedAt ?? "?",
    };
  } catch {
    return undefined;
  }
}

/** Takes the lock on dataDir (creating the directory) or throws DataDirLockedError. */
export function lockDataDir(dataDir: string, command: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_NAME);
  const me: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    command,
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, "wx", 0o644);
      fs.writeSync(fd, JSON.stringify(me));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const holder = readHolder(file);
        if (holder?.pid === process.pid) fs.rmSync(file, { force: true });
      };
      process.once("exit", release);
      return { file, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const holder = readHolder(file);
    // A holder on another host cannot be checked: treat it as alive (shared disks).
    if (holder && (holder.host !== me.host || isAlive(holder.pid)) && holder.pid !== process.pid) {
      throw new DataDirLockedError(dataDir, holder);
    }
    if (!holder) {
      // Being written right now by another process, or garbage: give a writer a moment.
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (stat && Date.now() - stat.mtimeMs < 2000 && attempt < 2) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
        continue;
      }
    }
    // Stale: its process is gone. Move it aside atomically; only one taker wins the rename.
    const aside = `${file}.stale-${process.pid}`;
    try {
      fs.renameSync(file, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      continue;
    }
    // Between our read and our rename another process may have replaced the
    // stale file with its own live lock: put that back and give way.
    const moved = readHolder(aside);
    if (moved && moved.pid !== holder?.pid && isAlive(moved.pid)) {
      try {
        fs.linkSync(aside, file);
      } catch {
        // someone else already holds a fresh lock; either way we are refused
      }
      fs.rmSync(aside, { force: true });
      throw new DataDirLockedError(dataDir, moved);
    }
    fs.rmSync(aside, { force: true });
  }
  const holder = readHolder(file);
  if (holder) throw new DataDirLockedError(dataDir, holder);
  throw new Error(
    `could not lock the data directory ${dataDir}: remove ${file} if no PowerDesk process runs`,
  );
}
