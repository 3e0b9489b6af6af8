import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { ComplaintEvent } from "../../db/schema.ts";
import type { AuthContext } from "../../http/auth.ts";
import { type ExportColumn, sendExport } from "../../http/exports.ts";
import { errors } from "../../http/schemas.ts";
import { maskMobile } from "../../lib/mobile.ts";
import { can, type Principal } from "../access/principal.ts";
import type { Services } from "../registry.ts";
import { presentPublicComplaint } from "./complaint-public.ts";
import type { ComplaintAction } from "./complaints.constants.ts";
import type { ComplaintRow } from "./complaints.repository.ts";
import {
  AssigneeList,
  CatalogueDto,
  ComplaintActionBody,
  ComplaintCreated,
  ComplaintExportQuery,
  ComplaintList,
  ComplaintListQuery,
  ComplaintNumberParams,
  ComplaintRepeated,
  ComplaintResponse,
  ComplaintSmsList,
  ComplaintSummary,
  ComplaintWithTimeline,
  CreateComplaintBody,
  CreateComplaintHeaders,
  LinkSent,
  PublicComplaintDto,
  PublicReopenBody,
  PublicReopened,
  PublicTrackQuery,
  TrackTokenParams,
} from "./complaints.schemas.ts";
import type { ComplaintListInput } from "./complaints.service.ts";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentComplaint(p: Principal, c: ComplaintRow, actions: string[]) {
  const phone = (m: string | null) => (m && !can(p, "consumers.read_mobile") ? maskMobile(m) : m);
  return {
    number: c.number,
    status: c.status,
    category: { code: c.category_code, nameEn: c.category_name_en, nameHi: c.category_name_hi },
    subcategoryCode: c.subcategory_code,
    description: c.description,
    channel: c.channel,
    language: c.language,
    emergency: c.emergency,
    priority: c.priority,
    consumer: c.consumer_no
      ? { consumerNo: c.consumer_no, name: c.consumer_name ?? "", mobile: phone(c.consumer_mobile) }
      : null,
    callerName: c.caller_name,
    callerPhone: phone(c.caller_phone),
    fromUnregisteredMobile: c.from_unregistered_mobile,
    altPhone: phone(c.alt_phone),
    location: c.location,
    landmark: c.landmark,
    dc: { code: c.dc_code, nameEn: c.dc_name_en, nameHi: c.dc_name_hi },
    feederCode: c.feeder_code,
    dtCode: c.dt_code,
    address: c.consumer_address?.trim() || null,
    mapUrl: mapUrl(c),
    areaType: c.area_type,
    assignee: c.assignee_name ? { name: c.assignee_name, login: c.assignee_login ?? "" } : null,
    registeredAt: c.registered_at.toISOString(),
    assignedAt: iso(c.assigned_at),
    acceptedAt: iso(c.accepted_at),
    attendedAt: iso(c.attended_at),
    waitingSince: iso(c.waiting_since),
    resolvedAt: iso(c.resolved_at),
    closedAt: iso(c.closed_at),
    dueAt: c.due_at.toISOString(),
    breachedAt: iso(c.breached_at),
    escalationLevel: c.escalation_level,
    compensationRs: c.compensation_rs,
    resolutionCode: c.resolution_code,
    resolutionRemarks: c.resolution_remarks,
    reopenCount: c.reopen_count,
    callCount: c.call_count,
    closeReason: c.close_reason,
    outageId: c.outage_id,
    actions: actions as ComplaintAction[],
  };
}

/**
 * A map link for the field worker: the DT's coordinates when on record, else
 * a search for the consumer's address (or the place the caller gave) in the DC.
 */
function mapUrl(c: ComplaintRow): string | null {
  if (c.dt_lat != null && c.dt_long != null)
    return `https://www.google.com/maps/search/?api=1&query=${Number(c.dt_lat)},${Number(c.dt_long)}`;
  const where = [c.consumer_address?.trim() || c.location?.trim(), c.landmark?.trim(), c.dc_name_en]
    .filter(Boolean)
    .join(", ");
  return c.consumer_address?.trim() || c.location?.trim()
    ? `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(where)}`
    : null;
}

function presentEvent(e: ComplaintEvent) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    action: e.action,
    actor: { kind: e.actor_kind, name: e.actor_name, role: e.actor_role },
    channel: e.channel,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    changes: e.changes,
    note: e.note,
  };
}

/** The list's query string as the service takes it (codes upper-cased, "mine" as the asker's id). */
function listInput(p: Principal, q: Omit<ComplaintExportQuery, "format">): ComplaintListInput {
  return {
    status: q.status,
    ...(q.category ? { categoryCode: q.category } : {}),
    ...(q.dc ? { dcCode: q.dc.toUpperCase() } : {}),
    ...(q.unit ? { unitCode: q.unit.trim().toUpperCase() } : {}),
    ...(q.channel ? { channel: q.channel } : {}),
    ...(q.areaType ? { areaType: q.areaType } : {}),
    ...(q.mine ? { assignedTo: p.id } : {}),
    ...(q.unassigned ? { unassigned: true } : {}),
    ...(q.assignee ? { assigneeLogin: q.assignee } : {}),
    ...(q.escalated ? { escalated: true } : {}),
    ...(q.consumerNo ? { consumerNo: q.consumerNo.toUpperCase() } : {}),
    ...(q.registeredFrom ? { registeredFrom: q.registeredFrom } : {}),
    ...(q.registeredTo ? { registeredTo: q.registeredTo } : {}),
    ...(q.resolvedFrom ? { resolvedFrom: q.resolvedFrom } : {}),
    ...(q.resolvedTo ? { resolvedTo: q.resolvedTo } : {}),
    ...(q.late !== undefined ? { late: q.late } : {}),
    ...(q.repeat !== undefined ? { repeat: q.repeat } : {}),
    ...(q.reopened !== undefined ? { reopened: q.reopened } : {}),
    limit: 0,
    offset: 0,
  };
}

/** The export's columns, headers in both languages; mobiles masked as on screen. */
function complaintExportColumns(p: Principal): ExportColumn<ComplaintRow>[] {
  const hi = p.language === "hi";
  const phone = (m: string | null) => (m && !can(p, "consumers.read_mobile") ? maskMobile(m) : m);
  return [
    { header: { en: "Number", hi: "क्रमांक" }, value: (c) => c.number, width: 16 },
    { header: { en: "Registered", hi: "दर्ज" }, value: (c) => c.registered_at, width: 17 },
    {
      header: { en: "Category", hi: "श्रेणी" },
      value: (c) => (hi ? c.category_name_hi : c.category_name_en),
      width: 24,
    },
    { header: { en: "Status", hi: "स्थिति" }, value: (c) => c.status },
    { header: { en: "Channel", hi: "माध्यम" }, value: (c) => c.channel },
    { header: { en: "Area", hi: "क्षेत्र" }, value: (c) => c.area_type },
    { header: { en: "DC code", hi: "डीसी कोड" }, value: (c) => c.dc_code },
    { header: { en: "DC", hi: "डीसी" }, value: (c) => (hi ? c.dc_name_hi : c.dc_name_en), width: 24 },
    { header: { en: "Consumer no.", hi: "उपभोक्ता क्र." }, value: (c) => c.consumer_no, width: 14 },
    { header: { en: "Consumer", hi: "उपभोक्ता" }, value: (c) => c.consumer_name, width: 24 },
    { header: { en: "Mobile", hi: "मोबाइल" }, value: (c) => phone(c.consumer_mobile ?? c.caller_phone) },
    { header: { en: "Assigned to", hi: "सौंपी गई" }, value: (c) => c.assignee_name, width: 20 },
    { header: { en: "Due", hi: "नियत समय" }, value: (c) => c.due_at, width: 17 },
    { header: { en: "Resolved", hi: "निराकृत" }, value: (c) => c.resolved_at, width: 17 },
    { header: { en: "Breached", hi: "समय-सीमा पार" }, value: (c) => c.breached_at, width: 17 },
    { header: { en: "Reopened", hi: "पुनः खोली" }, value: (c) => c.reopen_count },
    { header: { en: "Repeat", hi: "दोहराई" }, value: (c) => c.is_repeat },
  ];
}

export function complaintsRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  const svc = services.complaints;
  return async (app) => {
    app.get(
      "/api/complaint-catalogue",
      {
        schema: {
          tags: ["complaints"],
          summary: "Complaint categories with their time limits, sub-categories and resolution codes",
          response: {
            200: CatalogueDto,
            ...errors(401, 403),
          },
        },
      },
      async (request) => {
        const cat = await svc.catalogueFor(await auth.principal(request));
        return {
          categories: cat.categories.map((c) => ({
            code: c.code,
            nameEn: c.name_en,
            nameHi: c.name_hi,
            urbanLimitMinutes: c.urban_limit_minutes,
            ruralLimitMinutes: c.rural_limit_minutes,
            priority: c.priority,
            emergency: c.emergency,
            subcategories: cat.subcategories
              .filter((s) => s.category_code === c.code)
              .map((s) => ({ code: s.code, nameEn: s.name_en, nameHi: s.name_hi })),
          })),
          resolutionCodes: cat.resolutionCodes.map((r) => ({
            code: r.code,
            nameEn: r.name_en,
            nameHi: r.name_hi,
          })),
        };
      },
    );

    app.post(
      "/api/complaints",
      {
        schema: {
          tags: ["complaints"],
          summary: "Register a complaint against a consumer, a DT, a feeder, or a place in a DC",
          description:
            "Give consumerNo, or dtCode, or feederCode, or dcCode with location. A complaint from the same consumer in the same " +
            "category while one is open is recorded as a repeat call on it (200, outcome repeat_call). Send an Idempotency-Key " +
            "header to make retries safe: the same key returns the first result.",
          headers: CreateComplaintHeaders,
          body: CreateComplaintBody,
          response: {
            200: ComplaintRepeated,
            201: ComplaintCreated,
            ...errors(400, 401, 403, 409),
          },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const r = await svc.create(p, request.body, request.headers["idempotency-key"]);
        const body = {
          complaint: presentComplaint(p, r.complaint, svc.actionsFor(p, r.complaint)),
          outcome: r.outcome,
        };
        if (r.outcome === "replayed") reply.header("idempotent-replayed", "true");
        return reply.status(r.outcome === "created" ? 201 : 200).send(body as never);
      },
    );

    app.get(
      "/api/complaints",
      {
        schema: {
          tags: ["complaints"],
          summary: "The complaint queue of your jurisdiction: open ones emergencies first, then by time left",
          querystring: ComplaintListQuery,
          response: {
            200: ComplaintList,
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const r = await svc.list(p, {
          ...listInput(p, request.query),
          limit: request.query.limit,
          offset: request.query.offset,
        });
        return {
          items: r.items.map((i) => presentComplaint(p, i.complaint, i.actions)),
          total: r.total,
          capped: r.capped,
        };
      },
    );

    app.get(
      "/api/complaints/export",
      {
        schema: {
          tags: ["complaints"],
          summary:
            "The complaints list, filtered as GET /api/complaints takes it, as CSV or XLSX (every row, newest first)",
          querystring: ComplaintExportQuery,
          response: { ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const { format, ...q } = request.query;
        const input = listInput(p, q);
        // Bad filters (a day, a unit) answer 4xx before the download starts.
        const rows = svc.listAll(p, input);
        const first = await rows.next();
        return sendExport(reply, {
          format,
          filename: `complaints-${q.unit ?? p.orgCode}-${q.status}`,
          language: p.language,
          columns: complaintExportColumns(p),
          rows: (async function* () {
            if (!first.done) yield first.value;
            yield* rows;
          })(),
          timeZone: services.timeZone,
        });
      },
    );

    app.get(
      "/api/complaints/summary",
      {
        schema: {
          tags: ["complaints"],
          summary:
            "Counters for your jurisdiction: open, overdue, emergencies, escalated, unassigned, registered today",
          response: {
            200: ComplaintSummary,
            ...errors(401, 403),
          },
        },
      },
      async (request) => svc.summary(await auth.principal(request)),
    );

    app.get(
      "/api/complaints/:number",
      {
        schema: {
          tags: ["complaints"],
          summary: "A complaint with its timeline (the audit trail) and the actions you may take",
          params: ComplaintNumberParams,
          response: {
            200: ComplaintWithTimeline,
            ...errors(401, 403, 404),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const r = await svc.get(p, request.params.number);
        return {
          complaint: presentComplaint(p, r.complaint, r.actions),
          timeline: r.events.map(presentEvent),
          refs: r.refs,
        };
      },
    );

    app.post(
      "/api/complaints/:number/actions",
      {
        schema: {
          tags: ["complaints"],
          summary:
            "Act on a complaint: assign, accept, attend, wait, resume, resolve, reopen, close, mark_invalid, mark_duplicate, change_category, note",
          description:
            "A state change the life cycle forbids is a 409 listing what is allowed now; acting outside your jurisdiction is a 403.",
          params: ComplaintNumberParams,
          body: ComplaintActionBody,
          response: { 200: ComplaintResponse, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const { action, ...input } = request.body;
        const c = await svc.act(p, request.params.number, action, input);
        return { complaint: presentComplaint(p, c, svc.actionsFor(p, c)) };
      },
    );

    app.get(
      "/api/complaints/:number/assignees",
      {
        schema: {
          tags: ["complaints"],
          summary: "The linemen of the complaint's DC, with their open work and whether they are on duty",
          params: ComplaintNumberParams,
          response: {
            200: AssigneeList,
            ...errors(401, 403, 404),
          },
        },
      },
      async (request) => {
        const rows = await svc.assignees(await auth.principal(request), request.params.number);
        return {
          items: rows.map((r) => ({
            id: r.id,
            name: r.name,
            login: r.login,
            onDuty: r.on_duty,
            openCount: Number(r.open_count),
          })),
        };
      },
    );

    app.get(
      "/api/complaints/:number/sms",
      {
        schema: {
          tags: ["complaints"],
          summary: "SMS queued about this complaint (to the consumer and to staff)",
          params: ComplaintNumberParams,
          response: {
            200: ComplaintSmsList,
            ...errors(401, 403, 404),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const { complaint } = await svc.get(p, request.params.number);
        const rows = await services.notifications.related("complaint", complaint.id);
        return {
          items: rows.map((r) => ({
            recipient: can(p, "consumers.read_mobile") ? r.recipient : maskMobile(r.recipient),
            language: r.language,
            template: r.template,
            body: r.body,
            urgent: r.urgent,
            status: r.status,
            createdAt: r.created_at.toISOString(),
          })),
        };
      },
    );

    // The consumer's own view: no sign-in, the number and the last four digits of a mobile on record.
    app.get(
      "/api/public/complaints/:number",
      {
        schema: {
          tags: ["public"],
          summary: "Track a complaint: number plus the last 4 digits of the registered mobile",
          security: [],
          params: ComplaintNumberParams,
          querystring: PublicTrackQuery,
          response: {
            200: PublicComplaintDto,
            ...errors(400, 404, 429),
          },
        },
      },
      async (request) =>
        presentPublicComplaint(await svc.track(request.params.number, request.query.mobile, request.ip)),
    );

    app.get(
      "/api/public/track/:token",
      {
        schema: {
          tags: ["public"],
          summary:
            "Track a complaint with the link from its SMS (/t/<token>); works while the number's page is locked",
          security: [],
          params: TrackTokenParams,
          response: { 200: PublicComplaintDto, ...errors(404, 410, 429) },
        },
      },
      async (request) =>
        presentPublicComplaint(await services.tracking.byLink(request.params.token, request.ip)),
    );

    app.post(
      "/api/public/complaints/:number/link",
      {
        schema: {
          tags: ["public"],
          summary: "Send a tracking link by SMS to the complaint's registered mobiles",
          description:
            "Always 202 for a well-formed number, whether or not it exists and wherever the SMS went; " +
            "limited per address and per complaint number (429).",
          security: [],
          params: ComplaintNumberParams,
          response: { 202: LinkSent, ...errors(400, 429) },
        },
      },
      async (request, reply) => {
        await services.tracking.sendLink(request.params.number, request.ip);
        return reply.status(202).send({ sent: true });
      },
    );

    app.post(
      "/api/public/complaints/:number/reopen",
      {
        schema: {
          tags: ["public"],
          summary: "The consumer says a resolved complaint is not fixed: it goes back to the field team",
          security: [],
          params: ComplaintNumberParams,
          body: PublicReopenBody,
          response: {
            200: PublicReopened,
            ...errors(400, 404, 409, 429),
          },
        },
      },
      async (request) => {
        const c = await svc.reopenByConsumer(
          request.params.number,
          request.body.mobile,
          request.body.reason,
          request.ip,
        );
        return { status: c.status, dueAt: c.due_at.toISOString() };
      },
    );
  };
}
