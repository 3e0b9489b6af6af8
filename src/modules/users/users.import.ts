import { LANGUAGES, ROLES } from "../../db/schema.ts";
import { normaliseMobile } from "../../lib/mobile.ts";
import { ROLE_ORG_KIND, roleFitsOrgKind } from "../access/permissions.ts";
import type { Importer, Validated, WriteResult } from "../imports/import.types.ts";
import { ORG_CODE, RecordReader } from "../imports/validate.ts";
import type { OrgIndexEntry, OrgRepository } from "../org/org.repository.ts";
import { hashPassword, passwordProblem } from "./password.ts";
import type { UsersRepository, UserUpsertRow } from "./users.repository.ts";
import { LOGIN_PATTERN } from "./users.service.ts";

interface UserImportRow extends Omit<UserUpsertRow, "passwordHash"> {
  password: string | null;
}

/**
 * users.csv: login, name, role, org_code, phone, password, language, active.
 * The password is the initial one: it is set when the user is created and
 * never overwritten by a later import.
 */
export function usersImporter(users: UsersRepository, org: OrgRepository): Importer<UserImportRow> {
  let units = new Map<string, OrgIndexEntry>();
  return {
    kind: "users",
    required: ["login", "name", "role", "org_code"],
    optional: ["phone", "password", "language", "active"],
    batchSize: 500,
    async prepare() {
      units = await org.loadIndex();
    },
    validate(record, line): Validated<UserImportRow> {
      const r = new RecordReader(record, line);
      const login = r.required("login").toLowerCase();
      if (login && !LOGIN_PATTERN.test(login))
        r.fail("login", "must be 2-64 letters, digits, dots, dashes or underscores", login);
      const name = r.maxLength("name", r.required("name"), 120);
      const role = r.oneOf("role", r.required("role") || undefined, ROLES, "viewer");
      const orgCode = r.code("org_code", r.required("org_code"), ORG_CODE, "org code");
      let orgUnitId = 0;
      const unit = orgCode ? units.get(orgCode) : undefined;
      if (orgCode && !unit) r.fail("org_code", "unknown org unit", orgCode);
      if (unit) {
        orgUnitId = unit.id;
        if (!roleFitsOrgKind(role, unit.kind)) {
          r.fail(
            "org_code",
            `a ${role.toUpperCase()} serves a ${ROLE_ORG_KIND[role]}, and ${orgCode} is a ${unit.kind}`,
            orgCode,
          );
        }
      }
      const phoneRaw = r.optional("phone");
      const phone = phoneRaw ? (normaliseMobile(phoneRaw) ?? null) : null;
      if (phoneRaw && !phone) r.fail("phone", "is not a 10-digit mobile number", phoneRaw);
      const password = r.optional("password") ?? null;
      const problem = password ? passwordProblem(password, login) : undefined;
      if (problem) r.fail("password", problem);
      const language = r.oneOf("language", r.optional("language"), LANGUAGES, "hi");
      const active = r.boolean("active", true);
      if (r.errors.length > 0) return { ok: false, errors: r.errors };
      return { ok: true, row: { login, name, role, orgUnitId, phone, password, language, active } };
    },
    key: (row) => row.login,
    finish: () => users.analyze(),
    async write(lines): Promise<WriteResult> {
      const existing = await users.existingLogins(lines.map((l) => l.row.login));
      let withoutPassword = 0;
      // scrypt runs on libuv's thread pool: hash a few at a time.
      const rows: UserUpsertRow[] = [];
      for (let i = 0; i < lines.length; i += 4) {
        const chunk = lines.slice(i, i + 4);
        const hashed = await Promise.all(
          chunk.map(async ({ row }) => {
            const { password, ...rest } = row;
            if (existing.has(row.login)) return { ...rest, passwordHash: null };
            if (!password) withoutPassword++;
            return { ...rest, passwordHash: password ? await hashPassword(password) : null };
          }),
        );
        rows.push(...hashed);
      }
      const c = await users.upsertBatch(rows);
      return {
        ...c,
        notes: { "new users without a password (cannot sign in until one is set)": withoutPassword },
      };
    },
  };
}
