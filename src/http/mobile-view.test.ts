import assert from "node:assert/strict";
import { test } from "node:test";
import { PERMISSIONS, type Permission } from "../modules/access/permissions.ts";
import type { Principal } from "../modules/access/principal.ts";
import { mobileView } from "./mobile-view.ts";

const principal = (permissions: Permission[]): Principal => ({
  kind: "user",
  id: 1,
  name: "x",
  login: "x",
  role: "viewer",
  language: "en",
  orgUnitId: 1,
  orgCode: "T",
  orgKind: "company",
  orgPath: "/T/",
  permissions: new Set(permissions),
});

const row = {
  consumerNo: "9000000001",
  relatedLabel: "9000000002",
  number: "REW2611000001",
  body: "फ़ोन 9876543210",
  callerNumber: "9876543211",
  senderNo: "9876543212",
  changes: { callerPhone: ["9876543213", "9876543214"] },
};

test("mobileView masks every mobile for a principal without consumers.read_mobile, identifiers aside", () => {
  for (const who of [undefined, principal(PERMISSIONS.filter((p) => p !== "consumers.read_mobile"))]) {
    assert.deepEqual(mobileView(who, row), {
      consumerNo: "9000000001",
      relatedLabel: "9000000002",
      number: "REW2611000001",
      body: "फ़ोन ******3210",
      callerNumber: "******3211",
      senderNo: "******3212",
      changes: { callerPhone: ["******3213", "******3214"] },
    });
  }
});

test("mobileView shows everything to a principal with consumers.read_mobile", () => {
  assert.deepEqual(mobileView(principal(["consumers.read_mobile"]), row), row);
});
