import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin/powerdesk.js");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pd-storm-cli-"));
const dataDir = path.join(dir, "data");
// The server listens on a port of its own choosing (PORT=0): the simulator,
// run with the same environment, must find it through DATA_DIR alone.
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  DATABASE_URL: "",
  MQTT_URL: "",
  MQTT_PORT: "0",
  PORT: "0",
  HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
};

function run(
  args: string[],
  extra: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...env, ...extra }, cwd: dir });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "serve"], { env, cwd: dir });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 120_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/localhost:\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

let server: Awaited<ReturnType<typeof startServer>> | undefined;
before(async () => {
  const demo = await run(["demo", "--consumers", "8000", "--complaints", "0"]);
  assert.equal(demo.code, 0, demo.stdout + demo.stderr);
  server = await startServer();
});
after(() => {
  server?.child.kill("SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("powerdesk simulate storm against a running server", () => {
  test("finds the server through DATA_DIR (PORT says nothing) and --restore leaves no outage live", async () => {
    assert.equal(fs.readFileSync(path.join(dataDir, "server-url"), "utf8").trim(), server?.url);
    const storm = await run([
      "simulate",
      "storm",
      "--feeders",
      "2",
      "--rate",
      "5",
      "--seconds",
      "2",
      "--restore",
      "--seed",
      "11",
    ]);
    assert.equal(storm.code, 0, storm.stdout + storm.stderr);
    assert.match(storm.stdout, new RegExp(`API ${server?.url}`));
    assert.match(storm.stdout, /restored by admin: \d+ outage/);
    assert.match(storm.stdout, /; 0 outages live now/);
  });

  test("with no server to find, it says exactly what to set", async () => {
    const elsewhere = path.join(dir, "elsewhere");
    const r = await run(["simulate", "storm", "--seconds", "1"], { DATA_DIR: elsewhere, PORT: "9" });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /cannot reach PowerDesk at http:\/\/localhost:9/);
    assert.ok(r.stderr.includes(`the same DATA_DIR (now ${elsewhere}`), r.stderr);
    assert.match(r.stderr, /PORT \(now 9\), or --url http:\/\/host:port/);
  });

  test("a server that stops forgets its address", async () => {
    const exited = new Promise<number | null>((resolve) => server?.child.on("exit", resolve));
    server?.child.kill("SIGTERM");
    assert.equal(await exited, 0);
    server = undefined;
    assert.equal(fs.existsSync(path.join(dataDir, "server-url")), false);
  });
});
