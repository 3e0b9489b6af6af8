import assert from "node:assert/strict";
import { TEST_PASSWORD } from "../factories.ts";

/**
 * Signs a test user in over real HTTP (a `powerdesk serve` child process, not
 * an injected request) and returns the Cookie header for his next requests.
 */
export async function signInOverHttp(base: string, login: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ login, password: TEST_PASSWORD }),
  });
  assert.equal(res.status, 200, await res.text());
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
