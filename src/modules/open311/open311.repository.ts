import { type Kysely, sql } from "kysely";
import { dcInJurisdiction, type Jurisdiction } from "../../db/jurisdiction.ts";
import type { ComplaintStatus, DB, OrgKind } from "../../db/schema.ts";

/** One complaint as Open311 shows it: no caller, no consumer, no mobile is ever selected. */
export interface Open311Row {
  number: string;
  status: ComplaintStatus;
  category_code: string;
  category_name_en: string;
  category_name_hi: string;
  description: string;
  location: string | null;
  registered_at: Date;
  updated_at: Date;
  due_at: Date;
  resolution_remarks: string | null;
  close_reason: string | null;
  dc_name_en: string;
  dc_name_hi: string;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

export interface Open311Filter {
  /** Request numbers: when given, the other filters are not applied. */
  numbers?: string[];
  categories?: string[];
  statuses?: readonly ComplaintStatus[];
  from: Date;
  to: Date;
  limit: number;
}

export interface OfficeRef {
  id: number;
  code: string;
  kind: OrgKind;
  path: string;
}

/**
 * Open311's reads and its one write. Every read is scoped by a jurisdiction:
 * an integration token's, narrowed by `jurisdiction_id`, or the whole company
 * for the public (which the service then shows only public fields of).
 */
export class Open311Repository {
  constructor(private readonly db: Kysely<DB>) {}

  private base() {
    return this.db
      .selectFrom("complaints as c")
      .innerJoin("complaint_categories as cat", "cat.code", "c.category_code")
      .innerJoin("org_units as dc", "dc.id", "c.dc_id")
      .leftJoin("open311_requests as o", "o.complaint_id", "c.id")
      .select([
        "c.number",
        "c.status",
        "c.category_code",
        "cat.name_en as category_name_en",
        "cat.name_hi as category_name_hi",
        "c.description",
        "c.location",
        "c.registered_at",
        "c.updated_at",
        "c.due_at",
        "c.resolution_remarks",
        "c.close_reason",
        "dc.name_en as dc_name_en",
        "dc.name_hi as dc_name_hi",
        "o.lat",
        "o.long",
        "o.media_url",
      ]);
  }

  /**
   * The requests matching a filter, newest first, at most filter.limit. Below
   * the company, the scope's DCs are listed first and named in the query: the
   * planner then sees how few rows they hold and reads them by the (dc_id,
   * registered_at) index, where a subquery had it walk the whole table's
   * newest-first index looking for one DC's rows (a DC's newest 1,000 of a
   * million: 120 ms, and 950 ms for its open ones, in bench/open311.ts).
   */
  async list(scope: Jurisdiction, filter: Open311Filter): Promise<Open311Row[]> {
    let q = this.base();
    if (scope.orgKind !== "company") {
      const dcs = await this.db
        .selectFrom("org_units")
        .select("id")
        .where("kind", "=", "dc")
        .where("path", "like", `${scope.orgPath}%`)
        .execute();
      if (dcs.length === 0) return [];
      q = q.where(
        "c.dc_id",
        "in",
        dcs.map((d) => d.id),
      );
    }
    if (filter.numbers) {
      if (filter.numbers.length === 0) return [];
      q = q.where("c.number", "in", filter.numbers);
    } else {
      q = q.where("c.registered_at", ">=", filter.from).where("c.registered_at", "<=", filter.to);
      if (filter.categories) q = q.where("c.category_code", "in", filter.categories);
      // Statuses as literals, not parameters: the partial indexes of open complaints stay usable.
      if (filter.statuses)
        q = q.where(sql<boolean>`c.status in (${sql.join(filter.statuses.map((st) => sql.lit(st)))})`);
    }
    const rows = await q
      .orderBy("c.registered_at", "desc")
      .orderBy("c.id", "desc")
      .limit(filter.limit)
      .execute();
    return rows.map((r) => ({
      ...r,
      lat: r.lat === null ? null : Number(r.lat),
      long: r.long === null ? null : Number(r.long),
    }));
  }

  /** An office by its code, within a jurisdiction (`jurisdiction_id`). */
  office(scope: Jurisdiction, code: string): Promise<OfficeRef | undefined> {
    return this.db
      .selectFrom("org_units")
      .select(["id", "code", "kind", "path"])
      .where("code", "=", code)
      .where("path", "like", `${scope.orgPath}%`)
      .executeTakeFirst();
  }

  /** The DCs in a jurisdiction with their names (an address is matched against them). */
  dcNames(scope: Jurisdiction): Promise<{ code: string; name_en: string; name_hi: string }[]> {
    return this.db
      .selectFrom("org_units")
      .select(["code", "name_en", "name_hi"])
      .where("kind", "=", "dc")
      .where("path", "like", `${scope.orgPath}%`)
      .orderBy("code")
      .execute();
  }

  /**
   * The DT in a jurisdiction nearest to a point, within `radiusM` metres
   * (a bounding box on the coordinates' index, then the equirectangular
   * distance, plenty at this range); undefined when none has coordinates there.
   */
  async nearestDt(
    scope: Jurisdiction,
    lat: number,
    long: number,
    radiusM: number,
  ): Promise<{ code: string; distanceM: number } | undefined> {
    const dLat = radiusM / 111_320;
    const dLong = dLat / Math.max(0.01, Math.cos((lat * Math.PI) / 180));
    const metres = sql<number>`sqrt(power((d.lat - ${lat}::float8) * 111320, 2)
      + power((d.long - ${long}::float8) * 111320 * cos(radians(${lat}::float8)), 2))`;
    const row = await this.db
      .selectFrom("dts as d")
      .select(["d.code", metres.as("distance_m")])
      .where("d.lat", "is not", null)
      .where("d.lat", ">=", lat - dLat)
      .where("d.lat", "<=", lat + dLat)
      .where("d.long", ">=", long - dLong)
      .where("d.long", "<=", long + dLong)
      .where(dcInJurisdiction("d.dc_id", scope))
      .orderBy(metres)
      .orderBy("d.code")
      .limit(1)
      .executeTakeFirst();
    if (!row || Number(row.distance_m) > radiusM) return undefined;
    return { code: row.code, distanceM: Number(row.distance_m) };
  }

  /** What the report carried beyond its complaint; a repeat report of an open complaint keeps the first. */
  async saveExtras(
    complaintId: number,
    extras: {
      lat: number | null;
      long: number | null;
      addressString: string | null;
      mediaUrl: string | null;
    },
  ): Promise<void> {
    await this.db
      .insertInto("open311_requests")
      .values({
        complaint_id: complaintId,
        lat: extras.lat,
        long: extras.long,
        address_string: extras.addressString,
        media_url: extras.mediaUrl,
      })
      .onConflict((oc) => oc.column("complaint_id").doNothing())
      .execute();
  }
}
