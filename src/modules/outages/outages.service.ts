import type { Cursor } from "../../db/keyset.ts";
import type { Outage } from "../../db/schema.ts";
import type { Tx, UnitOfWork } from "../../db/unit-of-work.ts";
import { keysetPages } from "../../http/exports.ts";
import type { Clock } from "../../lib/clock.ts";
import { forbidden, notFound } from "../../lib/errors.ts";
import { can, type Principal } from "../access/principal.ts";
import type { OutageComplaints } from "../complaints/outage-links.ts";
import type { AppEvent } from "../events.ts";
import type { SettingsRepository } from "../settings/settings.repository.ts";
import { type AmiEventInput, OutageDetection } from "./outage-detection.service.ts";
import { type OpenOutageInput, type OutageActionInput, OutageLifecycle } from "./outage-lifecycle.service.ts";
import { type OutageDeps, type OutageSettings, OutageSteps } from "./outage-steps.ts";
import type { OutageFilter, OutageRow, OutagesRepository } from "./outages.repository.ts";
import type { OutageAction } from "./outages.state.ts";
import { type PlannedInput, PlannedShutdowns } from "./planned-shutdowns.service.ts";

export type { AmiEventInput, SignalOutcome } from "./outage-detection.service.ts";
export type { OpenOutageInput, OutageActionInput } from "./outage-lifecycle.service.ts";
export { DEFAULT_OUTAGE_SETTINGS, type OutageSettings } from "./outage-steps.ts";
export type { PlannedInput } from "./planned-shutdowns.service.ts";

/**
 * Outages, one face over three parts: detection from SCADA, smart meters and
 * clusters of complaints (outage-detection.service.ts); planned shutdowns
 * (planned-shutdowns.service.ts); what staff do to outages
 * (outage-lifecycle.service.ts). The steps they share (open, confirm,
 * restore, tell) are in outage-steps.ts. Reading lives here.
 */
export class OutagesService {
  readonly detection: OutageDetection;
  readonly planned: PlannedShutdowns;
  readonly lifecycle: OutageLifecycle;
  private readonly steps: OutageSteps;

  constructor(
    uow: UnitOfWork<AppEvent>,
    private readonly outages: (tx?: Tx) => OutagesRepository,
    complaints: OutageComplaints,
    settings: SettingsRepository,
    private readonly clock: Clock,
  ) {
    const deps: OutageDeps = { uow, outages, complaints, clock };
    this.steps = new OutageSteps(deps, settings);
    this.detection = new OutageDetection(deps, this.steps);
    this.planned = new PlannedShutdowns(deps, this.steps);
    this.lifecycle = new OutageLifecycle(deps, this.steps);
  }

  config(): Promise<OutageSettings> {
    return this.steps.config();
  }

  // Detection

  scada(feederCode: string, event: "trip" | "close", at: Date, via: string, principal?: Principal) {
    return this.detection.scada(feederCode, event, at, via, principal);
  }

  ami(events: AmiEventInput[], via: string, principal?: Principal) {
    return this.detection.ami(events, via, principal);
  }

  analyseDt(dtId: number) {
    return this.detection.analyseDt(dtId);
  }

  // Planned shutdowns

  schedule(principal: Principal, input: PlannedInput) {
    return this.planned.schedule(principal, input);
  }

  runPlanned(limit?: number) {
    return this.planned.runPlanned(limit);
  }

  // Staff actions

  open(principal: Principal, input: OpenOutageInput) {
    return this.lifecycle.open(principal, input);
  }

  actionsFor(principal: Principal, o: Outage): OutageAction[] {
    return this.lifecycle.actionsFor(principal, o);
  }

  act(principal: Principal, id: number, action: OutageAction, input: OutageActionInput) {
    return this.lifecycle.act(principal, id, action, input);
  }

  digestOwners(limit?: number) {
    return this.lifecycle.digestOwners(limit);
  }

  // Reading

  private async visible(principal: Principal, id: number): Promise<OutageRow> {
    if (!can(principal, "outages.read")) throw forbidden();
    const o = await this.outages().findForUser(principal, id);
    if (!o) throw notFound("outage");
    return o;
  }

  async get(principal: Principal, id: number) {
    const outage = await this.visible(principal, id);
    const repo = this.outages();
    const [events, complaints, sms, merged] = await Promise.all([
      repo.events(id),
      repo.linkedComplaints(id, 100),
      repo.smsCounts(id),
      repo.mergedInto(id),
    ]);
    return { outage, events, complaints, sms, merged, actions: this.actionsFor(principal, outage) };
  }

  list(principal: Principal, filter: OutageFilter) {
    if (!can(principal, "outages.read")) throw forbidden();
    return this.outages().list(principal, filter);
  }

  /** Every outage of the same list (no paging), a page at a time: the export. Permission checked now. */
  listAll(principal: Principal, filter: Omit<OutageFilter, "limit" | "offset">) {
    if (!can(principal, "outages.read")) throw forbidden();
    const repo = this.outages();
    return keysetPages(
      (after: Cursor | undefined, limit) => repo.listAfter(principal, filter, after, limit),
      (r) => r.cursor,
    );
  }

  async live(principal: Principal) {
    if (!can(principal, "outages.read")) throw forbidden();
    return this.outages().live(principal);
  }

  /** For the agent's consumer card: is this caller behind a known outage, or a shutdown coming soon? */
  async forConsumer(principal: Principal, consumerNo: string) {
    if (!can(principal, "outages.read")) throw forbidden();
    const repo = this.outages();
    const consumer = await repo.consumerByNo(consumerNo.trim().toUpperCase());
    if (!consumer) throw notFound("consumer");
    if (principal.orgKind !== "company" && !(await repo.dcVisible(principal, consumer.dc_id)))
      throw notFound("consumer");
    return repo.forConsumer(consumer, this.clock(), 48 * 3600_000);
  }

  countLive(principal: Principal) {
    return this.outages().countLive(principal);
  }

  /** An outage row with its names, for live screens. */
  row(id: number) {
    return this.outages().findById(id);
  }
}
export type { SignalEvent } from "../../db/schema.ts";
