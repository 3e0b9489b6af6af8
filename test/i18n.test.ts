import assert from "node:assert/strict";
import { test } from "node:test";
import {
  AREA_TYPES,
  CALL_OUTCOMES,
  CHANNELS,
  COMPLAINT_STATUSES,
  CONNECTION_STATUSES,
  LANGUAGES,
  ORG_KINDS,
  OUTAGE_KINDS,
  OUTAGE_SCOPES,
  OUTAGE_SOURCES,
  OUTAGE_STATUSES,
  PAYMENT_MODES,
  ROLES,
  SMS_CATEGORIES,
  SMS_STATUSES,
  SURVEY_OUTCOMES,
  SURVEY_TARGET_STATUSES,
  TARIFF_CATEGORIES,
  TROUBLE_TAGS,
} from "../src/db/schema.ts";
import { TOKEN_SCOPES } from "../src/modules/access/permissions.ts";
import { BILL_STATUSES } from "../src/modules/billing/billing.service.ts";
import { COMPLAINT_ACTIONS } from "../src/modules/complaints/complaints.state.ts";
import { SCORE_METRICS } from "../src/modules/feedback/survey.service.ts";
import { SMS_TEMPLATES } from "../src/modules/notifications/sms-templates.ts";
import { OUTAGE_ACTIONS } from "../src/modules/outages/outages.state.ts";
import { RELIABILITY_LEVELS } from "../src/modules/outages/reliability.repository.ts";
import { en } from "../web/src/i18n/en.ts";
import { hi } from "../web/src/i18n/hi.ts";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("Hindi has every English string, none empty, with the same placeholders", () => {
  assert.deepEqual(Object.keys(hi).sort(), Object.keys(en).sort());
  for (const [key, text] of Object.entries(en)) {
    const h = hi[key as keyof typeof en];
    assert.ok(h.trim().length > 0, `${key} is empty in Hindi`);
    if (key !== "error.generic")
      assert.deepEqual(placeholders(h), placeholders(text), `placeholders of ${key}`);
  }
});

test("Hindi strings are Hindi, not copies of the English", () => {
  const devanagari = /[\u0900-\u097F]/;
  const copies = Object.keys(en).filter((k) => {
    const h = hi[k as keyof typeof en];
    return !devanagari.test(h) && k !== "lang.toggle";
  });
  assert.deepEqual(copies, []);
});

test("every value the API can return has a label in both languages", () => {
  const needed = [
    ...ROLES.map((r) => `role.${r}`),
    ...ORG_KINDS.map((k) => `kind.${k}`),
    ...CONNECTION_STATUSES.map((s) => `status.${s}`),
    ...TARIFF_CATEGORIES.map((c) => `tariff.${c}`),
    ...AREA_TYPES.map((a) => `area.${a}`),
    ...LANGUAGES.map((l) => `lang.${l}`),
    ...TOKEN_SCOPES.map((s) => `scope.${s}`),
    ...["consumer_no", "mobile", "meter_no", "name"].map((m) => `match.${m}`),
    ...COMPLAINT_STATUSES.map((s) => `cstatus.${s}`),
    ...COMPLAINT_ACTIONS.map((a) => `action.${a}`),
    ...CHANNELS.map((c) => `channel.${c}`),
    ...OUTAGE_STATUSES.map((s) => `ostatus.${s}`),
    ...OUTAGE_KINDS.map((k) => `okind.${k}`),
    ...OUTAGE_SCOPES.map((s) => `oscope.${s}`),
    ...OUTAGE_SOURCES.map((s) => `osource.${s}`),
    ...OUTAGE_ACTIONS.map((a) => `oaction.${a}`),
    // The consumer banner has a sentence for each kind of outage and each thing that can be out.
    ...OUTAGE_SCOPES.flatMap((s) => [`banner.live.${s}`, `banner.planned.${s}`]),
    // The outbox, the template editor and the outage page name every template, state and DLT category.
    ...Object.keys(SMS_TEMPLATES).map((k) => `smsTemplate.${k}`),
    ...SMS_STATUSES.map((s) => `smsStatus.${s}`),
    ...SMS_CATEGORIES.map((c) => `smsCategory.${c}`),
    // The feedback desk names every call outcome and every kind of trouble.
    ...CALL_OUTCOMES.map((o) => `cb.outcome.${o}`),
    ...TROUBLE_TAGS.map((x) => `trouble.${x}`),
    // The survey desk names every outcome and state; the scorecards every flagged figure.
    ...SURVEY_OUTCOMES.map((o) => `sv.outcome.${o}`),
    ...SURVEY_TARGET_STATUSES.map((s) => `sv.status.${s}`),
    ...SCORE_METRICS.map((m) => `sv.metric.${m}`),
    ...RELIABILITY_LEVELS.map((l) => (l === "feeder" ? "rel.level.feeder" : `kind.${l}`)),
    // The bills panel of the consumer card.
    ...BILL_STATUSES.map((s) => `bills.status.${s}`),
    ...PAYMENT_MODES.map((m) => `bills.mode.${m}`),
  ];
  const missing = needed.filter((k) => !(k in en) || !(k in hi));
  assert.deepEqual(missing, []);
});

test("a message with a count takes the plural form of the language", async () => {
  const { translate } = await import("../web/src/i18n/translate.ts");
  assert.equal(translate("en", "complaint.calls", { count: 1 }), "1 call");
  assert.equal(translate("en", "complaint.calls", { count: 3 }), "3 calls");
  assert.equal(translate("en", "sms.partsCount", { count: 1 }), "1 SMS part");
  assert.equal(translate("en", "complaints.count", { count: 1200 }), "1,200 complaints");
  // Hindi's singular takes 0 and 1.
  assert.equal(translate("hi", "complaints.count", { count: 1 }), "1 शिकायत");
  assert.equal(translate("hi", "complaints.count", { count: 0 }), "0 शिकायत");
  assert.equal(translate("hi", "complaints.count", { count: 4 }), "4 शिकायतें");
  // A plural message has both forms in both languages.
  for (const key of Object.keys(en).filter((k) => k.endsWith("_other")))
    assert.ok(key.replace(/_other$/, "_one") in en, `${key} has no _one`);
});
