import { type Kysely, sql } from "kysely";
import { type Complaint, type DB, type Language, OPEN_STATUSES, type Role } from "../../db/schema.ts";

/*
 * What the complaints' repositories share: the row a screen or an SMS shows,
 * and the SQL fragments their queries are built from.
 */

export interface ComplaintRow extends Complaint {
  dc_code: string;
  dc_name_en: string;
  dc_name_hi: string;
  dc_path: string;
  category_name_en: string;
  category_name_hi: string;
  consumer_no: string | null;
  consumer_name: string | null;
  /** The consumer's first mobile (verified first), for the lineman to call. */
  consumer_mobile: string | null;
  /** The consumer's first verified mobile and its language: where his SMS go (unverified numbers get none). */
  consumer_sms_mobile: string | null;
  consumer_sms_language: Language | null;
  assignee_name: string | null;
  assignee_login: string | null;
  feeder_code: string | null;
  dt_code: string | null;
  /** Where the field worker goes (read with the row; absent on rows built in memory). */
  consumer_address?: string | null;
  dt_name?: string | null;
  dt_lat?: number | null;
  dt_long?: number | null;
}

export interface StaffContact {
  id: number;
  name: string;
  login?: string;
  phone: string | null;
  role: Role;
  language: Language;
}

/** An outage a caller is behind, as the registration and the consumer card need it. */
export interface LiveOutageRef {
  id: number;
  scope: "feeder" | "dt" | "consumer";
  kind: "unplanned" | "planned";
  status: string;
  startedAt: Date;
  etr: Date | null;
}

export const OPEN = [...OPEN_STATUSES];

/**
 * `column in ('registered', ...)` with the statuses as literals, not
 * parameters: a prepared statement's generic plan can then still prove the
 * partial indexes' predicate and use them (with parameters it scanned the
 * whole table, 300 ms at two million complaints).
 */
export function statusIn(column: string, statuses: readonly string[] = OPEN) {
  return sql<boolean>`${sql.ref(column)} in (${sql.join(statuses.map((st) => sql.lit(st)))})`;
}

export const LIVE_OUTAGE = sql.join(["suspected", "confirmed", "in_progress"].map((st) => sql.lit(st)));

/** The consumer's mobile to call back: a verified one first, then the oldest. */
export function callMobile(consumer: string) {
  return sql<
    string | null
  >`(select m.mobile from consumer_mobiles m where m.consumer_id = ${sql.ref(consumer)}
      order by m.verified desc, m.created_at limit 1)`;
}

/** The consumer's first verified mobile, or its language: where and how his SMS go. */
export function smsContact<C extends "mobile" | "language">(consumer: string, column: C) {
  return sql<
    (C extends "language" ? Language : string) | null
  >`(select m.${sql.ref(column)} from consumer_mobiles m
      where m.consumer_id = ${sql.ref(consumer)} and m.verified order by m.created_at limit 1)`;
}

/**

 * The live outage over a place, as JSON: by the feeder (the partial index of
 * live outages), then narrowed to the feeder itself, the DT or the consumer.
 */
export function liveOutage(feeder: string, dt: string | null, consumer: string | null) {
  const dtMatch = dt ? sql`(o.scope = 'dt' and o.dt_id = ${sql.ref(dt)})` : sql`false`;
  const consumerMatch = consumer
    ? sql`(o.scope = 'consumer' and o.consumer_id = ${sql.ref(consumer)})`
    : sql`false`;
  return sql<RawLiveOutage | null>`(select json_build_object('id', o.id, 'scope', o.scope, 'kind', o.kind, 'status', o.status,
        'started_at', o.started_at, 'etr', o.etr)
      from outages o
      where o.feeder_id = ${sql.ref(feeder)} and o.status in (${LIVE_OUTAGE})
        and (o.scope = 'feeder' or ${dtMatch} or ${consumerMatch})
      order by case o.scope when 'feeder' then 0 when 'dt' then 1 else 2 end, o.started_at
      limit 1)`;
}

export interface RawLiveOutage {
  id: number | string;
  scope: LiveOutageRef["scope"];
  kind: LiveOutageRef["kind"];
  status: string;
  started_at: string;
  etr: string | null;
}

export function toLiveOutageRef(r: RawLiveOutage | null | undefined): LiveOutageRef | null {
  if (!r) return null;
  return {
    id: Number(r.id),
    scope: r.scope,
    kind: r.kind,
    status: r.status,
    startedAt: new Date(r.started_at),
    etr: r.etr ? new Date(r.etr) : null,
  };
}

/** Complaints with the names and contacts a screen or an SMS shows (a query to narrow). */
export function complaintRows(db: Kysely<DB>) {
  return db
    .selectFrom("complaints as c")
    .innerJoin("org_units as dc", "dc.id", "c.dc_id")
    .innerJoin("complaint_categories as cat", "cat.code", "c.category_code")
    .leftJoin("consumers as co", "co.id", "c.consumer_id")
    .leftJoin("users as u", "u.id", "c.assigned_to")
    .leftJoin("feeders as f", "f.id", "c.feeder_id")
    .leftJoin("dts as d", "d.id", "c.dt_id")
    .selectAll("c")
    .select([
      "dc.code as dc_code",
      "dc.name_en as dc_name_en",
      "dc.name_hi as dc_name_hi",
      "dc.path as dc_path",
      "cat.name_en as category_name_en",
      "cat.name_hi as category_name_hi",
      "co.consumer_no",
      "co.name as consumer_name",
      "u.name as assignee_name",
      "u.login as assignee_login",
      "f.code as feeder_code",
      "d.code as dt_code",
      "co.address as consumer_address",
      "d.name_en as dt_name",
      "d.lat as dt_lat",
      "d.long as dt_long",
    ])
    .select([
      callMobile("c.consumer_id").as("consumer_mobile"),
      smsContact("c.consumer_id", "mobile").as("consumer_sms_mobile"),
      smsContact("c.consumer_id", "language").as("consumer_sms_language"),
    ]);
}
