import type { Kysely, Transaction } from "kysely";
import type { Logger } from "pino";
import type { DB } from "./schema.ts";

/** An open transaction, passed opaquely from services to repositories and listeners. */
export type Tx = Transaction<DB>;

export interface DomainEvent {
  type: string;
}

type InTx<E> = (tx: Tx, event: E) => Promise<void>;
type After<E> = (event: E) => void | Promise<void>;

/**
 * Domain events. A service publishes what happened; listeners fan it out.
 * In-transaction listeners write their rows (an outbox SMS) in the same
 * transaction as the change, so both commit or neither does; committed
 * listeners (live screens) run only after the commit.
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

  async publishInTransaction(tx: Tx, event: E): Promise<void> {
    for (const h of this.inTx.get(event.type) ?? []) await h(tx, event);
  }

  publishCommitted(event: E): void {
    for (const h of this.after.get(event.type) ?? []) {
      Promise.resolve()
        .then(() => h(event))
        .catch((err: unknown) => this.logger?.error({ err, event: event.type }, "event listener failed"));
    }
  }
}

/**
 * Runs fn in one transaction; events it emits reach in-transaction listeners
 * at once and committed listeners after the commit (never on rollback).
 */
export class UnitOfWork<E extends DomainEvent = DomainEvent> {
  constructor(
    private readonly db: Kysely<DB>,
    readonly events: EventBus<E>,
  ) {}

  async run<T>(fn: (tx: Tx, emit: (event: E) => Promise<void>) => Promise<T>): Promise<T> {
    const emitted: E[] = [];
    const result = await this.db.transaction().execute((tx) =>
      fn(tx, async (event) => {
        await this.events.publishInTransaction(tx, event);
        emitted.push(event);
      }),
    );
    for (const e of emitted) this.events.publishCommitted(e);
    return result;
  }
}
