import { type Kysely, sql } from "kysely";
import { dcInJurisdiction } from "../../db/jurisdiction.ts";
import type { AreaType, Channel, Complaint, ComplaintUpdate, DB, Language } from "../../db/schema.ts";
import { pickColumns, type StagedConflict, type StagedWrites } from "../../db/staged-writes.ts";
import type { Principal } from "../access/principal.ts";
import {
  type ComplaintAuditEvent,
  complaintEventRow,
  writeComplaintEvents,
} from "../audit/audit.repository.ts";
import { ComplaintOutagesRepository } from "./complaint-outages.repository.ts";
import { ComplaintQueuesRepository } from "./complaint-queues.repository.ts";
import { ComplaintTargetsRepository } from "./complaint-targets.repository.ts";
import { type ComplaintRow, complaintRows, statusIn } from "./complaints.sql.ts";

export type { ComplaintFilter } from "./complaint-queues.repository.ts";
export type { ComplaintTarget } from "./complaint-targets.repository.ts";
export {
  type ComplaintRow,
  callMobile,
  type LiveOutageRef,
  type StaffContact,
  toLiveOutageRef,
} from "./complaints.sql.ts";

export interface NewComplaint {
  number: string;
  consumerId: number | null;
  callerName: string | null;
  callerPhone: string | null;
  altPhone: string | null;
  location: string | null;
  landmark: string | null;
  dcId: number;
  feederId: number | null;
  dtId: number | null;
  areaType: AreaType;
  categoryCode: string;
  subcategoryCode: string | null;
  description: string;
  channel: Channel;
  language: Language;
  priority: number;
  emergency: boolean;
  registeredAt: Date;
  dueAt: Date;
  nextEscalationAt: Date | null;
  createdBy: number | null;
}

/** An entry of a complaint's audit trail (the shape both trails share). */
export type NewComplaintEvent = ComplaintAuditEvent;

const NEW_COMPLAINT_COLUMNS = [
  "id",
  "from_unregistered_mobile",
  "number",
  "consumer_id",
  "caller_name",
  "caller_phone",
  "alt_phone",
  "location",
  "landmark",
  "dc_id",
  "feeder_id",
  "dt_id",
  "area_type",
  "category_code",
  "subcategory_code",
  "description",
  "channel",
  "language",
  "priority",
  "emergency",
  "status",
  "assigned_to",
  "assigned_at",
  "registered_at",
  "due_at",
  "next_escalation_at",
  "created_by",
  "updated_at",
  "outage_id",
] as const;

/** The partial unique index: one open complaint per consumer and category. */
const ONE_OPEN_PER_CATEGORY: StagedConflict<"complaints"> = (oc) =>
  oc
    .columns(["consumer_id", "category_code"])
    .where("consumer_id", "is not", null)
    .where(statusIn("status"))
    .doNothing();

const EVENT_COLUMNS = [
  "complaint_id",
  "at",
  "action",
  "actor_kind",
  "actor_id",
  "actor_name",
  "actor_role",
  "channel",
  "from_status",
  "to_status",
  "changes",
  "note",
] as const;

/**
 * The complaints themselves: reading one, the writes of registration and of
 * the life cycle, the audit trail, idempotency keys. The rest is split by
 * what it serves (targets, outage links, queues), on the same connection.
 */
export class ComplaintsRepository {
  /** Where a complaint goes and who hears of it. */
  readonly targets: ComplaintTargetsRepository;
  /** The complaints of outages. */
  readonly outages: ComplaintOutagesRepository;
  /** Queues, counters, the SLA clock's work list. */
  readonly queues: ComplaintQueuesRepository;

  constructor(private readonly db: Kysely<DB>) {
    this.targets = new ComplaintTargetsRepository(db);
    this.outages = new ComplaintOutagesRepository(db);
    this.queues = new ComplaintQueuesRepository(db);
  }

  async findForUser(principal: Principal, number: string): Promise<ComplaintRow | undefined> {
    return (await complaintRows(this.db)
      .where("c.number", "=", number)
      .where(dcInJurisdiction("c.dc_id", principal))
      .executeTakeFirst()) as ComplaintRow | undefined;
  }

  async findById(id: number): Promise<ComplaintRow | undefined> {
    return (await complaintRows(this.db).where("c.id", "=", id).executeTakeFirst()) as
      | ComplaintRow
      | undefined;
  }

  /** Whether a complaint with this number exists anywhere (to tell 403 from 404). */
  async exists(number: string): Promise<boolean> {
    const r = await this.db
      .selectFrom("complaints")
      .select("id")
      .where("number", "=", number)
      .executeTakeFirst();
    return r !== undefined;
  }

  /** Locks the complaint row for the rest of the transaction. */
  async lock(id: number): Promise<Complaint> {
    return this.db
      .selectFrom("complaints")
      .selectAll()
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirstOrThrow();
  }

  async nextNumberSequence(): Promise<number> {
    const r = await sql<{ n: number }>`select nextval('complaint_number_seq')::bigint as n`.execute(this.db);
    return Number(r.rows[0]?.n);
  }

  /**
   * Stages a new complaint as the gate of a single-statement write: if the
   * consumer already has an open complaint in the category (the partial
   * unique index), nothing staged after it is written either.
   */
  static stageNew(stage: StagedWrites, c: Complaint): void {
    stage.add({
      table: "complaints",
      gate: true,
      overridingSystemValue: true,
      columns: NEW_COMPLAINT_COLUMNS,
      rows: [pickColumns(c, NEW_COMPLAINT_COLUMNS)],
      onConflict: ONE_OPEN_PER_CATEGORY,
    });
  }

  static stageEvents(stage: StagedWrites, events: NewComplaintEvent[]): void {
    stage.add({
      table: "complaint_events",
      columns: EVENT_COLUMNS,
      rows: events.map(complaintEventRow),
    });
  }

  /** Without ON CONFLICT: a key recorded meanwhile by a twin request fails the whole write (a unique violation). */
  static stageIdempotency(
    stage: StagedWrites,
    principal: string,
    key: string,
    hash: string,
    complaintId: number,
  ): void {
    stage.add({
      table: "idempotency_keys",
      columns: ["principal", "key", "request_hash", "complaint_id"],
      rows: [{ principal, key, request_hash: hash, complaint_id: complaintId }],
    });
  }

  /**
   * A registration's writes, staged in the order of its one statement: the
   * complaint (the gate), its audit entries, and the idempotency key it
   * answers (listeners add its SMS after them).
   */
  static stageRegistration(
    stage: StagedWrites,
    complaint: Complaint,
    events: NewComplaintEvent[],
    idempotency: { principal: string; key: string; hash: string } | undefined,
  ): void {
    ComplaintsRepository.stageNew(stage, complaint);
    ComplaintsRepository.stageEvents(stage, events);
    if (idempotency)
      ComplaintsRepository.stageIdempotency(
        stage,
        idempotency.principal,
        idempotency.key,
        idempotency.hash,
        complaint.id,
      );
  }

  async update(id: number, changes: ComplaintUpdate): Promise<Complaint> {
    return this.db
      .updateTable("complaints")
      .set(changes)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** The open complaint of this consumer in this category, locked, if there is one. */
  findOpenForConsumer(consumerId: number, categoryCode: string): Promise<Complaint | undefined> {
    return this.db
      .selectFrom("complaints")
      .selectAll()
      .where("consumer_id", "=", consumerId)
      .where("category_code", "=", categoryCode)
      .where(statusIn("status"))
      .forUpdate()
      .executeTakeFirst();
  }

  async addEvent(e: NewComplaintEvent): Promise<void> {
    await this.addEvents([e]);
  }

  async addEvents(events: NewComplaintEvent[]): Promise<void> {
    await writeComplaintEvents(this.db, events);
  }

  events(complaintId: number) {
    return this.db
      .selectFrom("complaint_events")
      .selectAll()
      .where("complaint_id", "=", complaintId)
      .orderBy("id")
      .execute();
  }

  /** The users, outages and complaints the timeline's changes name by id. */
  async timelineRefs(events: { changes: Record<string, unknown> }[]) {
    const ids = (field: string) => [
      ...new Set(
        events.flatMap((e) => {
          const v = e.changes[field];
          return (Array.isArray(v) ? v : [])
            .map((x) => Number(x))
            .filter((x) => Number.isSafeInteger(x) && x > 0);
        }),
      ),
    ];
    const userIds = ids("assigned_to");
    const outageIds = ids("outage_id");
    const complaintIds = ids("duplicate_of");
    const users = userIds.length
      ? await this.db.selectFrom("users").select(["id", "name", "role"]).where("id", "in", userIds).execute()
      : [];
    const outages = outageIds.length
      ? await this.db
          .selectFrom("outages as o")
          .leftJoin("dts as d", "d.id", "o.dt_id")
          .leftJoin("feeders as f", "f.id", "o.feeder_id")
          .innerJoin("org_units as u", "u.id", "o.dc_id")
          .select((eb) => [
            "o.id",
            "o.scope",
            eb.fn.coalesce("d.name_en", "f.name_en", "u.name_en").as("nameEn"),
            eb.fn.coalesce("d.name_hi", "f.name_hi", "u.name_hi").as("nameHi"),
          ])
          .where("o.id", "in", outageIds)
          .execute()
      : [];
    const complaints = complaintIds.length
      ? await this.db
          .selectFrom("complaints")
          .select(["id", "number"])
          .where("id", "in", complaintIds)
          .execute()
      : [];
    return {
      users: users.map((u) => ({ id: Number(u.id), name: u.name, role: u.role })),
      outages: outages.map((o) => ({ ...o, id: Number(o.id) })),
      complaints: complaints.map((c) => ({ id: Number(c.id), number: c.number })),
    };
  }

  async findByIds(ids: number[]): Promise<ComplaintRow[]> {
    if (ids.length === 0) return [];
    return (await complaintRows(this.db)
      .where("c.id", "in", ids)
      .orderBy("c.id")
      .execute()) as ComplaintRow[];
  }

  /** Every mobile on record for a complaint (for the public tracking check). */
  async knownMobiles(complaint: Complaint): Promise<string[]> {
    const mobiles = [complaint.caller_phone, complaint.alt_phone].filter((m): m is string => Boolean(m));
    if (complaint.consumer_id) {
      const rows = await this.db
        .selectFrom("consumer_mobiles")
        .select("mobile")
        .where("consumer_id", "=", complaint.consumer_id)
        .execute();
      mobiles.push(...rows.map((r) => r.mobile));
    }
    return mobiles;
  }

  // Idempotency

  async idempotent(
    principal: string,
    key: string,
  ): Promise<{ request_hash: string; complaint_id: number } | undefined> {
    return this.db
      .selectFrom("idempotency_keys")
      .select(["request_hash", "complaint_id"])
      .where("principal", "=", principal)
      .where("key", "=", key)
      .executeTakeFirst();
  }

  /** Records the key; false when another request recorded it first. */
  async rememberIdempotent(
    principal: string,
    key: string,
    hash: string,
    complaintId: number,
  ): Promise<boolean> {
    const r = await this.db
      .insertInto("idempotency_keys")
      .values({ principal, key, request_hash: hash, complaint_id: complaintId })
      .onConflict((oc) => oc.columns(["principal", "key"]).doNothing())
      .returning("key")
      .executeTakeFirst();
    return r !== undefined;
  }

  /** The public tracking view: a complaint by number, no jurisdiction (the caller proves the mobile). */
  async findPublic(number: string): Promise<ComplaintRow | undefined> {
    return (await complaintRows(this.db).where("c.number", "=", number).executeTakeFirst()) as
      | ComplaintRow
      | undefined;
  }
}
