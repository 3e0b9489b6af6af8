import { type Kysely, sql } from "kysely";
import { dcInJurisdiction } from "../../db/jurisdiction.ts";
import { reusableQuery } from "../../db/reusable-query.ts";
import type { AreaType, DB, Language, OrgKind, Role } from "../../db/schema.ts";
import type { Principal } from "../access/principal.ts";
import {
  callMobile,
  type LiveOutageRef,
  liveOutage,
  OPEN,
  type RawLiveOutage,
  type StaffContact,
  smsContact,
  statusIn,
  toLiveOutageRef,
} from "./complaints.sql.ts";

/** Where a complaint goes, with everything its row, timeline and SMS will show (one query). */
export interface ComplaintTarget {
  /** Pre-allocated for a new complaint: its id and the sequence part of its number. */
  complaintId: number;
  numberSeq: number;
  /** The DC's on-duty lineman with the least open work (the most idle first on a tie), when auto-assigning. */
  lineman: StaffContact | null;
  consumerId: number | null;
  consumerNo: string | null;
  consumerName: string | null;
  /** The consumer's first mobile, verified ones first. */
  consumerMobile: string | null;
  /** His first verified mobile and its language (SMS go only to verified numbers). */
  smsMobile: string | null;
  smsLanguage: Language | null;
  dcId: number;
  dcCode: string;
  dcNameEn: string;
  dcNameHi: string;
  dcPath: string;
  feederId: number | null;
  feederCode: string | null;
  dtId: number | null;
  dtCode: string | null;
  areaType: AreaType | null;
  /** The outage the supply is off under now (feeder first, then DT, then the consumer alone), if any. */
  outage: LiveOutageRef | null;
}

interface ConsumerTargetRow {
  complaint_id: number;
  number_seq: number;
  lineman: StaffContact | null;
  dc_id: number;
  dc_code: string;
  dc_name_en: string;
  dc_name_hi: string;
  dc_path: string;
  consumer_id: number;
  consumer_no: string;
  consumer_name: string;
  feeder_id: number | null;
  feeder_code: string | null;
  dt_id: number | null;
  dt_code: string | null;
  area_type: AreaType;
  consumer_mobile: string | null;
  sms_mobile: string | null;
  sms_language: Language | null;
  outage: RawLiveOutage | null;
}

/** Where a complaint goes and who hears of it: its DC and network, its lineman, the officers up the ladder. */
export class ComplaintTargetsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The DC, plus what a registration needs allocated up front: the new
   * complaint's id and number sequence, and (with autoAssign) the lineman.
   * Nothing here locks: the policy is a fair guess, two calls at once may
   * pick the same lineman.
   */
  private targetQuery(autoAssign: boolean) {
    const openList = sql.join(OPEN.map((s) => sql.lit(s)));
    const lineman = autoAssign
      ? sql<StaffContact | null>`(select json_build_object('id', u.id, 'name', u.name, 'login', u.login, 'phone', u.phone, 'role', u.role, 'language', u.language)
          from users u
          where u.org_unit_id = dc.id and u.role = 'lineman' and u.active and u.on_duty
          order by (select count(*) from complaints w where w.assigned_to = u.id and w.status in (${openList})),
                   (select max(w.assigned_at) from complaints w where w.assigned_to = u.id) nulls first,
                   u.id
          limit 1)`
      : sql<StaffContact | null>`null::json`;
    return this.db
      .selectFrom("org_units as dc")
      .select([
        "dc.id as dc_id",
        "dc.code as dc_code",
        "dc.name_en as dc_name_en",
        "dc.name_hi as dc_name_hi",
        "dc.path as dc_path",
        sql<number>`nextval(pg_get_serial_sequence('complaints', 'id'))`.as("complaint_id"),
        sql<number>`nextval('complaint_number_seq')`.as("number_seq"),
        lineman.as("lineman"),
      ]);
  }

  private static toTarget(r: {
    complaint_id: number;
    number_seq: number;
    lineman: StaffContact | null;
    dc_id: number;
    dc_code: string;
    dc_name_en: string;
    dc_name_hi: string;
    dc_path: string;
    consumer_id?: number | null;
    consumer_no?: string | null;
    consumer_name?: string | null;
    consumer_mobile?: string | null;
    sms_mobile?: string | null;
    sms_language?: Language | null;
    feeder_id?: number | null;
    feeder_code?: string | null;
    dt_id?: number | null;
    dt_code?: string | null;
    area_type?: AreaType | null;
    outage?: RawLiveOutage | null;
  }): ComplaintTarget {
    return {
      complaintId: Number(r.complaint_id),
      numberSeq: Number(r.number_seq),
      lineman: r.lineman ? { ...r.lineman, id: Number(r.lineman.id) } : null,
      consumerId: r.consumer_id ?? null,
      consumerNo: r.consumer_no ?? null,
      consumerName: r.consumer_name ?? null,
      consumerMobile: r.consumer_mobile ?? null,
      smsMobile: r.sms_mobile ?? null,
      smsLanguage: r.sms_language ?? null,
      dcId: r.dc_id,
      dcCode: r.dc_code,
      dcNameEn: r.dc_name_en,
      dcNameHi: r.dc_name_hi,
      dcPath: r.dc_path,
      feederId: r.feeder_id ?? null,
      feederCode: r.feeder_code ?? null,
      dtId: r.dt_id ?? null,
      dtCode: r.dt_code ?? null,
      areaType: r.area_type ?? null,
      outage: toLiveOutageRef(r.outage),
    };
  }

  /** The registration's first query: a consumer to register against (the caller checks the jurisdiction). */
  consumerTargetQuery(consumerNo: string, autoAssign: boolean) {
    return this.targetQuery(autoAssign)
      .innerJoin("consumers as c", "c.dc_id", "dc.id")
      .leftJoin("feeders as f", "f.id", "c.feeder_id")
      .leftJoin("dts as d", "d.id", "c.dt_id")
      .select([
        "c.id as consumer_id",
        "c.consumer_no",
        "c.name as consumer_name",
        "c.feeder_id",
        "f.code as feeder_code",
        "c.dt_id",
        "d.code as dt_code",
        "c.area_type",
        liveOutage("c.feeder_id", "c.dt_id", "c.id").as("outage"),
      ])
      .select([
        callMobile("c.id").as("consumer_mobile"),
        smsContact("c.id", "mobile").as("sms_mobile"),
        smsContact("c.id", "language").as("sms_language"),
      ])
      .where("c.consumer_no", "=", consumerNo);
  }

  // Every registration runs this: compile it once (per assignment mode).
  private static readonly consumerTargets = new Map<
    boolean,
    ReturnType<typeof reusableQuery<[string], ConsumerTargetRow>>
  >();

  /** A consumer to register against (the caller checks the jurisdiction). */
  async consumerTarget(consumerNo: string, autoAssign = false): Promise<ComplaintTarget | undefined> {
    let run = ComplaintTargetsRepository.consumerTargets.get(autoAssign);
    if (!run) {
      run = reusableQuery((no: string) => this.consumerTargetQuery(no, autoAssign), 1);
      ComplaintTargetsRepository.consumerTargets.set(autoAssign, run);
    }
    const [r] = await run(this.db, consumerNo);
    return r ? ComplaintTargetsRepository.toTarget(r) : undefined;
  }

  /** A DT's DC and feeder, and whether its consumers are urban or rural. */
  async dtTarget(code: string, autoAssign = false): Promise<ComplaintTarget | undefined> {
    const r = await this.targetQuery(autoAssign)
      .innerJoin("dts as d", "d.dc_id", "dc.id")
      .innerJoin("feeders as f", "f.id", "d.feeder_id")
      .select([
        "d.id as dt_id",
        "d.code as dt_code",
        "f.id as feeder_id",
        "f.code as feeder_code",
        liveOutage("f.id", "d.id", null).as("outage"),
      ])
      .select((eb) =>
        eb
          .selectFrom("consumers")
          .select("area_type")
          .whereRef("consumers.dt_id", "=", "d.id")
          .limit(1)
          .as("area_type"),
      )
      .where("d.code", "=", code)
      .executeTakeFirst();
    return r ? ComplaintTargetsRepository.toTarget(r) : undefined;
  }

  async feederTarget(code: string, autoAssign = false): Promise<ComplaintTarget | undefined> {
    const r = await this.targetQuery(autoAssign)
      .innerJoin("feeders as f", "f.dc_id", "dc.id")
      .select(["f.id as feeder_id", "f.code as feeder_code", liveOutage("f.id", null, null).as("outage")])
      .select((eb) =>
        eb
          .selectFrom("consumers")
          .select("area_type")
          .whereRef("consumers.feeder_id", "=", "f.id")
          .limit(1)
          .as("area_type"),
      )
      .where("f.code", "=", code)
      .executeTakeFirst();
    return r ? ComplaintTargetsRepository.toTarget(r) : undefined;
  }

  async dcTarget(code: string, autoAssign = false): Promise<ComplaintTarget | undefined> {
    const r = await this.targetQuery(autoAssign)
      .where("dc.code", "=", code)
      .where("dc.kind", "=", "dc")
      .executeTakeFirst();
    return r ? ComplaintTargetsRepository.toTarget(r) : undefined;
  }

  /** Whether a DC lies in the principal's jurisdiction. */
  async dcVisible(principal: Principal, dcId: number): Promise<boolean> {
    const r = await this.db
      .selectFrom("org_units as o")
      .select("o.id")
      .where("o.id", "=", dcId)
      .where(dcInJurisdiction("o.id", principal))
      .executeTakeFirst();
    return r !== undefined;
  }

  // People

  /** Active users with `role` at the office of `kind` above (or at) the DC. */
  officersFor(dcPath: string, role: Role, kind: OrgKind): Promise<StaffContact[]> {
    return this.db
      .selectFrom("users as u")
      .innerJoin("org_units as o", "o.id", "u.org_unit_id")
      .select(["u.id", "u.name", "u.phone", "u.role", "u.language"])
      .where("u.role", "=", role)
      .where("u.active", "=", true)
      .where("o.kind", "=", kind)
      .where(sql<boolean>`${dcPath} like o.path || '%'`)
      .orderBy("u.id")
      .execute();
  }

  /** The DC's linemen with their open work, for assignment. */
  linemenOf(dcId: number) {
    return this.db
      .selectFrom("users as u")
      .select(["u.id", "u.name", "u.login", "u.phone", "u.language", "u.on_duty", "u.role"])
      .select((eb) =>
        eb
          .selectFrom("complaints as c")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("c.assigned_to", "=", "u.id")
          .where(statusIn("c.status"))
          .as("open_count"),
      )
      .select((eb) =>
        eb
          .selectFrom("complaints as c")
          .select((e) => e.fn.max("c.assigned_at").as("m"))
          .whereRef("c.assigned_to", "=", "u.id")
          .as("last_assigned_at"),
      )
      .where("u.org_unit_id", "=", dcId)
      .where("u.role", "=", "lineman")
      .where("u.active", "=", true)
      .orderBy("u.name")
      .execute();
  }

  /** A user who may be assigned complaints of this DC: an active lineman or JE of it. */
  assignable(dcId: number, userId: number) {
    return this.db
      .selectFrom("users")
      .select(["id", "name", "phone", "role", "language"])
      .where("id", "=", userId)
      .where("org_unit_id", "=", dcId)
      .where("role", "in", ["lineman", "je"])
      .where("active", "=", true)
      .executeTakeFirst();
  }
}
