// The demo's knowledge-base articles: complete in both languages, SMS-sized summaries, no invented rates.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KB_CATEGORIES } from "../../db/schema.constants.ts";
import { smsEncoding, smsLayout } from "../../lib/sms-text.ts";
import { KB_SEED_ARTICLES, type SeedArticle } from "./kb.seed-articles.ts";

const COMPLAINT_CODES = [
  "no_supply",
  "line_breakdown",
  "cable_fault",
  "dt_failure",
  "voltage",
  "meter",
  "billing",
  "new_connection",
  "safety_hazard",
  "other",
];
const TEXT_FIELDS = ["titleEn", "titleHi", "bodyEn", "bodyHi", "summaryEn", "summaryHi"] as const;

function words(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Every text of an article, keywords included. */
function texts(a: SeedArticle): string[] {
  return [...TEXT_FIELDS.map((f) => a[f]), ...a.keywords];
}

describe("KB seed articles", () => {
  it("are 30, with unique slugs of the API's shape", () => {
    assert.equal(KB_SEED_ARTICLES.length, 30);
    const slugs = KB_SEED_ARTICLES.map((a) => a.slug);
    assert.equal(new Set(slugs).size, slugs.length);
    for (const slug of slugs) assert.match(slug, /^[a-z0-9][a-z0-9-]{0,79}$/);
  });

  it("fill every field in both languages, with valid categories and complaint codes", () => {
    for (const a of KB_SEED_ARTICLES) {
      for (const f of TEXT_FIELDS) assert.ok(a[f].trim().length > 0, `${a.slug}.${f}`);
      assert.ok(a.titleEn.length <= 200 && a.titleHi.length <= 200, a.slug);
      assert.ok((KB_CATEGORIES as readonly string[]).includes(a.category), `${a.slug}: ${a.category}`);
      assert.ok(a.complaintCategories.length > 0, `${a.slug} has no complaint category`);
      for (const c of a.complaintCategories) assert.ok(COMPLAINT_CODES.includes(c), `${a.slug}: ${c}`);
      assert.ok(a.keywords.length > 0 && a.keywords.length <= 40, `${a.slug} keywords`);
      for (const k of a.keywords) assert.ok(k.length >= 1 && k.length <= 60, `${a.slug}: ${k}`);
      assert.ok(
        a.keywords.some((k) => /[a-z]/i.test(k)),
        `${a.slug}: no English keyword`,
      );
      assert.ok(
        a.keywords.some((k) => /\p{Script=Devanagari}/u.test(k)),
        `${a.slug}: no Hindi keyword`,
      );
    }
    const categories = new Set(KB_SEED_ARTICLES.map((a) => a.category));
    for (const c of KB_CATEGORIES) assert.ok(categories.has(c), `no article in ${c}`);
  });

  it("have Markdown bodies of 120 to 400 words with a heading and a list", () => {
    for (const a of KB_SEED_ARTICLES) {
      for (const body of [a.bodyEn, a.bodyHi]) {
        const n = words(body);
        assert.ok(n >= 120 && n <= 400, `${a.slug}: ${n} words`);
        assert.match(body, /^## /m, `${a.slug}: no heading`);
        assert.match(body, /^(- |\d+\. )/m, `${a.slug}: no list`);
        assert.doesNotMatch(body, /<[a-z/]/i, `${a.slug}: HTML in the body`);
      }
    }
  });

  it("have SMS summaries of at most 2 parts, the English one in GSM-7", () => {
    for (const a of KB_SEED_ARTICLES) {
      assert.equal(smsEncoding(a.summaryEn), "gsm7", `${a.slug}: summaryEn is not GSM-7`);
      assert.ok(smsLayout(a.summaryEn).parts.length <= 2, `${a.slug}: summaryEn over 2 parts`);
      assert.ok(a.summaryEn.length <= 306, `${a.slug}: summaryEn ${a.summaryEn.length}`);
      assert.equal(smsEncoding(a.summaryHi), "ucs2", a.slug);
      assert.ok(smsLayout(a.summaryHi).parts.length <= 2, `${a.slug}: summaryHi over 2 parts`);
      assert.ok(a.summaryHi.length <= 134, `${a.slug}: summaryHi ${a.summaryHi.length}`);
    }
  });

  it("invent no rates, amounts, web addresses or phone numbers other than 1912", () => {
    const forbidden = [
      /₹/,
      /\bRs\.?\s*\d/i,
      /\bINR\s*\d/i,
      /\d\s*(\/|per)\s*(unit|kwh)/i,
      /\d\s*(paise|rupees?)\b/i,
      /(रु\.?|रुपये|रुपए)\s*\d/,
      /\d\s*(पैसे|रुपये|रुपए|रु\.?)(?![\p{L}\p{M}])/u,
      /प्रति\s*यूनिट\s*\d/,
      /https?:\/\//i,
      /\bwww\./i,
      /\.(com|in|org|gov)\b/i,
    ];
    for (const a of KB_SEED_ARTICLES) {
      for (const text of texts(a)) {
        for (const re of forbidden) assert.doesNotMatch(text, re, `${a.slug}: ${re}`);
        // A phone number is a run of digits (spaces and hyphens allowed): only 1912, or a year such as an Act's.
        for (const run of text.match(/\d[\d -]*\d/g) ?? []) {
          const digits = run.replace(/[ -]/g, "");
          if (digits.length >= 4) assert.match(digits, /^(1912|20\d\d)$/, `${a.slug}: number ${run}`);
        }
      }
    }
  });

  it("answer the words callers use, and every complaint category", () => {
    const keywords = new Set(KB_SEED_ARTICLES.flatMap((a) => a.keywords));
    for (const k of ["नया कनेक्शन", "बिल ज़्यादा", "तार गिरा", "new connection", "high bill"]) {
      assert.ok(keywords.has(k), k);
    }
    const linked = new Set(KB_SEED_ARTICLES.flatMap((a) => a.complaintCategories));
    for (const c of COMPLAINT_CODES) assert.ok(linked.has(c), `no article for ${c}`);
  });

  it("write the Hindi texts mostly in Devanagari", () => {
    for (const a of KB_SEED_ARTICLES) {
      for (const text of [a.titleHi, a.bodyHi, a.summaryHi]) {
        const deva = (text.match(/\p{Script=Devanagari}/gu) ?? []).length;
        const latin = (text.match(/\p{Script=Latin}/gu) ?? []).length;
        assert.ok(deva / (deva + latin) >= 0.95, `${a.slug}: ${latin} Latin letters in Hindi`);
      }
    }
  });
});
