// The WhatsApp bot's replies per second: N consumers (each writing from his
// verified mobile, so verified at once) send the same four messages one after
// another: a greeting (the menu), 3 (power status: a live feeder outage for
// half of them), 4 (last bill: none) and 2 (complaint status). Each round
// stores every consumer's message as the intake would, then the bot answers
// them, `--bot-concurrency` conversations at a time. Per message: the
// conversation read, the claim, the consumer and the action, the state and
// the reply written with its event.
import { sql } from "kysely";
import { systemClock } from "../src/lib/clock.ts";
import { createRepositories, createServices } from "../src/modules/registry.ts";
import { freshDatabase, log, stats } from "./lib.ts";
import { buildNetwork } from "./outages.ts";

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const n = (x: number) => Math.round(x).toLocaleString("en-IN");

export async function benchBot(
  kind: "postgres" | "embedded",
  senders: number,
  concurrency: number,
): Promise<void> {
  const { database, cleanup } = await freshDatabase(
    kind,
    kind === "postgres" ? "powerdesk_bench_bot" : undefined,
  );
  try {
    const repos = createRepositories(database);
    log(
      `\n## WhatsApp bot replies (${kind}): ${n(senders)} consumers, 4 messages each, ${concurrency} conversations at a time`,
    );
    const net = await buildNetwork(repos, 2, 10, Math.ceil(senders / 20));
    const services = createServices(database, repos, { clock: systemClock });
    await services.outages.scada("BF01", "trip", new Date(), "bench");
    await services.idle();
    const db = database.db;
    const now = new Date();
    const people = net.consumers.slice(0, senders).map((_, i) => `917${String(i + 1).padStart(9, "0")}`);
    const convs = await db
      .insertInto("conversations")
      .values(
        people.map((p) => ({
          channel: "whatsapp",
          sender_id: p,
          status: "bot",
          opened_at: now,
          last_message_at: now,
        })),
      )
      .returning("id")
      .execute();
    const ids = convs.map((c) => Number(c.id));
    log("| message | messages | wall | messages/s | replies/s | p50 | p99 |");
    log("|---|---|---|---|---|---|---|");
    let seq = 0;
    for (const text of ["नमस्ते", "3", "4", "2"]) {
      const msgs = await db
        .insertInto("conversation_messages")
        .values(
          ids.map((id) => ({
            conversation_id: id,
            channel: "whatsapp",
            direction: "in",
            author: "consumer",
            platform_message_id: `bench.${++seq}`,
            body: text,
            status: "received",
            at: new Date(),
          })),
        )
        .returning(["id", "conversation_id"])
        .execute();
      const before = await sql<{
        n: number;
      }>`select count(*)::int as n from conversation_messages where author = 'bot'`.execute(db);
      const times: number[] = [];
      let next = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < msgs.length) {
            const m = msgs[next++] as (typeof msgs)[number];
            const t0 = performance.now();
            await services.bot.handle(Number(m.conversation_id), Number(m.id));
            times.push(performance.now() - t0);
          }
        }),
      );
      const wall = performance.now() - start;
      const after = await sql<{
        n: number;
      }>`select count(*)::int as n from conversation_messages where author = 'bot'`.execute(db);
      const replies = (after.rows[0]?.n ?? 0) - (before.rows[0]?.n ?? 0);
      const s = stats(times);
      log(
        `| ${text} | ${n(msgs.length)} | ${(wall / 1000).toFixed(2)} s | ${n((msgs.length / wall) * 1000)} | ${n((replies / wall) * 1000)} | ${fmt(s.p50)} | ${fmt(s.p99)} |`,
      );
    }
    await services.close();
  } finally {
    await database.close();
    await cleanup();
  }
}
