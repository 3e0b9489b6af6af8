import fs from "node:fs";
import { stringify } from "csv-stringify/sync";
import type { Config } from "../config.ts";
import { plural } from "../lib/plural.ts";
import { ProgressBar } from "../lib/progress.ts";
import { billsImporter } from "../modules/billing/bills.import.ts";
import { paymentsImporter } from "../modules/billing/payments.import.ts";
import { connectionsImporter } from "../modules/connections/connections.import.ts";
import { consumersImporter } from "../modules/consumers/consumers.import.ts";
import { csvSource, openFile } from "../modules/imports/csv-source.ts";
import { type Importer, ImportHeaderError, type RowError } from "../modules/imports/import.types.ts";
import { runImport } from "../modules/imports/runner.ts";
import { networkImporter } from "../modules/network/network.import.ts";
import { orgImporter } from "../modules/org/org.import.ts";
import { createRepositories, type Repositories } from "../modules/registry.ts";
import { creditsImporter } from "../modules/reports/compensation.import.ts";
import { tariffsImporter } from "../modules/tariffs/tariffs.import.ts";
import { usersImporter } from "../modules/users/users.import.ts";
import { parse, UsageError } from "./args.ts";
import { open } from "./database.ts";

const KINDS = [
  "org",
  "network",
  "consumers",
  "users",
  "bills",
  "payments",
  "tariffs",
  "connections",
  "credits",
] as const;
type Kind = (typeof KINDS)[number];

const USAGE =
  "usage: powerdesk import <org|network|consumers|users|bills|payments|tariffs|connections|credits> <file.csv> [--no-sms]";

function importerFor(kind: Kind, repos: Repositories, config: Config, sms: boolean): Importer<unknown> {
  switch (kind) {
    case "org":
      return orgImporter(repos.org) as Importer<unknown>;
    case "network":
      return networkImporter(repos.network, repos.org) as Importer<unknown>;
    case "consumers":
      return consumersImporter(repos.consumers, repos.network, repos.org) as Importer<unknown>;
    case "users":
      return usersImporter(repos.users, repos.org) as Importer<unknown>;
    case "bills":
      return billsImporter(repos.billing, repos.recipients, {
        timeZone: config.timeZone,
        sms,
      }) as Importer<unknown>;
    case "payments":
      return paymentsImporter(repos.billing, repos.recipients, {
        timeZone: config.timeZone,
        sms,
      }) as Importer<unknown>;
    case "tariffs":
      return tariffsImporter(repos.tariffs) as Importer<unknown>;
    case "connections":
      // Another system's applications and their history: no SMS (see connections.import.ts).
      return connectionsImporter(repos.connectionsImport, repos.settings, {
        timeZone: config.timeZone,
      }) as Importer<unknown>;
    case "credits":
      // Billing's credits of compensation (issue 16): company-wide, idempotent by billing's reference.
      return creditsImporter(repos.compensation, {
        jurisdiction: { orgKind: "company", orgPath: "/" },
      }) as Importer<unknown>;
  }
}

/**
 * The rejected rows of an import, in FILE.errors.csv beside it: created at the
 * first rejection (a clean import leaves none), every text field quoted.
 */
function errorReport(file: string) {
  fs.rmSync(file, { force: true });
  let stream: fs.WriteStream | undefined;
  let closed: Promise<void> | undefined;
  return {
    add(e: RowError): void {
      if (!stream) {
        stream = fs.createWriteStream(file).on("error", () => {});
        stream.write("line,column,value,reason\n");
      }
      stream.write(stringify([[e.line, e.column ?? "", e.value ?? "", e.reason]], { quoted_string: true }));
    },
    /** Resolves once every row is on disk. */
    close(): Promise<void> {
      closed ??= new Promise<void>((resolve) => (stream ? stream.end(() => resolve()) : resolve()));
      return closed;
    },
  };
}

/** `powerdesk import <kind> <file.csv>`: exit 0 when every row loaded, 2 when some were rejected. */
export async function importFile(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { "no-sms": { type: "boolean" } }, { max: 2, usage: USAGE });
  const [kind, file] = positionals;
  if (!kind || !file) throw new UsageError(USAGE);
  if (!(KINDS as readonly string[]).includes(kind))
    throw new UsageError(`unknown kind "${kind}"; kinds: ${KINDS.join(", ")}`);
  const noSms = values["no-sms"] === true;
  if (noSms && kind !== "bills" && kind !== "payments")
    throw new UsageError("--no-sms is for bills and payments: other imports send no SMS");
  if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const { database } = await open(config, `powerdesk import ${kind}`);
  const repos = createRepositories(database);
  const importer = importerFor(kind as Kind, repos, config, !noSms);
  const { stream, size } = openFile(file);
  let bytes = 0;
  stream.on("data", (chunk) => {
    bytes += chunk.length;
  });
  const reportFile = `${file}.errors.csv`;
  const report = errorReport(reportFile);
  const shown: RowError[] = [];
  const onError = (e: RowError) => {
    if (shown.length < 20) shown.push(e);
    report.add(e);
  };
  const source = csvSource(stream);
  const bar = new ProgressBar(kind, size);
  try {
    const s = await runImport(importer, source.records, {
      header: source.header,
      onError,
      onProgress: (p) => bar.update(bytes, p.rows, p.rejected),
    });
    bar.stop();
    const n = (x: number) => x.toLocaleString("en-IN");
    const rate = s.seconds > 0 ? Math.round(s.rowsRead / s.seconds) : s.rowsRead;
    process.stdout.write(
      `${kind}: ${n(s.rowsRead)} rows read in ${s.seconds.toFixed(1)} s (${n(rate)} rows/s): ` +
        `${n(s.inserted)} new, ${n(s.updated)} changed, ${n(s.unchanged)} unchanged, ${n(s.rejected)} rejected\n`,
    );
    for (const [k, v] of Object.entries(s.notes)) if (v) process.stdout.write(`  ${k}: ${n(v)}\n`);
    if (s.unknownColumns.length)
      process.stdout.write(
        `  ignored unknown ${plural(s.unknownColumns.length, "column")}: ${s.unknownColumns.join(", ")}\n`,
      );
    if (s.rejected > 0) {
      for (const e of shown) {
        process.stderr.write(
          `  line ${e.line}${e.column ? `, ${e.column}` : ""}${e.value ? ` "${e.value}"` : ""}: ${e.reason}\n`,
        );
      }
      await report.close();
      process.stderr.write(
        `every rejected row is listed in ${reportFile}; fix them and run the import again\n`,
      );
      return 2;
    }
    return 0;
  } catch (err) {
    bar.stop();
    if (err instanceof ImportHeaderError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  } finally {
    await report.close();
    await database.close();
  }
}
