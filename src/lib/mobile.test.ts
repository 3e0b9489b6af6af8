import assert from "node:assert/strict";
import { test } from "node:test";
import { maskMobile, normaliseMobile } from "./mobile.ts";

test("normaliseMobile accepts the ways people and CTIs write a mobile", () => {
  for (const input of [
    "9876543210",
    "+91 98765 43210",
    "+919876543210",
    "098765-43210",
    "919876543210",
    " 98765 43210 ",
  ]) {
    assert.equal(normaliseMobile(input), "9876543210", input);
  }
});

test("normaliseMobile refuses what is not an Indian mobile", () => {
  for (const input of [
    "5876543210",
    "987654321",
    "98765432101",
    "abcdefghij",
    "",
    "+92 9876543210",
    "12345",
  ]) {
    assert.equal(normaliseMobile(input), undefined, input);
  }
});

test("maskMobile keeps only the last four digits", () => {
  assert.equal(maskMobile("9876543210"), "******3210");
});
