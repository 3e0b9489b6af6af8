import type { Insertable, Updateable } from "kysely";
import { type Kysely, sql } from "kysely";
import { dcInJurisdiction, type Jurisdiction } from "../../db/jurisdiction.ts";
import { afterCursor, type Cursor, cursorOf, keyColumns, orderSql, type SortPart } from "../../db/keyset.ts";
import {
  type ApplicationStatus,
  type ConnectionApplication,
  type ConnectionApplicationTable,
  type DB,
  type Language,
  PENDING_APPLICATION_STATUSES,
} from "../../db/schema.ts";

/** An application as screens and SMS show it: the row with its DC and the consumer it released. */
export interface ApplicationRow extends ConnectionApplication {
  dc_code: string;
  dc_name_en: string;
  dc_name_hi: string;
  dc_path: string;
  consumer_no: string | null;
}

const QUEUE_ORDER: SortPart[] = [
  { expr: "a.applied_at", dir: "desc" },
  { expr: "a.id", dir: "desc" },
];

export interface ApplicationFilter {
  status?: ApplicationStatus | "pending" | undefined;
  /** An office's path: that office and below. */
  officePath?: string | undefined;
  overdue?: boolean | undefined;
  limit: number;
  offset: number;
}

export interface NewApplicationEvent {
  applicationId: number;
  at: Date;
  action: string;
  actorKind: "user" | "token" | "system" | "public";
  actorId: number | null;
  actorName: string;
  actorRole: string | null;
  fromStatus: ApplicationStatus | null;
  toStatus: ApplicationStatus | null;
  changes?: Record<string, unknown>;
  note?: string | null;
}

export interface Officer {
  name: string;
  phone: string | null;
}

const COUNT_CAP = 10_000;

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `status in (...)` with literals, so a generic plan can still use the per-stage index. */
function statusIn(column: string, statuses: readonly string[]) {
  return sql<boolean>`${sql.ref(column)} in (${sql.join(statuses.map((s) => sql.lit(s)))})`;
}

/** Ids from PostgreSQL (strings) and PGlite (numbers) alike. */
function normalise<T extends ApplicationRow>(r: T): T {
  return {
    ...r,
    id: Number(r.id),
    dc_id: Number(r.dc_id),
    consumer_id: r.consumer_id === null ? null : Number(r.consumer_id),
    created_by: r.created_by === null ? null : Number(r.created_by),
    load_kw: Number(r.load_kw),
    documents: typeof r.documents === "string" ? JSON.parse(r.documents) : r.documents,
  };
}

/** New-connection applications and their history; every read by staff is scoped to the jurisdiction. */
export class ConnectionsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private rows() {
    return this.db
      .selectFrom("connection_applications as a")
      .innerJoin("org_units as dc", "dc.id", "a.dc_id")
      .leftJoin("consumers as co", "co.id", "a.consumer_id")
      .selectAll("a")
      .select([
        "dc.code as dc_code",
        "dc.name_en as dc_name_en",
        "dc.name_hi as dc_name_hi",
        "dc.path as dc_path",
        "co.consumer_no as consumer_no",
      ]);
  }

  private scoped(p: Jurisdiction) {
    return this.rows().where(dcInJurisdiction("a.dc_id", p));
  }

  async findForUser(p: Jurisdiction, number: string): Promise<ApplicationRow | undefined> {
    const r = await this.scoped(p).where("a.number", "=", number).executeTakeFirst();
    return r ? normalise(r as ApplicationRow) : undefined;
  }

  async findById(id: number): Promise<ApplicationRow | undefined> {
    const r = await this.rows().where("a.id", "=", id).executeTakeFirst();
    return r ? normalise(r as ApplicationRow) : undefined;
  }

  /** The public tracking view: by number, no jurisdiction (the asker proves the mobile). */
  async findPublic(number: string): Promise<ApplicationRow | undefined> {
    const r = await this.rows().where("a.number", "=", number).executeTakeFirst();
    return r ? normalise(r as ApplicationRow) : undefined;
  }

  /** Locks an application the principal may see (in a transaction) and returns its id. */
  async lockForUser(p: Jurisdiction, number: string): Promise<number | undefined> {
    const r = await this.db
      .selectFrom("connection_applications as a")
      .select("a.id")
      .where("a.number", "=", number)
      .where(dcInJurisdiction("a.dc_id", p))
      .forUpdate()
      .executeTakeFirst();
    return r ? Number(r.id) : undefined;
  }

  async list(p: Jurisdiction, f: ApplicationFilter, now: Date) {
    const filtered = () => this.filtered(p, f, now);
    const [items, count] = await Promise.all([
      filtered()
        .orderBy("a.applied_at", "desc")
        .orderBy("a.id", "desc")
        .limit(f.limit)
        .offset(f.offset)
        .execute(),
      this.db
        .selectFrom(filtered().clearSelect().select(sql`1`.as("one")).limit(COUNT_CAP).as("x"))
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
    ]);
    return { items: items.map((r) => normalise(r as ApplicationRow)), total: Number(count.n) };
  }

  /** The same queue in its order (newest first), after a cursor: the export walks it to the end. */
  async listAfter(
    p: Jurisdiction,
    f: Omit<ApplicationFilter, "limit" | "offset">,
    now: Date,
    after: Cursor | undefined,
    limit: number,
  ): Promise<(ApplicationRow & { cursor: Cursor })[]> {
    let q = this.filtered(p, f, now).select(keyColumns(QUEUE_ORDER));
    if (after) q = q.where(afterCursor(QUEUE_ORDER, after));
    const rows = await q.orderBy(orderSql(QUEUE_ORDER)).limit(limit).execute();
    return rows.map((r) => ({ ...normalise(r as ApplicationRow), cursor: cursorOf(r, QUEUE_ORDER) }));
  }

  private filtered(p: Jurisdiction, f: Omit<ApplicationFilter, "limit" | "offset">, now: Date) {
    let q = this.scoped(p);
    if (f.status === "pending") q = q.where(statusIn("a.status", PENDING_APPLICATION_STATUSES));
    else if (f.status) q = q.where(statusIn("a.status", [f.status]));
    if (f.officePath) q = q.where("dc.path", "like", `${escapeLike(f.officePath)}%`);
    if (f.overdue)
      q = q
        .where(statusIn("a.status", PENDING_APPLICATION_STATUSES))
        .where((eb) => eb.or([eb("a.stage_due_at", "<", now), eb("a.release_due_at", "<", now)]));
    return q;
  }

  async byMobile(p: Jurisdiction, mobile: string, limit: number): Promise<ApplicationRow[]> {
    const rows = await this.scoped(p)
      .where("a.mobile", "=", mobile)
      .orderBy("a.applied_at", "desc")
      .limit(limit)
      .execute();
    return rows.map((r) => normalise(r as ApplicationRow));
  }

  /**
   * Applications whose applicant's name has every term (the trigram index),
   * newest first; at most `scan` matches are looked at, so a common name stays fast.
   */
  async byName(p: Jurisdiction, terms: string[], limit: number, scan = 300): Promise<ApplicationRow[]> {
    let matches = this.db
      .selectFrom("connection_applications as a")
      .select(["a.id", "a.applied_at"])
      .where(dcInJurisdiction("a.dc_id", p))
      .limit(scan);
    for (const t of terms)
      matches =
        t.length >= 3
          ? matches.where("a.applicant_name", "ilike", `%${escapeLike(t)}%`)
          : matches.where(
              sql<boolean>`a.applicant_name ~* ${`(^| )${t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`}`,
            );
    const ranked = await this.db
      .selectFrom(matches.as("m"))
      .select("m.id")
      .orderBy("m.applied_at", "desc")
      .orderBy("m.id", "desc")
      .limit(limit)
      .execute();
    const ids = ranked.map((r) => Number(r.id));
    if (ids.length === 0) return [];
    const rows = (await this.rows().where("a.id", "in", ids).execute()).map((r) =>
      normalise(r as ApplicationRow),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** This mobile's applications since `since` (the duplicate check), in the principal's jurisdiction. */
  async recentForMobile(p: Jurisdiction, mobile: string, since: Date): Promise<ApplicationRow[]> {
    const rows = await this.scoped(p)
      .where("a.mobile", "=", mobile)
      .where("a.applied_at", ">=", since)
      .where("a.status", "<>", "rejected")
      .orderBy("a.applied_at", "desc")
      .limit(50)
      .execute();
    return rows.map((r) => normalise(r as ApplicationRow));
  }

  // Offices

  async office(code: string) {
    const r = await this.db
      .selectFrom("org_units")
      .select(["id", "code", "kind", "path", "name_en", "name_hi", "parent_id"])
      .where("code", "=", code)
      .executeTakeFirst();
    return r ? { ...r, id: Number(r.id) } : undefined;
  }

  async officeById(id: number) {
    const r = await this.db
      .selectFrom("org_units")
      .select(["id", "code", "kind", "path", "name_en", "name_hi", "parent_id"])
      .where("id", "=", id)
      .executeTakeFirst();
    return r ? { ...r, id: Number(r.id) } : undefined;
  }

  async dcVisible(p: Jurisdiction, dcId: number): Promise<boolean> {
    const r = await this.db
      .selectFrom("org_units as a")
      .select("a.id")
      .where("a.id", "=", dcId)
      .where(dcInJurisdiction("a.id", p))
      .executeTakeFirst();
    return r !== undefined;
  }

  /**
   * The DC most of whose consumers have this place (a pin code or a
   * locality) in their address, among the DCs the principal may see; a DC
   * named after the locality first. At most `sample` consumers are counted.
   */
  async dcForPlace(p: Jurisdiction, place: string, sample = 500): Promise<number | undefined> {
    const like = `%${escapeLike(place)}%`;
    const named = await this.db
      .selectFrom("org_units as o")
      .select("o.id")
      .where("o.kind", "=", "dc")
      .where((eb) => eb.or([eb("o.name_en", "ilike", like), eb("o.name_hi", "ilike", like)]))
      .where(dcInJurisdiction("o.id", p))
      .orderBy("o.id")
      .limit(2)
      .execute();
    if (named.length === 1) return Number(named[0]?.id);
    const hits = this.db
      .selectFrom("consumers as c")
      .select("c.dc_id")
      .where("c.address", "ilike", like)
      .where(dcInJurisdiction("c.dc_id", p))
      .limit(sample)
      .as("h");
    const top = await this.db
      .selectFrom(hits)
      .select(["h.dc_id", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("h.dc_id")
      .orderBy("n", "desc")
      .orderBy("h.dc_id")
      .limit(1)
      .executeTakeFirst();
    return top ? Number(top.dc_id) : undefined;
  }

  /** Whether most of a DC's consumers are rural. */
  async mostlyRural(dcId: number): Promise<boolean> {
    const r = await this.db
      .selectFrom(
        this.db.selectFrom("consumers").select("area_type").where("dc_id", "=", dcId).limit(2000).as("c"),
      )
      .select([
        (eb) => eb.fn.count<number>(sql`case when c.area_type = 'rural' then 1 end`).as("rural"),
        (eb) => eb.fn.countAll<number>().as("n"),
      ])
      .executeTakeFirstOrThrow();
    return Number(r.rural) * 2 > Number(r.n);
  }

  /** The responsible office: the DC's sub-division and their JE and AE (the first active one of each). */
  async responsible(dcId: number) {
    const sub = await this.db
      .selectFrom("org_units as dc")
      .innerJoin("org_units as s", "s.id", "dc.parent_id")
      .select(["s.id", "s.code", "s.name_en", "s.name_hi", "s.kind"])
      .where("dc.id", "=", dcId)
      .executeTakeFirst();
    const officer = async (unitId: number, role: "je" | "ae"): Promise<Officer | null> => {
      const u = await this.db
        .selectFrom("users")
        .select(["name", "phone"])
        .where("org_unit_id", "=", unitId)
        .where("role", "=", role)
        .where("active", "=", true)
        .orderBy("id")
        .executeTakeFirst();
      return u ?? null;
    };
    const subdivision = sub && sub.kind === "subdivision" ? { ...sub, id: Number(sub.id) } : null;
    return {
      subdivision,
      je: await officer(dcId, "je"),
      ae: subdivision ? await officer(subdivision.id, "ae") : null,
    };
  }

  // Writes

  async nextSequence(): Promise<number> {
    const r = await sql<{ n: string | number }>`select nextval('connection_application_seq') as n`.execute(
      this.db,
    );
    return Number(r.rows[0]?.n);
  }

  async insert(row: Insertable<ConnectionApplicationTable>): Promise<number> {
    const r = await this.db
      .insertInto("connection_applications")
      .values(row)
      .returning("id")
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async update(id: number, patch: Updateable<ConnectionApplicationTable>): Promise<void> {
    await this.db.updateTable("connection_applications").set(patch).where("id", "=", id).execute();
  }

  async addEvent(e: NewApplicationEvent): Promise<void> {
    await this.db
      .insertInto("connection_application_events")
      .values({
        application_id: e.applicationId,
        at: e.at,
        action: e.action,
        actor_kind: e.actorKind,
        actor_id: e.actorId,
        actor_name: e.actorName,
        actor_role: e.actorRole,
        from_status: e.fromStatus,
        to_status: e.toStatus,
        changes: JSON.stringify(e.changes ?? {}),
        note: e.note ?? null,
      })
      .execute();
  }

  async events(applicationId: number) {
    return this.db
      .selectFrom("connection_application_events")
      .select(["at", "action", "from_status", "to_status", "actor_name", "actor_role", "actor_kind", "note"])
      .where("application_id", "=", applicationId)
      .orderBy("id")
      .execute();
  }

  // Consumers a release links or creates

  async consumerForUser(p: Jurisdiction, consumerNo: string) {
    const r = await this.db
      .selectFrom("consumers as c")
      .select(["c.id", "c.dc_id"])
      .where("c.consumer_no", "=", consumerNo)
      .where(dcInJurisdiction("c.dc_id", p))
      .executeTakeFirst();
    return r ? { id: Number(r.id), dcId: Number(r.dc_id) } : undefined;
  }

  async consumerNoTaken(consumerNo: string): Promise<boolean> {
    const r = await this.db
      .selectFrom("consumers")
      .select("id")
      .where("consumer_no", "=", consumerNo)
      .executeTakeFirst();
    return r !== undefined;
  }

  /** A consumer for a released connection, with the applicant's mobile (verified if the application's was). */
  async createConsumer(c: {
    consumerNo: string;
    name: string;
    address: string;
    tariffCategory: ConnectionApplication["category"];
    areaType: "urban" | "rural";
    dcId: number;
    mobile: string;
    mobileVerified: boolean;
    language: Language;
    at: Date;
  }): Promise<number> {
    const r = await this.db
      .insertInto("consumers")
      .values({
        consumer_no: c.consumerNo,
        name: c.name,
        address: c.address,
        tariff_category: c.tariffCategory,
        area_type: c.areaType,
        dc_id: c.dcId,
        feeder_id: null,
        dt_id: null,
        meter_no: null,
        created_at: c.at,
        updated_at: c.at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const id = Number(r.id);
    await this.db
      .insertInto("consumer_mobiles")
      .values({
        consumer_id: id,
        mobile: c.mobile,
        verified: c.mobileVerified,
        verified_at: c.mobileVerified ? c.at : null,
        language: c.language,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return id;
  }

  /** The payment site the DISCOM's bills link to (the latest bill's link), if any bill has one. */
  async billPaymentLink(): Promise<string | undefined> {
    const r = await this.db
      .selectFrom("bills")
      .select("payment_link")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    return r?.payment_link;
  }
}
