import type { TestApp } from "./app.ts";

/** A JSON schema as the OpenAPI document gives it (only what the tests read). */
export interface Schema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  $ref?: string;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** The path as the document writes it: /api/complaints/{number}. */
  path: string;
  params: Parameter[];
  query: Parameter[];
  body: Schema | undefined;
}

/** Every operation in the server's /api/openapi.json, in document order. */
export async function operations(t: TestApp): Promise<Operation[]> {
  const res = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
  const doc = res.json() as {
    paths: Record<
      string,
      Record<
        string,
        { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema: Schema }> } }
      >
    >;
  };
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const parameters = op.parameters ?? [];
      out.push({
        method: method.toUpperCase(),
        path,
        params: parameters.filter((p) => p.in === "path"),
        query: parameters.filter((p) => p.in === "query"),
        body: op.requestBody?.content?.["application/json"]?.schema,
      });
    }
  }
  return out;
}

/** URL-encodes a value; a lone surrogate (no UTF-8 exists for it) goes as bytes that are not UTF-8. */
function encode(value: string): string {
  return [...value]
    .map((ch) => (/^[\ud800-\udfff]$/.test(ch) ? "%ED%A0%80" : encodeURIComponent(ch)))
    .join("");
}

/** The URL of an operation with its path parameters filled in (each value URL-encoded). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => encode(values[name] ?? "1"));
}

/** A plausible value for a schema, so a bad value in one field is not refused for another. */
export function sample(schema: Schema | undefined, known: Record<string, string> = {}, name = ""): unknown {
  if (!schema) return "x";
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return sample(choices.find((c) => c.type !== "null") ?? choices[0], known, name);
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== "null") : schema.type;
  if (type === "integer" || type === "number") return Math.max(schema.minimum ?? 1, 1);
  if (type === "boolean") return true;
  if (type === "array") return [sample(schema.items, known, name)];
  if (type === "object" || schema.properties) {
    const out: Record<string, unknown> = {};
    for (const k of schema.required ?? []) out[k] = sample(schema.properties?.[k], known, k);
    return out;
  }
  if (schema.format === "date-time") return "2026-12-03T10:00:00.000Z";
  if (schema.format === "date") return "2026-12-03";
  if (known[name]) return known[name];
  if (/mobile|phone/i.test(name)) return "9826011111";
  return "x".repeat(Math.max(schema.minLength ?? 1, 1));
}
