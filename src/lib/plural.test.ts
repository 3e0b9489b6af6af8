import assert from "node:assert/strict";
import test from "node:test";
import { count, plural } from "./plural.ts";

test("English plural rules: one for 1 only; 0 and fractions take the plural", () => {
  assert.equal(count(1, "outage"), "1 outage");
  assert.equal(count(0, "outage"), "0 outages");
  assert.equal(count(2, "outage"), "2 outages");
  assert.equal(count(1.5, "hour"), "1.5 hours");
  assert.equal(plural(1, "child", "children"), "child");
  assert.equal(plural(3, "child", "children"), "children");
});
