import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { DataDirLockedError, lockDataDir } from "./data-dir-lock.ts";

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "pd-lock-"));
}

test("a second lock on the same directory is refused, naming the holder", () => {
  const dir = tmpDir();
  const lock = lockDataDir(dir, "powerdesk serve");
  try {
    // Pretend another live process holds it: our parent is alive.
    fs.writeFileSync(
      lock.file,
      JSON.stringify({
        pid: process.ppid,
        host: os.hostname(),
        command: "powerdesk serve",
        startedAt: "2026-11-28T10:00:00Z",
      }),
    );
    assert.throws(
      () => lockDataDir(dir, "powerdesk import"),
      (err: unknown) =>
        err instanceof DataDirLockedError &&
        err.message.includes(dir) &&
        err.message.includes(String(process.ppid)) &&
        err.message.includes("powerdesk serve"),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a lock left by a dead process is taken over", () => {
  const dir = tmpDir();
  try {
    // A pid that certainly exited: a finished child.
    const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid as number;
    fs.writeFileSync(
      path.join(dir, "powerdesk.lock"),
      JSON.stringify({
        pid: dead,
        host: os.hostname(),
        command: "powerdesk serve",
        startedAt: "2026-11-28T10:00:00Z",
      }),
    );
    const lock = lockDataDir(dir, "powerdesk serve");
    assert.equal(JSON.parse(fs.readFileSync(lock.file, "utf8")).pid, process.pid);
    lock.release();
    assert.equal(fs.existsSync(lock.file), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("release frees the directory for the next process", () => {
  const dir = tmpDir();
  try {
    lockDataDir(dir, "one").release();
    const again = lockDataDir(dir, "two");
    again.release();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
