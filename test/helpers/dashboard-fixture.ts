import type { Database } from "../../src/db/database.ts";
import type { Repositories } from "../../src/modules/registry.ts";
import { buildComplaint, buildConsumer, buildUser, type Tree } from "../factories.ts";

/** The dashboard fixture's clock: 12:00 on 20 November 2026 in India. */
export const DASHBOARD_NOW = "2026-11-20T06:30:00Z";

const at = (iso: string, plusMinutes = 0) => new Date(new Date(iso).getTime() + plusMinutes * 60_000);

/**
 * Eight complaints in division TD (DC TDC1 under TS1, TDC2 under TS2), whose
 * figures for November 2026 are worked out by hand in dashboard.test.ts:
 * A, B, C (one consumer, so C is his third in 30 days: a repeat) resolved in
 * 30, 90 and 300 minutes (C past its 4-hour limit, and reopened once), D a
 * billing complaint resolved in 3000 minutes, E open and past its limit
 * (assigned to lineman lm.tdc2), F open within its limit, G registered in
 * October, open and past its limit with nobody assigned, H marked invalid.
 */
export async function buildDashboardFixture(database: Database, repos: Repositories, tree: Tree) {
  const lineman = await buildUser(repos, tree, { login: "lm.tdc2", role: "lineman", orgCode: "TDC2" });
  const x = await buildConsumer(repos, tree);
  const c = (over: Parameters<typeof buildComplaint>[2]) => buildComplaint(database, tree, over);
  const A = await c({
    consumerNo: x.consumerNo,
    registered_at: at("2026-11-02T04:30:00Z"),
    status: "resolved",
    resolved_at: at("2026-11-02T04:30:00Z", 30),
  });
  const B = await c({
    consumerNo: x.consumerNo,
    registered_at: at("2026-11-03T04:30:00Z"),
    status: "closed",
    resolved_at: at("2026-11-03T04:30:00Z", 90),
    closed_at: at("2026-11-03T04:30:00Z", 120),
  });
  const C = await c({
    consumerNo: x.consumerNo,
    channel: "web",
    registered_at: at("2026-11-04T04:30:00Z"),
    status: "resolved",
    resolved_at: at("2026-11-04T04:30:00Z", 300),
    breached_at: at("2026-11-04T04:30:00Z", 240),
    reopen_count: 1,
  });
  const D = await c({
    dtCode: "TF2-T1",
    category_code: "billing",
    channel: "sms",
    registered_at: at("2026-11-05T04:30:00Z"),
    status: "closed",
    resolved_at: at("2026-11-05T04:30:00Z", 3000),
    closed_at: at("2026-11-05T04:30:00Z", 3100),
  });
  const E = await c({
    dtCode: "TF2-T1",
    registered_at: at("2026-11-19T04:30:00Z"),
    status: "assigned",
    assigned_to: lineman.id,
    assigned_at: at("2026-11-19T04:40:00Z"),
    breached_at: at("2026-11-19T04:30:00Z", 240),
  });
  const F = await c({ registered_at: at("2026-11-20T05:30:00Z") });
  const G = await c({
    dtCode: "TF2-T1",
    category_code: "billing",
    registered_at: at("2026-10-10T04:30:00Z"),
    status: "attended",
  });
  const H = await c({ registered_at: at("2026-11-10T04:30:00Z"), status: "invalid" });
  return { lineman, complaints: { A, B, C, D, E, F, G, H } };
}
