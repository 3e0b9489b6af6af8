import type { Kysely, Transaction } from "kysely";
import type { Logger } from "pino";
import type { DB } from "./schema.ts";
import { StagedWrites } from "./staged-writes.ts";

/** An open transaction, passed opaquely from services to repositories and listeners. */
export type Tx = Transaction<DB>;

export interface DomainEvent {
  type: string;
}

/**
 * What an in-transaction listener gets: a handle to read with (the
 * transaction, or the root handle when the unit of work is a single
 * statement) and the staged writes its rows join.
 */
export interface WriteContext {
  db: Kysely<DB>;
  stage: StagedWrites;
}

type InTx<E> = (ctx: WriteContext, event: E) => Promise<void>;
type After<E> = (event: E) => void | Promise<void>;

/**
 * Domain events. A service publishes what happened; listeners fan it out.
 * In-transaction listeners stage their rows (an outbox SMS) with the change,
 * so both are written or neither is; committed listeners (live screens) run
 * only after the write.
 */
export class EventBus<E extends DomainEvent = DomainEvent> {
  private readonly inTx = new Map<string, InTx<E>[]>();
  private readonly after = new Map<string, After<E>[]>();

  constructor(private readonly logger?: Logger) {}

  onInTransaction<T extends E["type"]>(type: T, handler: InTx<Extract<E, { type: T }>>): void {
    this.inTx.set(type, [...(this.inTx.get(type) ?? []), handler as InTx<E>]);
  }

  onCommitted<T extends E["type"]>(type: T, handler: After<Extract<E, { type: T }>>): void {
    this.after.set(type, [...(this.after.get(type) ?? []), handler as After<E>]);
  }

  /** How many listeners each event type has, per phase: listeners.test.ts holds the list in listeners.ts to it. */
  listenerCounts(): Record<string, { inTransaction: number; committed: number }> {
    const out: Record<string, { inTransaction: number; committed: number }> = {};
    for (const [type, hs] of this.inTx) out[type] = { inTransaction: hs.length, committed: 0 };
    for (const [type, hs] of this.after)
      out[type] = { inTransaction: out[type]?.inTransaction ?? 0, committed: hs.length };
    return out;
  }

  async publishInTransaction(ctx: WriteContext, event: E): Promise<void> {
    for (const h of this.inTx.get(event.type) ?? []) await h(ctx, event);
  }

  publishCommitted(event: E): void {
    for (const h of this.after.get(event.type) ?? []) {
      Promise.resolve()
        .then(() => h(event))
        .catch((err: unknown) => this.logger?.error({ err, event: event.type }, "event listener failed"));
    }
  }
}

type Emit<E> = (event: E) => Promise<void>;

export class UnitOfWork<E extends DomainEvent = DomainEvent> {
  constructor(
    private readonly db: Kysely<DB>,
    readonly events: EventBus<E>,
  ) {}

  /**
   * Runs fn in one transaction (for work that reads and locks before it
   * writes); staged inserts are written in one statement just before the
   * commit. Committed listeners hear the events after the commit, never on
   * rollback.
   */
  async run<T>(fn: (tx: Tx, emit: Emit<E>, stage: StagedWrites) => Promise<T>): Promise<T> {
    const emitted: E[] = [];
    const result = await this.db.transaction().execute(async (tx) => {
      const stage = new StagedWrites();
      const ctx: WriteContext = { db: tx, stage };
      const r = await fn(
        tx,
        async (event) => {
          await this.events.publishInTransaction(ctx, event);
          emitted.push(event);
        },
        stage,
      );
      await stage.flush(tx);
      return r;
    });
    for (const e of emitted) this.events.publishCommitted(e);
    return result;
  }

  /**
   * For work whose writes are all inserts: fn stages them (and may read with
   * the root handle), and they are written as ONE statement, which is atomic
   * without BEGIN and COMMIT. `gates` says, per gate insert, whether it
   * wrote its row; events reach committed listeners only if every gate did.
   */
  async runInserts<T>(
    fn: (db: Kysely<DB>, emit: Emit<E>, stage: StagedWrites) => Promise<T>,
  ): Promise<{ result: T; gates: boolean[] }> {
    const emitted: E[] = [];
    const stage = new StagedWrites();
    const ctx: WriteContext = { db: this.db, stage };
    const result = await fn(
      this.db,
      async (event) => {
        await this.events.publishInTransaction(ctx, event);
        emitted.push(event);
      },
      stage,
    );
    const gates = await stage.flush(this.db);
    if (gates.every(Boolean)) for (const e of emitted) this.events.publishCommitted(e);
    return { result, gates };
  }
}
