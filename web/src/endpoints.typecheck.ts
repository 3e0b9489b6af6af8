// Type-level checks of the endpoint map, for `tsc -p web` (npm run check): never imported, never run.
// Each `@ts-expect-error` line must fail to type-check; if one starts to pass, tsc says so.

import { api, urlOf } from "./api.ts";

export async function typecheck(): Promise<void> {
  // The answer is the route's schema: a complaint with its timeline.
  const { complaint, timeline } = await api("GET /api/complaints/:number", { params: { number: "C-1" } });
  complaint.number satisfies string;
  timeline satisfies unknown[];
  // @ts-expect-error the answer has no such field
  void complaint.nonsense;

  // @ts-expect-error a path with parameters needs them
  await api("GET /api/complaints/:number");
  // @ts-expect-error ... and by their names
  await api("GET /api/complaints/:number", { params: { id: 1 } });
  // @ts-expect-error an unknown endpoint
  await api("GET /api/complaint/:number", { params: { number: "C-1" } });

  // The body is the route's: an action the life cycle knows.
  await api("POST /api/complaints/:number/actions", {
    params: { number: "C-1" },
    body: { action: "accept" },
  });
  await api("POST /api/complaints/:number/actions", {
    params: { number: "C-1" },
    // @ts-expect-error an action that does not exist
    body: { action: "explode" },
  });

  // @ts-expect-error a body is required where the route takes one
  await api("POST /api/auth/sign-in");
  // @ts-expect-error a route without a body takes none
  await api("POST /api/users/:id/unlock", { params: { id: 1 }, body: { force: true } });

  // Query strings: the route's parameters by name.
  urlOf("GET /api/complaints", { query: { status: "open", limit: 10 } });
  // @ts-expect-error a parameter the route does not take
  urlOf("GET /api/complaints", { query: { colour: "red" } });

  // A 204 answers nothing.
  const none = await api("POST /api/auth/sign-out");
  none satisfies undefined;
}
