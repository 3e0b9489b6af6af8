import { type Insertable, type Selectable, sql } from "kysely";
import type { Database } from "../src/db/database.ts";
import type { ComplaintTable, ConversationTable, OrgKind, OutageTable, Role } from "../src/db/schema.ts";
import type { ConsumerUpsertRow } from "../src/modules/consumers/consumers.repository.ts";
import { createRepositories, type Repositories } from "../src/modules/registry.ts";
import { hashPassword } from "../src/modules/users/password.ts";

/**
 * A small DISCOM for tests:
 *   T (company) → TR (region) → TC (circle) → TD (division)
 *     → TS1 (sub-division) → TDC1 (DC)   substation TSS1 → feeder TF1 → DTs TF1-T1, TF1-T2
 *     → TS2 (sub-division) → TDC2 (DC)   substation TSS2 → feeder TF2 → DT  TF2-T1
 */
export async function buildOrgTree(repos: Repositories) {
  const units: [string, OrgKind, string | null][] = [
    ["T", "company", null],
    ["TR", "region", "T"],
    ["TC", "circle", "TR"],
    ["TD", "division", "TC"],
    ["TS1", "subdivision", "TD"],
    ["TS2", "subdivision", "TD"],
    ["TDC1", "dc", "TS1"],
    ["TDC2", "dc", "TS2"],
  ];
  const ids: Record<string, number> = {};
  for (const [code, kind, parentCode] of units) {
    const { entry } = await repos.org.upsert({
      code,
      kind,
      parentCode,
      nameEn: `${code} unit`,
      nameHi: `${code} इकाई`,
    });
    ids[code] = entry.id;
  }
  const s = await repos.network.upsertSubstations([
    { code: "TSS1", nameEn: "Test SS 1", nameHi: "परीक्षण उपकेंद्र 1", dcId: ids.TDC1 as number },
    { code: "TSS2", nameEn: "Test SS 2", nameHi: "परीक्षण उपकेंद्र 2", dcId: ids.TDC2 as number },
  ]);
  const f = await repos.network.upsertFeeders([
    {
      code: "TF1",
      nameEn: "Station Road feeder",
      nameHi: "स्टेशन रोड फीडर",
      dcId: ids.TDC1 as number,
      substationId: s.ids.get("TSS1") as number,
    },
    {
      code: "TF2",
      nameEn: "Mandi feeder",
      nameHi: "मंडी फीडर",
      dcId: ids.TDC2 as number,
      substationId: s.ids.get("TSS2") as number,
    },
  ]);
  const d = await repos.network.upsertDts([
    {
      code: "TF1-T1",
      nameEn: "Station Road DT 1",
      nameHi: "स्टेशन रोड डीटी 1",
      dcId: ids.TDC1 as number,
      feederId: f.ids.get("TF1") as number,
      capacityKva: 100,
    },
    {
      code: "TF1-T2",
      nameEn: "Station Road DT 2",
      nameHi: "स्टेशन रोड डीटी 2",
      dcId: ids.TDC1 as number,
      feederId: f.ids.get("TF1") as number,
      capacityKva: 63,
    },
    {
      code: "TF2-T1",
      nameEn: "Mandi DT 1",
      nameHi: "मंडी डीटी 1",
      dcId: ids.TDC2 as number,
      feederId: f.ids.get("TF2") as number,
      capacityKva: 200,
    },
  ]);
  return {
    org: ids,
    feeders: Object.fromEntries(f.ids),
    dts: Object.fromEntries(d.ids),
  };
}

export type Tree = Awaited<ReturnType<typeof buildOrgTree>>;

let consumerSeq = 0;

/** A consumer on DT TF1-T1 of TDC1 unless told otherwise. */
export async function buildConsumer(
  repos: Repositories,
  tree: Tree,
  overrides: Partial<ConsumerUpsertRow> & { dtCode?: string } = {},
): Promise<ConsumerUpsertRow> {
  consumerSeq++;
  const dtCode = overrides.dtCode ?? "TF1-T1";
  const onSecond = dtCode.startsWith("TF2");
  const row: ConsumerUpsertRow = {
    consumerNo: `9${String(consumerSeq).padStart(9, "0")}`,
    name: `Test Consumer ${consumerSeq}`,
    address: "H.No. 1, Station Road",
    tariffCategory: "domestic",
    areaType: "urban",
    dcId: tree.org[onSecond ? "TDC2" : "TDC1"] as number,
    feederId: tree.feeders[onSecond ? "TF2" : "TF1"] as number,
    dtId: tree.dts[dtCode] as number,
    meterNo: `TM${String(consumerSeq).padStart(8, "0")}`,
    connectionStatus: "active",
    mobiles: [],
    ...overrides,
  };
  await repos.consumers.upsertBatch([row]);
  return row;
}

export const TEST_PASSWORD = "test-pass-1912";
let cachedHash: string | undefined;

/** A user (password TEST_PASSWORD) serving orgCode. */
export async function buildUser(
  repos: Repositories,
  tree: Tree,
  overrides: {
    login?: string;
    role?: Role;
    orgCode?: string;
    active?: boolean;
    phone?: string;
    onDuty?: boolean;
  } = {},
): Promise<{ id: number; login: string }> {
  cachedHash ??= await hashPassword(TEST_PASSWORD);
  const role = overrides.role ?? "agent";
  const login = overrides.login ?? `${role}.${Math.random().toString(36).slice(2, 8)}`;
  const orgCode = overrides.orgCode ?? "T";
  await repos.users.upsertBatch([
    {
      login,
      name: `Test ${role}`,
      role,
      orgUnitId: tree.org[orgCode] as number,
      phone: overrides.phone ?? null,
      language: "en",
      active: overrides.active ?? true,
      passwordHash: cachedHash,
    },
  ]);
  const user = await repos.users.findByLoginForAuth(login);
  if (overrides.onDuty === false) await repos.users.update(user?.id as number, { onDuty: false });
  return { id: user?.id as number, login };
}

/** The consumer's row (id and place in the network) by number. */
async function consumerRow(database: Database, consumerNo: string) {
  return database.db
    .selectFrom("consumers")
    .select(["id", "dc_id", "feeder_id", "dt_id", "area_type"])
    .where("consumer_no", "=", consumerNo)
    .executeTakeFirstOrThrow();
}

export type ComplaintOverrides = Partial<Insertable<ComplaintTable>> & {
  /** The consumer complaining; a new one on `dtCode` (default TF1-T1) when neither this nor consumer_id is given. */
  consumerNo?: string;
  dtCode?: string;
};

/**
 * A complaint written straight to the table (no events, no SMS, no outage
 * analysis): a "no supply" call registered now by phone unless told
 * otherwise, numbered from the service's own sequence, due by its category's
 * limit. A missing consumer is created (buildConsumer), and the complaint
 * sits where that consumer is connected.
 */
export async function buildComplaint(
  database: Database,
  tree: Tree,
  overrides: ComplaintOverrides = {},
): Promise<Selectable<ComplaintTable>> {
  const { consumerNo: givenNo, dtCode, ...columns } = overrides;
  const db = database.db;
  let consumer: Awaited<ReturnType<typeof consumerRow>> | undefined;
  if (columns.consumer_id === undefined) {
    const consumerNo =
      givenNo ??
      (await buildConsumer(createRepositories(database), tree, dtCode ? { dtCode } : {})).consumerNo;
    consumer = await consumerRow(database, consumerNo);
  }
  const categoryCode = columns.category_code ?? "no_supply";
  const category = await db
    .selectFrom("complaint_categories")
    .selectAll()
    .where("code", "=", categoryCode)
    .executeTakeFirstOrThrow();
  const areaType = columns.area_type ?? consumer?.area_type ?? "urban";
  const registeredAt = new Date(columns.registered_at ?? Date.now());
  const limit = areaType === "rural" ? category.rural_limit_minutes : category.urban_limit_minutes;
  const seq = await sql<{ n: string }>`select nextval('complaint_number_seq')::text as n`.execute(db);
  const row: Insertable<ComplaintTable> = {
    number: `TEST${String(seq.rows[0]?.n).padStart(8, "0")}`,
    consumer_id: consumer?.id ?? null,
    caller_name: null,
    caller_phone: null,
    alt_phone: null,
    location: null,
    landmark: null,
    dc_id: consumer?.dc_id ?? (tree.org.TDC1 as number),
    feeder_id: consumer?.feeder_id ?? null,
    dt_id: consumer?.dt_id ?? null,
    area_type: areaType,
    category_code: categoryCode,
    subcategory_code: null,
    description: "No light since the evening",
    channel: "call",
    priority: category.priority,
    status: "registered",
    assigned_to: null,
    registered_at: registeredAt,
    due_at: new Date(registeredAt.getTime() + limit * 60_000),
    resolution_code: null,
    resolution_remarks: null,
    duplicate_of: null,
    close_reason: null,
    created_by: null,
    ...columns,
  };
  return db.insertInto("complaints").values(row).returningAll().executeTakeFirstOrThrow();
}

export type OutageOverrides = Partial<Insertable<OutageTable>> & {
  /** The feeder (scope feeder, the default: TF1) or DT (scope dt) that is off, by code. */
  feederCode?: string;
  dtCode?: string;
};

/**
 * An outage written straight to the table (no events, no SMS): an unplanned
 * feeder outage on TF1 opened by staff and confirmed now unless told
 * otherwise; with dtCode, a DT outage. Its DC is the element's.
 */
export async function buildOutage(
  database: Database,
  tree: Tree,
  overrides: OutageOverrides = {},
): Promise<Selectable<OutageTable>> {
  const { feederCode, dtCode, ...columns } = overrides;
  const db = database.db;
  const scope = columns.scope ?? (dtCode ? "dt" : "feeder");
  const feederId =
    columns.feeder_id !== undefined
      ? columns.feeder_id
      : scope === "feeder"
        ? (tree.feeders[feederCode ?? "TF1"] as number)
        : null;
  const dtId =
    columns.dt_id !== undefined
      ? columns.dt_id
      : scope === "dt"
        ? (tree.dts[dtCode ?? "TF1-T1"] as number)
        : null;
  const element =
    dtId !== null
      ? await db.selectFrom("dts").select("dc_id").where("id", "=", dtId).executeTakeFirstOrThrow()
      : feederId !== null
        ? await db.selectFrom("feeders").select("dc_id").where("id", "=", feederId).executeTakeFirstOrThrow()
        : undefined;
  const now = new Date();
  const confirmed = (columns.status ?? "confirmed") === "confirmed";
  const row: Insertable<OutageTable> = {
    kind: "unplanned",
    scope,
    feeder_id: feederId,
    dt_id: dtId,
    consumer_id: null,
    dc_id: element?.dc_id ?? (tree.org.TDC1 as number),
    source: "staff",
    status: "confirmed",
    started_at: now,
    detected_at: now,
    confirmed_at: confirmed ? now : null,
    cause: null,
    merged_into: null,
    created_by: null,
    owner_id: null,
    owner_name: null,
    etr_set_by: null,
    etr_set_by_name: null,
    acknowledged_by: null,
    acknowledged_by_name: null,
    ...columns,
  };
  return db.insertInto("outages").values(row).returningAll().executeTakeFirstOrThrow();
}

let conversationSeq = 0;

export type ConversationOverrides = Partial<Insertable<ConversationTable>> & {
  /** The consumer's messages, oldest first (one "No light since morning" unless told). */
  messages?: { body: string; mediaUrl?: string; at?: Date }[];
};

/**
 * A conversation in the agents' queue written straight to the tables (no
 * events), as intake would leave it: a new WhatsApp chat from a fresh number
 * at the central desk, its first-response limit 30 minutes after its message.
 */
export async function buildConversation(
  database: Database,
  overrides: ConversationOverrides = {},
): Promise<{ id: number; messageIds: number[] }> {
  const { messages, ...columns } = overrides;
  const db = database.db;
  const openedAt = new Date(columns.opened_at ?? Date.now());
  const texts = messages ?? [{ body: "No light since morning" }];
  conversationSeq++;
  const conversation = await db
    .insertInto("conversations")
    .values({
      channel: "whatsapp",
      sender_id: `9197${String(conversationSeq).padStart(8, "0")}`,
      sender_name: `Sender ${conversationSeq}`,
      status: "new",
      language: "hi",
      opened_at: openedAt,
      last_message_at: openedAt,
      last_inbound_at: openedAt,
      first_response_due: new Date(openedAt.getTime() + 30 * 60_000),
      ...columns,
    })
    .returning(["id", "channel"])
    .executeTakeFirstOrThrow();
  const messageIds: number[] = [];
  for (const [i, m] of texts.entries()) {
    const row = await db
      .insertInto("conversation_messages")
      .values({
        conversation_id: conversation.id,
        channel: conversation.channel,
        direction: "in",
        author: "consumer",
        platform_message_id: `test-${conversationSeq}-${i}`,
        kind: m.mediaUrl ? "image" : "text",
        body: m.body,
        media_url: m.mediaUrl ?? null,
        status: "received",
        at: m.at ?? openedAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    messageIds.push(Number(row.id));
  }
  return { id: Number(conversation.id), messageIds };
}
