// WhatsApp webhook intake (issue 14): signed POSTs from concurrent clients to a listening
// server on PostgreSQL; messages/s to a durable stored row (the 200 comes after the insert's
// commit) with p50/p99 latency, then how fast the stored bodies become conversations and
// messages. Figures go in bench/README.md.
import { createHmac } from "node:crypto";
import { sql } from "kysely";
import { loadConfig } from "../src/config.ts";
import { buildServer } from "../src/http/server.ts";
import { createLogger } from "../src/lib/logger.ts";
import { createRepositories, createServices } from "../src/modules/registry.ts";
import { freshDatabase, log, stats } from "./lib.ts";

const SECRET = "bench-app-secret";

function body(n: number, at: Date): string {
  const from = `91${String(7_000_000_000 + n)}`;
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "WABA1",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "917612345678", phone_number_id: "1055501" },
              contacts: [{ profile: { name: "Consumer" }, wa_id: from }],
              messages: [
                {
                  from,
                  id: `wamid.BENCH${n}`,
                  timestamp: String(Math.floor(at.getTime() / 1000)),
                  type: "text",
                  text: { body: "बिजली नहीं है, उपभोक्ता क्रमांक 1234567890" },
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

/**
 * `inline`: the server processes what it stores at once (`serve --role all`);
 * otherwise it only stores (`--role api`) and the processing is timed after.
 */
export async function benchWhatsAppIntake(clients = 32, seconds = 20, inline = true): Promise<void> {
  const { database, cleanup } = await freshDatabase("postgres", "powerdesk_bench_whatsapp");
  const env = {
    DATA_DIR: "/nonexistent",
    LOG_LEVEL: "silent",
    WHATSAPP_VERIFY_TOKEN: "bench-verify",
    WHATSAPP_APP_SECRET: SECRET,
  };
  const config = loadConfig(env);
  const logger = createLogger("silent");
  const repos = createRepositories(database);
  const services = createServices(database, repos, {
    logger,
    channels: config.channels,
    processesWebhooks: inline,
  });
  const app = await buildServer({ config, database, services, logger });
  try {
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api/channels/whatsapp/webhook`;
    log(
      `\n## WhatsApp webhook intake (PostgreSQL, ${inline ? "role all: processed as stored" : "role api: stored only"}): ${clients} concurrent clients for ${seconds} s, one message per signed POST`,
    );
    let n = 0;
    const times: number[] = [];
    let errors = 0;
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < end) {
          const raw = body(n++, new Date());
          const signature = `sha256=${createHmac("sha256", SECRET).update(raw).digest("hex")}`;
          const s = performance.now();
          const res = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json", "x-hub-signature-256": signature },
            body: raw,
          });
          await res.arrayBuffer();
          if (res.status === 200) times.push(performance.now() - s);
          else errors++;
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const st = stats(times);
    log(
      `stored: ${st.n.toLocaleString("en-IN")} webhooks in ${elapsed.toFixed(1)} s = ${Math.round(st.n / elapsed)}/s; ` +
        `latency p50 ${st.p50.toFixed(1)} ms, p99 ${st.p99.toFixed(1)} ms, max ${st.max.toFixed(1)} ms; errors ${errors}`,
    );
    // Processing ran alongside (kicked after each store); wait for the rest.
    const count = async () =>
      (
        await sql<{ stored: number; processed: number; messages: number }>`
          select (select count(*)::int from channel_webhooks) as stored,
                 (select count(*)::int from channel_webhooks where status = 'processed') as processed,
                 (select count(*)::int from conversation_messages) as messages`.execute(database.db)
      ).rows[0] as { stored: number; processed: number; messages: number };
    const atEnd = await count();
    for (;;) {
      const c = await count();
      if (c.processed >= c.stored) break;
      if (performance.now() - t0 > (seconds + 300) * 1000) break;
      await services.channelIntake.drain();
      await new Promise((r) => setTimeout(r, 50));
    }
    const total = (performance.now() - t0) / 1000;
    const done = await count();
    log(
      `processed into conversations: ${atEnd.processed.toLocaleString("en-IN")} while the POSTs ran, all ` +
        `${done.processed.toLocaleString("en-IN")} after ${total.toFixed(1)} s = ${Math.round(done.processed / total)}/s; ` +
        `${done.messages.toLocaleString("en-IN")} messages`,
    );
  } finally {
    await app.close();
    await services.close();
    await database.close();
    await cleanup();
  }
}
