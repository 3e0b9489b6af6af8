import { EventEmitter } from "node:events";
import { sql } from "kysely";
import type { Logger } from "pino";
import type { Database } from "../../db/database.ts";
import type { SessionsEnded } from "../users/session-cache.ts";

/** What live screens hear about. Small on purpose: a NOTIFY payload, and each process reads the rest once. */
export type LiveMessage =
  /** An outage changed; screens that may see it reload and show it. */
  | { type: "outage"; id: number }
  /** Complaints changed in these areas (org paths): their counters are stale. */
  | { type: "complaints"; paths: string[] }
  /** Inbox conversations changed in these areas (org paths; "/" the central desk): their waiting counts are stale. */
  | { type: "inbox"; paths: string[] }
  /** Messages may have been lost (the listener reconnected): every screen resyncs. */
  | { type: "resync" }
  /** Sessions ended (sign-out, password change, deactivation): their streams close, every process forgets them. */
  | { type: "sessions_ended"; ended: SessionsEnded };

export interface LiveHub {
  publish(message: LiveMessage): void;
  subscribe(listener: (message: LiveMessage) => void): () => void;
  close(): Promise<void>;
}

const CHANNEL = "powerdesk_live";

/** One process (the embedded database): an in-process emitter. */
class LocalHub implements LiveHub {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  publish(message: LiveMessage): void {
    setImmediate(() => this.emitter.emit("message", message));
  }
  subscribe(listener: (message: LiveMessage) => void): () => void {
    this.emitter.on("message", listener);
    return () => this.emitter.off("message", listener);
  }
  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * Several processes on one PostgreSQL: NOTIFY on publish, LISTEN on a
 * connection of its own; every process (the publisher too) hears each
 * message once, after the change committed.
 */
class PostgresHub implements LiveHub {
  private readonly local = new LocalHub();
  private listener: { close(): Promise<void> } | undefined;

  constructor(
    private readonly database: Database,
    private readonly logger?: Logger,
  ) {}

  async start(): Promise<this> {
    if (!this.database.listen) throw new Error("this database cannot LISTEN");
    this.listener = await this.database.listen(
      CHANNEL,
      (payload) => {
        try {
          this.local.publish(JSON.parse(payload) as LiveMessage);
        } catch {
          this.logger?.warn("live: unreadable notification");
        }
      },
      () => {
        this.logger?.warn("live: listener reconnected; screens resync");
        this.local.publish({ type: "resync" });
      },
    );
    return this;
  }

  publish(message: LiveMessage): void {
    sql`select pg_notify(${CHANNEL}, ${JSON.stringify(message)})`
      .execute(this.database.db)
      .catch((err: unknown) => this.logger?.error({ err }, "live: notify failed"));
  }

  subscribe(listener: (message: LiveMessage) => void): () => void {
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    await this.listener?.close();
    await this.local.close();
  }
}

/** The hub of one process: enough for the embedded database, and for tests. */
export function localHub(): LiveHub {
  return new LocalHub();
}

/** The hub for this database: LISTEN/NOTIFY on PostgreSQL (several processes), in-process otherwise. */
export async function createLiveHub(database: Database, logger?: Logger): Promise<LiveHub> {
  if (database.kind === "postgres" && database.listen) return new PostgresHub(database, logger).start();
  return new LocalHub();
}
