import assert from "node:assert/strict";
import { test } from "node:test";
import { COMPLAINT_STATUSES, OUTAGE_SCOPES } from "../src/db/schema.ts";
import { BILL_STATUSES } from "../src/modules/billing/billing.service.ts";
import { en, hi } from "../web/src/portal/strings.ts";

// The consumer portal keeps its own small dictionary (web/src/portal/strings.ts) so its first
// page stays light; the same rules as the desk's dictionaries hold for it.
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("the portal's Hindi has every English string, in Hindi, with the same placeholders", () => {
  assert.deepEqual(Object.keys(hi).sort(), Object.keys(en).sort());
  const devanagari = /[\u0900-\u097F]/;
  for (const [key, text] of Object.entries(en)) {
    const h = hi[key as keyof typeof en];
    assert.ok(h.trim().length > 0, `${key} is empty in Hindi`);
    assert.deepEqual(placeholders(h), placeholders(text), `placeholders of ${key}`);
    if (key !== "lang.switch" && key !== "lang.switchLabel")
      assert.ok(devanagari.test(h), `${key} is not Hindi: ${h}`);
  }
});

test("every status the portal's API returns has a label", () => {
  const needed = [
    ...COMPLAINT_STATUSES.map((s) => `cstatus.${s}`),
    ...BILL_STATUSES.map((s) => `bill.${s}`),
    ...OUTAGE_SCOPES.map((s) => `scope.${s}`),
  ];
  assert.deepEqual(
    needed.filter((k) => !(k in en)),
    [],
  );
});
