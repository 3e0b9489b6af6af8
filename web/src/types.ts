// Shapes of the API's answers (see /api/openapi.json).

export type Role = "agent" | "supervisor" | "lineman" | "je" | "ae" | "ee" | "se" | "ce" | "admin" | "viewer";
export const ROLES: Role[] = [
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
];
export type OrgKind = "company" | "region" | "circle" | "division" | "subdivision" | "dc";
export type ConnectionStatus = "active" | "temporarily_disconnected" | "permanently_disconnected";

export interface Named {
  code: string;
  nameEn: string;
  nameHi: string;
}

export interface OrgUnit extends Named {
  kind: OrgKind;
}

export interface Me {
  id: number;
  login: string;
  name: string;
  role: Role;
  language: "en" | "hi";
  orgUnit: OrgUnit;
  permissions: string[];
}

export interface ConsumerSummary {
  consumerNo: string;
  name: string;
  address: string;
  areaType: "urban" | "rural";
  connectionStatus: ConnectionStatus;
  meterNo: string | null;
  mobile: string | null;
  dc: Named;
  feederCode: string | null;
  dtCode: string | null;
  matchedBy: "consumer_no" | "meter_no" | "mobile" | "name";
}

export interface ConsumerCard {
  consumerNo: string;
  name: string;
  address: string;
  tariffCategory: "domestic" | "non_domestic" | "agriculture" | "industrial";
  areaType: "urban" | "rural";
  connectionStatus: ConnectionStatus;
  meterNo: string | null;
  mobiles: { mobile: string; verified: boolean; language: "hi" | "en" }[];
  dc: Named;
  orgChain: OrgUnit[];
  substation: Named | null;
  feeder: Named | null;
  dt: (Named & { capacityKva: number | null }) | null;
  updatedAt: string;
}

export interface UserDto {
  id: number;
  login: string;
  name: string;
  role: Role;
  phone: string | null;
  language: "en" | "hi";
  active: boolean;
  orgUnit: OrgUnit;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface TokenDto {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  orgCode: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
