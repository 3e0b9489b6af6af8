import { type Kysely, sql } from "kysely";
import type { DB, OrgKind } from "../../db/schema.ts";
import type { Principal } from "../access/principal.ts";

export interface TokenRow {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  org_unit_id: number;
  org_code: string;
  org_kind: OrgKind;
  org_path: string;
  created_at: Date;
  created_by_login: string | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export class TokensRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private base() {
    return this.db
      .selectFrom("api_tokens as t")
      .innerJoin("org_units as o", "o.id", "t.org_unit_id")
      .leftJoin("users as u", "u.id", "t.created_by")
      .select([
        "t.id",
        "t.name",
        "t.prefix",
        "t.scopes",
        "t.org_unit_id",
        "o.code as org_code",
        "o.kind as org_kind",
        "o.path as org_path",
        "t.created_at",
        "u.login as created_by_login",
        "t.last_used_at",
        "t.revoked_at",
      ]);
  }

  async create(values: {
    name: string;
    tokenHash: string;
    prefix: string;
    orgUnitId: number;
    scopes: string[];
    createdBy: number;
  }): Promise<number> {
    const row = await this.db
      .insertInto("api_tokens")
      .values({
        name: values.name,
        token_hash: values.tokenHash,
        prefix: values.prefix,
        org_unit_id: values.orgUnitId,
        scopes: values.scopes,
        created_by: values.createdBy,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  findActiveByHash(hash: string): Promise<TokenRow | undefined> {
    return this.base().where("t.token_hash", "=", hash).where("t.revoked_at", "is", null).executeTakeFirst();
  }

  listForUser(principal: Principal): Promise<TokenRow[]> {
    return this.base()
      .where("o.path", "like", `${principal.orgPath}%`)
      .orderBy("t.revoked_at", (ob) => ob.desc().nullsFirst())
      .orderBy("t.created_at", "desc")
      .execute();
  }

  findForUser(principal: Principal, id: number): Promise<TokenRow | undefined> {
    return this.base()
      .where("t.id", "=", id)
      .where("o.path", "like", `${principal.orgPath}%`)
      .executeTakeFirst();
  }

  async revoke(id: number, at: Date): Promise<void> {
    await this.db
      .updateTable("api_tokens")
      .set({ revoked_at: at })
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .execute();
  }

  async touch(id: number, at: Date): Promise<void> {
    // At most one write a minute per token: integrations may call many times a second.
    await this.db
      .updateTable("api_tokens")
      .set({ last_used_at: at })
      .where("id", "=", id)
      .where((eb) =>
        eb.or([
          eb("last_used_at", "is", null),
          eb("last_used_at", "<", sql<Date>`${at}::timestamptz - interval '1 minute'`),
        ]),
      )
      .execute();
  }
}
