import { ORG_KINDS, type OrgKind } from "../../db/schema.ts";
import type { Importer, Line, RowError, Validated, WriteResult } from "../imports/import.types.ts";
import { ORG_CODE, RecordReader } from "../imports/validate.ts";
import type { OrgIndexEntry, OrgRepository, OrgUpsertRow } from "./org.repository.ts";

const PARENT_KIND: Record<OrgKind, OrgKind | null> = {
  company: null,
  region: "company",
  circle: "region",
  division: "circle",
  subdivision: "division",
  dc: "subdivision",
};

/**
 * org.csv: code, kind, parent_code, name_en, name_hi. Parents come before
 * their children in the file (or are already loaded).
 */
export function orgImporter(repo: OrgRepository): Importer<OrgUpsertRow> {
  let index = new Map<string, OrgIndexEntry>();
  // Kinds of codes accepted earlier in this file but not yet written.
  const pending = new Map<string, OrgKind>();
  const kindOf = (code: string) => index.get(code)?.kind ?? pending.get(code);
  return {
    kind: "org",
    required: ["code", "kind", "name_en", "name_hi"],
    optional: ["parent_code"],
    batchSize: 200,
    async prepare() {
      index = await repo.loadIndex();
    },
    validate(record, line): Validated<OrgUpsertRow> {
      const r = new RecordReader(record, line);
      const code = r.code(
        "code",
        r.required("code"),
        ORG_CODE,
        "code (letters, digits and dashes, up to 32)",
      );
      const kind = r.oneOf(
        "kind",
        r.required("kind").toLowerCase() === "sub-division" ? "subdivision" : r.optional("kind"),
        ORG_KINDS,
      );
      const parentCode = r.code("parent_code", r.optional("parent_code"), ORG_CODE, "code") || null;
      const nameEn = r.maxLength("name_en", r.required("name_en"), 120);
      const nameHi = r.maxLength("name_hi", r.required("name_hi"), 120);
      if (r.errors.length === 0) {
        const expected = PARENT_KIND[kind];
        const existingKind = kindOf(code);
        if (existingKind && existingKind !== kind)
          r.fail("kind", `${code} already exists as a ${existingKind}`, kind);
        if (expected === null) {
          if (parentCode) r.fail("parent_code", "a company has no parent", parentCode);
          const company =
            [...index.entries()].find(([, e]) => e.kind === "company")?.[0] ??
            [...pending.entries()].find(([, k]) => k === "company")?.[0];
          if (company && company !== code) r.fail("code", `there is already a company (${company})`, code);
        } else if (!parentCode) {
          r.fail("parent_code", `a ${kind} needs a parent ${expected}`);
        } else {
          const parentKind = kindOf(parentCode);
          if (!parentKind)
            r.fail("parent_code", "unknown org unit (parents must come before their children)", parentCode);
          else if (parentKind !== expected) {
            r.fail(
              "parent_code",
              `the parent of a ${kind} must be a ${expected}, and ${parentCode} is a ${parentKind}`,
              parentCode,
            );
          } else if (parentCode === code)
            r.fail("parent_code", "a unit cannot be its own parent", parentCode);
        }
      }
      if (r.errors.length > 0) return { ok: false, errors: r.errors };
      pending.set(code, kind);
      return { ok: true, row: { code, kind, parentCode, nameEn, nameHi } };
    },
    key: (row) => row.code,
    finish: () => repo.analyze(),
    async write(rows: Line<OrgUpsertRow>[]): Promise<WriteResult> {
      const result: WriteResult & { rejected: RowError[] } = {
        inserted: 0,
        updated: 0,
        unchanged: 0,
        rejected: [],
      };
      // Parents first, whatever the order inside the batch.
      const ordered = [...rows].sort((a, b) => ORG_KINDS.indexOf(a.row.kind) - ORG_KINDS.indexOf(b.row.kind));
      for (const { line, row } of ordered) {
        if (row.parentCode && !index.has(row.parentCode)) {
          result.rejected.push({
            line,
            column: "parent_code",
            value: row.parentCode,
            reason: "its parent was not loaded",
          });
          continue;
        }
        try {
          const { entry, outcome } = await repo.upsert(row);
          index.set(row.code, entry);
          result[outcome]++;
        } catch (err) {
          // Each unit is its own transaction: report the refused one, keep the rest.
          if (!/^(22|23)/.test(String((err as { code?: unknown }).code))) throw err;
          result.rejected.push({ line, reason: `refused by the database: ${(err as Error).message}` });
        }
      }
      return result;
    },
  };
}
