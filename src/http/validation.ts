import { Ajv, type Options } from "ajv";
import addFormats from "ajv-formats";
import type { FastifyInstance, FastifySchemaCompiler } from "fastify";
import { AppError } from "../lib/errors.ts";

/**
 * Whole numbers beyond this never reach the database: past 2^53 JavaScript rounds them, and from
 * 1e21 on they print as "1e+21", which PostgreSQL refuses as an integer (a 500, not the client's
 * 400). A schema that sets its own bounds keeps them.
 */
const INTEGER_LIMIT = Number.MAX_SAFE_INTEGER;

/** A year PostgreSQL and JavaScript agree on (year 0 is 1 BC to one and invalid to the other). */
function dateTimeInRange(s: string): boolean {
  const year = Number(/^(\d{4})-/.exec(s)?.[1] ?? "0");
  return year >= 1 && !Number.isNaN(Date.parse(s));
}

// Bodies are JSON and must carry the right types ("42" is not a number there);
// query strings and path parameters are text, so they are coerced. Neither
// drops unknown properties: a typo is an error, not a silent no-op.
function ajv(coerce: Options["coerceTypes"]): Ajv {
  const a = new Ajv({
    coerceTypes: coerce,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  });
  addFormats.default(a);
  const { validate } = addFormats.default.get("date-time", "full") as { validate: (s: string) => boolean };
  a.addFormat("date-time", (s: string) => validate(s) && dateTimeInRange(s));
  return a;
}

const byPart = {
  body: ajv(false),
  querystring: ajv("array"),
  params: ajv("array"),
  headers: ajv("array"),
};

/** A copy of a schema whose integers without bounds get INTEGER_LIMIT either way. */
function boundIntegers(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(boundIntegers);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = boundIntegers(v);
  const type = out.type;
  if (type === "integer" || (Array.isArray(type) && type.includes("integer"))) {
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = INTEGER_LIMIT;
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = -INTEGER_LIMIT;
  }
  return out;
}

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const compiler = byPart[(httpPart ?? "body") as keyof typeof byPart] ?? byPart.body;
  return compiler.compile(boundIntegers(schema) as object);
};

const WHERE = { params: "path parameter", query: "query parameter", body: "field" } as const;

/** Deeper than any request PowerDesk takes: refused before anything walks it. */
const MAX_DEPTH = 32;

/**
 * The first string (or key) holding a NUL character, or the first value nested deeper than
 * MAX_DEPTH. Walked with a stack, not recursion: a body nested 300,000 deep must not
 * overflow the call stack (a RangeError would be a 500).
 */
function findBad(value: unknown): { field: string; problem: "nul" | "deep" } | undefined {
  const stack: [unknown, string, number][] = [[value, "", 0]];
  while (stack.length > 0) {
    const [v, path, depth] = stack.pop() as [unknown, string, number];
    if (typeof v === "string") {
      if (v.includes("\u0000")) return { field: path || "(value)", problem: "nul" };
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    // Raw bytes (the signed webhooks' bodies): checked by their own route, never walked byte by byte.
    if (ArrayBuffer.isView(v)) continue;
    if (depth >= MAX_DEPTH) return { field: path || "(value)", problem: "deep" };
    const entries = Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i] as [string, unknown];
      const at = path ? `${path}.${k}` : k;
      if (k.includes("\u0000")) return { field: at, problem: "nul" };
      stack.push([child, at, depth + 1]);
    }
  }
  return undefined;
}

/**
 * Refuses a NUL character (`\u0000`) in any path parameter, query parameter or body string with
 * a 400 naming the field. PostgreSQL cannot store one in text or JSON; without this guard it
 * fails mid-query and the client gets a 500. Runs before validation, so before any handler.
 */
export function registerInputGuards(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    for (const part of ["params", "query", "body"] as const) {
      const bad = findBad(request[part]);
      if (bad)
        throw new AppError(
          400,
          "validation_failed",
          bad.problem === "nul"
            ? `${WHERE[part]} "${bad.field}" contains a NUL character`
            : `${WHERE[part]} "${bad.field}" is nested too deeply`,
          bad.field,
        );
    }
  });
}
