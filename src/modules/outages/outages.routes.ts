import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { OutageEvent } from "../../db/schema.ts";
import type { AuthContext } from "../../http/auth.ts";
import { errors, IdParam } from "../../http/schemas.ts";
import { AppError, badRequest, forbidden } from "../../lib/errors.ts";
import { can } from "../access/principal.ts";
import type { Services } from "../registry.ts";
import { presentOutage } from "./outages.present.ts";
import {
  AmiEventsBody,
  AmiEventsResult,
  ConsumerOutages,
  OpenOutageBody,
  OutageActionBody,
  OutageConsumerParams,
  OutageDetailDto,
  OutageList,
  OutageListQuery,
  OutageResponse,
  ReliabilityQuery,
  ReliabilityTable,
  ReliabilityTrend,
  ReliabilityTrendQuery,
  ScadaEventBody,
  ScadaEventResult,
  ScadaParams,
  ScheduleOutageBody,
} from "./outages.schemas.ts";

function presentEvent(e: OutageEvent) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    action: e.action,
    actor: { kind: e.actor_kind, name: e.actor_name },
    channel: e.channel,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    changes: e.changes,
    note: e.note,
  };
}

const date = (v: string | undefined, field: string): Date | undefined => {
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw badRequest(`${field} is not a valid time`, field);
  return d;
};

const pickIndices = (r: {
  customersServed: number;
  interruptions: number;
  momentary: number;
  customerInterruptions: number;
  customerMinutes: number;
  saifi: number;
  saidi: number;
  caidi: number;
  maifi: number;
}) => ({
  customersServed: r.customersServed,
  interruptions: r.interruptions,
  momentary: r.momentary,
  customerInterruptions: r.customerInterruptions,
  customerMinutes: r.customerMinutes,
  saifi: r.saifi,
  saidi: r.saidi,
  caidi: r.caidi,
  maifi: r.maifi,
});

export function outagesRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  const svc = services.outages;
  return async (app) => {
    app.get(
      "/api/outages",
      {
        schema: {
          tags: ["outages"],
          summary: "Outages in your jurisdiction: live ones (off now) largest first, or planned, or history",
          querystring: OutageListQuery,
          response: {
            200: OutageList,
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const q = request.query;
        const from = date(q.from, "from");
        const to = date(q.to, "to");
        const r = await svc.list(p, {
          status: q.status ?? "live",
          ...(q.kind ? { kind: q.kind } : {}),
          ...(q.dc ? { dcCode: q.dc.toUpperCase() } : {}),
          ...(q.feeder ? { feederCode: q.feeder.toUpperCase() } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          limit: q.limit ?? 50,
          offset: q.offset ?? 0,
        });
        return { items: r.items.map(presentOutage), limit: r.limit, offset: r.offset };
      },
    );

    app.post(
      "/api/outages",
      {
        schema: {
          tags: ["outages"],
          summary:
            "Record an unplanned outage (JE/AE and above): a feeder, a DT or one consumer; confirmed at once",
          description:
            "Consumers behind it get an SMS with the ETR (the default for the element when none is given). " +
            "A 409 when an outage is already open over the same element.",
          body: OpenOutageBody,
          response: { 201: OutageResponse, ...errors(400, 401, 403, 409) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const b = request.body;
        const o = await svc.open(p, {
          feederCode: b.feederCode,
          dtCode: b.dtCode,
          consumerNo: b.consumerNo,
          startedAt: date(b.startedAt, "startedAt"),
          etr: date(b.etr, "etr"),
          cause: b.cause,
        });
        return reply.status(201).send({ outage: presentOutage(o) });
      },
    );

    app.post(
      "/api/outages/planned",
      {
        schema: {
          tags: ["outages"],
          summary: "Schedule a planned shutdown of a feeder or a DT",
          description:
            "Consumers get an SMS in advance (24 h before by default), when it starts and when it ends. " +
            "The end must come after the start.",
          body: ScheduleOutageBody,
          response: { 201: OutageResponse, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const b = request.body;
        const o = await svc.schedule(p, {
          feederCode: b.feederCode,
          dtCode: b.dtCode,
          start: date(b.start, "start") as Date,
          end: date(b.end, "end") as Date,
          cause: b.cause,
        });
        return reply.status(201).send({ outage: presentOutage(o) });
      },
    );

    app.get(
      "/api/outages/:id",
      {
        schema: {
          tags: ["outages"],
          summary: "One outage with its timeline, linked complaints, SMS sent and what you may do now",
          params: IdParam,
          response: {
            200: OutageDetailDto,
            ...errors(401, 403, 404),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const r = await svc.get(p, request.params.id);
        return {
          outage: presentOutage(r.outage),
          actions: r.actions,
          events: r.events.map(presentEvent),
          complaints: r.complaints.map((c) => ({
            number: c.number,
            status: c.status,
            registeredAt: c.registered_at.toISOString(),
            categoryCode: c.category_code,
            consumerNo: c.consumer_no,
            consumerName: c.consumer_name,
          })),
          sms: r.sms.map((s) => ({ template: s.template, status: s.status, count: s.n })),
          merged: r.merged,
        };
      },
    );

    app.post(
      "/api/outages/:id/actions",
      {
        schema: {
          tags: ["outages"],
          summary: "Act on an outage: confirm, dismiss, set_etr, restore, acknowledge, start, cancel, note",
          description:
            "A change its state forbids (restoring twice) is a 409 listing what is allowed now; an ETR in the past or a " +
            "restoration before the start is a 400 naming the field.",
          params: IdParam,
          body: OutageActionBody,
          response: { 200: OutageResponse, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const b = request.body;
        const o = await svc.act(p, request.params.id, b.action, {
          etr: date(b.etr, "etr"),
          at: date(b.at, "at"),
          reason: b.reason,
          cause: b.cause,
          note: b.note,
        });
        return { outage: presentOutage(o) };
      },
    );

    app.get(
      "/api/outages/for-consumer/:consumerNo",
      {
        schema: {
          tags: ["outages"],
          summary: "Is this consumer behind a known outage now, or a planned shutdown in the next 48 hours?",
          params: OutageConsumerParams,
          response: {
            200: ConsumerOutages,
            ...errors(401, 403, 404),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const r = await svc.forConsumer(p, request.params.consumerNo);
        return { live: r.live ? presentOutage(r.live) : null, planned: r.planned.map(presentOutage) };
      },
    );

    // SCADA and smart meters over HTTP, for systems that cannot speak MQTT.

    const ingestAllowed = async (request: Parameters<typeof auth.principal>[0]) => {
      const p = await auth.principal(request);
      if (!can(p, "events.ingest"))
        throw forbidden("this token may not send network events (scope events.ingest)");
      return p;
    };

    app.post(
      "/api/ingest/scada/feeders/:feederCode",
      {
        schema: {
          tags: ["ingest"],
          summary: "A SCADA feeder event (the MQTT topic powerdesk/scada/feeders/{feederCode}, over HTTP)",
          description:
            "Needs an integration token with the events.ingest scope. A repeated or late event changes nothing.",
          params: ScadaParams,
          body: ScadaEventBody,
          response: {
            200: ScadaEventResult,
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const p = await ingestAllowed(request);
        const at = checkEventTime(date(request.body.at, "at"), services.clock());
        const r = await svc.scada(request.params.feederCode, request.body.event, at, "http", p);
        if (r.outcome === "unknown")
          throw new AppError(404, "not_found", `no feeder ${request.params.feederCode}`, "feederCode");
        return { outcome: r.outcome, outageId: r.outageId ?? null };
      },
    );

    app.post(
      "/api/ingest/ami",
      {
        schema: {
          tags: ["ingest"],
          summary:
            "Smart-meter events in a batch (the MQTT topics powerdesk/ami/meters/{meterNo}, over HTTP)",
          description:
            "Needs an integration token with the events.ingest scope. Unknown meters are reported, the rest kept.",
          body: AmiEventsBody,
          response: {
            200: AmiEventsResult,
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => {
        const p = await ingestAllowed(request);
        const now = services.clock();
        const events = request.body.events.map((e, i) => ({
          meterNo: e.meterNo,
          event: e.event,
          at: checkEventTime(date(e.at, `events/${i}/at`), now, `events/${i}/at`),
        }));
        const r = await svc.ami(events, "http", p);
        return {
          received: r.received,
          duplicates: r.duplicates,
          unknownMeters: r.unknown,
          opened: r.opened,
          restored: r.restored,
        };
      },
    );

    // Reliability indices

    app.get(
      "/api/reliability",
      {
        schema: {
          tags: ["outages"],
          summary: "SAIFI, SAIDI, CAIDI and MAIFI of every area at one level for one month, worst first",
          querystring: ReliabilityQuery,
          response: {
            200: ReliabilityTable,
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const r = await services.reliability.table(p, {
          level: request.query.level ?? "dc",
          month: request.query.month,
          includePlanned: request.query.planned,
        });
        return {
          month: r.month,
          level: r.level,
          momentaryMinutes: r.momentaryMinutes,
          total: pickIndices(r.total),
          rows: r.rows.slice(0, 500).map((x) => ({
            unit: { code: x.unit.code, nameEn: x.unit.name_en, nameHi: x.unit.name_hi },
            ...pickIndices(x),
          })),
        };
      },
    );

    app.get(
      "/api/reliability/trend",
      {
        schema: {
          tags: ["outages"],
          summary: "Reliability indices month by month: one area, or your whole jurisdiction",
          querystring: ReliabilityTrendQuery,
          response: {
            200: ReliabilityTrend,
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const q = request.query;
        const r = await services.reliability.trend(p, {
          level: q.level ?? "dc",
          unitCode: q.unit,
          months: q.months,
          includePlanned: q.planned,
        });
        return {
          unit: r.unit ? { code: r.unit.code, nameEn: r.unit.name_en, nameHi: r.unit.name_hi } : null,
          momentaryMinutes: r.momentaryMinutes,
          points: r.points.map((x) => ({ month: x.month, ...pickIndices(x) })),
        };
      },
    );
  };
}

/**
 * When an event happened: its own time, or now. A time more than five
 * minutes ahead is a bad clock, refused; a little ahead is taken as now.
 */
export function checkEventTime(at: Date | undefined, now: Date, field = "at"): Date {
  if (!at) return now;
  if (at.getTime() > now.getTime() + 5 * 60_000) throw badRequest("the event time is in the future", field);
  return at.getTime() > now.getTime() ? now : at;
}
