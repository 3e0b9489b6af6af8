import http from "node:http";

export interface SseEvent {
  event: string;
  data: unknown;
  /** When the client had read the whole event (performance.now()). */
  receivedAt: number;
}

export interface SseClient {
  events: SseEvent[];
  /** Resolves with the first event (already received or still to come) that matches. */
  waitFor(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

/** A Server-Sent Events client over plain HTTP, as a browser's EventSource reads the stream. */
export function openSse(url: string, headers: Record<string, string>): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    const waiters = new Set<{ match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }>();
    const req = http.get(url, { headers: { accept: "text/event-stream", ...headers } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`SSE ${url}: ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let cut = buffer.indexOf("\n\n");
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf("\n\n");
          let event = "message";
          const data: string[] = [];
          for (const line of block.split("\n")) {
            if (line.startsWith("event: ")) event = line.slice(7);
            else if (line.startsWith("data: ")) data.push(line.slice(6));
          }
          if (data.length === 0) continue;
          const e = { event, data: JSON.parse(data.join("\n")) as unknown, receivedAt: performance.now() };
          events.push(e);
          for (const w of waiters) {
            if (w.match(e)) {
              waiters.delete(w);
              w.resolve(e);
            }
          }
        }
      });
      resolve({
        events,
        waitFor(match, timeoutMs = 30_000) {
          const found = events.find(match);
          if (found) return Promise.resolve(found);
          return new Promise((ok, fail) => {
            const w = {
              match,
              resolve: (e: SseEvent) => {
                clearTimeout(timer);
                ok(e);
              },
            };
            const timer = setTimeout(() => {
              waiters.delete(w);
              fail(
                new Error(
                  `no matching SSE event within ${timeoutMs} ms (got ${events.map((x) => x.event).join(", ")})`,
                ),
              );
            }, timeoutMs);
            waiters.add(w);
          });
        },
        close() {
          req.destroy();
        },
      });
    });
    req.on("error", (err) => reject(err));
  });
}
