import assert from "node:assert/strict";
import test from "node:test";
import { throttleAddress } from "./address.ts";

test("throttle keys: IPv4 as it is, IPv4-mapped as IPv4, IPv6 per /64 however it is written", () => {
  assert.equal(throttleAddress("203.0.113.9"), "203.0.113.9");
  assert.equal(throttleAddress("::ffff:203.0.113.9"), "203.0.113.9");
  const a = throttleAddress("2401:4900:1c2a:7f01:a1b2:c3d4:e5f6:1");
  assert.equal(a, "2401:4900:1c2a:7f01::/64");
  assert.equal(throttleAddress("2401:4900:1c2a:7f01::9"), a);
  assert.equal(throttleAddress("2401:4900:1C2A:7F01:0:0:0:ffff"), a);
  assert.equal(throttleAddress("2401:4900:1c2a:7f01:ffff::1%eth0"), a);
  assert.notEqual(throttleAddress("2401:4900:1c2a:7f02::9"), a);
  assert.equal(throttleAddress("::1"), "0:0:0:0::/64");
});
