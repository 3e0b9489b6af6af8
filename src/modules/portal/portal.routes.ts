import type {} from "@fastify/cookie";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.ts";
import type { AuthContext } from "../../http/auth.ts";
import { errors, NoContent } from "../../http/schemas.ts";
import { unauthorized } from "../../lib/errors.ts";
import { presentPublicComplaint } from "../complaints/complaint-public.ts";
import type { Services } from "../registry.ts";
import { PORTAL_COOKIE } from "./portal.constants.ts";
import type { PortalOutageRow } from "./portal.repository.ts";
import {
  PortalBillsDto,
  PortalCatalogueDto,
  PortalCodeBody,
  PortalCodeSent,
  PortalComplaintBody,
  PortalComplaintCreated,
  PortalComplaintDto,
  PortalComplaintList,
  PortalComplaintParams,
  PortalFeedbackAnswered,
  PortalFeedbackBody,
  PortalLanguageBody,
  PortalMeDto,
  PortalMessageBody,
  PortalMessageSent,
  PortalMessages,
  PortalMobileBody,
  PortalMobileStarted,
  PortalMobileVerified,
  PortalMobileVerifyBody,
  PortalPhotoParams,
  PortalSignedIn,
  PortalSignInBody,
  PublicOutagesDto,
} from "./portal.schemas.ts";
import type { PortalService, PortalSession } from "./portal.service.ts";
import {
  ApplyCodeBody,
  ApplyCodeSent,
  OnlineApplicationBody,
  OnlineApplicationDto,
} from "./portal-connections.schemas.ts";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function presentOutage(o: PortalOutageRow) {
  const element =
    o.scope === "dt" && o.dt_name_en
      ? { nameEn: o.dt_name_en, nameHi: o.dt_name_hi ?? o.dt_name_en }
      : o.scope === "feeder" && o.feeder_name_en
        ? { nameEn: o.feeder_name_en, nameHi: o.feeder_name_hi ?? o.feeder_name_en }
        : null;
  return {
    kind: o.kind,
    scope: o.scope,
    element,
    startedAt: o.started_at.toISOString(),
    plannedStart: iso(o.planned_start),
    plannedEnd: iso(o.planned_end),
    etr: iso(o.etr),
  };
}

function presentMe(r: Awaited<ReturnType<PortalService["me"]>>) {
  const c = r.connection;
  return {
    consumerNo: c.consumer_no,
    name: c.name,
    address: c.address,
    connectionStatus: c.connection_status,
    areaType: c.area_type,
    dc: { code: c.dc_code, nameEn: c.dc_name_en, nameHi: c.dc_name_hi },
    feeder: c.feeder_code
      ? { code: c.feeder_code, nameEn: c.feeder_name_en ?? "", nameHi: c.feeder_name_hi ?? "" }
      : null,
    dt: c.dt_code ? { code: c.dt_code, nameEn: c.dt_name_en ?? "", nameHi: c.dt_name_hi ?? "" } : null,
    mobiles: r.mobiles,
    signedInWith: r.signedInWith,
    power: {
      live: r.power.live ? presentOutage(r.power.live) : null,
      planned: r.power.planned.map(presentOutage),
    },
  };
}

function presentBills(r: Awaited<ReturnType<PortalService["bills"]>>) {
  return {
    today: r.today,
    bills: r.bills.map((v) => ({
      id: v.bill.id,
      month: v.bill.bill_month.slice(0, 7),
      billNo: v.bill.bill_no,
      amount: Number(v.bill.amount),
      dueDate: v.bill.due_date,
      status: v.status,
      paid: v.paid / 100,
      balance: v.balance / 100,
      paymentLink: v.bill.payment_link,
      payments: v.payments.map((p) => ({
        reference: p.reference,
        amount: Number(p.amount),
        paidAt: p.paid_at.toISOString(),
        mode: p.mode,
      })),
    })),
  };
}

/** The consumer's view of his complaint: the public steps only (no staff names, no phones). */
function presentComplaint(r: Awaited<ReturnType<PortalService["complaint"]>>) {
  return { ...presentPublicComplaint(r.tracked), awaitsFeedback: r.awaitsFeedback, photo: r.photo };
}

function presentPublicOutages(r: Awaited<ReturnType<PortalService["publicOutages"]>>) {
  const districts = new Map<
    string,
    {
      district: { code: string; nameEn: string; nameHi: string } | null;
      outages: number;
      consumersAffected: number;
      dcs: {
        dc: { code: string; nameEn: string; nameHi: string };
        outages: number;
        planned: number;
        consumersAffected: number;
        latestEtr: string | null;
        withoutEtr: number;
      }[];
    }
  >();
  for (const x of r.counts) {
    const key = x.district_code ?? "";
    let d = districts.get(key);
    if (!d) {
      d = {
        district: x.district_code
          ? { code: x.district_code, nameEn: x.district_en ?? "", nameHi: x.district_hi ?? "" }
          : null,
        outages: 0,
        consumersAffected: 0,
        dcs: [],
      };
      districts.set(key, d);
    }
    d.outages += x.outages;
    d.consumersAffected += x.consumers;
    d.dcs.push({
      dc: { code: x.dc_code, nameEn: x.dc_en, nameHi: x.dc_hi },
      outages: x.outages,
      planned: x.planned,
      consumersAffected: x.consumers,
      latestEtr: iso(x.latest_etr),
      withoutEtr: x.without_etr,
    });
  }
  return {
    at: r.at.toISOString(),
    districts: [...districts.values()],
    planned: r.planned.map((p) => ({
      district: p.district_en ? { nameEn: p.district_en, nameHi: p.district_hi ?? p.district_en } : null,
      dc: { code: p.dc_code, nameEn: p.dc_en, nameHi: p.dc_hi },
      scope: p.scope,
      element: p.element_en ? { nameEn: p.element_en, nameHi: p.element_hi ?? p.element_en } : null,
      start: p.planned_start.toISOString(),
      end: p.planned_end.toISOString(),
      consumersAffected: p.consumers,
    })),
  };
}

/**
 * The consumer portal's API under /api/portal: sign-in with a code by SMS,
 * then the signed-in consumer's own data, keyed by his session cookie
 * (pd_portal, HTTP-only, SameSite=Lax; state changes pass the same Origin
 * check as the rest of /api). The public outage list needs no sign-in.
 */
export function portalRoutes(
  services: Services,
  config: Config,
  auth: AuthContext,
): FastifyPluginAsyncTypebox {
  const svc = services.portal;
  const secure = (request: FastifyRequest) =>
    config.cookieSecure === "always" || (config.cookieSecure === "auto" && request.protocol === "https");
  const cookieOptions = (request: FastifyRequest) =>
    ({ httpOnly: true, sameSite: "lax", secure: secure(request), path: "/api/portal" }) as const;
  const session = async (request: FastifyRequest): Promise<PortalSession> => {
    const s = await svc.session(request.cookies[PORTAL_COOKIE]);
    if (!s) throw unauthorized("sign in with your consumer number first (or your session has ended)");
    return s;
  };
  const noContent = (reply: FastifyReply) => reply.status(204).send();

  return async (app) => {
    app.post(
      "/api/portal/sign-in/code",
      {
        schema: {
          tags: ["portal"],
          summary: "Send a sign-in code by SMS to the consumer's verified mobile",
          description:
            "Always 202 for a well-formed number, whether or not the consumer exists or has a verified mobile; " +
            "limited per address and per consumer number (429), and by the OTP limits per mobile and consumer.",
          security: [],
          body: PortalCodeBody,
          response: { 202: PortalCodeSent, ...errors(400, 429) },
        },
      },
      async (request, reply) => {
        await svc.requestCode(request.body.consumerNo, request.ip);
        return reply.status(202).send({ sent: true });
      },
    );

    app.post(
      "/api/portal/sign-in",
      {
        schema: {
          tags: ["portal"],
          summary: "Sign in with the consumer number and the code from the SMS; sets the portal cookie",
          security: [],
          body: PortalSignInBody,
          response: { 200: PortalSignedIn, ...errors(400, 429) },
        },
      },
      async (request, reply) => {
        const r = await svc.signIn(request.body.consumerNo, request.body.code, request.ip);
        reply.setCookie(PORTAL_COOKIE, r.token, { ...cookieOptions(request), expires: r.expiresAt });
        return { consumerNo: r.consumerNo, expiresAt: r.expiresAt.toISOString() };
      },
    );

    app.post(
      "/api/portal/sign-out",
      {
        schema: { tags: ["portal"], summary: "End the portal session", response: { 204: NoContent } },
      },
      async (request, reply) => {
        await svc.signOut(request.cookies[PORTAL_COOKIE]);
        reply.clearCookie(PORTAL_COOKIE, cookieOptions(request));
        return noContent(reply);
      },
    );

    app.get(
      "/api/portal/me",
      {
        schema: {
          tags: ["portal"],
          summary: "My connection (DC, feeder, DT), my numbers (masked) and the power status now",
          response: { 200: PortalMeDto, ...errors(401) },
        },
      },
      async (request) => presentMe(await svc.me(await session(request))),
    );

    app.get(
      "/api/portal/bills",
      {
        schema: {
          tags: ["portal"],
          summary: "My last 12 bills: amount, due date, paid or not, payments, payment link",
          response: { 200: PortalBillsDto, ...errors(401) },
        },
      },
      async (request) => presentBills(await svc.bills(await session(request))),
    );

    app.get(
      "/api/portal/catalogue",
      {
        schema: {
          tags: ["portal"],
          summary: "Complaint categories a consumer may choose",
          response: { 200: PortalCatalogueDto, ...errors(401) },
        },
      },
      async (request) => {
        await session(request);
        const cat = await svc.catalogue();
        return {
          categories: cat.categories.map((c) => ({
            code: c.code,
            nameEn: c.name_en,
            nameHi: c.name_hi,
            emergency: c.emergency,
            photo: c.code === "safety_hazard",
            subcategories: cat.subcategories
              .filter((s) => s.category_code === c.code)
              .map((s) => ({ code: s.code, nameEn: s.name_en, nameHi: s.name_hi })),
          })),
        };
      },
    );

    app.get(
      "/api/portal/complaints",
      {
        schema: {
          tags: ["portal"],
          summary: "My complaints, newest first",
          response: { 200: PortalComplaintList, ...errors(401) },
        },
      },
      async (request) => ({
        items: (await svc.complaints(await session(request))).map((c) => ({
          number: c.number,
          status: c.status,
          category: { code: c.category_code, nameEn: c.category_name_en, nameHi: c.category_name_hi },
          registeredAt: c.registered_at.toISOString(),
          dueAt: c.due_at.toISOString(),
          resolvedAt: iso(c.resolved_at),
        })),
      }),
    );

    app.post(
      "/api/portal/complaints",
      {
        bodyLimit: 3 * 1024 * 1024,
        schema: {
          tags: ["portal"],
          summary: "Register a complaint on my connection (channel portal); a photo with a safety hazard",
          body: PortalComplaintBody,
          response: { 201: PortalComplaintCreated, ...errors(400, 401, 429) },
        },
      },
      async (request, reply) => {
        const r = await svc.register(await session(request), request.body);
        return reply.status(201).send({
          number: r.complaint.number,
          outcome: r.outcome,
          status: r.complaint.status,
          dueAt: r.complaint.due_at.toISOString(),
        });
      },
    );

    app.get(
      "/api/portal/complaints/:number",
      {
        schema: {
          tags: ["portal"],
          summary: "One of my complaints with its timeline (another consumer's reads as not found)",
          params: PortalComplaintParams,
          response: { 200: PortalComplaintDto, ...errors(401, 404) },
        },
      },
      async (request) => presentComplaint(await svc.complaint(await session(request), request.params.number)),
    );

    app.post(
      "/api/portal/complaints/:number/feedback",
      {
        schema: {
          tags: ["portal"],
          summary: "My answer on a resolved complaint: fixed (it closes) or not (it goes back to the field)",
          params: PortalComplaintParams,
          body: PortalFeedbackBody,
          response: { 200: PortalFeedbackAnswered, ...errors(400, 401, 404, 409, 410) },
        },
      },
      async (request) => ({
        status: await svc.feedback(await session(request), request.params.number, request.body),
      }),
    );

    app.post(
      "/api/portal/mobiles",
      {
        schema: {
          tags: ["portal"],
          summary: "Add or change my mobile: a code goes to the new number",
          body: PortalMobileBody,
          response: { 201: PortalMobileStarted, ...errors(400, 401, 409, 429) },
        },
      },
      async (request, reply) => {
        const r = await svc.startMobile(await session(request), request.body);
        return reply.status(201).send({ ...r, expiresAt: r.expiresAt.toISOString() });
      },
    );

    app.post(
      "/api/portal/mobiles/verify",
      {
        schema: {
          tags: ["portal"],
          summary: "Read back the code sent to the new mobile: it goes on record, verified",
          body: PortalMobileVerifyBody,
          response: { 200: PortalMobileVerified, ...errors(400, 401, 404, 409, 410, 429) },
        },
      },
      async (request) => {
        const r = await svc.verifyMobile(
          await session(request),
          request.body.verificationId,
          request.body.code,
        );
        return { mobile: r.mobile, verifiedAt: r.verifiedAt.toISOString() };
      },
    );

    app.put(
      "/api/portal/language",
      {
        schema: {
          tags: ["portal"],
          summary: "The language of my SMS (Hindi or English)",
          body: PortalLanguageBody,
          response: { 204: NoContent, ...errors(400, 401, 409) },
        },
      },
      async (request, reply) => {
        await svc.setLanguage(await session(request), request.body.language);
        return noContent(reply);
      },
    );

    app.get(
      "/api/portal/messages",
      {
        schema: {
          tags: ["portal"],
          summary: "My messages to the desk and its answers",
          response: { 200: PortalMessages, ...errors(401) },
        },
      },
      async (request) => ({
        items: (await svc.messages(await session(request))).map((m) => ({
          id: Number(m.id),
          direction: m.direction,
          body: m.body,
          at: m.at.toISOString(),
        })),
      }),
    );

    app.post(
      "/api/portal/messages",
      {
        schema: {
          tags: ["portal"],
          summary: "Write to us: a message to the desk (the inbox's portal conversation)",
          body: PortalMessageBody,
          response: { 201: PortalMessageSent, ...errors(400, 401, 429) },
        },
      },
      async (request, reply) => {
        const r = await svc.writeToUs(
          await session(request),
          request.body.text,
          request.body.language ?? "hi",
        );
        return reply.status(201).send({ at: r.at.toISOString() });
      },
    );

    // For the field team: the photo a consumer sent with a complaint (staff sign-in, the complaint's jurisdiction).
    app.get(
      "/api/complaints/:number/photo",
      {
        schema: {
          tags: ["complaints"],
          summary: "The photo sent with a complaint from the consumer portal (JPEG or PNG)",
          params: PortalPhotoParams,
          response: { ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const p = await svc.photoForStaff(await auth.principal(request), request.params.number);
        return reply.type(p.contentType).header("cache-control", "private, no-store").send(p.bytes);
      },
    );

    // Applying for a new connection: no sign-in (an applicant has no consumer number yet), a code proves the mobile.
    app.post(
      "/api/portal/connections/code",
      {
        schema: {
          tags: ["portal", "public"],
          summary: "Send a code by SMS to the mobile that applies for a new connection",
          description:
            "Always 202 for a well-formed mobile, whatever became of the code; limited per address and per mobile (429).",
          security: [],
          body: ApplyCodeBody,
          response: { 202: ApplyCodeSent, ...errors(400, 429) },
        },
      },
      async (request, reply) => {
        await services.portalConnections.requestCode(request.body.mobile, request.body.language, request.ip);
        return reply.status(202).send({ sent: true });
      },
    );

    app.post(
      "/api/portal/connections",
      {
        schema: {
          tags: ["portal", "public"],
          summary:
            "Apply for a new connection with the code from the SMS: its number, stage and next step (an application made in the last 30 days for this mobile and address answers instead)",
          description:
            "A code makes one application and is tried a few times; every code failure is 400 on `code`. Limited per address and per mobile (429).",
          security: [],
          body: OnlineApplicationBody,
          response: { 200: OnlineApplicationDto, 201: OnlineApplicationDto, ...errors(400, 429) },
        },
      },
      async (request, reply) => {
        const r = await services.portalConnections.apply(request.body, request.ip);
        const a = r.application;
        return reply.status(r.created ? 201 : 200).send({
          number: r.number,
          created: r.created,
          status: a.status,
          dc: { code: a.dc_code, nameEn: a.dc_name_en, nameHi: a.dc_name_hi },
          nextStep: r.nextStep,
        });
      },
    );

    app.get(
      "/api/portal/public/outages",
      {
        schema: {
          tags: ["portal", "public"],
          summary:
            "Live outages by district and DC (counts, consumers affected, ETR) and shutdowns planned for 7 days",
          description: "No sign-in and no personal data; limited per address (429).",
          security: [],
          response: { 200: PublicOutagesDto, ...errors(429) },
        },
      },
      async (request) => presentPublicOutages(await svc.publicOutages(request.ip)),
    );
  };
}
