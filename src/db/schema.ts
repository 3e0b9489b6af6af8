import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Timestamps come back as Date; accept Date or ISO strings on write. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp column with a database default (now()). */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export const ORG_KINDS = ["company", "region", "circle", "division", "subdivision", "dc"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ROLES = [
  "agent",
  "supervisor",
  "lineman",
  "je",
  "ae",
  "ee",
  "se",
  "ce",
  "admin",
  "viewer",
] as const;
export type Role = (typeof ROLES)[number];

export const TARIFF_CATEGORIES = ["domestic", "non_domestic", "agriculture", "industrial"] as const;
export type TariffCategory = (typeof TARIFF_CATEGORIES)[number];

export const AREA_TYPES = ["urban", "rural"] as const;
export type AreaType = (typeof AREA_TYPES)[number];

export const CONNECTION_STATUSES = [
  "active",
  "temporarily_disconnected",
  "permanently_disconnected",
] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export const LANGUAGES = ["hi", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export interface OrgUnitTable {
  id: Generated<number>;
  code: string;
  kind: OrgKind;
  parent_id: number | null;
  name_en: string;
  name_hi: string;
  path: string;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

interface NetworkElementColumns {
  id: Generated<number>;
  code: string;
  name_en: string;
  name_hi: Generated<string>;
  dc_id: number;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface SubstationTable extends NetworkElementColumns {}

export interface FeederTable extends NetworkElementColumns {
  substation_id: number;
}

export interface DtTable extends NetworkElementColumns {
  feeder_id: number;
  capacity_kva: number | null;
}

export interface ConsumerTable {
  id: Generated<number>;
  consumer_no: string;
  name: string;
  address: Generated<string>;
  tariff_category: TariffCategory;
  area_type: AreaType;
  dc_id: number;
  feeder_id: number | null;
  dt_id: number | null;
  meter_no: string | null;
  connection_status: Generated<ConnectionStatus>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ConsumerMobileTable {
  consumer_id: number;
  mobile: string;
  verified: Generated<boolean>;
  verified_at: NullableTimestamp;
  language: Generated<Language>;
  created_at: DefaultTimestamp;
}

export interface UserTable {
  id: Generated<number>;
  login: string;
  name: string;
  role: Role;
  org_unit_id: number;
  phone: string | null;
  password_hash: string | null;
  language: Generated<Language>;
  active: Generated<boolean>;
  last_login_at: NullableTimestamp;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
  expires_at: Timestamp;
}

export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  prefix: string;
  org_unit_id: number;
  scopes: string[];
  created_by: number | null;
  created_at: DefaultTimestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: NullableTimestamp;
}

export interface AppSettingTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: DefaultTimestamp;
}

export interface DB {
  org_units: OrgUnitTable;
  substations: SubstationTable;
  feeders: FeederTable;
  dts: DtTable;
  consumers: ConsumerTable;
  consumer_mobiles: ConsumerMobileTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_throttle: LoginThrottleTable;
  app_settings: AppSettingTable;
}

export type OrgUnit = Selectable<OrgUnitTable>;
export type NewOrgUnit = Insertable<OrgUnitTable>;
export type Consumer = Selectable<ConsumerTable>;
export type User = Selectable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
