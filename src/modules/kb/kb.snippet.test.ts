import assert from "node:assert/strict";
import { test } from "node:test";
import { snippetOf } from "./kb.service.ts";

const MARKS = /^…\s*[\u0900-\u0903\u093A-\u094F\u0951-\u0957\u0962\u0963]/u;

test("a snippet starts and ends on whole words, in Hindi and English", () => {
  const hi =
    "बिजली कंपनी की आधिकारिक वेबसाइट या मोबाइल ऐप पर आवेदन करें। ".repeat(6) +
    "नया कनेक्शन लेने के लिए दस्तावेज़ ज़रूरी हैं। ".repeat(6);
  for (let width = 40; width <= 200; width += 7) {
    const s = snippetOf(hi, ["नया"], width);
    assert.ok(s, "found");
    assert.doesNotMatch(s, MARKS, `width ${width}: no vowel sign after the ellipsis`);
    assert.ok(s.includes("नया"), "the matched word is in it");
    const words = new Set(hi.split(/\s+/));
    const inner = s.replace(/^…/, "").replace(/…$/, "").trim().split(/\s+/);
    for (const w of inner) assert.ok(words.has(w), `width ${width}: "${w}" is a whole word`);
  }
  const en =
    "Pay your bill online through the official website or app. ".repeat(5) +
    "A new connection needs proof of identity.";
  const s = snippetOf(en, ["connection"], 60);
  assert.ok(s?.includes("connection"));
  const enWords = new Set(en.split(/\s+/));
  for (const w of (s ?? "").replace(/^…/, "").replace(/…$/, "").trim().split(/\s+/))
    assert.ok(enWords.has(w), `"${w}" is a whole word`);
  assert.equal(snippetOf(en, ["absent"]), null);
});
