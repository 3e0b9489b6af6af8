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
  "Needs an API token (Bearer) with the ivr.use scope. Every call is recorded (ivr_calls); each caller is throttled against loops.";
const XML_NOTE =
  " With `Accept: application/xml` the answer is call-flow verbs (TwiML/ExoML-like): <Say> in Hindi and English, " +
  "a one-key <Gather> posting to /api/ivr/register, and <Dial><Queue> to the agents.";

const Xml = Type.String({ description: "call-flow verbs (with Accept: application/xml)" });

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
        if (wantsXml(request.headers.accept))
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
        if (wantsXml(request.headers.accept))
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
