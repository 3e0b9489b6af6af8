import type { ApplicationStatus, Language } from "../../db/schema.ts";
import { maskMobile } from "../../lib/mobile.ts";
import { can, type Principal } from "../access/principal.ts";
import { APPLICATION_DOCUMENTS, type ApplicationDocumentCode } from "./connections.constants.ts";
import type { ApplicationRow, Officer } from "./connections.repository.ts";
import { missingDocuments } from "./connections.state.ts";

const DAY = 86_400_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The limit a pending application is held to now: the earlier of its stage's and the regulator's; none while it awaits payment. */
export function dueOf(r: ApplicationRow): Date | null {
  if (r.status === "released" || r.status === "rejected" || r.status === "demand_note_issued") return null;
  const ds = [r.stage_due_at, r.release_due_at].filter((d): d is Date => d !== null);
  return ds.length ? new Date(Math.min(...ds.map((d) => d.getTime()))) : null;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
function day(at: Date, language: Language, timeZone: string): string {
  const key = `${language}|${timeZone}`;
  let f = dayFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language === "hi" ? "hi-IN" : "en-IN", {
      day: "numeric",
      month: "short",
      year: "numeric",
      timeZone,
    });
    dayFormats.set(key, f);
  }
  return f.format(at);
}

/**
 * What happens next, in words an agent reads out to the caller (and the
 * tracking page shows): who does what, by when. The public form leaves out
 * a rejection's reason (staff wrote it; the applicant had it by SMS).
 */
export function nextStep(
  r: ApplicationRow,
  timeZone: string,
  view: "staff" | "public" = "staff",
): { en: string; hi: string } {
  const due = dueOf(r);
  const by = (l: Language) =>
    due ? (l === "en" ? ` By ${day(due, l, timeZone)}.` : ` ${day(due, l, timeZone)} तक।`) : "";
  const docs = (l: Language) =>
    missingDocuments(r.documents)
      .map((c) => APPLICATION_DOCUMENTS[c as ApplicationDocumentCode]?.[l] ?? c)
      .join(", ");
  const dc = { en: r.dc_name_en, hi: r.dc_name_hi };
  const owed = Math.max(0, (r.charges_demanded_rs ?? 0) - r.charges_paid_rs).toLocaleString("en-IN");
  const steps: Record<ApplicationStatus, () => { en: string; hi: string }> = {
    applied: () =>
      missingDocuments(r.documents).length
        ? {
            en: `Give the missing documents at ${dc.en}: ${docs("en")}.${by("en")}`,
            hi: `${dc.hi} में बाकी दस्तावेज़ जमा करें: ${docs("hi")}।${by("hi")}`,
          }
        : {
            en: `The DC checks the documents and marks them complete.${by("en")}`,
            hi: `वितरण केंद्र दस्तावेज़ जाँचकर पूर्ण करेगा।${by("hi")}`,
          },
    documents_complete: () => ({
      en: `The JE inspects the site.${by("en")}`,
      hi: `कनिष्ठ अभियंता (JE) स्थल निरीक्षण करेंगे।${by("hi")}`,
    }),
    site_inspected: () => ({
      en: `The DC issues the demand note for the charges.${by("en")}`,
      hi: `वितरण केंद्र शुल्क का माँग पत्र जारी करेगा।${by("hi")}`,
    }),
    demand_note_issued: () =>
      view === "public"
        ? {
            en: `Pay Rs ${owed} online or at the DC office; the time limit waits for your payment.`,
            hi: `रु ${owed} ऑनलाइन या वितरण केंद्र कार्यालय में जमा करें; आपके भुगतान तक समय सीमा रुकी है।`,
          }
        : {
            en: `The applicant pays Rs ${owed} online or at the DC office; the SoP clock waits for the payment.`,
            hi: `आवेदक रु ${owed} ऑनलाइन या वितरण केंद्र कार्यालय में जमा करें; भुगतान तक समय सीमा रुकी है।`,
          },
    charges_paid: () => ({
      en: `The meter is installed.${by("en")}`,
      hi: `मीटर लगाया जाएगा।${by("hi")}`,
    }),
    meter_installed: () => ({
      en: `The connection is released and a consumer number given.${by("en")}`,
      hi: `कनेक्शन चालू होकर उपभोक्ता क्रमांक दिया जाएगा।${by("hi")}`,
    }),
    released: () =>
      view === "public"
        ? {
            en: "Done: the connection is released; its consumer number was sent by SMS.",
            hi: "पूर्ण: कनेक्शन चालू हो गया है; उपभोक्ता क्रमांक SMS से भेजा गया है।",
          }
        : {
            en: `Done: the connection is released, consumer number ${r.consumer_no ?? "-"}.`,
            hi: `पूर्ण: कनेक्शन चालू, उपभोक्ता क्रमांक ${r.consumer_no ?? "-"}।`,
          },
    rejected: () =>
      view === "public"
        ? {
            en: "The application is rejected. Call 1912 to know why or to apply again.",
            hi: "आवेदन अस्वीकृत है। कारण जानने या फिर से आवेदन के लिए 1912 पर कॉल करें।",
          }
        : {
            en: `Rejected: ${r.reject_reason ?? ""}. The applicant may apply again.`,
            hi: `अस्वीकृत: ${r.reject_reason ?? ""}। आवेदक फिर से आवेदन कर सकता है।`,
          },
  };
  return steps[r.status]();
}

/** An application in lists and lookups. */
export function presentSummary(
  p: Principal,
  r: ApplicationRow,
  now: Date,
  matchedBy?: "number" | "mobile" | "name",
) {
  const due = dueOf(r);
  return {
    number: r.number,
    applicantName: r.applicant_name,
    mobile: can(p, "consumers.read_mobile") ? r.mobile : maskMobile(r.mobile),
    address: r.address,
    category: r.category,
    supplyType: r.supply_type,
    loadKw: r.load_kw,
    status: r.status,
    dc: { code: r.dc_code, nameEn: r.dc_name_en, nameHi: r.dc_name_hi },
    appliedAt: r.applied_at.toISOString(),
    statusAt: r.status_at.toISOString(),
    dueAt: iso(due),
    overdue: due !== null && due.getTime() < now.getTime(),
    ...(matchedBy ? { matchedBy } : {}),
  };
}

export interface ApplicationDetail {
  application: ApplicationRow;
  office: {
    subdivision: { code: string; name_en: string; name_hi: string } | null;
    je: Officer | null;
    ae: Officer | null;
  };
  clock: { stageDueAt: Date | null; releaseDueAt: Date | null; paused: boolean };
  payLink: string | null;
  moves: ApplicationStatus[];
  events: {
    at: Date;
    action: string;
    from_status: string | null;
    to_status: string | null;
    actor_name: string;
    actor_role: string | null;
    note: string | null;
  }[];
  now: Date;
  timeZone: string;
}

/** The application card. */
export function presentDetail(p: Principal, d: ApplicationDetail) {
  const r = d.application;
  const officer = (o: Officer | null) =>
    o
      ? { name: o.name, mobile: o.phone && !can(p, "consumers.read_mobile") ? maskMobile(o.phone) : o.phone }
      : null;
  const limits = [d.clock.stageDueAt, d.clock.releaseDueAt].filter((x): x is Date => x !== null);
  const runs = !d.clock.paused && r.status !== "released" && r.status !== "rejected" && limits.length > 0;
  const earliest = runs ? Math.min(...limits.map((x) => x.getTime())) : null;
  return {
    ...presentSummary(p, r, d.now),
    mobileVerified: r.mobile_verified,
    language: r.language,
    locality: r.locality,
    pincode: r.pincode,
    sopArea: r.sop_area,
    source: r.source,
    documents: r.documents.map((x) => ({ code: x.code as ApplicationDocumentCode, received: x.received })),
    missingDocuments: missingDocuments(r.documents) as ApplicationDocumentCode[],
    chargesDemandedRs: r.charges_demanded_rs,
    chargesPaidRs: r.charges_paid_rs,
    payLink: d.payLink,
    rejectReason: r.reject_reason,
    consumerNo: r.consumer_no,
    office: {
      dc: { code: r.dc_code, nameEn: r.dc_name_en, nameHi: r.dc_name_hi },
      subdivision: d.office.subdivision
        ? {
            code: d.office.subdivision.code,
            nameEn: d.office.subdivision.name_en,
            nameHi: d.office.subdivision.name_hi,
          }
        : null,
      je: officer(d.office.je),
      ae: officer(d.office.ae),
    },
    sop: {
      stageDueAt: iso(d.clock.stageDueAt),
      releaseDueAt: iso(d.clock.releaseDueAt),
      daysLeft: earliest === null ? null : Math.floor((earliest - d.now.getTime()) / DAY),
      paused: d.clock.paused,
      breachedAt: iso(r.breached_at),
      compensationRs: r.compensation_rs,
      escalationLevel: r.escalation_level,
    },
    nextStep: nextStep(r, d.timeZone),
    moves: d.moves,
    timeline: d.events.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      fromStatus: (e.from_status as ApplicationStatus | null) ?? null,
      toStatus: (e.to_status as ApplicationStatus | null) ?? null,
      actorName: e.actor_name,
      actorRole: e.actor_role,
      note: e.note,
    })),
  };
}

/** What the public tracking page shows of an application: no name, mobile, address or staff. */
export function presentPublic(
  r: ApplicationRow,
  events: readonly { at: Date; action: string; to_status: string | null }[],
  payLink: string | null,
  timeZone: string,
) {
  return {
    number: r.number,
    status: r.status,
    category: r.category,
    dc: { code: r.dc_code, nameEn: r.dc_name_en, nameHi: r.dc_name_hi },
    appliedAt: r.applied_at.toISOString(),
    statusAt: r.status_at.toISOString(),
    dueAt: iso(dueOf(r)),
    releaseDueAt: r.status === "rejected" ? null : iso(r.release_due_at),
    missingDocuments: missingDocuments(r.documents) as ApplicationDocumentCode[],
    chargesDueRs:
      r.status === "demand_note_issued"
        ? Math.max(0, (r.charges_demanded_rs ?? 0) - r.charges_paid_rs)
        : null,
    payLink,
    nextStep: nextStep(r, timeZone, "public"),
    steps: events
      .filter(
        (e) =>
          e.to_status !== null && (e.action === "created" || e.action === "moved" || e.action === "imported"),
      )
      .map((e) => ({ at: e.at.toISOString(), status: e.to_status as ApplicationStatus })),
  };
}
