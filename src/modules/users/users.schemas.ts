// The auth, users and tokens API's request and response shapes. Imports only typebox, schema and
// constants files: the web type-checks against this file.
import { type Static, Type } from "typebox";
import { LANGUAGES, ROLES } from "../../db/schema.constants.ts";
import { DateTime, Nullable, Strict, StringEnum } from "../../http/schemas.ts";
import { TOKEN_SCOPES } from "../access/access.constants.ts";

const Role = StringEnum(ROLES);
const Language = StringEnum(LANGUAGES);

/** The user's office, with its kind. */
export const UserOrgUnit = Type.Object({
  code: Type.String(),
  kind: Type.String(),
  nameEn: Type.String(),
  nameHi: Type.String(),
});
export type UserOrgUnit = Static<typeof UserOrgUnit>;

/** The signed-in user. */
export const MeDto = Type.Object({
  id: Type.Integer(),
  login: Type.String(),
  name: Type.String(),
  role: Type.String(),
  language: Language,
  onDuty: Type.Boolean({ description: "linemen on duty are given new complaints" }),
  orgUnit: UserOrgUnit,
  permissions: Type.Array(Type.String()),
  timeZone: Type.String({ description: "the DISCOM's time zone (IANA): the screens show times in it" }),
});
export type MeDto = Static<typeof MeDto>;

export const MeResponse = Type.Object({ user: MeDto });
export type MeResponse = Static<typeof MeResponse>;

export const UserDto = Type.Object({
  id: Type.Integer(),
  login: Type.String(),
  name: Type.String(),
  role: Role,
  phone: Nullable(Type.String()),
  language: Language,
  active: Type.Boolean(),
  orgUnit: UserOrgUnit,
  lastLoginAt: Nullable(DateTime),
  createdAt: DateTime,
  /** In the list: failed sign-ins have locked this login until then (from some address, or everywhere). */
  lockedUntil: Type.Optional(Nullable(DateTime)),
});
export type UserDto = Static<typeof UserDto>;

export const UserEventDto = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: "unlocked: an admin let a login locked by failed sign-ins in again" }),
  by: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
  at: DateTime,
});
export type UserEventDto = Static<typeof UserEventDto>;

export const TokenDto = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String({ description: "the first characters of the token, to recognise it" }),
  scopes: Type.Array(Type.String()),
  orgCode: Type.String(),
  createdBy: Nullable(Type.String()),
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime),
});
export type TokenDto = Static<typeof TokenDto>;

export const SignInBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  Strict,
);
export type SignInBody = Static<typeof SignInBody>;

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: Type.String({ maxLength: 200 }),
  },
  Strict,
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const UpdateMeBody = Type.Object(
  { language: Type.Optional(Language), onDuty: Type.Optional(Type.Boolean()) },
  Strict,
);
export type UpdateMeBody = Static<typeof UpdateMeBody>;

export const UserListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    role: Type.Optional(Role),
    active: Type.Optional(Type.Boolean()),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
  },
  Strict,
);
export type UserListQuery = Static<typeof UserListQuery>;

export const UserList = Type.Object({ items: Type.Array(UserDto), total: Type.Integer() });
export type UserList = Static<typeof UserList>;

export const CreateUserBody = Type.Object(
  {
    login: Type.String({ minLength: 2, maxLength: 64 }),
    name: Type.String({ minLength: 1, maxLength: 120 }),
    role: Role,
    orgCode: Type.String({ minLength: 1, maxLength: 32 }),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    password: Type.String({ maxLength: 200 }),
    language: Type.Optional(Language),
  },
  Strict,
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    role: Type.Optional(Role),
    orgCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    language: Type.Optional(Language),
    active: Type.Optional(Type.Boolean()),
  },
  Strict,
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const UnlockResult = Type.Object({ cleared: Type.Integer() });
export type UnlockResult = Static<typeof UnlockResult>;

export const UserEventList = Type.Object({ items: Type.Array(UserEventDto) });
export type UserEventList = Static<typeof UserEventList>;

export const SetPasswordBody = Type.Object({ password: Type.String({ maxLength: 200 }) }, Strict);
export type SetPasswordBody = Static<typeof SetPasswordBody>;

export const TokenList = Type.Object({ items: Type.Array(TokenDto) });
export type TokenList = Static<typeof TokenList>;

export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    orgCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    scopes: Type.Array(StringEnum(TOKEN_SCOPES), { minItems: 1 }),
  },
  Strict,
);
export type CreateTokenBody = Static<typeof CreateTokenBody>;

export const TokenCreated = Type.Object({ token: TokenDto, secret: Type.String() });
export type TokenCreated = Static<typeof TokenCreated>;
