import type { Kysely } from "kysely";
import type { ComplaintCategory, DB } from "../../db/schema.ts";

export interface Catalogue {
  categories: ComplaintCategory[];
  subcategories: { category_code: string; code: string; name_en: string; name_hi: string }[];
  resolutionCodes: { code: string; name_en: string; name_hi: string }[];
}

/** The configurable complaint catalogue: categories with their limits, sub-categories, resolution codes. */
export class CatalogueRepository {
  constructor(private readonly db: Kysely<DB>) {}

  category(code: string): Promise<ComplaintCategory | undefined> {
    return this.db
      .selectFrom("complaint_categories")
      .selectAll()
      .where("code", "=", code)
      .where("active", "=", true)
      .executeTakeFirst();
  }

  async subcategoryExists(categoryCode: string, code: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("complaint_subcategories")
      .select("code")
      .where("category_code", "=", categoryCode)
      .where("code", "=", code)
      .where("active", "=", true)
      .executeTakeFirst();
    return row !== undefined;
  }

  async resolutionCodeExists(code: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("resolution_codes")
      .select("code")
      .where("code", "=", code)
      .where("active", "=", true)
      .executeTakeFirst();
    return row !== undefined;
  }

  async all(): Promise<Catalogue> {
    const [categories, subcategories, resolutionCodes] = await Promise.all([
      this.db
        .selectFrom("complaint_categories")
        .selectAll()
        .where("active", "=", true)
        .orderBy("sort_order")
        .execute(),
      this.db
        .selectFrom("complaint_subcategories")
        .select(["category_code", "code", "name_en", "name_hi"])
        .where("active", "=", true)
        .orderBy("category_code")
        .orderBy("sort_order")
        .execute(),
      this.db
        .selectFrom("resolution_codes")
        .select(["code", "name_en", "name_hi"])
        .where("active", "=", true)
        .orderBy("sort_order")
        .execute(),
    ]);
    return { categories, subcategories, resolutionCodes };
  }
}
