// A stand-in for the platforms' APIs (WhatsApp Cloud API and Meta's Graph API, X API v2) on a
// local port: it records every request and answers like the real thing, or fails when told to.
// Also builds signed webhook bodies, as the platforms would post them to us.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeGraphRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface FakeGraphFailure {
  status: number;
  body?: unknown;
  /** How many requests fail so (default 1). */
  times?: number;
  /** Only requests whose path matches. */
  path?: RegExp;
}

export interface FakeGraph {
  /** Base URL: WHATSAPP_API_URL, META_API_URL and X_API_URL all point here. */
  url: string;
  requests: FakeGraphRequest[];
  /** The next matching requests answer with this status and body instead. */
  fail(failure: FakeGraphFailure): void;
  /** Resolves with the n-th request (1-based) matching `path`, waiting up to `ms`. */
  waitFor(path: RegExp, n?: number, ms?: number): Promise<FakeGraphRequest>;
  close(): Promise<void>;
}

/** Environment for createTestApp that turns every channel on against this fake. */
export function channelEnv(url: string): Record<string, string> {
  return {
    WHATSAPP_VERIFY_TOKEN: "wa-verify-token",
    WHATSAPP_APP_SECRET: "wa-app-secret",
    WHATSAPP_API_URL: url,
    WHATSAPP_TOKEN: "wa-token",
    WHATSAPP_PHONE_NUMBER_ID: "1055501",
    META_VERIFY_TOKEN: "meta-verify-token",
    META_APP_SECRET: "meta-app-secret",
    META_PAGE_TOKEN: "meta-page-token",
    META_API_URL: url,
    X_CONSUMER_SECRET: "x-consumer-secret",
    X_BEARER_TOKEN: "x-bearer-token",
    X_API_URL: url,
  };
}

export async function startFakeGraph(): Promise<FakeGraph> {
  const requests: FakeGraphRequest[] = [];
  const failures: (FakeGraphFailure & { left: number })[] = [];
  let n = 0;
  const answer = (path: string, body: Record<string, unknown>): [number, unknown] => {
    n++;
    if (/^\/[^/]+\/messages$/.test(path) && path !== "/me/messages")
      return [
        200,
        {
          messaging_product: "whatsapp",
          contacts: [{ input: body.to, wa_id: body.to }],
          messages: [{ id: `wamid.FAKE${String(n).padStart(6, "0")}` }],
        },
      ];
    if (path === "/me/messages")
      return [
        200,
        { recipient_id: (body.recipient as { id?: string } | undefined)?.id, message_id: `m_FAKE${n}` },
      ];
    const comment = /^\/([^/]+)\/(comments|replies|private_replies)$/.exec(path);
    if (comment) return [200, { id: `${comment[1]}_${9000 + n}` }];
    if (path === "/2/tweets")
      return [201, { data: { id: String(1_900_000_000_000_000_000n + BigInt(n)), text: body.text } }];
    const dm = /^\/2\/dm_conversations\/with\/([^/]+)\/messages$/.exec(path);
    if (dm)
      return [
        201,
        {
          data: {
            dm_conversation_id: `${dm[1]}-1`,
            dm_event_id: String(1_800_000_000_000_000_000n + BigInt(n)),
          },
        },
      ];
    return [404, { error: { message: `fake graph: no route ${path}`, code: 803 } }];
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const path = (req.url ?? "/").split("?")[0] as string;
      requests.push({ method: req.method ?? "", path, authorization: req.headers.authorization, body });
      const failure = failures.find((f) => f.left > 0 && (!f.path || f.path.test(path)));
      let status: number;
      let out: unknown;
      if (failure) {
        failure.left--;
        status = failure.status;
        out = failure.body ?? {
          error: { message: `fake graph: told to fail with ${failure.status}`, code: 1 },
        };
      } else [status, out] = answer(path, (body ?? {}) as Record<string, unknown>);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fail(f) {
      failures.push({ ...f, left: f.times ?? 1 });
    },
    async waitFor(path, nth = 1, ms = 10_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const hit = requests.filter((r) => path.test(r.path))[nth - 1];
        if (hit) return hit;
        if (Date.now() > deadline)
          throw new Error(`the fake graph got ${requests.length} requests, not the #${nth} to ${path}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Meta's X-Hub-Signature-256 header for a body (WhatsApp and Facebook/Instagram). */
export function metaSign(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** X's x-twitter-webhooks-signature header for a body. */
export function xSign(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("base64")}`;
}

/** A WhatsApp Cloud API webhook body carrying consumers' messages (and/or statuses of ours). */
export function whatsappWebhook(parts: {
  messages?: {
    from: string;
    id: string;
    at: Date;
    text?: string;
    image?: { id: string; caption?: string };
    button?: { id: string; title: string };
    list?: { id: string; title: string };
    name?: string;
  }[];
  statuses?: {
    id: string;
    status: "sent" | "delivered" | "read" | "failed";
    to: string;
    at: Date;
    error?: string;
  }[];
}): Record<string, unknown> {
  const ts = (d: Date) => String(Math.floor(d.getTime() / 1000));
  const messages = (parts.messages ?? []).map((m) => ({
    from: m.from,
    id: m.id,
    timestamp: ts(m.at),
    ...(m.image
      ? { type: "image", image: { id: m.image.id, mime_type: "image/jpeg", caption: m.image.caption } }
      : m.button
        ? { type: "interactive", interactive: { type: "button_reply", button_reply: m.button } }
        : m.list
          ? { type: "interactive", interactive: { type: "list_reply", list_reply: m.list } }
          : { type: "text", text: { body: m.text ?? "" } }),
  }));
  const statuses = (parts.statuses ?? []).map((s) => ({
    id: s.id,
    status: s.status,
    timestamp: ts(s.at),
    recipient_id: s.to,
    ...(s.error
      ? { errors: [{ code: 131026, title: "Message undeliverable", error_data: { details: s.error } }] }
      : {}),
  }));
  const contacts = (parts.messages ?? []).map((m) => ({
    profile: { name: m.name ?? "Consumer" },
    wa_id: m.from,
  }));
  return {
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
              ...(messages.length ? { contacts, messages } : {}),
              ...(statuses.length ? { statuses } : {}),
            },
          },
        ],
      },
    ],
  };
}
