import { createHash } from "node:crypto";
import type { Channel, Complaint, ComplaintCategory, Language } from "../../db/schema.ts";
import { AppError, badRequest, forbidden, notFound } from "../../lib/errors.ts";
import { normaliseMobile } from "../../lib/mobile.ts";
import { zonedParts } from "../../lib/time.ts";
import { can, type Principal } from "../access/principal.ts";
import { type Actor, actorFields, actorOf, SYSTEM_ACTOR } from "../audit/actor.ts";
import { alertEmergency } from "./complaint-escalation.ts";
import type { ComplaintsContext } from "./complaints.context.ts";
import {
  type ComplaintRow,
  ComplaintsRepository,
  type ComplaintTarget,
  type NewComplaintEvent,
} from "./complaints.repository.ts";
import { dueAt } from "./complaints.sla.ts";

export interface CreateComplaintInput {
  consumerNo?: string | undefined;
  dtCode?: string | undefined;
  feederCode?: string | undefined;
  dcCode?: string | undefined;
  location?: string | undefined;
  landmark?: string | undefined;
  callerName?: string | undefined;
  callerPhone?: string | undefined;
  altPhone?: string | undefined;
  categoryCode: string;
  subcategoryCode?: string | undefined;
  description?: string | undefined;
  channel?: Channel | undefined;
  language?: Language | undefined;
  /** By SMS from a mobile that is not one of the consumer's (the inbound SMS handler decides). */
  fromUnregisteredMobile?: boolean | undefined;
}

export type CreateOutcome = "created" | "repeat_call" | "replayed";

class IdempotentReplay extends Error {}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return e.code === "23505" && (e.constraint === constraint || (e.message ?? "").includes(constraint));
}

/** What is known before anything is written. */
interface Draft {
  principal: Principal;
  input: CreateComplaintInput;
  category: ComplaintCategory;
  target: ComplaintTarget;
  actor: Actor;
  now: Date;
  /** The complaint number's prefix (area and month). */
  prefix: string;
  callerPhone: string | null;
  altPhone: string | null;
}

/**
 * The new complaint, as written and as its listeners see it, with its audit
 * entries: registered, and assigned when the policy chose a lineman.
 */
function draftComplaint({
  principal,
  input,
  category,
  target,
  actor,
  now,
  prefix,
  callerPhone,
  altPhone,
}: Draft) {
  const area = target.areaType ?? "urban";
  const due = dueAt(now, category, area);
  // A "no supply" call from behind a known outage joins it: restoration
  // resolves them together. It is the outage owner's work, not a lineman's
  // one by one: he hears of such calls in a digest.
  const outage = category.is_no_supply ? target.outage : null;
  const lineman = outage ? null : target.lineman;
  const complaint: Complaint = {
    id: target.complaintId,
    number: `${prefix}${String(target.numberSeq).padStart(6, "0")}`,
    consumer_id: target.consumerId,
    caller_name: input.callerName?.trim() || null,
    caller_phone: callerPhone,
    alt_phone: altPhone,
    location: input.location?.trim() || null,
    landmark: input.landmark?.trim() || null,
    dc_id: target.dcId,
    feeder_id: target.feederId,
    dt_id: target.dtId,
    area_type: area,
    category_code: category.code,
    subcategory_code: input.subcategoryCode ?? null,
    description: input.description?.trim() ?? "",
    channel: input.channel ?? (principal.kind === "token" ? "api" : "call"),
    language: input.language ?? "hi",
    priority: category.priority,
    emergency: category.emergency,
    status: lineman ? "assigned" : "registered",
    assigned_to: lineman?.id ?? null,
    registered_at: now,
    assigned_at: lineman ? now : null,
    accepted_at: null,
    attended_at: null,
    waiting_since: null,
    resolved_at: null,
    closed_at: null,
    due_at: due,
    breached_at: null,
    compensation_rs: 0,
    escalation_level: 0,
    next_escalation_at: due,
    resolution_code: null,
    resolution_remarks: null,
    reopen_count: 0,
    call_count: 1,
    duplicate_of: null,
    close_reason: null,
    created_by: principal.kind === "user" ? principal.id : null,
    updated_at: now,
    outage_id: outage?.id ?? null,
    from_unregistered_mobile: input.fromUnregisteredMobile ?? false,
    // Set by the database on insert (trigger complaints_mark_repeat); not inserted from here.
    is_repeat: false,
  };
  const row: ComplaintRow = {
    ...complaint,
    dc_code: target.dcCode,
    dc_name_en: target.dcNameEn,
    dc_name_hi: target.dcNameHi,
    dc_path: target.dcPath,
    category_name_en: category.name_en,
    category_name_hi: category.name_hi,
    consumer_no: target.consumerNo,
    consumer_name: target.consumerName,
    consumer_mobile: target.consumerMobile,
    consumer_sms_mobile: target.smsMobile,
    consumer_sms_language: target.smsLanguage,
    assignee_name: lineman?.name ?? null,
    assignee_login: lineman?.login ?? null,
    feeder_code: target.feederCode,
    dt_code: target.dtCode,
  };
  const events: NewComplaintEvent[] = [
    {
      complaintId: row.id,
      at: now,
      action: "registered",
      ...actorFields(actor),
      fromStatus: null,
      toStatus: "registered",
      changes: {
        category_code: [null, category.code],
        due_at: [null, due.toISOString()],
        channel: [null, row.channel],
        ...(outage ? { outage_id: [null, outage.id] } : {}),
      },
      note: row.description || null,
    },
  ];
  if (lineman) {
    events.push({
      complaintId: row.id,
      at: now,
      action: "assigned",
      ...actorFields(SYSTEM_ACTOR),
      fromStatus: "registered",
      toStatus: "assigned",
      changes: {
        status: ["registered", "assigned"],
        assigned_to: [null, lineman.id],
        assignee: [null, lineman.name],
      },
      note: "assignment policy: least open work",
    });
  }
  return { complaint, row, events, outage, lineman };
}

/**
 * Registration: where a complaint goes, its number, its lineman, its SLA; a
 * repeat call on an open one; idempotent retries. The hot path (benchmarked):
 * one query for the target, one statement for every write.
 */
export class ComplaintRegistration {
  constructor(private readonly ctx: ComplaintsContext) {}

  private phone(value: string | undefined, field: string): string | null {
    if (value === undefined || value.trim() === "") return null;
    const m = normaliseMobile(value);
    if (!m) throw badRequest(`${field} must be a 10-digit mobile number`, field);
    return m;
  }

  private async target(
    principal: Principal,
    input: CreateComplaintInput,
    autoAssign: boolean,
  ): Promise<ComplaintTarget> {
    const repo = this.ctx.complaints().targets;
    let target: ComplaintTarget | undefined;
    if (input.consumerNo) {
      target = await repo.consumerTarget(input.consumerNo.trim().toUpperCase(), autoAssign);
      if (!target) throw badRequest(`no consumer ${input.consumerNo}`, "consumerNo");
    } else if (input.dtCode) {
      target = await repo.dtTarget(input.dtCode.trim().toUpperCase(), autoAssign);
      if (!target) throw badRequest(`no DT ${input.dtCode}`, "dtCode");
    } else if (input.feederCode) {
      target = await repo.feederTarget(input.feederCode.trim().toUpperCase(), autoAssign);
      if (!target) throw badRequest(`no feeder ${input.feederCode}`, "feederCode");
    } else if (input.dcCode) {
      if (!input.location?.trim()) throw badRequest("say where the fault is (location)", "location");
      target = await repo.dcTarget(input.dcCode.trim().toUpperCase(), autoAssign);
      if (!target) throw badRequest(`no DC ${input.dcCode}`, "dcCode");
    } else {
      throw badRequest(
        "give a consumer number, or a DT or feeder code, or a DC code with the location",
        "consumerNo",
      );
    }
    if (principal.orgKind !== "company" && !(await repo.dcVisible(principal, target.dcId))) {
      throw forbidden("that consumer or place is outside your jurisdiction");
    }
    return target;
  }

  /** The first part of a complaint number: the DISCOM area (the region's code) and yymm; a sequence follows. */
  private numberPrefix(dcPath: string, at: Date): string {
    const region = (dcPath.split("/")[2] ?? "PD").replace(/[^A-Z0-9]/g, "").slice(0, 4) || "PD";
    const p = zonedParts(at, this.ctx.timeZone);
    return `${region}${String(p.year).slice(2)}${String(p.month).padStart(2, "0")}`;
  }

  /**
   * Registers a complaint. A second complaint from the same consumer in the
   * same category while one is open is recorded as a repeat call on it. With
   * an idempotency key, a retried request gets the first answer back.
   */
  async create(
    principal: Principal,
    input: CreateComplaintInput,
    idempotencyKey?: string,
  ): Promise<{ complaint: ComplaintRow; outcome: CreateOutcome }> {
    if (!can(principal, "complaints.create")) throw forbidden();
    const catalogue = await this.ctx.config.catalogueNow();
    const category = catalogue.categories.find((c) => c.code === input.categoryCode);
    if (!category) throw badRequest(`no complaint category ${input.categoryCode}`, "categoryCode");
    if (
      input.subcategoryCode &&
      !catalogue.subcategories.some(
        (s) => s.category_code === category.code && s.code === input.subcategoryCode,
      )
    ) {
      throw badRequest(
        `${input.subcategoryCode} is not a sub-category of ${category.code}`,
        "subcategoryCode",
      );
    }
    const callerPhone = this.phone(input.callerPhone, "callerPhone");
    const altPhone = this.phone(input.altPhone, "altPhone");
    const principalKey = `${principal.kind}:${principal.id}`;
    // Only an idempotent request needs its fingerprint.
    const hash = idempotencyKey ? createHash("sha256").update(JSON.stringify(input)).digest("hex") : "";
    const replay = async (): Promise<{ complaint: ComplaintRow; outcome: CreateOutcome } | undefined> => {
      if (!idempotencyKey) return undefined;
      const seen = await this.ctx.complaints().idempotent(principalKey, idempotencyKey);
      if (!seen) return undefined;
      if (seen.request_hash !== hash) {
        throw new AppError(
          409,
          "idempotency_key_reused",
          "this Idempotency-Key was used for a different request",
          "Idempotency-Key",
        );
      }
      const complaint = await this.ctx.complaints().findById(seen.complaint_id);
      if (!complaint) throw notFound("complaint");
      return { complaint, outcome: "replayed" };
    };
    const first = await replay();
    if (first) return first;
    const settings = await this.ctx.config.get();
    const actor = actorOf(principal);

    for (let tries = 0; tries < 3; tries++) {
      // One query finds where the complaint goes and allocates its id, its
      // number and its lineman; one statement writes it with its audit
      // entries and its SMS. No transaction needed: a statement is atomic.
      const target = await this.target(principal, input, settings.assignment === "auto");
      const now = this.ctx.clock();
      const { complaint, row, events, outage, lineman } = draftComplaint({
        principal,
        input,
        category,
        target,
        actor,
        now,
        prefix: this.numberPrefix(target.dcPath, now),
        callerPhone,
        altPhone,
      });
      let written: { gates: boolean[] };
      try {
        written = await this.ctx.uow.runInserts(async (_db, emit, stage) => {
          ComplaintsRepository.stageRegistration(
            stage,
            complaint,
            events,
            idempotencyKey ? { principal: principalKey, key: idempotencyKey, hash } : undefined,
          );
          await emit({
            type: "complaint.registered",
            complaint: row,
            outage,
            noSupply: category.is_no_supply,
          });
          if (lineman) await emit({ type: "complaint.assigned", complaint: row, assignee: lineman });
          await emit({
            type: "complaint.changed",
            complaint: row,
            action: "registered",
            from: "",
            to: row.status,
          });
          if (category.emergency) await alertEmergency(this.ctx.complaints(), emit, row, now, stage);
        });
      } catch (err) {
        // A twin request with the same Idempotency-Key won the race: answer as it did.
        if (idempotencyKey && isUniqueViolation(err, "idempotency_keys_pkey")) {
          const again = await replay();
          if (again) return again;
        }
        throw err;
      }
      if (written.gates[0]) return { complaint: row, outcome: "created" };
      // Already open for this consumer and category: record this call on it.
      const repeat = await this.repeatCall(
        target,
        category.code,
        actor,
        input.description,
        idempotencyKey ? { principalKey, idempotencyKey, hash } : undefined,
      );
      if (repeat) return repeat;
      // The open complaint closed in between: register afresh.
    }
    throw new AppError(503, "busy", "could not register the complaint; try again");
  }

  private async repeatCall(
    target: ComplaintTarget,
    categoryCode: string,
    actor: Actor,
    description: string | undefined,
    idempotency: { principalKey: string; idempotencyKey: string; hash: string } | undefined,
  ): Promise<{ complaint: ComplaintRow; outcome: CreateOutcome } | undefined> {
    if (!target.consumerId) return undefined;
    const consumerId = target.consumerId;
    try {
      return await this.ctx.uow.run(async (tx, emit) => {
        const repo = this.ctx.complaints(tx);
        const now = this.ctx.clock();
        const open = await repo.findOpenForConsumer(consumerId, categoryCode);
        if (!open) return undefined;
        const updated = await repo.update(open.id, { call_count: open.call_count + 1, updated_at: now });
        await repo.addEvent({
          complaintId: open.id,
          at: now,
          action: "repeat_call",
          ...actorFields(actor),
          fromStatus: open.status,
          toStatus: open.status,
          changes: { call_count: [open.call_count, updated.call_count] },
          note: description?.trim() || null,
        });
        const row = (await repo.findById(open.id)) as ComplaintRow;
        await emit({
          type: "complaint.changed",
          complaint: row,
          action: "repeat_call",
          from: open.status,
          to: open.status,
        });
        if (
          idempotency &&
          !(await repo.rememberIdempotent(
            idempotency.principalKey,
            idempotency.idempotencyKey,
            idempotency.hash,
            open.id,
          ))
        ) {
          throw new IdempotentReplay();
        }
        return { complaint: row, outcome: "repeat_call" as const };
      });
    } catch (err) {
      if (err instanceof IdempotentReplay && idempotency) {
        const seen = await this.ctx
          .complaints()
          .idempotent(idempotency.principalKey, idempotency.idempotencyKey);
        const complaint = seen ? await this.ctx.complaints().findById(seen.complaint_id) : undefined;
        if (complaint) return { complaint, outcome: "replayed" };
      }
      throw err;
    }
  }
}
