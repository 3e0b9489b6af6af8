import type { FastifyInstance, FastifyRequest } from "fastify";
import { maskMobilesInJson } from "../lib/mobile.ts";
import { can, type Principal } from "../modules/access/principal.ts";

/**
 * Response fields that hold identifiers (a consumer, meter or bill number, a DLT id, an office
 * or complaint code): some look like a mobile but are no one's phone, and the pages link by them.
 */
const IDENTIFIER_KEY = /(?:No|Number|Code|Id|Ids|Label)$|^(?:id|number|code|login)$/;
/** ...unless the name says it is a phone: "callerNumber", "senderNo" are masked like any text. */
const PHONE_KEY = /mobile|phone|caller|sender|recipient|msisdn|from|to$/i;

const keepKey = (key: string) => IDENTIFIER_KEY.test(key) && !PHONE_KEY.test(key);

/** Whether this principal sees mobiles in full; nobody (anonymous) does not. */
export function seesMobiles(principal: Principal | undefined): boolean {
  return principal !== undefined && can(principal, "consumers.read_mobile");
}

/** What a principal may be shown of a JSON value: itself, or a copy with the mobiles masked. */
export function mobileView<T>(principal: Principal | undefined, value: T): T {
  return seesMobiles(principal) ? value : maskMobilesInJson(value, keepKey);
}

async function principalOf(request: FastifyRequest): Promise<Principal | undefined> {
  try {
    return (await request.principalPromise)?.principal;
  } catch {
    return undefined;
  }
}

/**
 * Masks the mobiles in every text of every JSON response (SMS bodies, notes, descriptions,
 * audit changes, answers...) for principals without `consumers.read_mobile`, so a field added
 * later cannot leak one. Presenters still mask the fields that are a mobile (recipient, callerPhone);
 * this catches the mobiles people type into free text. Streams (SSE) use mobileView themselves.
 */
export function registerMobileMasking(app: FastifyInstance): void {
  app.addHook("preSerialization", async (request, _reply, payload) => {
    if (payload === null || typeof payload !== "object") return payload;
    return mobileView(await principalOf(request), payload);
  });
}
