import { type Compilable, CompiledQuery, type Kysely } from "kysely";
import type { DB } from "./schema.ts";

/**
 * A Kysely query built and compiled once, then run many times with other
 * parameter values: for the few queries on the hottest paths (every
 * registration), where building the query tree each time costs more than
 * PostgreSQL's answer. `build` receives placeholder values; the compiled
 * parameters that are those placeholders are swapped for the real ones.
 */
export function reusableQuery<Args extends string[], R>(
  build: (...placeholders: Args) => Compilable<R>,
  arity: Args["length"],
) {
  let compiled: CompiledQuery<R> | undefined;
  const placeholders = Array.from({ length: arity }, (_, i) => `\u0000p${i}\u0000`) as Args;
  return async (db: Kysely<DB>, ...args: Args): Promise<R[]> => {
    compiled ??= build(...placeholders).compile();
    const parameters = compiled.parameters.map((p) => {
      const i = placeholders.indexOf(p as string);
      return i >= 0 ? args[i] : p;
    });
    const r = await db.executeQuery<R>(
      CompiledQuery.raw(compiled.sql, parameters as unknown[]) as CompiledQuery<R>,
    );
    return r.rows;
  };
}
