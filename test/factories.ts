import type { OrgKind, Role } from "../src/db/schema.ts";
import type { ConsumerUpsertRow } from "../src/modules/consumers/consumers.repository.ts";
import type { Repositories } from "../src/modules/registry.ts";
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
