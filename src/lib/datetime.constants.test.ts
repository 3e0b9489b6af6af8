import assert from "node:assert/strict";
import { test } from "node:test";
import { dateFormat } from "../../web/src/time.ts";
import { smsTime } from "../modules/notifications/sms-templates.ts";
import { dateTimeOptions } from "./datetime.constants.ts";

// A Hindi reader gets the part of the day in Hindi, in SMS and on screens alike; English is unchanged.
const TZ = "Asia/Kolkata";
const at = (iso: string) => new Date(iso);

test("Hindi SMS times name the part of the day: सुबह 4:43, दोपहर 1:15, रात 12:43", () => {
  assert.equal(smsTime(at("2026-11-28T23:13:00Z"), "hi", TZ), "29 नव॰, सुबह 4:43");
  assert.equal(smsTime(at("2026-11-28T07:45:00Z"), "hi", TZ), "28 नव॰, दोपहर 1:15");
  assert.equal(smsTime(at("2026-11-28T19:13:00Z"), "hi", TZ), "29 नव॰, रात 12:43");
  assert.equal(smsTime(at("2026-11-28T19:13:00Z"), "en", TZ), "29 Nov, 12:43 am");
});

test("no hour of the day reads am or pm in Hindi, on the SMS or the screen", () => {
  const screen = dateFormat("hi-IN", { dateStyle: "medium", timeStyle: "short" }, TZ);
  for (let h = 0; h < 24; h++) {
    const d = at(`2026-11-28T${String(h).padStart(2, "0")}:07:00Z`);
    for (const text of [smsTime(d, "hi", TZ), screen.format(d)]) {
      assert.doesNotMatch(text, /\b(am|pm|AM|PM)\b/, text);
      assert.match(text, /(सुबह|दोपहर|शाम|रात)/, text);
    }
  }
  assert.equal(screen.format(at("2026-11-28T23:13:00Z")), "29 नव॰ 2026, सुबह 4:43");
});

test("a 24-hour clock, a date alone and English are left as asked", () => {
  const h23 = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;
  assert.deepEqual(dateTimeOptions("hi-IN", h23), h23);
  assert.deepEqual(dateTimeOptions("hi", { day: "numeric", month: "short" }), {
    day: "numeric",
    month: "short",
  });
  assert.deepEqual(dateTimeOptions("en-IN", { timeStyle: "short" }), { timeStyle: "short" });
  assert.equal(dateFormat("hi-IN", h23, TZ).format(at("2026-11-28T13:30:00Z")), "19:00");
});
