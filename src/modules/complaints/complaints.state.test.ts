import assert from "node:assert/strict";
import { test } from "node:test";
import { COMPLAINT_STATUSES, type ComplaintStatus } from "../../db/schema.ts";
import { allowedActions, COMPLAINT_ACTIONS, type ComplaintAction, nextStatus } from "./complaints.state.ts";

// The life cycle written out by hand, independent of the table in the code:
// for every state, each allowed action and where it leads. Everything else must be refused.
const EXPECTED: Record<ComplaintStatus, Partial<Record<ComplaintAction, ComplaintStatus>>> = {
  registered: {
    assign: "assigned",
    accept: "assigned",
    resolve: "resolved",
    mark_invalid: "invalid",
    mark_duplicate: "duplicate",
    change_category: "registered",
    note: "registered",
  },
  assigned: {
    assign: "assigned",
    accept: "assigned",
    attend: "attended",
    wait: "waiting",
    resolve: "resolved",
    mark_invalid: "invalid",
    mark_duplicate: "duplicate",
    change_category: "assigned",
    note: "assigned",
  },
  attended: {
    assign: "assigned",
    wait: "waiting",
    resolve: "resolved",
    mark_invalid: "invalid",
    mark_duplicate: "duplicate",
    change_category: "attended",
    note: "attended",
  },
  waiting: {
    assign: "assigned",
    resume: "assigned",
    resolve: "resolved",
    mark_invalid: "invalid",
    mark_duplicate: "duplicate",
    change_category: "waiting",
    note: "waiting",
  },
  resolved: { reopen: "assigned", close: "closed", note: "resolved" },
  closed: { note: "closed" },
  invalid: { note: "invalid" },
  duplicate: { note: "duplicate" },
};

test("every state × action: allowed ones lead where the life cycle says, the rest are refused", () => {
  let checked = 0;
  for (const status of COMPLAINT_STATUSES) {
    for (const action of COMPLAINT_ACTIONS) {
      const expected = EXPECTED[status][action];
      assert.equal(nextStatus(status, action), expected, `${status} × ${action}`);
      checked++;
    }
    assert.deepEqual(
      allowedActions(status).sort(),
      (Object.keys(EXPECTED[status]) as ComplaintAction[]).sort(),
      `allowed actions of ${status}`,
    );
  }
  assert.equal(checked, COMPLAINT_STATUSES.length * COMPLAINT_ACTIONS.length);
});

test("resume returns to where the complaint was: on site if the lineman had attended", () => {
  assert.equal(nextStatus("waiting", "resume", { attended: true }), "attended");
  assert.equal(nextStatus("waiting", "resume", { attended: false }), "assigned");
});

test("closed, invalid and duplicate are final: only notes", () => {
  for (const s of ["closed", "invalid", "duplicate"] as const) assert.deepEqual(allowedActions(s), ["note"]);
});
