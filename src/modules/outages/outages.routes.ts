import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { OUTAGE_KINDS, OUTAGE_STATUSES, type OutageEvent } from "../../db/schema.ts";
import type { AuthContext } from "../../http/auth.ts";
import { DateTime, errors, Nullable, Strict, StringEnum } from "../../http/schemas.ts";
import { AppError, badRequest, forbidden } from "../../lib/errors.ts";
import type { Services } from "../registry.ts";
import { can } from "../users/principal.ts";
import { OutageDto, presentOutage } from "./outages.present.ts";
import { OUTAGE_ACTIONS } from "./outages.state.ts";
import { RELIABILITY_LEVELS } from "./reliability.repository.ts";

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, Strict);

const OutageEventDto = Type.Object({
  id: Type.Integer(),
  at: DateTime,
  action: Type.String(),
  actor: Type.Object({ kind: Type.String(), name: Type.String() }),
  channel: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Nullable(Type.String()),
  changes: Type.Record(Type.String(), Type.Unknown()),
  note: Nullable(Type.String()),
});

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

const Indices = {
  customersServed: Type.Integer(),
  interruptions: Type.Integer({ description: "sustained interruptions" }),
  momentary: Type.Integer({ description: "interruptions shorter than the momentary threshold" }),
  customerInterruptions: Type.Number(),
  customerMinutes: Type.Number(),
  saifi: Type.Number(),
  saidi: Type.Number({ description: "minutes" }),
  caidi: Type.Number({ description: "minutes" }),
  maifi: Type.Number(),
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
          querystring: Type.Object(
            {
              status: Type.Optional(
                Type.Union([StringEnum(["live", "planned", "all"] as const), StringEnum(OUTAGE_STATUSES)], {
                  default: "live",
                }),
              ),
              kind: Type.Optional(StringEnum(OUTAGE_KINDS)),
              dc: Type.Optional(Type.String({ maxLength: 32 })),
              feeder: Type.Optional(Type.String({ maxLength: 40 })),
              from: Type.Optional(DateTime),
              to: Type.Optional(DateTime),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
              offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
            },
            Strict,
          ),
          response: {
            200: Type.Object({ items: Type.Array(OutageDto), limit: Type.Integer(), offset: Type.Integer() }),
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
          body: Type.Object(
            {
              feederCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
              dtCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
              consumerNo: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
              startedAt: Type.Optional(DateTime),
              etr: Type.Optional(DateTime),
              cause: Type.Optional(Type.String({ maxLength: 300 })),
            },
            Strict,
          ),
          response: { 201: Type.Object({ outage: OutageDto }), ...errors(400, 401, 403, 409) },
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
          body: Type.Object(
            {
              feederCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
              dtCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
              start: DateTime,
              end: DateTime,
              cause: Type.String({ minLength: 1, maxLength: 120 }),
            },
            Strict,
          ),
          response: { 201: Type.Object({ outage: OutageDto }), ...errors(400, 401, 403) },
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
          params: IdParams,
          response: {
            200: Type.Object({
              outage: OutageDto,
              actions: Type.Array(StringEnum(OUTAGE_ACTIONS)),
              events: Type.Array(OutageEventDto),
              complaints: Type.Array(
                Type.Object({
                  number: Type.String(),
                  status: Type.String(),
                  registeredAt: DateTime,
                  categoryCode: Type.String(),
                  consumerNo: Nullable(Type.String()),
                  consumerName: Nullable(Type.String()),
                }),
              ),
              sms: Type.Array(
                Type.Object({ template: Type.String(), status: Type.String(), count: Type.Integer() }),
              ),
              merged: Type.Array(Type.Integer(), { description: "outages merged into this one" }),
            }),
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
          params: IdParams,
          body: Type.Object(
            {
              action: StringEnum(OUTAGE_ACTIONS),
              etr: Type.Optional(DateTime),
              at: Type.Optional(DateTime),
              reason: Type.Optional(Type.String({ maxLength: 1000 })),
              cause: Type.Optional(Type.String({ maxLength: 300 })),
              note: Type.Optional(Type.String({ maxLength: 2000 })),
            },
            Strict,
          ),
          response: { 200: Type.Object({ outage: OutageDto }), ...errors(400, 401, 403, 404, 409) },
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
          params: Type.Object({ consumerNo: Type.String({ minLength: 1, maxLength: 20 }) }, Strict),
          response: {
            200: Type.Object({ live: Nullable(OutageDto), planned: Type.Array(OutageDto) }),
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
          params: Type.Object({ feederCode: Type.String({ minLength: 1, maxLength: 40 }) }, Strict),
          body: Type.Object(
            { event: StringEnum(["trip", "close"] as const), at: Type.Optional(DateTime) },
            Strict,
          ),
          response: {
            200: Type.Object({ outcome: Type.String(), outageId: Nullable(Type.Integer()) }),
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
          body: Type.Object(
            {
              events: Type.Array(
                Type.Object(
                  {
                    meterNo: Type.String({ minLength: 1, maxLength: 40 }),
                    event: StringEnum(["last_gasp", "power_restore"] as const),
                    at: Type.Optional(DateTime),
                  },
                  Strict,
                ),
                { minItems: 1, maxItems: 5000 },
              ),
            },
            Strict,
          ),
          response: {
            200: Type.Object({
              received: Type.Integer(),
              duplicates: Type.Integer(),
              unknownMeters: Type.Array(Type.String()),
              opened: Type.Integer(),
              restored: Type.Integer(),
            }),
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
          querystring: Type.Object(
            {
              level: Type.Optional(StringEnum(RELIABILITY_LEVELS, { default: "dc" })),
              month: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}$" })),
              planned: Type.Optional(
                Type.Boolean({ description: "count planned shutdowns too (default: no)" }),
              ),
            },
            Strict,
          ),
          response: {
            200: Type.Object({
              month: Type.String(),
              level: Type.String(),
              momentaryMinutes: Type.Number(),
              total: Type.Object(Indices),
              rows: Type.Array(
                Type.Object({
                  unit: Type.Object({ code: Type.String(), nameEn: Type.String(), nameHi: Type.String() }),
                  ...Indices,
                }),
              ),
            }),
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
          querystring: Type.Object(
            {
              level: Type.Optional(StringEnum(RELIABILITY_LEVELS, { default: "dc" })),
              unit: Type.Optional(Type.String({ maxLength: 40 })),
              months: Type.Optional(Type.Integer({ minimum: 1, maximum: 36, default: 12 })),
              planned: Type.Optional(Type.Boolean()),
            },
            Strict,
          ),
          response: {
            200: Type.Object({
              unit: Nullable(
                Type.Object({ code: Type.String(), nameEn: Type.String(), nameHi: Type.String() }),
              ),
              momentaryMinutes: Type.Number(),
              points: Type.Array(Type.Object({ month: Type.String(), ...Indices })),
            }),
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
