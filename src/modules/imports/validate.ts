import type { RowError } from "./import.types.ts";

/**
 * Small helpers that read one CSV record and collect errors instead of
 * throwing, so a row reports every problem it has at once.
 */
export class RecordReader {
  readonly errors: RowError[] = [];
  constructor(
    private readonly record: Record<string, string | undefined>,
    readonly line: number,
  ) {}

  fail(column: string | undefined, reason: string, value?: string): void {
    this.errors.push({
      line: this.line,
      ...(column ? { column } : {}),
      ...(value !== undefined ? { value } : {}),
      reason,
    });
  }

  optional(column: string): string | undefined {
    const v = this.record[column]?.trim();
    return v === undefined || v === "" ? undefined : v;
  }

  required(column: string): string {
    const v = this.optional(column);
    if (v === undefined) {
      this.fail(
        column,
        this.record[column] === undefined ? "missing (the row has too few fields)" : "is empty",
      );
      return "";
    }
    return v;
  }

  maxLength(column: string, value: string, max: number): string {
    if (value.length > max) this.fail(column, `longer than ${max} characters`, value.slice(0, 40));
    return value;
  }

  code(column: string, value: string | undefined, pattern: RegExp, what: string): string {
    if (value === undefined || value === "") return "";
    const v = value.toUpperCase();
    if (!pattern.test(v)) this.fail(column, `is not a valid ${what}`, value);
    return v;
  }

  oneOf<T extends string>(column: string, value: string | undefined, allowed: readonly T[], fallback?: T): T {
    if (value === undefined) {
      if (fallback !== undefined) return fallback;
      return "" as T;
    }
    const v = value.toLowerCase().replace(/[\s-]+/g, "_");
    if (!(allowed as readonly string[]).includes(v)) {
      this.fail(column, `must be one of ${allowed.join(", ")}`, value);
      return (fallback ?? allowed[0]) as T;
    }
    return v as T;
  }

  boolean(column: string, fallback: boolean): boolean {
    const v = this.optional(column)?.toLowerCase();
    if (v === undefined) return fallback;
    if (["1", "true", "yes", "y"].includes(v)) return true;
    if (["0", "false", "no", "n"].includes(v)) return false;
    this.fail(column, "must be true or false", v);
    return fallback;
  }

  positiveInt(column: string): number | null {
    const v = this.optional(column);
    if (v === undefined) return null;
    if (!/^\d{1,9}$/.test(v) || Number(v) === 0) {
      this.fail(column, "must be a positive whole number", v);
      return null;
    }
    return Number(v);
  }
}

export const ORG_CODE = /^[A-Z0-9][A-Z0-9-]{0,31}$/;
export const NETWORK_CODE = /^[A-Z0-9][A-Z0-9/-]{0,39}$/;
