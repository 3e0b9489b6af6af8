import { type ParseArgsConfig, parseArgs } from "node:util";

/** A mistake in how the command was called: printed without a stack, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses a command's arguments strictly: an unknown option, an option without
 * its value or a value where none belongs is a UsageError that names it.
 */
export function parse<const O extends Options>(
  args: string[],
  options: O,
  positionals: { max: number; usage: string } = { max: 0, usage: "" },
) {
  const parsed = strictly(() => parseArgs({ args, options, allowPositionals: true, strict: true }), options);
  const extra = parsed.positionals[positionals.max];
  if (extra !== undefined)
    throw new UsageError(
      `unexpected argument "${extra}"${positionals.usage ? `\n${positionals.usage}` : ""}`,
    );
  return parsed;
}

function strictly<T>(run: () => T, options: Options): T {
  try {
    return run();
  } catch (err) {
    throw new UsageError(parseProblem(err, options));
  }
}

function parseProblem(err: unknown, options: Options): string {
  const e = err as NodeJS.ErrnoException;
  const message = e instanceof Error ? e.message : String(err);
  const named = /'(-{1,2}[^'\s=]+)/.exec(message)?.[1];
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${named ?? message}; options: ${
        Object.keys(options)
          .map((o) => `--${o}`)
          .join(", ") || "none"
      }`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      // A string option with nothing after it (or a flag given a value).
      if (named && /argument missing/.test(message)) return `${named} needs a value`;
      if (named && /does not take an argument/.test(message)) return `${named} takes no value`;
      if (named && /ambiguous/.test(message))
        return `${named} needs a value (one that starts with a dash goes as ${named}=-...)`;
      return message;
    default:
      return message;
  }
}

/** A whole number option ("50,000" and "50_000" read as 50000) from min to max, or the fallback when absent. */
export function wholeNumber(
  value: string | undefined,
  name: string,
  fallback: number,
  max: number,
  min = 1,
): number {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll(",", "").replaceAll("_", ""));
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return n;
}
