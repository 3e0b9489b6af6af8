import assert from "node:assert/strict";
import { test } from "node:test";
import { payVariable } from "./connection-sms.listener.ts";

test("where to pay fits a 30-character DLT variable: the link, else its site, else the helpline", () => {
  assert.equal(payVariable("https://pay.mpez.in/nc/NCJB2612000123"), "pay.mpez.in/nc/NCJB2612000123");
  assert.equal(payVariable("https://pay.mpez.in/nc/NCJBPRW2612000123"), "pay.mpez.in");
  assert.equal(payVariable(`https://${"x".repeat(40)}.in/nc/NC1`), "1912");
  assert.equal(payVariable(null), "1912");
  for (const v of ["https://pay.example.co.in/nc/NCABCDEF2612000123", null])
    assert.ok(payVariable(v).length <= 30);
});
