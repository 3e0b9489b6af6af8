import assert from "node:assert/strict";
import { test } from "node:test";
import { maskMobile, maskMobilesInJson, maskMobilesInText, normaliseMobile } from "./mobile.ts";

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

test("maskMobilesInText masks every mobile inside a text, however it is written", () => {
  const cases: [string, string][] = [
    ["फ़ोन 9876543210 पर बात करें", "फ़ोन ******3210 पर बात करें"],
    ["फ़ोन9876543210", "फ़ोन******3210"],
    ["call +91 98765 43210 or 098765-43211.", "call ******3210 or ******3211."],
    ["+919876543210,919876543212", "******3210,******3212"],
    ["(+91-98765-43213)", "(******3213)"],
    ["two: 9876543210/8765432109", "two: ******3210/******2109"],
    // Devanagari digits, as Hindi text may write them; other Devanagari numbers stay as written.
    ["फ़ोन ९८७६५४३२१० पर, बिल ₹४५०", "फ़ोन ******3210 पर, बिल ₹४५०"],
    ["+९१ ९८७६५ ४३२१०", "******3210"],
  ];
  for (const [input, masked] of cases) assert.equal(maskMobilesInText(input), masked, input);
});

test("maskMobilesInText leaves numbers that are not mobiles alone", () => {
  for (const text of [
    "REW2611000001",
    "bill 5876543210",
    "account 123498765432",
    "ref 98765432101",
    "2026-12-03T11:00:00.000Z",
    "Rs 1,234.50 due 15/12/2026",
    "ETR 18:30, 2 h",
    "",
  ]) {
    assert.equal(maskMobilesInText(text), text, text);
  }
});

test("maskMobilesInJson masks strings at any depth but not under the keys kept", () => {
  const value = {
    consumerNo: "9000000001",
    body: "Consumer 9876543210 no supply",
    items: [{ note: "ring 8765432109", n: 9876543210, at: null }],
  };
  assert.deepEqual(
    maskMobilesInJson(value, (k) => k === "consumerNo"),
    {
      consumerNo: "9000000001",
      body: "Consumer ******3210 no supply",
      items: [{ note: "ring ******2109", n: 9876543210, at: null }],
    },
  );
});
