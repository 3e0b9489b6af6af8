import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  type CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from "kysely";
import type { Complaint, DB } from "../../db/schema.ts";
import { StagedWrites } from "../../db/staged-writes.ts";
import { type OutboxMessage, OutboxRepository } from "../notifications/outbox.repository.ts";
import { DtAnalysisRepository } from "../outages/dt-analysis.repository.ts";
import { ComplaintTargetsRepository } from "./complaint-targets.repository.ts";
import { ComplaintsRepository, type NewComplaintEvent } from "./complaints.repository.ts";

/*
 * The SQL of a registration (benchmarked: bench/complaints.ts), compiled by
 * Kysely and compared with the checked-in snapshot, so that any change to it
 * shows in review. After a deliberate change:
 *   UPDATE_SNAPSHOTS=1 npm test -- registration-sql
 * rewrites the snapshot; commit it with the change.
 */

const snapshot = path.join(path.dirname(fileURLToPath(import.meta.url)), "__snapshots__/registration.sql");

/** Kysely that only compiles (PostgreSQL's dialect, no connection). */
const compiler = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const at = new Date("2026-11-28T03:30:00Z");

const complaint: Complaint = {
  id: 101,
  number: "MPEZ2611000101",
  consumer_id: 7,
  caller_name: null,
  caller_phone: null,
  alt_phone: null,
  location: null,
  landmark: null,
  dc_id: 5,
  feeder_id: 11,
  dt_id: 21,
  area_type: "urban",
  category_code: "no_supply",
  subcategory_code: null,
  description: "",
  channel: "call",
  language: "hi",
  priority: 1,
  emergency: false,
  status: "assigned",
  assigned_to: 31,
  registered_at: at,
  assigned_at: at,
  accepted_at: null,
  attended_at: null,
  waiting_since: null,
  resolved_at: null,
  closed_at: null,
  due_at: new Date("2026-11-28T07:30:00Z"),
  breached_at: null,
  compensation_rs: 0,
  escalation_level: 0,
  next_escalation_at: new Date("2026-11-28T07:30:00Z"),
  resolution_code: null,
  resolution_remarks: null,
  reopen_count: 0,
  call_count: 1,
  duplicate_of: null,
  close_reason: null,
  created_by: 41,
  updated_at: at,
  outage_id: null,
  from_unregistered_mobile: false,
  is_repeat: false,
};

const event = (action: string, toStatus: string): NewComplaintEvent => ({
  complaintId: complaint.id,
  at,
  action,
  actorKind: "system",
  actorId: null,
  actorName: "PowerDesk",
  actorRole: null,
  channel: "system",
  fromStatus: null,
  toStatus,
});

const sms = (recipient: string): OutboxMessage => ({
  dedupKey: `complaint:101:${recipient}`,
  recipient,
  language: "hi",
  template: "complaint_registered",
  variables: {},
  body: "",
  urgent: false,
  relatedType: "complaint",
  relatedId: complaint.id,
  createdAt: at,
});

/** One clause a line, so that a diff points at the clause that changed. */
function readable(q: CompiledQuery): string {
  const text = q.sql
    .replace(/\s+/g, " ")
    .replace(
      / (?=(select|from|where|inner join|left join|order by|limit|on conflict|returning|"w\d+" as) )/g,
      "\n  ",
    );
  return `${text}\n-- parameters: ${q.parameters.length}`;
}

function registrationSql(): string {
  // 1. Where the complaint goes (the consumer, his DC, network, mobiles and
  //    live outage), allocating its id, number and lineman: one query.
  const target = new ComplaintTargetsRepository(compiler).consumerTargetQuery("7001000001", true).compile();

  // 2. Everything it writes, in one statement: the complaint, its audit
  //    entries (registered, assigned), the Idempotency-Key it answers, and the
  //    SMS the listeners stage (the consumer's acknowledgement, the lineman's)
  //    and the DT queued for trouble-call analysis.
  const stage = new StagedWrites();
  ComplaintsRepository.stageRegistration(
    stage,
    complaint,
    [event("registered", "registered"), event("assigned", "assigned")],
    { principal: "user:41", key: "k-1", hash: "h" },
  );
  OutboxRepository.stage(stage, [sms("9826011111")]);
  OutboxRepository.stage(stage, [sms("9000000011")]);
  // A "no supply" call behind no known outage: its DT queued for trouble-call analysis.
  DtAnalysisRepository.stage(stage, complaint.dt_id as number, at);
  const writes = stage.compile(compiler);

  return [
    "-- The SQL of a complaint's registration: see registration-sql.test.ts.",
    "",
    "-- 1. Where it goes, with its id, number and lineman allocated",
    readable(target),
    "",
    "-- 2. Its writes, one statement",
    readable(writes),
    "",
  ].join("\n");
}

test("the registration's SQL is the snapshot's (UPDATE_SNAPSHOTS=1 rewrites it after a deliberate change)", () => {
  const actual = registrationSql();
  if (process.env.UPDATE_SNAPSHOTS === "1") {
    fs.mkdirSync(path.dirname(snapshot), { recursive: true });
    fs.writeFileSync(snapshot, actual);
    return;
  }
  const expected = fs.existsSync(snapshot) ? fs.readFileSync(snapshot, "utf8") : "";
  try {
    assert.equal(actual, expected);
  } catch (err) {
    throw new Error(
      `The SQL of a registration changed (${path.relative(process.cwd(), snapshot)}).\n` +
        "If the change is meant, run UPDATE_SNAPSHOTS=1 npm test -- registration-sql and commit the snapshot;\n" +
        "registration is benchmarked (bench/complaints.ts): no extra queries or round trips.\n\n" +
        (err as Error).message,
    );
  }
});

test("the staged statement's rows travel as its parameters, one JSON array per insert", () => {
  const stage = new StagedWrites();
  ComplaintsRepository.stageRegistration(stage, complaint, [event("registered", "registered")], undefined);
  const q = stage.compile(compiler);
  assert.equal(q.parameters.length, 2);
  assert.equal(JSON.parse(q.parameters[0] as string)[0].number, complaint.number);
  assert.equal(JSON.parse(q.parameters[1] as string)[0].action, "registered");
});
