import assert from "node:assert/strict";
import { test } from "node:test";
import {
  dateLabel,
  monthLabel,
  parseAmount,
  parseDate,
  parseDateTime,
  parseMonth,
  receiptLabel,
  rupees,
  SHORT_LINK,
} from "./billing.format.ts";

const value = <T>(p: { ok: true; value: T } | { ok: false; reason: string }) => (p.ok ? p.value : p.reason);

test("amounts as billing files write them; zero, negative and fractions of a paisa are refused", () => {
  assert.equal(value(parseAmount("1,245.50")), "1245.50");
  assert.equal(value(parseAmount("1245.5")), "1245.50");
  assert.equal(value(parseAmount("12,45,000")), "1245000.00");
  assert.equal(value(parseAmount("Rs. 980")), "980.00");
  assert.equal(value(parseAmount("₹ 0.75")), "0.75");
  assert.match(value(parseAmount("0")), /more than zero/);
  assert.match(value(parseAmount("0.00")), /more than zero/);
  assert.match(value(parseAmount("-50")), /more than zero/);
  assert.match(value(parseAmount("12.345")), /more than 2 decimals/);
  assert.match(value(parseAmount("12a")), /not an amount/);
  assert.match(value(parseAmount("1,2,3")), /not an amount/);
  assert.match(value(parseAmount("99999999999")), /too large/);
});

test("rupees are grouped the Indian way", () => {
  assert.equal(rupees("1245.50"), "1,245.50");
  assert.equal(rupees("1234567.5"), "12,34,567.50");
  assert.equal(rupees("980"), "980.00");
  assert.equal(rupees("100000.00"), "1,00,000.00");
  assert.equal(rupees(12.3), "12.30");
});

test("months are YYYY-MM; dates YYYY-MM-DD or DD-MM-YYYY, and real", () => {
  assert.equal(value(parseMonth("2026-11")), "2026-11-01");
  assert.equal(value(parseMonth("2026-1")), "2026-01-01");
  assert.match(value(parseMonth("2026-13")), /YYYY-MM/);
  assert.match(value(parseMonth("11-2026")), /YYYY-MM/);
  assert.equal(value(parseDate("2026-12-15")), "2026-12-15");
  assert.equal(value(parseDate("15-12-2026")), "2026-12-15");
  assert.equal(value(parseDate("5/1/2027")), "2027-01-05");
  assert.match(value(parseDate("31-02-2026")), /not a real date/);
  assert.match(value(parseDate("2026/15/01")), /not a real date/);
  assert.match(value(parseDate("15 Dec 2026")), /YYYY-MM-DD or DD-MM-YYYY/);
});

test("payment times: a date is its local midnight, a time without an offset is local", () => {
  const tz = "Asia/Kolkata";
  const iso = (s: string) => {
    const p = parseDateTime(s, tz);
    return p.ok ? p.value.at.toISOString() : p.reason;
  };
  assert.equal(iso("2026-11-20"), "2026-11-19T18:30:00.000Z");
  assert.equal(iso("20-11-2026 14:35"), "2026-11-20T09:05:00.000Z");
  assert.equal(iso("2026-11-20 14:35:10"), "2026-11-20T09:05:10.000Z");
  assert.equal(iso("2026-11-20T14:35:10.250+05:30"), "2026-11-20T09:05:10.000Z");
  assert.equal(iso("2026-11-20T09:05:00Z"), "2026-11-20T09:05:00.000Z");
  assert.match(iso("2026-11-20 25:00"), /impossible time/);
  const late = parseDateTime("2026-11-20T20:00:00Z", tz);
  assert.equal(late.ok && late.value.day, "2026-11-21");
  assert.match(iso("yesterday"), /not a date/);
});

test("SMS words: months and dates in English and Hindi, long references keep their end", () => {
  assert.equal(monthLabel("2026-11-01", "en"), "Nov 2026");
  assert.equal(monthLabel("2026-09-01", "en"), "Sep 2026");
  assert.equal(monthLabel("2026-11-01", "hi"), "नव॰ 2026");
  assert.equal(dateLabel("2026-12-05", "en"), "5 Dec 2026");
  assert.equal(dateLabel("2026-12-05", "hi"), "5 दिस॰ 2026");
  assert.equal(receiptLabel("UPI4411902233"), "UPI4411902233");
  const long = "PAYTXN-2026-11-20-000000000000000077";
  assert.equal(receiptLabel(long).length, 30);
  assert.ok(receiptLabel(long).endsWith("000077"));
});

test("payment links: short URLs with or without a scheme", () => {
  for (const ok of ["https://pay.mpez.in/b/x7Kq2", "pay.mpez.in/b/x7Kq2", "http://bit.ly/3xYz", "mpez.in"])
    assert.ok(SHORT_LINK.test(ok), ok);
  for (const bad of ["pay here", "https://", "javascript:alert(1)", "https://pay.in/{due}", "mpez"])
    assert.ok(!SHORT_LINK.test(bad), bad);
});
