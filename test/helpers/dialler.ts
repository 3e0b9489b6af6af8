import http from "node:http";
import type { AddressInfo } from "node:net";

/** A call centre's dialler at the edge of the world: it records what the CTI hook posts to it. */
export interface FakeDialler {
  url: string;
  calls: unknown[];
  close(): Promise<void>;
}

export async function startDialler(): Promise<FakeDialler> {
  const calls: unknown[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      calls.push(JSON.parse(body));
      res.writeHead(200).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/dial`,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
