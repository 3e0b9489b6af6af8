import assert from "node:assert/strict";
import { test } from "node:test";
import { smsLayout } from "../src/lib/sms-text.ts";
import { cleanSnippet, languageOfText, smsParts } from "../web/src/ui/kb-text.ts";

test("kb editor: the live SMS counter counts parts as the server does (GSM-7 160/153, Hindi UCS-2 70/67)", () => {
  const cases = [
    "",
    "a".repeat(160),
    "a".repeat(161),
    "a".repeat(306),
    "a".repeat(307),
    `${"a".repeat(159)}€`, // an extension character counts two
    "न".repeat(70),
    "न".repeat(71),
    "न".repeat(134),
    "न".repeat(135),
    "नया कनेक्शन: पोर्टल या डीसी पर आवेदन करें। पहचान, पता और स्वामित्व के दस्तावेज़ साथ लाएँ।",
    "New connection: apply online or at your DC; call 1912.",
  ];
  for (const text of cases) {
    const expected = text === "" ? 0 : smsLayout(text).parts.length;
    assert.equal(smsParts(text).parts, expected, `${text.slice(0, 12)}… (${text.length})`);
  }
  assert.equal(smsParts("न".repeat(71)).ucs2, true);
  assert.equal(smsParts("call 1912").ucs2, false);
});

test("kb search: the query's language, and a snippet that does not start on a vowel sign", () => {
  assert.equal(languageOfText("नया कनेक्शन"), "hi");
  assert.equal(languageOfText("bill high"), "en");
  assert.equal(languageOfText("1912"), undefined);
  assert.equal(cleanSnippet("…ा मालिक या वैध"), "… मालिक या वैध");
  assert.equal(cleanSnippet("…्र मालिक"), "…र मालिक");
  assert.equal(cleanSnippet("कनेक्शन…"), "कनेक्शन…");
});
