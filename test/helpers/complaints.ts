import assert from "node:assert/strict";
import type { TestApp } from "./app.ts";

/**
 * Registers a "no supply" complaint through the API as the signed-in `cookie`
 * and returns it; fails unless the answer's status is one of `accept`
 * (201 new, 200 a repeat call joined to the consumer's open complaint).
 */
export async function registerNoSupply(
  t: TestApp,
  cookie: string,
  consumerNo: string,
  options: { description?: string; accept?: number[] } = {},
): Promise<{ number: string; outageId: number | null; status: string }> {
  const res = await t.request({
    method: "POST",
    url: "/api/complaints",
    cookie,
    payload: { consumerNo, categoryCode: "no_supply", description: options.description ?? "No light" },
  });
  assert.ok((options.accept ?? [200, 201]).includes(res.statusCode), res.body);
  return res.json().complaint;
}
