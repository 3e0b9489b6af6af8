import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import Fastify from "fastify";
import { loadConfig } from "../src/config.ts";
import { trustProxyFn } from "../src/http/proxy.ts";
import { fixedClock } from "../src/lib/clock.ts";
import { buildOrgTree } from "./factories.ts";
import { createTestApp, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";

/** The client address a server with this TRUST_PROXY sees for a real HTTP request with this X-Forwarded-For. */
async function seenAddress(trust: string, forwardedFor: string | undefined): Promise<string> {
  const app = Fastify({ trustProxy: trustProxyFn(loadConfig({ TRUST_PROXY: trust }).trustProxy) });
  app.get("/ip", async (request) => ({ ip: request.ip }));
  const base = await app.listen({ host: "127.0.0.1", port: 0 });
  try {
    const res = await fetch(`${base}/ip`, {
      headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
    });
    return ((await res.json()) as { ip: string }).ip;
  } finally {
    await app.close();
  }
}

describe("TRUST_PROXY believes only the configured proxies", () => {
  test("a hop count takes the address the nearest proxies saw, never a client's own additions", async () => {
    // The proxy appends the address it saw; whatever the client sent stays to its left.
    assert.equal(await seenAddress("1", "6.6.6.6, 7.7.7.7"), "7.7.7.7");
    assert.equal(await seenAddress("1", "7.7.7.7"), "7.7.7.7");
    assert.equal(await seenAddress("2", "6.6.6.6, 7.7.7.7, 8.8.8.8"), "7.7.7.7");
    assert.equal(await seenAddress("1", undefined), "127.0.0.1");
    assert.equal(await seenAddress("0", "7.7.7.7"), "127.0.0.1");
  });

  test("an address list: the chain is believed only through proxies at those addresses", async () => {
    assert.equal(await seenAddress("127.0.0.1", "6.6.6.6, 7.7.7.7"), "7.7.7.7");
    assert.equal(await seenAddress("loopback", "7.7.7.7"), "7.7.7.7");
    // Two trusted hops: the first untrusted address from the right is the client.
    assert.equal(await seenAddress("127.0.0.0/8, 10.0.0.0/8", "6.6.6.6, 7.7.7.7, 10.1.2.3"), "7.7.7.7");
    // A client connecting straight (not from a listed proxy) gets no say.
    assert.equal(await seenAddress("10.0.0.0/8", "7.7.7.7"), "127.0.0.1");
  });
});

describe(`[${driverName}] per-address limits behind TRUST_PROXY=1`, () => {
  let t: TestApp;
  const clock = fixedClock("2026-12-03T10:00:00+05:30");
  before(async () => {
    t = await createTestApp({ clock, env: { TRUST_PROXY: "1" } });
    await buildOrgTree(t.repos);
  });
  after(async () => t?.close());

  test("a client making up a new X-Forwarded-For each time is still one address, and is locked", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await t.request({
        method: "POST",
        url: "/api/auth/sign-in",
        remoteAddress: "10.0.0.2",
        // What the client sent, then what the proxy appended.
        headers: { "x-forwarded-for": `198.18.${i}.${i}, 203.0.113.5` },
        payload: { login: `nobody.${i}`, password: "guess" },
      });
      statuses.push(res.statusCode);
    }
    assert.ok(statuses.includes(429), `never locked: ${statuses.join(",")}`);
    // Another client behind the same proxy is not.
    const other = await t.request({
      method: "POST",
      url: "/api/auth/sign-in",
      remoteAddress: "10.0.0.2",
      headers: { "x-forwarded-for": "203.0.113.6" },
      payload: { login: "nobody.else", password: "guess" },
    });
    assert.equal(other.statusCode, 401);
  });
});
