import { Ajv, type Options } from "ajv";
import addFormats from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

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
  return a;
}

const byPart = {
  body: ajv(false),
  querystring: ajv("array"),
  params: ajv("array"),
  headers: ajv("array"),
};

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const compiler = byPart[(httpPart ?? "body") as keyof typeof byPart] ?? byPart.body;
  return compiler.compile(schema as object);
};
