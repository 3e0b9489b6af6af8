import { createHash } from "node:crypto";
import type {
  Channel,
  Complaint,
  ComplaintCategory,
  ComplaintStatus,
  ComplaintUpdate,
  Language,
} from "../../db/schema.ts";
import { OPEN_STATUSES } from "../../db/schema.ts";
import type { StagedWrites } from "../../db/staged-writes.ts";
import type { Tx, UnitOfWork } from "../../db/unit-of-work.ts";
import { throttleAddress } from "../../lib/address.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest, forbidden, notFound, tooManyRequests } from "../../lib/errors.ts";
import { normaliseMobile } from "../../lib/mobile.ts";
import { startOfDay, zonedParts } from "../../lib/time.ts";
import type { AppEvent } from "../events.ts";
import type { OutageComplaints } from "../outages/outage-complaints.ts";
import type { SettingsRepository } from "../settings/settings.repository.ts";
import type { Permission } from "../users/permissions.ts";
import { can, type Principal } from "../users/principal.ts";
import type { ThrottleRepository, ThrottleRule } from "../users/throttle.repository.ts";
import type { Catalogue, CatalogueRepository } from "./catalogue.repository.ts";
import type { ComplaintDomainEvent } from "./complaints.events.ts";
import {
  type ComplaintFilter,
  type ComplaintRow,
  ComplaintsRepository,
  type ComplaintTarget,
  type NewComplaintEvent,
  type StaffContact,
} from "./complaints.repository.ts";
import { dueAt, LADDER, levelAt, nextEscalationAt, reopenDueAt } from "./complaints.sla.ts";
import { allowedActions, type ComplaintAction, nextStatus } from "./complaints.state.ts";

export interface ComplaintSettings {
  /** "auto": a new complaint goes to the DC's on-duty lineman with the least open work; "manual": the JE assigns. */
  assignment: "auto" | "manual";
  /** A reopened complaint's limit, as a share of the category's limit. */
  reopenLimitPercent: number;
}

export const DEFAULT_COMPLAINT_SETTINGS: ComplaintSettings = { assignment: "auto", reopenLimitPercent: 50 };

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

export interface ActionInput {
  assigneeId?: number | undefined;
  resolutionCode?: string | undefined;
  remarks?: string | undefined;
  reason?: string | undefined;
  duplicateOf?: string | undefined;
  categoryCode?: string | undefined;
  subcategoryCode?: string | undefined;
  note?: string | undefined;
}

export type CreateOutcome = "created" | "repeat_call" | "replayed";

const ACTION_PERMISSION: Record<ComplaintAction, Permission> = {
  assign: "complaints.manage",
  accept: "complaints.work",
  attend: "complaints.work",
  wait: "complaints.work",
  resume: "complaints.work",
  resolve: "complaints.work",
  reopen: "complaints.reopen",
  close: "complaints.manage",
  mark_invalid: "complaints.manage",
  mark_duplicate: "complaints.manage",
  change_category: "complaints.manage",
  note: "complaints.note",
};

/** Field actions a lineman may take only on work that is his (or, to accept it, nobody's). */
const OWN_WORK: ComplaintAction[] = ["attend", "wait", "resume", "resolve"];

class IdempotentReplay extends Error {}

type Emit = (e: ComplaintDomainEvent) => Promise<void>;

interface Actor {
  kind: "user" | "token" | "system" | "public";
  id: number | null;
  name: string;
  role: string | null;
  channel: string;
}

/** Wrong tracking tries from one address. */
const TRACK_PER_ADDRESS: ThrottleRule = {
  windowMs: 15 * 60_000,
  limit: 10,
  lockMs: 15 * 60_000,
  maxLockMs: 4 * 3600_000,
};
/** Wrong tries at one complaint number from anywhere: then its page is locked (the SMS link still opens it). */
const TRACK_PER_NUMBER: ThrottleRule = {
  windowMs: 3600_000,
  limit: 10,
  lockMs: 3600_000,
  maxLockMs: 24 * 3600_000,
};

const SYSTEM: Actor = { kind: "system", id: null, name: "PowerDesk", role: null, channel: "system" };

function actorOf(p: Principal): Actor {
  return { kind: p.kind, id: p.id, name: p.name, role: p.role, channel: p.kind === "token" ? "api" : "web" };
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return e.code === "23505" && (e.constraint === constraint || (e.message ?? "").includes(constraint));
}

/** Fields that differ between two rows, as { field: [old, new] }, for the audit trail. */
function diff(
  before: Complaint,
  after: Complaint,
  fields: (keyof Complaint)[],
): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const f of fields) {
    const a = before[f];
    const b = after[f];
    const same = a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
    if (!same) out[f] = [a instanceof Date ? a.toISOString() : a, b instanceof Date ? b.toISOString() : b];
  }
  return out;
}

const AUDITED: (keyof Complaint)[] = [
  "status",
  "assigned_to",
  "category_code",
  "subcategory_code",
  "priority",
  "emergency",
  "due_at",
  "resolution_code",
  "resolution_remarks",
  "reopen_count",
  "duplicate_of",
  "close_reason",
  "escalation_level",
  "breached_at",
  "compensation_rs",
];

export class ComplaintsService {
  constructor(
    private readonly uow: UnitOfWork<AppEvent>,
    /** The complaints repository on the root connection, or bound to a transaction. */
    private readonly complaints: (tx?: Tx) => ComplaintsRepository,
    /** The catalogue on the root connection, or bound to a transaction (PGlite has one session: never mix them). */
    private readonly catalogue: (tx?: Tx) => CatalogueRepository,
    private readonly settings: SettingsRepository,
    private readonly throttle: ThrottleRepository,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  // Settings and the catalogue change rarely (an admin's edit) and are read on
  // every registration: keep them a short while.
  private settingsCache: { value: ComplaintSettings; at: number } | undefined;
  private catalogueCache: { value: Catalogue; at: number } | undefined;
  private static readonly CACHE_MS = 30_000;

  async config(): Promise<ComplaintSettings> {
    const now = Date.now();
    if (this.settingsCache && now - this.settingsCache.at < ComplaintsService.CACHE_MS)
      return this.settingsCache.value;
    const value = {
      ...DEFAULT_COMPLAINT_SETTINGS,
      ...((await this.settings.get<Partial<ComplaintSettings>>("complaints")) ?? {}),
    };
    this.settingsCache = { value, at: now };
    return value;
  }

  /** The catalogue, from the root connection: call it outside transactions only (PGlite has one session). */
  private async cachedCatalogue(): Promise<Catalogue> {
    const now = Date.now();
    if (this.catalogueCache && now - this.catalogueCache.at < ComplaintsService.CACHE_MS)
      return this.catalogueCache.value;
    const value = await this.catalogue().all();
    this.catalogueCache = { value, at: now };
    return value;
  }

  catalogueFor(principal: Principal) {
    if (!can(principal, "complaints.read")) throw forbidden();
    return this.catalogue().all();
  }

  // Registration

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
    const repo = this.complaints();
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
    const p = zonedParts(at, this.timeZone);
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
    const catalogue = await this.cachedCatalogue();
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
      const seen = await this.complaints().idempotent(principalKey, idempotencyKey);
      if (!seen) return undefined;
      if (seen.request_hash !== hash) {
        throw new AppError(
          409,
          "idempotency_key_reused",
          "this Idempotency-Key was used for a different request",
          "Idempotency-Key",
        );
      }
      const complaint = await this.complaints().findById(seen.complaint_id);
      if (!complaint) throw notFound("complaint");
      return { complaint, outcome: "replayed" };
    };
    const first = await replay();
    if (first) return first;
    const settings = await this.config();
    const actor = actorOf(principal);

    for (let tries = 0; tries < 3; tries++) {
      // One query finds where the complaint goes and allocates its id, its
      // number and its lineman; one statement writes it with its audit
      // entries and its SMS. No transaction needed: a statement is atomic.
      const target = await this.target(principal, input, settings.assignment === "auto");
      const now = this.clock();
      const area = target.areaType ?? "urban";
      const due = dueAt(now, category, area);
      // A "no supply" call from behind a known outage joins it: restoration
      // resolves them together. It is the outage owner's work, not a lineman's
      // one by one: he hears of such calls in a digest.
      const outage = category.is_no_supply ? target.outage : null;
      const lineman = outage ? null : target.lineman;
      const complaint: Complaint = {
        id: target.complaintId,
        number: `${this.numberPrefix(target.dcPath, now)}${String(target.numberSeq).padStart(6, "0")}`,
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
          ...this.actorFields(actor),
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
          ...this.actorFields(SYSTEM),
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
      let written: { gates: boolean[] };
      try {
        written = await this.uow.runInserts(async (_db, emit, stage) => {
          ComplaintsRepository.stageNew(stage, complaint);
          ComplaintsRepository.stageEvents(stage, events);
          if (idempotencyKey)
            ComplaintsRepository.stageIdempotency(stage, principalKey, idempotencyKey, hash, row.id);
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
          if (category.emergency) await this.alertEmergency(this.complaints(), emit, row, now, stage);
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
      return await this.uow.run(async (tx, emit) => {
        const repo = this.complaints(tx);
        const now = this.clock();
        const open = await repo.findOpenForConsumer(consumerId, categoryCode);
        if (!open) return undefined;
        const updated = await repo.update(open.id, { call_count: open.call_count + 1, updated_at: now });
        await repo.addEvent({
          complaintId: open.id,
          at: now,
          action: "repeat_call",
          ...this.actorFields(actor),
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
        const seen = await this.complaints().idempotent(idempotency.principalKey, idempotency.idempotencyKey);
        const complaint = seen ? await this.complaints().findById(seen.complaint_id) : undefined;
        if (complaint) return { complaint, outcome: "replayed" };
      }
      throw err;
    }
  }

  private actorFields(a: Actor) {
    return { actorKind: a.kind, actorId: a.id, actorName: a.name, actorRole: a.role, channel: a.channel };
  }

  private async assignTo(
    repo: ComplaintsRepository,
    catalogue: CatalogueRepository,
    emit: Emit,
    c: Complaint,
    who: StaffContact,
    actor: Actor,
    now: Date,
    note: string | null,
    action = "assigned",
  ): Promise<Complaint> {
    const changes: ComplaintUpdate = {
      status: "assigned",
      assigned_to: who.id,
      assigned_at: now,
      updated_at: now,
    };
    if (c.status === "waiting") Object.assign(changes, await this.unpause(c, now, catalogue));
    const updated = await repo.update(c.id, changes);
    await repo.addEvent({
      complaintId: c.id,
      at: now,
      action,
      ...this.actorFields(actor),
      fromStatus: c.status,
      toStatus: "assigned",
      changes: { ...diff(c, updated, AUDITED), assignee: [null, who.name] },
      note,
    });
    const row = (await repo.findById(c.id)) as ComplaintRow;
    await emit({ type: "complaint.assigned", complaint: row, assignee: who });
    return updated;
  }

  /** Leaving the waiting state: the time spent waiting moves the due time (and the ladder) forward. */
  private async unpause(c: Complaint, now: Date, catalogue: CatalogueRepository): Promise<ComplaintUpdate> {
    if (!c.waiting_since) return { waiting_since: null };
    const paused = now.getTime() - c.waiting_since.getTime();
    const due = new Date(c.due_at.getTime() + paused);
    const category = (await catalogue.category(c.category_code)) as ComplaintCategory;
    return {
      waiting_since: null,
      due_at: due,
      next_escalation_at: nextEscalationAt(due, c.escalation_level, category),
    };
  }

  private async alertEmergency(
    repo: ComplaintsRepository,
    emit: Emit,
    c: ComplaintRow,
    now: Date,
    stage?: StagedWrites,
  ): Promise<void> {
    const officers = [
      ...(await repo.officersFor(c.dc_path, "je", "dc")),
      ...(await repo.officersFor(c.dc_path, "ae", "subdivision")),
    ];
    const event: NewComplaintEvent = {
      complaintId: c.id,
      at: now,
      action: "emergency_alert",
      ...this.actorFields(SYSTEM),
      fromStatus: c.status,
      toStatus: c.status,
      note: officers.length
        ? officers.map((o) => `${o.name} (${o.role.toUpperCase()})`).join(", ")
        : "no JE or AE on record",
    };
    if (stage) ComplaintsRepository.stageEvents(stage, [event]);
    else await repo.addEvent(event);
    await emit({ type: "complaint.emergency", complaint: c, officers });
  }

  // Reading

  private async visible(principal: Principal, number: string): Promise<ComplaintRow> {
    if (!can(principal, "complaints.read")) throw forbidden();
    const c = await this.complaints().findForUser(principal, number.trim().toUpperCase());
    if (!c) throw notFound("complaint");
    return c;
  }

  /** The actions this principal may take on this complaint now. */
  actionsFor(principal: Principal, c: Complaint): ComplaintAction[] {
    return allowedActions(c.status).filter((a) => {
      if (!can(principal, ACTION_PERMISSION[a])) return false;
      if (principal.role === "lineman") {
        if (a === "accept") return c.assigned_to === null || c.assigned_to !== principal.id;
        if (OWN_WORK.includes(a)) return c.assigned_to === principal.id;
      }
      if (a === "accept") return principal.role === "lineman" || principal.role === "je";
      return true;
    });
  }

  async get(principal: Principal, number: string) {
    const complaint = await this.visible(principal, number);
    const events = await this.complaints().events(complaint.id);
    return { complaint, events, actions: this.actionsFor(principal, complaint) };
  }

  async list(principal: Principal, filter: ComplaintFilter) {
    if (!can(principal, "complaints.read")) throw forbidden();
    const r = await this.complaints().list(principal, filter, this.clock());
    return { ...r, items: r.items.map((c) => ({ complaint: c, actions: this.actionsFor(principal, c) })) };
  }

  summary(principal: Principal) {
    if (!can(principal, "complaints.read")) throw forbidden();
    const now = this.clock();
    return this.complaints().summary(principal, now, startOfDay(now, this.timeZone));
  }

  /** Who this complaint can be assigned to: the linemen of its DC with their open work. */
  async assignees(principal: Principal, number: string) {
    const c = await this.visible(principal, number);
    if (!can(principal, "complaints.manage")) throw forbidden();
    return this.complaints().linemenOf(c.dc_id);
  }

  // Acting on a complaint

  /**
   * Applies one action. The state machine decides whether it is allowed (409
   * with the allowed actions if not); the permission and the jurisdiction
   * whether this principal may (403); the change and its audit entry commit
   * together.
   */
  async act(
    principal: Principal,
    number: string,
    action: ComplaintAction,
    input: ActionInput,
  ): Promise<ComplaintRow> {
    const upper = number.trim().toUpperCase();
    const found = await this.complaints().findForUser(principal, upper);
    if (!found) {
      if (await this.complaints().exists(upper))
        throw forbidden("this complaint is outside your jurisdiction");
      throw notFound("complaint");
    }
    if (!can(principal, ACTION_PERMISSION[action]))
      throw forbidden(`your role may not ${action.replace("_", " ")} complaints`);
    return this.perform(found.id, action, input, actorOf(principal), principal);
  }

  /**
   * One action on a complaint, in a transaction that locks it first. The
   * principal is absent when the consumer acts from the public page.
   */
  private async perform(
    id: number,
    action: ComplaintAction,
    input: ActionInput,
    actor: Actor,
    principal: Principal | undefined,
    within?: (tx: Tx, before: Complaint) => Promise<void>,
  ): Promise<ComplaintRow> {
    const settings = await this.config();
    return this.uow.run(async (tx, emit) => {
      const repo = this.complaints(tx);
      const catalogue = this.catalogue(tx);
      const now = this.clock();
      const c = await repo.lock(id);
      const to = nextStatus(c.status, action, { attended: c.attended_at !== null });
      if (to === undefined) {
        const allowed = principal ? this.actionsFor(principal, c) : allowedActions(c.status);
        throw new AppError(
          409,
          "action_not_allowed",
          `a ${c.status} complaint cannot be ${action.replace("_", " ")}ed; allowed now: ${allowed.join(", ") || "nothing"}`,
          "action",
          undefined,
          allowed,
        );
      }
      if (principal?.role === "lineman" && OWN_WORK.includes(action) && c.assigned_to !== principal.id) {
        throw forbidden("this complaint is assigned to someone else; accept it first");
      }
      const category = (await catalogue.category(c.category_code)) as ComplaintCategory;
      let changes: ComplaintUpdate = { status: to, updated_at: now };
      let note: string | null = input.note?.trim() || input.remarks?.trim() || input.reason?.trim() || null;
      const require = (value: string | undefined, field: string, what: string) => {
        if (!value?.trim()) throw badRequest(`${what} is required`, field);
        return value.trim();
      };

      switch (action) {
        case "assign":
        case "accept": {
          const userId = action === "accept" ? principal?.id : input.assigneeId;
          if (!userId) throw badRequest("choose who to assign", "assigneeId");
          const who = await repo.assignable(c.dc_id, userId);
          if (!who) {
            throw action === "accept"
              ? forbidden("only a lineman or the JE of this DC can take this complaint")
              : badRequest("assign to a lineman or the JE of the complaint's DC", "assigneeId");
          }
          const updated = await this.assignTo(
            repo,
            catalogue,
            emit,
            c,
            who,
            actor,
            now,
            note,
            action === "accept" ? "accepted" : "assigned",
          );
          return this.finish(repo, emit, c, updated, action);
        }
        case "attend":
          changes.attended_at = now;
          break;
        case "wait":
          require(input.reason, "reason", "what the consumer must do (reason)");
          changes = { ...changes, waiting_since: now, next_escalation_at: null };
          break;
        case "resume":
          changes = { ...changes, ...(await this.unpause(c, now, catalogue)) };
          break;
        case "resolve": {
          const code = require(input.resolutionCode, "resolutionCode", "a resolution code");
          if (!(await catalogue.resolutionCodeExists(code)))
            throw badRequest(`no resolution code ${code}`, "resolutionCode");
          changes = {
            ...changes,
            ...(c.status === "waiting" ? await this.unpause(c, now, catalogue) : {}),
            resolution_code: code,
            resolution_remarks: input.remarks?.trim() || null,
            resolved_at: now,
            next_escalation_at: null,
          };
          const due = (changes.due_at as Date | undefined) ?? c.due_at;
          if (!c.breached_at && now.getTime() > due.getTime()) {
            changes.breached_at = due;
            changes.compensation_rs = c.compensation_rs + category.compensation_rs;
          }
          break;
        }
        case "reopen": {
          note = require(input.reason, "reason", "the consumer's words (reason)");
          const due = reopenDueAt(now, category, c.area_type, settings.reopenLimitPercent);
          changes = {
            ...changes,
            status: c.assigned_to ? "assigned" : "registered",
            reopen_count: c.reopen_count + 1,
            resolved_at: null,
            resolution_code: null,
            resolution_remarks: null,
            attended_at: null,
            due_at: due,
            breached_at: null,
            escalation_level: 0,
            next_escalation_at: due,
          };
          break;
        }
        case "close":
          changes = { ...changes, closed_at: now, close_reason: input.reason?.trim() || "confirmed" };
          break;
        case "mark_invalid":
          note = require(input.reason, "reason", "a reason");
          changes = {
            ...changes,
            closed_at: now,
            close_reason: note,
            next_escalation_at: null,
            waiting_since: null,
          };
          break;
        case "mark_duplicate": {
          const of =
            require(input.duplicateOf, "duplicateOf", "the number of the complaint it repeats").toUpperCase();
          const original = principal ? await repo.findForUser(principal, of) : undefined;
          if (!original || original.id === c.id)
            throw badRequest(`no other complaint ${of} in your jurisdiction`, "duplicateOf");
          changes = {
            ...changes,
            duplicate_of: original.id,
            closed_at: now,
            close_reason: input.reason?.trim() || `duplicate of ${original.number}`,
            next_escalation_at: null,
            waiting_since: null,
          };
          break;
        }
        case "change_category": {
          const code = require(input.categoryCode, "categoryCode", "the new category");
          const next = await catalogue.category(code);
          if (!next) throw badRequest(`no complaint category ${code}`, "categoryCode");
          if (input.subcategoryCode && !(await catalogue.subcategoryExists(code, input.subcategoryCode))) {
            throw badRequest(`${input.subcategoryCode} is not a sub-category of ${code}`, "subcategoryCode");
          }
          // Same registration time, the new category's limit; time spent waiting still counts for the consumer.
          const shift = c.due_at.getTime() - dueAt(c.registered_at, category, c.area_type).getTime();
          const due = new Date(dueAt(c.registered_at, next, c.area_type).getTime() + shift);
          changes = {
            ...changes,
            category_code: next.code,
            subcategory_code: input.subcategoryCode ?? null,
            priority: next.priority,
            emergency: next.emergency,
            due_at: due,
            escalation_level: Math.min(c.escalation_level, levelAt(now, due, next)),
          };
          if (c.status !== "waiting") {
            changes.next_escalation_at = nextEscalationAt(due, changes.escalation_level as number, next);
          }
          break;
        }
        case "note":
          note = require(input.note, "note", "a note");
          changes = { updated_at: now };
          break;
      }

      const updated = await repo.update(c.id, changes);
      const actionName: Record<ComplaintAction, string> = {
        assign: "assigned",
        accept: "accepted",
        attend: "attended",
        wait: "waiting",
        resume: "resumed",
        resolve: "resolved",
        reopen: "reopened",
        close: "closed",
        mark_invalid: "marked_invalid",
        mark_duplicate: "marked_duplicate",
        change_category: "category_changed",
        note: "note",
      };
      await repo.addEvent({
        complaintId: c.id,
        at: now,
        action: actionName[action],
        ...this.actorFields(actor),
        fromStatus: c.status,
        toStatus: updated.status,
        changes: diff(c, updated, AUDITED),
        note,
      });
      if (action === "change_category" && updated.emergency && !c.emergency) {
        await this.alertEmergency(repo, emit, (await repo.findById(c.id)) as ComplaintRow, now);
      }
      if (within) await within(tx, c);
      return this.finish(repo, emit, c, updated, action);
    });
  }

  /**
   * The feedback desk acts for the consumer: his confirmation closes a
   * resolved complaint, "not fixed" reopens it with his words. `within`
   * writes the desk's own record in the same transaction (it sees the
   * complaint as it was, locked).
   */
  async actForConsumer(
    id: number,
    action: "close" | "reopen",
    input: ActionInput,
    by: { userId: number | null; name: string; role: string | null; channel: string },
    within: (tx: Tx, before: Complaint) => Promise<void>,
  ): Promise<ComplaintRow> {
    const actor: Actor = {
      kind: by.userId ? "user" : by.channel === "system" ? "system" : "public",
      id: by.userId,
      name: by.name,
      role: by.role,
      channel: by.channel,
    };
    return this.perform(id, action, input, actor, undefined, within);
  }

  private async finish(
    repo: ComplaintsRepository,
    emit: Emit,
    before: Complaint,
    after: Complaint,
    action: ComplaintAction,
  ) {
    const row = (await repo.findById(after.id)) as ComplaintRow;
    if (action === "resolve") await emit({ type: "complaint.resolved", complaint: row });
    if (action === "reopen") await emit({ type: "complaint.reopened", complaint: row });
    await emit({ type: "complaint.changed", complaint: row, action, from: before.status, to: after.status });
    return row;
  }

  // The SLA clock

  /**
   * Escalates every complaint whose next step has come: the first step (at the
   * due time) marks the breach and records the compensation due, and each step
   * tells the next officer up the ladder (JE, AE, EE, SE, CE).
   */
  async escalateDue(limit = 200): Promise<{ escalated: number; steps: number }> {
    return this.uow.run(async (tx, emit) => {
      const repo = this.complaints(tx);
      const now = this.clock();
      const due = await repo.dueForEscalation(now, limit);
      let steps = 0;
      for (const c of due) {
        const category = (await this.catalogue(tx).category(c.category_code)) as ComplaintCategory;
        const target = levelAt(now, c.due_at, category);
        const row = (await repo.findById(c.id)) as ComplaintRow;
        let current = c;
        if (!c.breached_at && now.getTime() >= c.due_at.getTime()) {
          const updated = await repo.update(c.id, {
            updated_at: now,
            breached_at: c.due_at,
            compensation_rs: c.compensation_rs + category.compensation_rs,
          });
          await repo.addEvent({
            complaintId: c.id,
            at: now,
            action: "sla_breached",
            ...this.actorFields(SYSTEM),
            fromStatus: c.status,
            toStatus: c.status,
            changes: diff(c, updated, AUDITED),
          });
          current = updated;
        }
        for (let level = c.escalation_level + 1; level <= target; level++) {
          const rung = LADDER[level - 1];
          if (!rung) break;
          const officers = await repo.officersFor(row.dc_path, rung.role, rung.kind);
          await repo.addEvent({
            complaintId: c.id,
            at: now,
            action: "escalated",
            ...this.actorFields(SYSTEM),
            fromStatus: c.status,
            toStatus: c.status,
            changes: { escalation_level: [level - 1, level] },
            note: officers.length
              ? `to ${rung.role.toUpperCase()}: ${officers.map((o) => o.name).join(", ")}`
              : `to ${rung.role.toUpperCase()}: nobody on record`,
          });
          await emit({
            type: "complaint.escalated",
            complaint: { ...row, escalation_level: level, updated_at: now },
            level,
            officers,
          });
          steps++;
        }
        const updated = await repo.update(c.id, {
          updated_at: now,
          escalation_level: Math.max(target, c.escalation_level),
          next_escalation_at: nextEscalationAt(c.due_at, Math.max(target, c.escalation_level), category),
        });
        await emit({
          type: "complaint.changed",
          complaint: { ...row, ...updated },
          action: "escalated",
          from: current.status,
          to: updated.status,
        });
      }
      return { escalated: due.length, steps };
    });
  }

  // Public tracking

  /**
   * The consumer's own complaint, proven by the last four digits of a mobile on
   * record. Each try is counted before it is checked, per address and per
   * complaint number (numbers are a sequence: easy to aim at one), so parallel
   * guesses get at most the limit checked; past the limit that number's public
   * page is locked, for a time that doubles each lock in a row, whoever asks.
   */
  private async verifyPublic(number: string, last4: string, address: string): Promise<ComplaintRow> {
    const now = this.clock();
    const no = number.trim().toUpperCase();
    const keys = [`track:${throttleAddress(address)}`, `track-no:${no}`];
    const rules = [TRACK_PER_ADDRESS, TRACK_PER_NUMBER];
    const counted: string[] = [];
    for (const [i, key] of keys.entries()) {
      const a = await this.throttle.attempt(key, now, rules[i] as ThrottleRule);
      if (!a.allowed) {
        for (const k of counted) await this.throttle.refund(k, now);
        throw tooManyRequests(
          i === 0
            ? "too many wrong tries: wait a few minutes"
            : "this complaint's page is locked after too many wrong tries: use the link in your SMS",
          Math.ceil(((a.lockedUntil ?? now).getTime() - now.getTime()) / 1000),
          i === 0 ? "too_many_requests" : "tracking_locked",
        );
      }
      counted.push(key);
    }
    const c = await this.complaints().findPublic(no);
    const ok = c !== undefined && (await this.complaints().knownMobiles(c)).some((m) => m.endsWith(last4));
    if (!c || !ok) throw notFound("complaint with that number and mobile");
    // The right answer gives the number's count back (the consumer's own look is not
    // a guess at his number), never the address's: else one complaint of one's own,
    // looked up between guesses at others, would keep an address under its limit.
    await this.throttle.refund(`track-no:${no}`, now);
    return c;
  }

  /**
   * "It is not fixed": the consumer reopens a resolved complaint from the
   * tracking page, in his own words. A closed complaint is final (he calls 1912).
   */
  async reopenByConsumer(
    number: string,
    last4: string,
    reason: string,
    address: string,
  ): Promise<ComplaintRow> {
    const c = await this.verifyPublic(number, last4, address);
    if (c.status !== "resolved") {
      throw new AppError(
        409,
        "action_not_allowed",
        `a ${c.status} complaint cannot be reopened here; call 1912`,
        "action",
      );
    }
    const actor: Actor = {
      kind: "public",
      id: null,
      name: c.consumer_name ?? c.caller_name ?? "Consumer",
      role: null,
      channel: "public",
    };
    return this.perform(c.id, "reopen", { reason }, actor, undefined);
  }

  async track(number: string, last4: string, address: string) {
    const c = await this.verifyPublic(number, last4, address);
    const events = await this.complaints().events(c.id);
    return { complaint: c, events };
  }

  /** The same view for a tracking link from the consumer's SMS (TrackingService checked the link). */
  async trackById(id: number) {
    const [c] = await this.complaints().findByIds([id]);
    if (!c) throw notFound("complaint");
    const events = await this.complaints().events(c.id);
    return { complaint: c, events };
  }

  // Outages

  /** How the outages service links, frees and resolves complaints, inside its transactions. */
  outageLinks(): OutageComplaints {
    return {
      link: (tx, outageId, element, since, at, note) =>
        this.complaints(tx).linkToOutage(outageId, element, since, at, note),
      relink: (tx, fromIds, toId, at) => this.complaints(tx).relinkOutages(fromIds, toId, at),
      unlink: (tx, outageId, at, note) => this.complaints(tx).unlinkOutage(outageId, at, note),
      callers: (tx, dtId, since) => this.complaints(tx).noSupplyCallers(dtId, since),
      resolve: async (tx, emit, outageId, at, remarks) => {
        const repo = this.complaints(tx);
        const ids = await repo.resolveForOutage(outageId, at, remarks);
        for (const row of await repo.findByIds(ids)) {
          await emit({ type: "complaint.resolved", complaint: row });
          await emit({
            type: "complaint.changed",
            complaint: row,
            action: "resolve",
            from: "",
            to: row.status,
          });
        }
        return ids.length;
      },
    };
  }

  isOpen(status: ComplaintStatus): boolean {
    return (OPEN_STATUSES as readonly string[]).includes(status);
  }
}
