import type { Selectable } from "kysely";
import { type Kysely, sql } from "kysely";
import type { DB, TariffTable } from "../../db/schema.ts";
import type { CheckedTariff } from "./tariffs.calc.ts";
import { overlaps } from "./tariffs.calc.ts";

export type TariffRow = Selectable<TariffTable>;

/** Who wrote a version (an admin, a token, the importer or the demo loader). */
export interface TariffAuthor {
  kind: "user" | "token" | "system";
  id: number | null;
  name: string;
}

export type SaveResult =
  | { ok: true; id: number; changed: boolean; created: boolean }
  | { ok: false; reason: "overlap"; other: TariffRow }
  | { ok: false; reason: "not_found" };

// One lock for every write of the table: versions are few and rarely written,
// and the overlap check must see the rows a concurrent writer is adding.
const LOCK_KEY = 150_915;

/** The fields of a version an edit compares and the history records. */
function fieldsOf(t: CheckedTariff) {
  return {
    category: t.category,
    supplyType: t.supplyType,
    effectiveFrom: t.effectiveFrom,
    effectiveTo: t.effectiveTo,
    nameEn: t.nameEn,
    nameHi: t.nameHi,
    fixedChargePaise: t.fixedChargePaise,
    fixedBasis: t.fixedBasis,
    slabs: t.slabs,
    extras: t.extras,
  };
}

export function rowFields(r: TariffRow) {
  return fieldsOf({
    category: r.category,
    supplyType: r.supply_type,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    nameEn: r.name_en,
    nameHi: r.name_hi,
    fixedChargePaise: r.fixed_charge_paise,
    fixedBasis: r.fixed_basis,
    slabs: r.slabs.map((s) => ({ from: s.from, to: s.to, ratePaise: s.ratePaise })),
    extras: r.extras.map((e) => ({ nameEn: e.nameEn, nameHi: e.nameHi, basisPoints: e.basisPoints })),
  });
}

/** The fields that differ, each with its value before and after. */
export function diff(before: ReturnType<typeof fieldsOf> | null, after: ReturnType<typeof fieldsOf>) {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const [k, v] of Object.entries(after)) {
    const old = before ? (before as Record<string, unknown>)[k] : null;
    if (JSON.stringify(old) !== JSON.stringify(v)) out[k] = { before: old, after: v };
  }
  return out;
}

export class TariffsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The versions in force on a day, one per category and supply type. */
  inForce(day: string): Promise<TariffRow[]> {
    return this.db
      .selectFrom("tariffs")
      .selectAll()
      .where("effective_from", "<=", day)
      .where((eb) => eb.or([eb("effective_to", "is", null), eb("effective_to", ">=", day)]))
      .orderBy("category")
      .orderBy("supply_type")
      .execute();
  }

  all(): Promise<TariffRow[]> {
    return this.db
      .selectFrom("tariffs")
      .selectAll()
      .orderBy("category")
      .orderBy("supply_type")
      .orderBy("effective_from", "desc")
      .execute();
  }

  get(id: number): Promise<TariffRow | undefined> {
    return this.db.selectFrom("tariffs").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** The version of a category and supply type in force on a day. */
  find(category: TariffRow["category"], supplyType: TariffRow["supply_type"], day: string) {
    return this.db
      .selectFrom("tariffs")
      .selectAll()
      .where("category", "=", category)
      .where("supply_type", "=", supplyType)
      .where("effective_from", "<=", day)
      .where((eb) => eb.or([eb("effective_to", "is", null), eb("effective_to", ">=", day)]))
      .executeTakeFirst();
  }

  history(id: number) {
    return this.db
      .selectFrom("tariff_events")
      .select(["at", "action", "actor_name", "changes"])
      .where("tariff_id", "=", id)
      .orderBy("at", "desc")
      .orderBy("id", "desc")
      .execute();
  }

  /**
   * Writes one version in a transaction with its history entry: `id` edits
   * that version, null adds one — or, for an import (`byKey`), the version of
   * the same category, supply type and first day. Refuses a version whose
   * days overlap another of its category and supply type. Writing what is
   * already there changes nothing and records nothing.
   */
  save(
    t: CheckedTariff,
    target: { id: number } | { byKey: true } | null,
    author: TariffAuthor,
    action: "created" | "updated" | "imported",
    at: Date,
  ): Promise<SaveResult> {
    return this.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(tx);
      let existing: TariffRow | undefined;
      if (target && "id" in target) {
        existing = await tx.selectFrom("tariffs").selectAll().where("id", "=", target.id).executeTakeFirst();
        if (!existing) return { ok: false, reason: "not_found" } as const;
      } else if (target) {
        existing = await tx
          .selectFrom("tariffs")
          .selectAll()
          .where("category", "=", t.category)
          .where("supply_type", "=", t.supplyType)
          .where("effective_from", "=", t.effectiveFrom)
          .executeTakeFirst();
      }
      const siblings = await tx
        .selectFrom("tariffs")
        .selectAll()
        .where("category", "=", t.category)
        .where("supply_type", "=", t.supplyType)
        .$if(existing !== undefined, (q) => q.where("id", "<>", existing?.id ?? 0))
        .orderBy("effective_from")
        .execute();
      const other = siblings.find((s) =>
        overlaps(t, { effectiveFrom: s.effective_from, effectiveTo: s.effective_to }),
      );
      if (other) return { ok: false, reason: "overlap", other } as const;

      const after = fieldsOf(t);
      const changes = diff(existing ? rowFields(existing) : null, after);
      if (existing && Object.keys(changes).length === 0)
        return { ok: true, id: existing.id, changed: false, created: false } as const;
      const values = {
        category: t.category,
        supply_type: t.supplyType,
        effective_from: t.effectiveFrom,
        effective_to: t.effectiveTo,
        name_en: t.nameEn,
        name_hi: t.nameHi,
        fixed_charge_paise: t.fixedChargePaise,
        fixed_basis: t.fixedBasis,
        slabs: JSON.stringify(t.slabs),
        extras: JSON.stringify(t.extras),
        updated_at: at,
        updated_by: author.kind === "user" ? author.id : null,
        updated_by_name: author.name,
      };
      const id = existing
        ? (
            await tx
              .updateTable("tariffs")
              .set(values)
              .where("id", "=", existing.id)
              .returning("id")
              .executeTakeFirstOrThrow()
          ).id
        : (
            await tx
              .insertInto("tariffs")
              .values({ ...values, created_at: at })
              .returning("id")
              .executeTakeFirstOrThrow()
          ).id;
      await tx
        .insertInto("tariff_events")
        .values({
          tariff_id: id,
          at,
          action: existing && action === "created" ? "updated" : action,
          actor_kind: author.kind,
          actor_id: author.id,
          actor_name: author.name,
          changes: JSON.stringify(changes),
        })
        .execute();
      return { ok: true, id, changed: true, created: !existing } as const;
    });
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom("tariffs")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
