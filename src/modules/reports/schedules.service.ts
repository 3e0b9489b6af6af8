import { randomBytes } from "node:crypto";
import type { Language, ReportFrequency, ReportKind } from "../../db/schema.ts";
import { throttleAddress } from "../../lib/address.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest, conflict, forbidden, notFound, tooManyRequests } from "../../lib/errors.ts";
import { can, type Principal } from "../access/principal.ts";
import { sendSms } from "../notifications/send-sms.ts";
import type { ThrottleRepository, ThrottleRule } from "../users/throttle.repository.ts";
import { histogramOf, percent, quantileFromHistogram } from "./dashboard.present.ts";
import { type AreaSummary, renderAreaSummaryHtml, type SummaryFigures } from "./report-html.ts";
import { linkExpiry, reportLinkUrl, signReportLink, verifyReportLink } from "./report-link.ts";
import { lastFullPeriod, nextRunAfter, periodFromQuery, type ReportPeriod } from "./report-periods.ts";
import {
  HISTOGRAM_BOUNDS_MINUTES,
  type RollupMeasure,
  type RollupRow,
  type RollupsRepository,
} from "./rollups.repository.ts";
import type { SchedulesRepository } from "./schedules.repository.ts";
import type { SubscriptionDto } from "./schedules.schemas.ts";

/** How long a sent report's link works, in days (the SMS says so). */
export const REPORT_LINK_DAYS = 14;
/** Link tries from one address: every try counts, a good one too (as the other SMS links). */
const LINK_TRIES: ThrottleRule = {
  windowMs: 15 * 60_000,
  limit: 20,
  lockMs: 15 * 60_000,
  maxLockMs: 4 * 3600_000,
};
/** One message whatever was wrong with the link: unknown, tampered and expired look alike. */
export const LINK_GONE = {
  en: "This report link is not valid or has expired. Ask for the report again.",
  hi: "यह रिपोर्ट लिंक मान्य नहीं है या इसकी अवधि समाप्त हो गई है। रिपोर्ट फिर से मंगाएं।",
} as const;

type Row = Awaited<ReturnType<SchedulesRepository["listForUser"]>>[number];

/** Renders a whole HTML document to PDF (src/lib/pdf.ts's htmlToPdf). */
export type PdfRenderer = (html: string, options?: { landscape?: boolean }) => Promise<Buffer>;

export interface SchedulesDeps {
  repo: SchedulesRepository;
  rollups: RollupsRepository;
  throttle: ThrottleRepository;
  clock: Clock;
  timeZone: string;
  linkBase: string;
  renderPdf: PdfRenderer;
  /**
   * The regulator's SoP report as a PDF for an office and period, once that
   * report exists (another part of issue 16); until then 'sop' subscriptions
   * are refused.
   */
  sopPdf?: (unitId: number, period: ReportPeriod, language: Language) => Promise<Buffer>;
}

const present = (r: Row): SubscriptionDto => ({
  id: Number(r.id),
  unit: { code: r.unit_code, kind: r.unit_kind, nameEn: r.unit_name_en, nameHi: r.unit_name_hi },
  kind: r.kind,
  frequency: r.frequency,
  language: r.language,
  nextRunAt: new Date(r.next_run_at).toISOString(),
  lastPeriod: r.last_period,
  lastSentAt: r.last_sent_at ? new Date(r.last_sent_at).toISOString() : null,
});

/** The median resolution time, read from the histogram as the dashboard reads it (the rollups keep no list of times). */
export function medianFromHistogram(c: RollupRow, resolved: number): number | null {
  return resolved > 0 ? quantileFromHistogram(histogramOf(c), 0.5) : null;
}

function figures(c: RollupRow | undefined, open = { open: 0, overdue: 0 }): SummaryFigures {
  const g = (k: keyof RollupRow) => Number(c?.[k] ?? 0);
  const resolved = g("resolved");
  return {
    received: g("received"),
    resolved,
    resolvedLate: g("resolved_late"),
    slaPercent: percent(resolved - g("resolved_late"), resolved),
    medianMinutes: c ? medianFromHistogram(c, resolved) : null,
    repeats: g("repeats"),
    reopened: g("reopened"),
    reopenPercent: percent(g("reopened"), g("received")),
    openNow: open.open,
    overdueNow: open.overdue,
  };
}

/**
 * Scheduled reports of an officer's area: subscriptions (permission
 * reports.regulator; the office must lie in his jurisdiction), the area
 * summary as PDF, the worker's run (job reports.scheduled) and the signed
 * link the SMS carries.
 */
export class SchedulesService {
  private secret: Promise<Buffer> | undefined;

  constructor(private readonly deps: SchedulesDeps) {}

  private allow(p: Principal) {
    if (!can(p, "reports.regulator") || p.kind !== "user") throw forbidden();
  }

  private async unit(p: Principal, code: string) {
    const u = await this.deps.repo.unitInJurisdiction(code.trim().toUpperCase(), p);
    if (!u) throw notFound(`office ${code} in your jurisdiction`);
    return u;
  }

  async list(p: Principal): Promise<SubscriptionDto[]> {
    this.allow(p);
    return (await this.deps.repo.listForUser(p.id)).map(present);
  }

  async subscribe(
    p: Principal,
    body: { unit: string; kind: ReportKind; frequency: ReportFrequency; language?: Language | undefined },
  ): Promise<SubscriptionDto> {
    this.allow(p);
    const unit = await this.unit(p, body.unit);
    if (body.kind === "sop" && !this.deps.sopPdf)
      throw badRequest("the SoP report cannot be subscribed to yet: choose the area summary", "kind");
    const contact = await this.deps.repo.userContact(p.id);
    if (!contact?.phone)
      throw badRequest(
        "your user record has no mobile number to send the report link to: ask an admin to add it",
        "mobile",
      );
    const now = this.deps.clock();
    const id = await this.deps.repo.insertSubscription({
      userId: p.id,
      orgUnitId: unit.id,
      kind: body.kind,
      frequency: body.frequency,
      language: body.language ?? contact.language,
      nextRunAt: nextRunAfter(body.frequency, now, this.deps.timeZone),
      now,
    });
    if (id === undefined) throw conflict("you already get this report of this office", "unit");
    return present((await this.deps.repo.subscriptionForUser(p.id, id)) as Row);
  }

  async unsubscribe(p: Principal, id: number): Promise<void> {
    this.allow(p);
    if (!(await this.deps.repo.deactivate(p.id, id, this.deps.clock()))) throw notFound("subscription");
  }

  /** Sends the last full period's report now (to try it); the schedule is left as it is. */
  async runNow(p: Principal, id: number): Promise<{ period: string; label: string }> {
    this.allow(p);
    const s = await this.deps.repo.subscriptionForUser(p.id, id);
    if (!s) throw notFound("subscription");
    const contact = await this.deps.repo.userContact(p.id);
    if (!contact?.phone) throw badRequest("your user record has no mobile number", "mobile");
    const now = this.deps.clock();
    const period = lastFullPeriod(s.frequency, now, this.deps.timeZone);
    const pdf = await this.render(s, period, s.language);
    const secret = await this.linkSecret();
    await this.deps.repo.transaction(async (repo, tx) => {
      await this.store(
        repo,
        tx,
        s,
        contact.phone as string,
        period,
        pdf,
        now,
        `now:${now.getTime()}`,
        secret,
      );
      await repo.markSent(Number(s.id), now);
    });
    return { period: period.key, label: period.label[s.language] };
  }

  /** The area summary PDF of an office in the jurisdiction, for a month ("2026-11") or a week (a date in it). */
  async areaSummaryPdf(
    p: Principal,
    q: { unit: string; period?: string | undefined; language?: Language | undefined },
  ): Promise<{ pdf: Buffer; filename: string }> {
    this.allow(p);
    const unit = await this.unit(p, q.unit);
    const period = periodFromQuery(q.period, this.deps.clock(), this.deps.timeZone);
    if (!period) throw badRequest("period is a month (2026-11) or a date (its week)", "period");
    const html = renderAreaSummaryHtml(await this.areaSummary(unit, period), q.language ?? p.language);
    return { pdf: await this.deps.renderPdf(html), filename: `area-summary-${unit.code}-${period.key}.pdf` };
  }

  /** The figures of an area summary: the rollups for the period, the open set now. */
  async areaSummary(
    unit: { id: number; code: string; kind: string; name_en: string; name_hi: string; path: string },
    period: ReportPeriod,
  ): Promise<AreaSummary> {
    const { repo, rollups, timeZone } = this.deps;
    const now = this.deps.clock();
    const [children, categories, company] = await Promise.all([
      unit.kind === "dc" ? Promise.resolve([]) : repo.children(unit.id),
      repo.categories(),
      repo.company(),
    ]);
    const monthly = period.frequency === "monthly";
    // The per-unit rollups: the office whole, and its children side by side.
    const q = {
      grain: monthly ? ("month" as const) : ("day" as const),
      from: period.from,
      to: monthly ? period.from : period.to,
    };
    const [total, byChild, byCategory, open] = await Promise.all([
      rollups.counts({ ...q, unitIds: [unit.id], groupBy: [] }, timeZone),
      children.length
        ? rollups.counts({ ...q, unitIds: children.map((c) => c.id), groupBy: ["unit_id"] }, timeZone)
        : Promise.resolve([]),
      rollups.counts({ ...q, unitIds: [unit.id], groupBy: ["category_code"] }, timeZone),
      repo.openByDc(unit.path, now),
    ]);
    const sumOpen = (path: string) =>
      open
        .filter((o) => o.path.startsWith(path))
        .reduce((a, o) => ({ open: a.open + o.open, overdue: a.overdue + o.overdue }), {
          open: 0,
          overdue: 0,
        });
    const childRows = children.map((c) => ({
      code: c.code,
      name: { en: c.name_en, hi: c.name_hi },
      ...figures(
        byChild.find((r) => r.unit_id === Number(c.id)),
        sumOpen(c.path),
      ),
    }));
    const names = new Map(categories.map((c) => [c.code, c]));
    const categoryRows = byCategory
      .filter((r) => r.received > 0 || r.resolved > 0)
      .map((r) => {
        const c = names.get(r.category_code as string);
        return {
          code: r.category_code as string,
          name: { en: c?.name_en ?? String(r.category_code), hi: c?.name_hi ?? String(r.category_code) },
          ...figures(r),
        };
      });
    return {
      unit: { code: unit.code, kind: unit.kind, name: { en: unit.name_en, hi: unit.name_hi } },
      period: { label: period.label, from: period.from, to: period.to },
      generatedAt: new Intl.DateTimeFormat("en-IN", {
        timeZone,
        dateStyle: "medium",
        timeStyle: "short",
      }).format(now),
      totals: figures(total[0], sumOpen(unit.path)),
      children: childRows,
      categories: categoryRows,
      company: company ? `${company.name_en} / ${company.name_hi}` : "",
    };
  }

  private async render(s: Row, period: ReportPeriod, language: Language): Promise<Buffer> {
    const unit = {
      id: Number(s.unit_id),
      code: s.unit_code,
      kind: s.unit_kind,
      name_en: s.unit_name_en,
      name_hi: s.unit_name_hi,
      path: s.unit_path,
    };
    if (s.kind === "sop") {
      if (!this.deps.sopPdf) throw new Error("the SoP report's PDF is not wired");
      return this.deps.sopPdf(unit.id, period, language);
    }
    return this.deps.renderPdf(renderAreaSummaryHtml(await this.areaSummary(unit, period), language));
  }

  /** Stores a document and queues its link's SMS, in the caller's transaction. */
  private async store(
    repo: SchedulesRepository,
    tx: Parameters<Parameters<SchedulesRepository["transaction"]>[0]>[1],
    s: Row,
    mobile: string,
    period: ReportPeriod,
    pdf: Buffer,
    now: Date,
    dedup: string,
    secret: Buffer,
  ): Promise<number> {
    const expiresAt = linkExpiry(new Date(now.getTime() + REPORT_LINK_DAYS * 86_400_000));
    const documentId = await repo.insertDocument({
      subscriptionId: Number(s.id),
      kind: s.kind,
      orgUnitId: Number(s.unit_id),
      period: period.key,
      periodLabel: period.label[s.language],
      language: s.language,
      pdf,
      createdAt: now,
      expiresAt,
    });
    const token = signReportLink(secret, { documentId, expiresAt });
    const link = reportLinkUrl(this.deps.linkBase, token);
    // A DLT variable holds 30 characters: a long PUBLIC_URL cannot be sent,
    // and saying so beats the SMS layer's refusal surfacing as a 500.
    if (link.length > 30)
      throw new AppError(
        503,
        "report_link_too_long",
        `the report link ${link.length} characters long does not fit an SMS variable (30): set PUBLIC_URL to a shorter host`,
      );
    await sendSms(tx, {
      template: "report_link",
      language: s.language,
      variables: {
        period: period.label[s.language],
        area: s.language === "hi" ? s.unit_name_hi : s.unit_name_en,
        link,
        days: String(REPORT_LINK_DAYS),
      },
      recipient: mobile,
      dedupKey: `report:${s.id}:${period.key}:${dedup}`,
      urgent: false,
      relatedType: "report_subscription",
      relatedId: Number(s.id),
      createdAt: now,
    });
    return documentId;
  }

  /**
   * The worker's run: each due subscription gets its last full period once.
   * The PDF is rendered outside the transaction; the period is then claimed,
   * the document stored and the SMS queued in one transaction, so a second
   * run, a second worker or a crash in between sends nothing twice and loses
   * nothing (an unclaimed period is tried again on the next tick).
   */
  async runDue(limit = 50): Promise<{ sent: number; skipped: number; failed: number }> {
    const { repo, timeZone } = this.deps;
    const out = { sent: 0, skipped: 0, failed: 0 };
    const now = this.deps.clock();
    for (const s of await repo.due(now, limit)) {
      const next = nextRunAfter(s.frequency, now, timeZone);
      const period = lastFullPeriod(s.frequency, now, timeZone);
      if (
        !s.in_jurisdiction ||
        !s.phone ||
        s.last_period === period.key ||
        (s.kind === "sop" && !this.deps.sopPdf)
      ) {
        await repo.advance(Number(s.id), next, now);
        out.skipped++;
        continue;
      }
      let pdf: Buffer;
      try {
        pdf = await this.render(s, period, s.language);
      } catch {
        // Chromium could not start or the report failed: tried again on the next tick.
        out.failed++;
        continue;
      }
      const secret = await this.linkSecret();
      let sent: boolean;
      try {
        sent = await repo.transaction(async (r, tx) => {
          if (!(await r.claimPeriod(Number(s.id), period.key, next, now))) return false;
          await this.store(r, tx, s, s.phone as string, period, pdf, now, "scheduled", secret);
          return true;
        });
      } catch {
        // This one's SMS could not be queued (a link too long for PUBLIC_URL, a
        // template missing): nothing of it was kept, and the others still go.
        out.failed++;
        continue;
      }
      if (sent) out.sent++;
      else out.skipped++;
    }
    return out;
  }

  /** Documents past their expiry (the job's cleanup). */
  purgeExpired(now: Date): Promise<number> {
    return this.deps.repo.purgeExpired(now);
  }

  /** The links' HMAC key, made once per installation and kept in app_settings. */
  private linkSecret(): Promise<Buffer> {
    this.secret ??= this.deps.repo
      .linkSecret(randomBytes(32).toString("base64url"))
      .then((s) => Buffer.from(s, "base64url"))
      .catch((err: unknown) => {
        this.secret = undefined;
        throw err;
      });
    return this.secret;
  }

  /**
   * The PDF a link opens. Every try counts against the address; an unknown,
   * tampered, truncated or expired token is one and the same 404.
   */
  async openLink(
    token: string,
    address: string,
  ): Promise<{ pdf: Buffer; filename: string; language: Language }> {
    const now = this.deps.clock();
    const a = await this.deps.throttle.attempt(`report-link:${throttleAddress(address)}`, now, LINK_TRIES);
    if (!a.allowed)
      throw tooManyRequests(
        "too many tries: wait a few minutes / बहुत अधिक प्रयास: कुछ मिनट रुकें",
        Math.ceil(((a.lockedUntil ?? now).getTime() - now.getTime()) / 1000),
      );
    const claims = verifyReportLink(await this.linkSecret(), token);
    const doc =
      claims && claims.expiresAt.getTime() > now.getTime()
        ? await this.deps.repo.takeDocument(claims.documentId, claims.expiresAt, now)
        : undefined;
    if (!doc) throw new AppError(404, "not_found", `${LINK_GONE.en} / ${LINK_GONE.hi}`);
    return { pdf: doc.pdf, filename: `report-${doc.period}.pdf`, language: doc.language };
  }
}
