import type { Complaint, ComplaintStatus } from "../../db/schema.ts";
import { OPEN_STATUSES } from "../../db/schema.ts";
import type { Tx, UnitOfWork } from "../../db/unit-of-work.ts";
import { keysetPages } from "../../http/exports.ts";
import type { Clock } from "../../lib/clock.ts";
import { badRequest, forbidden, notFound } from "../../lib/errors.ts";
import { startOfDay, zonedTime } from "../../lib/time.ts";
import { can, type Principal } from "../access/principal.ts";
import type { AppEvent } from "../events.ts";
import type { SettingsRepository } from "../settings/settings.repository.ts";
import type { ThrottleRepository } from "../users/throttle.repository.ts";
import type { CatalogueRepository } from "./catalogue.repository.ts";
import type { ActionInput } from "./complaint-actions.ts";
import { ComplaintEscalation } from "./complaint-escalation.ts";
import { ComplaintLifecycle } from "./complaint-lifecycle.ts";
import { PublicComplaintPages } from "./complaint-public.ts";
import {
  ComplaintRegistration,
  type CreateComplaintInput,
  type CreateOutcome,
} from "./complaint-registration.ts";
import { ComplaintConfig, type ComplaintSettings, type ComplaintsContext } from "./complaints.context.ts";
import type { ComplaintFilter, ComplaintRow, ComplaintsRepository } from "./complaints.repository.ts";
import type { ComplaintAction } from "./complaints.state.ts";
import type { OutageComplaints } from "./outage-links.ts";

export type { ActionInput } from "./complaint-actions.ts";

/** What the complaints list is asked for: the repository's filter, with days (YYYY-MM-DD) for dates. */
export type ComplaintListInput = Omit<
  ComplaintFilter,
  "registeredFrom" | "registeredBefore" | "resolvedFrom" | "resolvedBefore"
> & {
  registeredFrom?: string;
  registeredTo?: string;
  resolvedFrom?: string;
  resolvedTo?: string;
};
export type { CreateComplaintInput, CreateOutcome } from "./complaint-registration.ts";
export { type ComplaintSettings, DEFAULT_COMPLAINT_SETTINGS } from "./complaints.context.ts";

/**
 * Complaints: what the routes, the other modules and the jobs call. The work
 * is in its parts: registration (complaint-registration.ts), the life cycle
 * and its action table (complaint-lifecycle.ts, complaint-actions.ts), the SLA
 * clock (complaint-escalation.ts) and the consumer's public page
 * (complaint-public.ts); reading and the outages' hooks are here.
 */
export class ComplaintsService {
  private readonly configCache: ComplaintConfig;
  private readonly registration: ComplaintRegistration;
  private readonly lifecycle: ComplaintLifecycle;
  private readonly escalation: ComplaintEscalation;
  private readonly publicPages: PublicComplaintPages;

  constructor(
    uow: UnitOfWork<AppEvent>,
    /** The complaints repository on the root connection, or bound to a transaction. */
    private readonly complaints: (tx?: Tx) => ComplaintsRepository,
    /** The catalogue on the root connection, or bound to a transaction (PGlite has one session: never mix them). */
    private readonly catalogue: (tx?: Tx) => CatalogueRepository,
    settings: SettingsRepository,
    throttle: ThrottleRepository,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {
    this.configCache = new ComplaintConfig(settings, () => catalogue());
    const ctx: ComplaintsContext = { uow, complaints, catalogue, clock, timeZone, config: this.configCache };
    this.registration = new ComplaintRegistration(ctx);
    this.lifecycle = new ComplaintLifecycle(ctx);
    this.escalation = new ComplaintEscalation(ctx);
    this.publicPages = new PublicComplaintPages(ctx, this.lifecycle, throttle);
  }

  config(): Promise<ComplaintSettings> {
    return this.configCache.get();
  }

  catalogueFor(principal: Principal) {
    if (!can(principal, "complaints.read")) throw forbidden();
    return this.catalogue().all();
  }

  // Registration

  /**
   * Registers a complaint. A second complaint from the same consumer in the
   * same category while one is open is recorded as a repeat call on it. With
   * an idempotency key, a retried request gets the first answer back.
   */
  create(
    principal: Principal,
    input: CreateComplaintInput,
    idempotencyKey?: string,
  ): Promise<{ complaint: ComplaintRow; outcome: CreateOutcome }> {
    return this.registration.create(principal, input, idempotencyKey);
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
    return this.lifecycle.actionsFor(principal, c);
  }

  async get(principal: Principal, number: string) {
    const complaint = await this.visible(principal, number);
    const events = await this.complaints().events(complaint.id);
    const refs = await this.complaints().timelineRefs(events);
    return { complaint, events, refs, actions: this.actionsFor(principal, complaint) };
  }

  async list(principal: Principal, input: ComplaintListInput) {
    if (!can(principal, "complaints.read")) throw forbidden();
    const filter = await this.listFilter(principal, input);
    const r = await this.complaints().queues.list(principal, filter, this.clock());
    return { ...r, items: r.items.map((c) => ({ complaint: c, actions: this.actionsFor(principal, c) })) };
  }

  /** Every complaint the list shows for these filters, newest first, read a page at a time (exports). */
  async *listAll(principal: Principal, input: Omit<ComplaintListInput, "limit" | "offset">) {
    if (!can(principal, "complaints.read")) throw forbidden();
    const filter = await this.listFilter(principal, { ...input, limit: 0, offset: 0 });
    const now = this.clock();
    yield* keysetPages(
      (after: { registeredAt: Date; id: number } | undefined, limit) =>
        this.complaints().queues.page(principal, filter, now, after, limit),
      (c) => ({ registeredAt: c.registered_at, id: c.id }),
    );
  }

  /** The list's input as the repository filters: days become instants in the DISCOM's zone; a unit must be visible. */
  private async listFilter(principal: Principal, input: ComplaintListInput): Promise<ComplaintFilter> {
    const { registeredFrom, registeredTo, resolvedFrom, resolvedTo, ...rest } = input;
    const filter: ComplaintFilter = rest;
    const day = (value: string, field: string, next: boolean) => {
      const [y, m, d] = value.split("-").map(Number) as [number, number, number];
      const check = new Date(Date.UTC(y, m - 1, d));
      if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d)
        throw badRequest("not a day of the calendar (YYYY-MM-DD)", field);
      const at = next ? new Date(Date.UTC(y, m - 1, d + 1)) : check;
      return zonedTime(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate(), 0, 0, this.timeZone);
    };
    if (registeredFrom) filter.registeredFrom = day(registeredFrom, "registeredFrom", false);
    if (registeredTo) filter.registeredBefore = day(registeredTo, "registeredTo", true);
    if (resolvedFrom) filter.resolvedFrom = day(resolvedFrom, "resolvedFrom", false);
    if (resolvedTo) filter.resolvedBefore = day(resolvedTo, "resolvedTo", true);
    if (filter.unitCode && !(await this.complaints().queues.unitVisible(principal, filter.unitCode)))
      throw notFound("unit");
    return filter;
  }

  summary(principal: Principal) {
    if (!can(principal, "complaints.read")) throw forbidden();
    const now = this.clock();
    return this.complaints().queues.summary(principal, now, startOfDay(now, this.timeZone));
  }

  /** Who this complaint can be assigned to: the linemen of its DC with their open work. */
  async assignees(principal: Principal, number: string) {
    const c = await this.visible(principal, number);
    if (!can(principal, "complaints.manage")) throw forbidden();
    return this.complaints().targets.linemenOf(c.dc_id);
  }

  // Acting on a complaint

  /** Applies one action (see ComplaintLifecycle.act). */
  act(
    principal: Principal,
    number: string,
    action: ComplaintAction,
    input: ActionInput,
  ): Promise<ComplaintRow> {
    return this.lifecycle.act(principal, number, action, input);
  }

  /**
   * The feedback desk acts for the consumer: his confirmation closes a
   * resolved complaint, "not fixed" reopens it with his words. `within`
   * writes the desk's own record in the same transaction (it sees the
   * complaint as it was, locked).
   */
  actForConsumer(
    id: number,
    action: "close" | "reopen",
    input: ActionInput,
    by: { userId: number | null; name: string; role: string | null; channel: string },
    within: (tx: Tx, before: Complaint) => Promise<void>,
  ): Promise<ComplaintRow> {
    return this.lifecycle.actForConsumer(id, action, input, by, within);
  }

  // The SLA clock

  /** Escalates every complaint whose next step has come (see ComplaintEscalation). */
  escalateDue(limit = 200): Promise<{ escalated: number; steps: number }> {
    return this.escalation.escalateDue(limit);
  }

  // Public tracking

  /** "It is not fixed": the consumer reopens a resolved complaint from the tracking page. */
  reopenByConsumer(number: string, last4: string, reason: string, address: string): Promise<ComplaintRow> {
    return this.publicPages.reopenByConsumer(number, last4, reason, address);
  }

  /** The consumer's own complaint, proven by the last four digits of a mobile on record. */
  track(number: string, last4: string, address: string) {
    return this.publicPages.track(number, last4, address);
  }

  /** The same view for a tracking link from the consumer's SMS (TrackingService checked the link). */
  trackById(id: number) {
    return this.publicPages.trackById(id);
  }

  // Outages

  /** How the outages service links, frees and resolves complaints, inside its transactions. */
  outageLinks(): OutageComplaints {
    return {
      link: (tx, outageId, element, since, at, note) =>
        this.complaints(tx).outages.linkToOutage(outageId, element, since, at, note),
      relink: (tx, fromIds, toId, at) => this.complaints(tx).outages.relinkOutages(fromIds, toId, at),
      unlink: (tx, outageId, at, note) => this.complaints(tx).outages.unlinkOutage(outageId, at, note),
      callers: (tx, dtId, since) => this.complaints(tx).outages.noSupplyCallers(dtId, since),
      resolve: async (tx, emit, outageId, at, remarks) => {
        const repo = this.complaints(tx);
        const ids = await repo.outages.resolveForOutage(outageId, at, remarks);
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
