/** One problem with one input row: reported, never fatal to the rest of the file. */
export interface RowError {
  line: number;
  column?: string;
  value?: string;
  reason: string;
}

export type Validated<T> = { ok: true; row: T } | { ok: false; errors: RowError[] };

export interface WriteResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows refused at write time (a parent that failed, a rule only the database knows). */
  rejected?: RowError[];
  /** Extra counters for the summary, e.g. mobiles added. */
  notes?: Record<string, number>;
}

export interface Line<T> {
  line: number;
  row: T;
}

/**
 * One kind of master-data import. The runner streams records into validate(),
 * collects good rows into batches and hands them to write(); a row's natural
 * key makes re-running a file a no-op.
 */
export interface Importer<T> {
  readonly kind: string;
  readonly required: readonly string[];
  readonly optional: readonly string[];
  readonly batchSize: number;
  prepare(): Promise<void>;
  validate(record: Record<string, string | undefined>, line: number): Validated<T>;
  /** Natural key: within a batch the last row with a key wins, as it would across batches. */
  key(row: T): string;
  write(rows: Line<T>[]): Promise<WriteResult>;
  /** After the last batch: refresh planner statistics of the tables written (PGlite has no autovacuum). */
  finish?(): Promise<void>;
}

export interface ImportSummary {
  kind: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** The first errors (all of them are also passed to onError as they happen). */
  errors: RowError[];
  notes: Record<string, number>;
  seconds: number;
}

export class ImportHeaderError extends Error {}
