import type { Cursor } from "../../db/keyset.ts";
import type {
  ApplicationDocument,
  ApplicationStatus,
  Language,
  SopArea,
  SupplyType,
  TariffCategory,
} from "../../db/schema.ts";
import type { Tx, UnitOfWork } from "../../db/unit-of-work.ts";
import { keysetPages } from "../../http/exports.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../lib/errors.ts";
import { normaliseMobile } from "../../lib/mobile.ts";
import { zonedParts } from "../../lib/time.ts";
import { can, type Principal } from "../access/principal.ts";
import { actorFields, actorOf } from "../audit/actor.ts";
import type { AppEvent } from "../events.ts";
import type { SettingsRepository } from "../settings/settings.repository.ts";
import {
  APPLICATION_NUMBER,
  type ConnectionSopSettings,
  DEFAULT_DOCUMENTS,
  DUPLICATE_WINDOW_DAYS,
  SOP_SETTINGS_KEY,
} from "./connections.constants.ts";
import type { ApplicationDetail } from "./connections.present.ts";
import type { ApplicationRow, ConnectionsRepository } from "./connections.repository.ts";
import {
  clockColumns,
  type MoveInput,
  normaliseAddress,
  offeredMoves,
  refuseMove,
  STAGE_COLUMN,
  sopSettings,
} from "./connections.state.ts";

export type { ApplicationRow } from "./connections.repository.ts";

const DAY = 86_400_000;

export interface CreateApplicationInput {
  applicantName: string;
  mobile: string;
  language?: Language | undefined;
  address: string;
  locality?: string | undefined;
  pincode?: string | undefined;
  dcCode?: string | undefined;
  sopArea?: SopArea | undefined;
  category: TariffCategory;
  supplyType?: SupplyType | undefined;
  loadKw: number;
  documents?: ApplicationDocument[] | undefined;
  source?: "call" | "walk_in" | undefined;
  confirmDuplicate?: boolean | undefined;
}

export interface ListInput {
  q?: string | undefined;
  status?: ApplicationStatus | "pending" | undefined;
  dc?: string | undefined;
  overdue?: boolean | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

export type CreateResult =
  | { kind: "created"; application: ApplicationRow }
  | { kind: "duplicate"; duplicates: ApplicationRow[] };

/**
 * New-connection applications: registered by agents (and by API), looked up
 * by number, mobile or name, moved through their stages by the DC's staff
 * with the SoP clock set at each change, and released into a consumer.
 * Every change writes its history row and publishes `connection.changed`
 * (the applicant's SMS) in its transaction.
 */
export class ConnectionsService {
  constructor(
    private readonly uow: UnitOfWork<AppEvent>,
    private readonly repo: (tx?: Tx) => ConnectionsRepository,
    private readonly settings: SettingsRepository,
    private readonly clock: Clock,
    private readonly options: { timeZone: string; publicUrl: string },
  ) {}

  get timeZone(): string {
    return this.options.timeZone;
  }

  now(): Date {
    return this.clock();
  }

  /** The SoP settings (app_settings `connections.sop` over the defaults). */
  async sop(): Promise<ConnectionSopSettings> {
    return sopSettings(await this.settings.get<Partial<ConnectionSopSettings>>(SOP_SETTINGS_KEY));
  }

  private paySite: { value: string; at: number } | undefined;

  /**
   * Where an applicant pays a demand note: the payment site the DISCOM's
   * bills link to (their links come from the billing system), with the
   * application number, e.g. https://pay.mpez.in/nc/NCJBP2612000123; this
   * server's /pay when no bill has a link yet.
   */
  async payLink(r: Pick<ApplicationRow, "number" | "status">, tx?: Tx): Promise<string | null> {
    if (r.status !== "demand_note_issued") return null;
    if (!this.paySite || Date.now() - this.paySite.at > 300_000) {
      const bill = await this.repo(tx).billPaymentLink();
      let origin = `${this.options.publicUrl.replace(/\/+$/, "")}/pay`;
      if (bill) {
        try {
          origin = new URL(/^https?:\/\//.test(bill) ? bill : `https://${bill}`).origin;
        } catch {
          // A bill link that is not a URL: keep this server's.
        }
      }
      this.paySite = { value: origin, at: Date.now() };
    }
    return `${this.paySite.value}/nc/${r.number}`;
  }

  private ensure(p: Principal, permission: "connections.read" | "connections.create" | "connections.manage") {
    if (!can(p, permission)) throw forbidden();
  }

  /** The application number's prefix: NC, the region's code (letters), YYMM. */
  private numberPrefix(dcPath: string, at: Date): string {
    const raw = (dcPath.split("/")[2] ?? "")
      .toUpperCase()
      .replace(/[^A-Z]/g, "")
      .slice(0, 6);
    const region = raw.length >= 2 ? raw : "PD";
    const z = zonedParts(at, this.options.timeZone);
    return `NC${region}${String(z.year).slice(2)}${String(z.month).padStart(2, "0")}`;
  }

  /** The DC of a new application: the one given, else the one whose consumers live at the locality or pin code. */
  private async dcFor(p: Principal, input: CreateApplicationInput) {
    const repo = this.repo();
    if (input.dcCode?.trim()) {
      const code = input.dcCode.trim().toUpperCase();
      const dc = await repo.office(code);
      if (!dc) throw badRequest(`no DC ${code}`, "dcCode");
      if (dc.kind !== "dc") throw badRequest(`${code} is a ${dc.kind}, not a DC`, "dcCode");
      if (!(await repo.dcVisible(p, dc.id))) throw forbidden("that DC is outside your jurisdiction");
      return dc;
    }
    const places = [input.pincode?.trim(), input.locality?.trim()].filter((x): x is string => Boolean(x));
    if (places.length === 0)
      throw badRequest("choose the DC, or give the locality or pin code to find it", "dcCode");
    for (const place of places) {
      const id = await repo.dcForPlace(p, place);
      const dc = id === undefined ? undefined : await repo.officeById(id);
      if (dc) return dc;
    }
    throw badRequest(`no DC found for ${places.join(" / ")}: choose the DC (dcCode)`, "dcCode");
  }

  /**
   * Registers an application, or answers with the likely duplicates when the agent has not confirmed.
   * `via` is for the consumer portal only (never from a request body): its source, and the mobile
   * proved by a code read back.
   */
  async create(
    p: Principal,
    input: CreateApplicationInput,
    via?: { source: "portal"; mobileVerified: boolean },
  ): Promise<CreateResult> {
    this.ensure(p, "connections.create");
    const mobile = normaliseMobile(input.mobile);
    if (!mobile) throw badRequest("mobile must be a 10-digit mobile number", "mobile");
    const name = input.applicantName.trim();
    if (!name) throw badRequest("give the applicant's name", "applicantName");
    const address = input.address.trim().replace(/\s+/g, " ");
    if (!address) throw badRequest("give the address", "address");
    const dc = await this.dcFor(p, input);
    const now = this.clock();
    const repo = this.repo();

    if (!input.confirmDuplicate) {
      const since = new Date(now.getTime() - DUPLICATE_WINDOW_DAYS * DAY);
      const key = normaliseAddress(address);
      const duplicates = (await repo.recentForMobile(p, mobile, since)).filter(
        (a) => normaliseAddress(a.address) === key,
      );
      if (duplicates.length) return { kind: "duplicate", duplicates };
    }

    const sopArea = input.sopArea ?? ((await repo.mostlyRural(dc.id)) ? "rural" : "urban");
    const documents = dedupeDocuments(
      input.documents ?? DEFAULT_DOCUMENTS[input.category].map((code) => ({ code, received: false })),
    );
    const settings = await this.sop();
    const source = via?.source ?? (p.kind === "token" ? "api" : (input.source ?? "call"));
    const actor = actorOf(p);

    const application = await this.uow.run(async (tx, emit) => {
      const t = this.repo(tx);
      const seq = await t.nextSequence();
      const number = `${this.numberPrefix(dc.path, now)}${String(seq % 1_000_000).padStart(6, "0")}`;
      const clock = clockColumns(
        {
          status: "applied",
          sop_area: sopArea,
          status_at: now,
          documents_complete_at: null,
          demand_note_at: null,
          charges_paid_at: null,
        },
        settings,
        now,
      );
      const id = await t.insert({
        number,
        applicant_name: name,
        mobile,
        mobile_verified: via?.mobileVerified ?? false,
        language: input.language ?? "hi",
        address,
        locality: input.locality?.trim() || null,
        pincode: input.pincode?.trim() || null,
        dc_id: dc.id,
        sop_area: sopArea,
        category: input.category,
        supply_type:
          input.supplyType ?? (input.category === "industrial" && input.loadKw > 100 ? "ht" : "lt"),
        load_kw: input.loadKw,
        documents: JSON.stringify(documents),
        charges_demanded_rs: null,
        charges_paid_rs: 0,
        status: "applied",
        reject_reason: null,
        source,
        consumer_id: null,
        applied_at: now,
        status_at: now,
        ...clock,
        created_by: p.kind === "user" ? p.id : null,
        created_at: now,
        updated_at: now,
      });
      await t.addEvent({
        applicationId: id,
        at: now,
        action: "created",
        ...actorFields(actor),
        fromStatus: null,
        toStatus: "applied",
        changes: { dc: [null, dc.code], source: [null, source], sop_area: [null, sopArea] },
      });
      const row = (await t.findById(id)) as ApplicationRow;
      await emit({
        type: "connection.changed",
        application: row,
        action: "created",
        from: null,
        to: "applied",
        at: now,
        payLink: null,
      });
      return row;
    });
    return { kind: "created", application };
  }

  /** One search box and the queue: `q` finds by application number, mobile or part of the name. */
  /**
   * Every application the list shows for the same input, a page at a time
   * (the export). A search (`q`) is the search's own result; the queue is
   * walked to its end. Checks and the office are resolved now.
   */
  async listAll(p: Principal, input: Omit<ListInput, "page" | "pageSize">) {
    this.ensure(p, "connections.read");
    const now = this.clock();
    if (input.q?.trim()) {
      const r = await this.list(p, { ...input, pageSize: 200 });
      return {
        now,
        rows: (async function* () {
          for (const i of r.items) yield i.row;
        })(),
      };
    }
    const repo = this.repo();
    let officePath: string | undefined;
    if (input.dc) {
      const office = await repo.office(input.dc.trim().toUpperCase());
      if (!office) throw badRequest(`no office ${input.dc}`, "dc");
      officePath = office.path;
    }
    const f = { status: input.status, officePath, overdue: input.overdue };
    const rows = keysetPages(
      (after: Cursor | undefined, limit) => repo.listAfter(p, f, now, after, limit),
      (r) => r.cursor,
    );
    return { now, rows };
  }

  async list(p: Principal, input: ListInput) {
    this.ensure(p, "connections.read");
    const now = this.clock();
    const pageSize = Math.min(Math.max(input.pageSize ?? 50, 1), 200);
    const page = Math.max(input.page ?? 1, 1);
    const repo = this.repo();
    const q = input.q?.trim().replace(/\s+/g, " ");
    if (q) {
      const compact = q.replace(/[\s-]/g, "").toUpperCase();
      if (APPLICATION_NUMBER.test(compact)) {
        const r = await repo.findForUser(p, compact);
        return {
          items: r ? [{ row: r, matchedBy: "number" as const }] : [],
          total: r ? 1 : 0,
          page: 1,
          pageSize,
          now,
        };
      }
      const mobile = /\p{L}/u.test(q) ? undefined : normaliseMobile(q);
      if (mobile) {
        // Only for those who may see mobiles: else trying the hidden digits of a masked one would tell whose it is.
        if (!can(p, "consumers.read_mobile")) throw forbidden("you may not search by mobile");
        const rows = await repo.byMobile(p, mobile, pageSize);
        return {
          items: rows.map((row) => ({ row, matchedBy: "mobile" as const })),
          total: rows.length,
          page: 1,
          pageSize,
          now,
        };
      }
      if (!/\p{L}/u.test(q)) throw badRequest("type an application number, a 10-digit mobile or a name", "q");
      const terms = q.split(" ").filter(Boolean);
      if (!terms.some((t) => t.length >= 3))
        throw badRequest("name search needs a word of at least 3 letters", "q");
      terms.sort((a, b) => b.length - a.length);
      const rows = await repo.byName(p, terms, pageSize);
      return {
        items: rows.map((row) => ({ row, matchedBy: "name" as const })),
        total: rows.length,
        page: 1,
        pageSize,
        now,
      };
    }
    let officePath: string | undefined;
    if (input.dc) {
      const office = await repo.office(input.dc.trim().toUpperCase());
      if (!office) throw badRequest(`no office ${input.dc}`, "dc");
      officePath = office.path;
    }
    const r = await repo.list(
      p,
      {
        status: input.status,
        officePath,
        overdue: input.overdue,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      },
      now,
    );
    return {
      items: r.items.map((row) => ({ row, matchedBy: undefined })),
      total: r.total,
      page,
      pageSize,
      now,
    };
  }

  private async visible(p: Principal, number: string, tx?: Tx): Promise<ApplicationRow> {
    const r = await this.repo(tx).findForUser(p, number.trim().toUpperCase());
    // Outside the jurisdiction reads as unknown: no hint that the number exists.
    if (!r) throw notFound("application");
    return r;
  }

  /** The application card: timeline, clock, responsible office, next step and the moves this user may make. */
  async get(p: Principal, number: string): Promise<ApplicationDetail> {
    this.ensure(p, "connections.read");
    const r = await this.visible(p, number);
    return this.detail(p, r);
  }

  private async detail(p: Principal, r: ApplicationRow): Promise<ApplicationDetail> {
    const now = this.clock();
    const repo = this.repo();
    const [office, events, settings, payLink] = await Promise.all([
      repo.responsible(r.dc_id),
      repo.events(r.id),
      this.sop(),
      this.payLink(r),
    ]);
    const live = clockColumns(r, settings, now);
    return {
      application: r,
      office,
      clock: {
        stageDueAt: live.stage_due_at,
        releaseDueAt: live.release_due_at,
        paused: r.status === "demand_note_issued",
      },
      payLink,
      moves: can(p, "connections.manage") ? offeredMoves(r) : [],
      events,
      now,
      timeZone: this.options.timeZone,
    };
  }

  /** Moves an application to its next stage (or rejects it), with the guards of connections.state.ts. */
  async move(
    p: Principal,
    number: string,
    input: MoveInput & { note?: string | undefined },
  ): Promise<ApplicationDetail> {
    this.ensure(p, "connections.manage");
    const settings = await this.sop();
    const actor = actorOf(p);
    const row = await this.uow.run(async (tx, emit) => {
      const t = this.repo(tx);
      const id = await t.lockForUser(p, number.trim().toUpperCase());
      if (id === undefined) throw notFound("application");
      const app = (await t.findById(id)) as ApplicationRow;
      const refused = refuseMove(app, input);
      if (refused)
        throw new AppError(
          refused.status,
          refused.code,
          refused.message,
          refused.field,
          undefined,
          refused.status === 409 ? offeredMoves(app) : undefined,
        );
      const now = this.clock();
      const to = input.to;
      const patch: Record<string, unknown> = {
        status: to,
        status_at: now,
        updated_at: now,
        escalation_level: 0,
      };
      const stageColumn = STAGE_COLUMN[to as keyof typeof STAGE_COLUMN];
      if (stageColumn) patch[stageColumn] = now;
      const changes: Record<string, unknown> = { status: [app.status, to] };
      if (to === "demand_note_issued") {
        patch.charges_demanded_rs = input.chargesDemandedRs;
        changes.charges_demanded_rs = [app.charges_demanded_rs, input.chargesDemandedRs];
      }
      if (to === "charges_paid" && input.chargesPaidRs !== undefined) {
        patch.charges_paid_rs = input.chargesPaidRs;
        changes.charges_paid_rs = [app.charges_paid_rs, input.chargesPaidRs];
      }
      if (to === "rejected") patch.reject_reason = input.rejectReason?.trim();
      if (to === "released") {
        const consumerId = await this.releasedConsumer(p, t, app, input.consumerNo, now);
        patch.consumer_id = consumerId.id;
        changes.consumer_no = [null, consumerId.consumerNo];
        changes.consumer = [null, consumerId.created ? "created" : "linked"];
      }
      const after = { ...app, ...patch } as ApplicationRow;
      const clock = clockColumns(after, settings, now);
      Object.assign(patch, clock);
      // A new stage starts its own limit afresh, unless the regulator's
      // limit has already passed: then the application stays late and stays
      // where it is on the ladder, so the officers already told are not told
      // again rung by rung at the next sweep.
      if (clock.release_due_at && clock.release_due_at.getTime() <= now.getTime())
        patch.escalation_level = app.escalation_level;
      await t.update(id, patch);
      await t.addEvent({
        applicationId: id,
        at: now,
        action: "moved",
        ...actorFields(actor),
        fromStatus: app.status,
        toStatus: to,
        changes,
        note: (to === "rejected" ? input.rejectReason?.trim() : input.note?.trim()) || null,
      });
      const updated = (await t.findById(id)) as ApplicationRow;
      await emit({
        type: "connection.changed",
        application: updated,
        action: "moved",
        from: app.status,
        to,
        at: now,
        payLink: await this.payLink(updated, tx),
      });
      return updated;
    });
    return this.detail(p, row);
  }

  /** The consumer a release links (in the principal's jurisdiction) or creates from the application. */
  private async releasedConsumer(
    p: Principal,
    t: ConnectionsRepository,
    app: ApplicationRow,
    consumerNoInput: string | undefined,
    now: Date,
  ): Promise<{ id: number; consumerNo: string; created: boolean }> {
    if (consumerNoInput?.trim()) {
      const consumerNo = consumerNoInput.trim().toUpperCase();
      const c = await t.consumerForUser(p, consumerNo);
      if (!c) throw badRequest(`no consumer ${consumerNo}`, "consumerNo");
      return { id: c.id, consumerNo, created: false };
    }
    // The application number is the new connection's consumer number: unique, and the applicant already has it.
    const consumerNo = app.number;
    if (await t.consumerNoTaken(consumerNo))
      throw conflict(`consumer ${consumerNo} exists: give it as consumerNo to link it`, "consumerNo");
    const id = await t.createConsumer({
      consumerNo,
      name: app.applicant_name,
      address: app.address,
      tariffCategory: app.category,
      areaType: app.sop_area === "rural" ? "rural" : "urban",
      dcId: app.dc_id,
      mobile: app.mobile,
      mobileVerified: app.mobile_verified,
      language: app.language,
      at: now,
    });
    return { id, consumerNo, created: true };
  }

  /** Records which documents are received (the list given replaces the application's), while it is at `applied`. */
  async documents(
    p: Principal,
    number: string,
    documents: ApplicationDocument[],
  ): Promise<ApplicationDetail> {
    if (!can(p, "connections.manage") && !can(p, "connections.create")) throw forbidden();
    const actor = actorOf(p);
    const row = await this.uow.run(async (tx, emit) => {
      const t = this.repo(tx);
      const id = await t.lockForUser(p, number.trim().toUpperCase());
      if (id === undefined) throw notFound("application");
      const app = (await t.findById(id)) as ApplicationRow;
      if (app.status !== "applied")
        throw conflict(
          `the documents are settled once an application is past applied (it is ${app.status})`,
          "documents",
        );
      const next = dedupeDocuments(documents);
      const now = this.clock();
      await t.update(id, { documents: JSON.stringify(next), updated_at: now });
      const was = new Map(app.documents.map((d) => [d.code, d.received]));
      const changed = next.filter((d) => was.get(d.code) !== d.received).map((d) => d.code);
      const dropped = app.documents.filter((d) => !next.some((n) => n.code === d.code)).map((d) => d.code);
      await t.addEvent({
        applicationId: id,
        at: now,
        action: "documents",
        ...actorFields(actor),
        fromStatus: app.status,
        toStatus: app.status,
        changes: {
          received: next.filter((d) => d.received).map((d) => d.code),
          missing: next.filter((d) => !d.received).map((d) => d.code),
          ...(dropped.length ? { dropped } : {}),
          ...(changed.length ? { changed } : {}),
        },
      });
      const updated = (await t.findById(id)) as ApplicationRow;
      await emit({
        type: "connection.changed",
        application: updated,
        action: "documents",
        from: app.status,
        to: app.status,
        at: now,
        payLink: null,
      });
      return updated;
    });
    return this.detail(p, row);
  }

  /** The public tracking view's application (no jurisdiction: the caller proved the mobile). */
  async findPublic(number: string) {
    const r = await this.repo().findPublic(number);
    if (!r) return undefined;
    return { application: r, events: await this.repo().events(r.id), payLink: await this.payLink(r) };
  }
}

/** One entry per document code (the last one given wins), in the order first given. */
function dedupeDocuments(docs: readonly ApplicationDocument[]): ApplicationDocument[] {
  const byCode = new Map<string, boolean>();
  for (const d of docs) byCode.set(d.code, d.received);
  return [...byCode].map(([code, received]) => ({ code, received }));
}
