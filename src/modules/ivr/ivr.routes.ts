import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AuthContext } from "../../http/auth.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import {
  IvrLookupBody,
  IvrLookupDto,
  IvrMissedCallBody,
  IvrMissedCallDto,
  IvrRegisterBody,
  IvrRegisterDto,
  IvrStatsDto,
  IvrStatsQuery,
} from "./ivr.schemas.ts";
import type { IvrOutageAnswer } from "./ivr.service.ts";
import { lookupVerbs, registerVerbs, wantsXml } from "./ivr.verbs.ts";

const TOKEN_NOTE =
  "Needs an API token with the ivr.use scope: Bearer, or as the password of HTTP Basic credentials (a platform's " +
  "callback URL https://ivr:<token>@host/...). Takes JSON, or the platform's own form post (From or CallFrom, " +
  "Digits; answered with verbs). Every call is recorded (ivr_calls); each caller is throttled against loops.";
const XML_NOTE =
  " With `Accept: application/xml` the answer is call-flow verbs (TwiML/ExoML-like): <Say> in Hindi and English, " +
  "a one-key <Gather> posting to /api/ivr/register, and <Dial><Queue> to the agents.";

const Xml = Type.String({ description: "call-flow verbs (with Accept: application/xml)" });

/**
 * A telephony platform's own form post (a <Gather>'s action, a passthru
 * applet): its From/CallFrom and Digits fields mapped onto ours; other
 * fields it sends (CallSid, To, ...) are dropped. Exotel quotes the digits.
 */
function platformForm(body: string): Record<string, unknown> {
  const f = new URLSearchParams(body);
  const out: Record<string, unknown> = {};
  const caller = f.get("caller") ?? f.get("From") ?? f.get("CallFrom");
  const digit = (f.get("digit") ?? f.get("Digits"))?.replace(/["#*\s]/g, "");
  if (caller !== null) out.caller = caller;
  if (digit !== undefined) out.digit = digit;
  const consumerNo = f.get("consumerNo");
  if (consumerNo !== null) out.consumerNo = consumerNo;
  const index = f.get("index");
  if (index !== null) out.index = /^\d+$/.test(index) ? Number(index) : index;
  const language = f.get("language");
  if (language !== null) out.language = language;
  return out;
}

/** Verbs for a platform's own form post, or when asked for XML. */
function verbs(headers: { accept?: string | undefined; "content-type"?: string | undefined }): boolean {
  return (
    wantsXml(headers.accept) ||
    (headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")
  );
}

function presentOutage(o: IvrOutageAnswer | null) {
  if (!o) return null;
  return {
    ...o,
    startedAt: o.startedAt.toISOString(),
    etr: o.etr ? o.etr.toISOString() : null,
  };
}

/** The telephony platform's IVR: caller lookup with the outage's ETR, key-press registration, missed calls. */
export function ivrRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const svc = services.ivr;
    app.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 16 * 1024 },
      (_request, body, done) => done(null, platformForm(body as string)),
    );

    app.post(
      "/api/ivr/lookup",
      {
        schema: {
          tags: ["ivr"],
          summary:
            "Who is calling: his connections, any live outage on them with its ETR, what to say and offer",
          description: TOKEN_NOTE + XML_NOTE,
          body: IvrLookupBody,
          response: {
            200: {
              content: {
                "application/json": { schema: IvrLookupDto },
                "application/xml": { schema: Xml },
              },
            },
            ...errors(400, 401, 403),
          },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const a = await svc.lookup(p, request.body.caller);
        if (verbs(request.headers))
          return reply.type("application/xml; charset=utf-8").send(lookupVerbs(a, svc.verbOptions()));
        return {
          ...a,
          outage: presentOutage(a.outage),
          consumers: a.consumers.map((c) => ({ ...c, outage: presentOutage(c.outage) })),
        };
      },
    );

    app.post(
      "/api/ivr/register",
      {
        schema: {
          tags: ["ivr"],
          summary: "The key the caller pressed: registers (or joins) his no-supply complaint, channel ivr",
          description:
            `${TOKEN_NOTE} A complaint behind a live outage joins it (restoration resolves it); a second press joins ` +
            "his open complaint. Any other key, an unknown number or the limit reached: route agent." +
            XML_NOTE,
          body: IvrRegisterBody,
          response: {
            200: {
              content: {
                "application/json": { schema: IvrRegisterDto },
                "application/xml": { schema: Xml },
              },
            },
            ...errors(400, 401, 403),
          },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const a = await svc.register(p, request.body);
        if (verbs(request.headers))
          return reply.type("application/xml; charset=utf-8").send(registerVerbs(a, svc.verbOptions()));
        return { ...a, outage: presentOutage(a.outage) };
      },
    );

    app.post(
      "/api/ivr/missed-call",
      {
        schema: {
          tags: ["ivr"],
          summary:
            "A call to the missed-call number: registers (or joins) a no-supply complaint and replies by SMS",
          description:
            `${TOKEN_NOTE} From a mobile registered for one connection: the complaint (channel missed_call) and an SMS ` +
            "with its number, or the known outage's ETR. Several connections, or an unknown number: an SMS on how to " +
            "register, at most once a day per number.",
          body: IvrMissedCallBody,
          response: { 200: IvrMissedCallDto, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        return svc.missedCall(p, request.body.caller);
      },
    );

    app.get(
      "/api/ivr/stats",
      {
        schema: {
          tags: ["ivr"],
          summary: "Calls the IVR took, by day, kind and outcome, in your jurisdiction (reports)",
          description:
            "answered: calls answered with a known outage, and complaints registered or joined by a key press; " +
            "missedCalls: calls to the missed-call number. Calls from unknown numbers count company-wide only.",
          querystring: IvrStatsQuery,
          response: { 200: IvrStatsDto, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        return svc.stats(p, request.query.from, request.query.to);
      },
    );
  };
}
