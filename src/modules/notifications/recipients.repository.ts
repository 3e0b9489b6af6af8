import type { Kysely } from "kysely";
import type { DB, Language } from "../../db/schema.ts";

/** Who an SMS goes to: consumers' verified mobiles, the company's signature. */
export class RecipientsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** A consumer's verified mobiles, the one registered first first. Unverified numbers get no notices. */
  verifiedMobiles(consumerId: number): Promise<{ mobile: string; language: Language }[]> {
    return this.db
      .selectFrom("consumer_mobiles")
      .select(["mobile", "language"])
      .where("consumer_id", "=", consumerId)
      .where("verified", "=", true)
      .orderBy("created_at")
      .execute();
  }

  /** The company at the top of the org hierarchy (the first, should there be two). */
  company() {
    return this.db
      .selectFrom("org_units")
      .select(["id", "code", "path"])
      .where("kind", "=", "company")
      .orderBy("id")
      .executeTakeFirst();
  }

  async companySignature(): Promise<string> {
    const c = await this.db
      .selectFrom("org_units")
      .select("code")
      .where("kind", "=", "company")
      .executeTakeFirst();
    return c?.code ?? "PowerDesk";
  }
}
