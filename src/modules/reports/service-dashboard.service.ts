import type { OrgKind } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { badRequest, forbidden, notFound } from "../../lib/errors.ts";
import { addMonths, monthOf, startOfMonth } from "../../lib/time.ts";
import { can, type Principal } from "../access/principal.ts";
import type { Score, SurveyScorecards } from "../feedback/survey.scorecards.ts";
import type { SurveySettings } from "../feedback/survey.settings.ts";
import type { ReliabilityLevel } from "../outages/reliability.repository.ts";
import type { ReliabilityService } from "../outages/reliability.service.ts";
import type {
  CallbackRow,
  DashboardScope,
  DashboardUnit,
  FirstResponseRow,
  ServiceDashboardRepository,
  SmsRow,
} from "./service-dashboard.repository.ts";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** How many months the trend shows, up to the chosen one. */
export const TREND_MONTHS = 12;

/** What the dashboard groups SMS statuses into. */
export const SMS_BUCKETS = ["queued", "sent", "delivered", "failed", "other"] as const;
export type SmsBucket = (typeof SMS_BUCKETS)[number];
const BUCKET_OF: Record<string, SmsBucket> = {
  pending: "queued",
  sending: "queued",
  sent: "sent",
  delivered: "delivered",
  failed: "failed",
  skipped: "other",
  cancelled: "other",
};

const pct = (n: number, of: number) => (of > 0 ? Math.round((1000 * n) / of) / 10 : null);
const avg = (sum: number, n: number) => (n > 0 ? Math.round((10 * sum) / n) / 10 : null);
const round1 = (v: number | null) => (v === null ? null : Math.round(10 * v) / 10);

export interface UnitDto {
  code: string;
  kind: OrgKind;
  nameEn: string;
  nameHi: string;
}
const unitDto = (u: DashboardUnit): UnitDto => ({
  code: u.code,
  kind: u.kind,
  nameEn: u.name_en,
  nameHi: u.name_hi,
});

export interface CallbackFigures {
  closed: number;
  confirmed: number;
  notFixed: number;
  notReached: number;
  cancelled: number;
  /** Of the callbacks closed other than cancelled. */
  confirmedPct: number | null;
  notFixedPct: number | null;
  notReachedPct: number | null;
  /** Averages 1–5, one decimal. */
  timeRating: number | null;
  overallRating: number | null;
  ratings: number;
}

export type SmsCounts = Record<SmsBucket, number> & { deliveredPct: number | null };

export interface ReliabilityFigures {
  interruptions: number;
  momentary: number;
  customersServed: number;
  saifi: number;
  saidi: number;
  caidi: number;
}

export interface CoverageFigures {
  consumers: number;
  verified: number;
  pct: number | null;
  countedAt: Date | null;
}

export interface FirstResponseFigures {
  conversations: number;
  answered: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export type SurveyFigures = Pick<
  Score,
  "sampled" | "answered" | "responseRate" | "regularSupply" | "meterRead" | "billOnTime" | "billCorrect"
>;

export interface ChildFigures {
  unit: UnitDto;
  callbacks: CallbackFigures;
  survey: SurveyFigures | null;
  reliability: ReliabilityFigures | null;
  sms: SmsCounts;
  coverage: CoverageFigures;
  inbox: FirstResponseFigures;
}

export interface TrendPoint {
  month: string;
  confirmedPct: number | null;
  timeRating: number | null;
  overallRating: number | null;
  responseRate: number | null;
  saidi: number | null;
  saifi: number | null;
  smsDelivered: number;
  smsFailed: number;
  firstResponseMedian: number | null;
}

export interface ServiceDashboard {
  month: string;
  unit: UnitDto;
  /** From the asker's own unit down to this one. */
  trail: UnitDto[];
  childKind: OrgKind | null;
  callbacks: CallbackFigures;
  survey: (SurveyFigures & { flagged: string[]; threshold: number }) | null;
  reliability: (ReliabilityFigures & { momentaryMinutes: number }) | null;
  sms: SmsCounts & { byTemplate: ({ template: string } & SmsCounts)[] };
  coverage: CoverageFigures;
  inbox: FirstResponseFigures & { byChannel: ({ channel: string } & FirstResponseFigures)[] };
  children: ChildFigures[];
  trend: TrendPoint[];
}

function callbackFigures(rows: CallbackRow[]): CallbackFigures {
  const s = rows.reduce(
    (a, r) => ({
      closed: a.closed + r.closed,
      confirmed: a.confirmed + r.confirmed,
      notFixed: a.notFixed + r.not_fixed,
      notReached: a.notReached + r.not_confirmed,
      cancelled: a.cancelled + r.cancelled,
      timeSum: a.timeSum + r.time_sum,
      timeN: a.timeN + r.time_n,
      overallSum: a.overallSum + r.overall_sum,
      overallN: a.overallN + r.overall_n,
    }),
    {
      closed: 0,
      confirmed: 0,
      notFixed: 0,
      notReached: 0,
      cancelled: 0,
      timeSum: 0,
      timeN: 0,
      overallSum: 0,
      overallN: 0,
    },
  );
  // A cancelled callback (the complaint reopened, or no number) asked nobody: not in the percentages.
  const asked = s.closed - s.cancelled;
  return {
    closed: s.closed,
    confirmed: s.confirmed,
    notFixed: s.notFixed,
    notReached: s.notReached,
    cancelled: s.cancelled,
    confirmedPct: pct(s.confirmed, asked),
    notFixedPct: pct(s.notFixed, asked),
    notReachedPct: pct(s.notReached, asked),
    timeRating: avg(s.timeSum, s.timeN),
    overallRating: avg(s.overallSum, s.overallN),
    ratings: s.overallN,
  };
}

function smsCounts(rows: SmsRow[]): SmsCounts {
  const c = { queued: 0, sent: 0, delivered: 0, failed: 0, other: 0 };
  for (const r of rows) c[BUCKET_OF[r.status] ?? "other"] += r.n;
  return { ...c, deliveredPct: pct(c.delivered, c.sent + c.delivered + c.failed) };
}

function firstResponse(r: FirstResponseRow | undefined): FirstResponseFigures {
  return {
    conversations: r?.conversations ?? 0,
    answered: r?.answered ?? 0,
    medianMinutes: round1(r?.median_minutes ?? null),
    p90Minutes: round1(r?.p90_minutes ?? null),
  };
}

function reliabilityFigures(x: ReliabilityFigures): ReliabilityFigures {
  return {
    interruptions: x.interruptions,
    momentary: x.momentary,
    customersServed: x.customersServed,
    saifi: x.saifi,
    saidi: x.saidi,
    caidi: x.caidi,
  };
}

function surveyFigures(s: Score): SurveyFigures {
  return {
    sampled: s.sampled,
    answered: s.answered,
    responseRate: s.responseRate,
    regularSupply: s.regularSupply,
    meterRead: s.meterRead,
    billOnTime: s.billOnTime,
    billCorrect: s.billCorrect,
  };
}

const EMPTY_FIGURE_COUNTS = {
  sampled: 0,
  answered: 0,
  regular: 0,
  regular_n: 0,
  meter: 0,
  meter_n: 0,
  on_time: 0,
  on_time_n: 0,
  correct: 0,
  correct_n: 0,
  rating_sum: 0,
  rating_n: 0,
};

/**
 * The management dashboard's "Service" tab: what consumers experienced
 * besides complaint counts (callbacks, the monthly survey, outages, SMS,
 * verified mobiles, the inbox's first replies), for one unit of the asker's
 * jurisdiction, each of its child units, and month by month. The survey's
 * and the reliability figures come from their own services, so they read
 * the same as their own pages.
 */
export class ServiceDashboardService {
  constructor(
    private readonly repo: ServiceDashboardRepository,
    private readonly deps: {
      scorecards: SurveyScorecards;
      surveySettings: () => Promise<SurveySettings>;
      reliability: ReliabilityService;
    },
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  /** The month asked (this month by default), checked: YYYY-MM, not after this month. */
  month(value: string | undefined): string {
    const current = monthOf(this.clock(), this.timeZone);
    const m = value ?? current;
    if (!MONTH.test(m)) throw badRequest("a month looks like 2026-11", "month");
    if (m > current) throw badRequest("the month is in the future", "month");
    return m;
  }

  /** The unit by code in the asker's jurisdiction (his own by default); 404 otherwise. */
  private async unit(principal: Principal, code: string | undefined): Promise<DashboardUnit> {
    const unit = await this.repo.unit(principal, (code ?? principal.orgCode).trim().toUpperCase());
    if (!unit) throw notFound("unit");
    return unit;
  }

  async dashboard(principal: Principal, q: { unit?: string | undefined; month?: string | undefined }) {
    if (!can(principal, "reports.read")) throw forbidden();
    const month = this.month(q.month);
    const unit = await this.unit(principal, q.unit);
    const [trail, children] = await Promise.all([this.repo.trail(principal, unit), this.repo.children(unit)]);
    const firstMonth = addMonths(month, -(TREND_MONTHS - 1));
    const months = Array.from({ length: TREND_MONTHS }, (_, i) => addMonths(firstMonth, i));
    const scope: DashboardScope = {
      unit,
      childIds: children.map((c) => c.id),
      from: startOfMonth(firstMonth, this.timeZone),
      to: startOfMonth(addMonths(month, 1), this.timeZone),
      timeZone: this.timeZone,
    };
    const childKind = children[0]?.kind ?? null;
    const [callbacks, sms, coverage, inbox, survey, reliability] = await Promise.all([
      this.repo.callbacks(scope),
      this.repo.sms(scope, month),
      this.repo.coverage(scope),
      this.repo.firstResponse(scope),
      this.survey(principal, unit, childKind, months),
      this.reliability(principal, unit, childKind, month),
    ]);

    const inMonth = <R extends { month: string }>(rows: R[], m = month) => rows.filter((r) => r.month === m);
    const ofChild = <R extends { child_id: number | null }>(rows: R[], id: number) =>
      rows.filter((r) => r.child_id === id);
    const monthCallbacks = inMonth(callbacks);
    const monthSms = inMonth(sms);
    const inboxUnit = inbox.find((r) => r.month === month && r.channel === "*");
    const coverageFigures = (rows: typeof coverage): CoverageFigures => {
      const consumers = rows.reduce((n, r) => n + r.consumers, 0);
      const verified = rows.reduce((n, r) => n + r.verified, 0);
      const counted = rows.map((r) => r.counted_at).filter((d): d is Date => d !== null);
      return {
        consumers,
        verified,
        pct: pct(verified, consumers),
        countedAt: counted.length ? new Date(Math.min(...counted.map((d) => d.getTime()))) : null,
      };
    };
    const templates = [...new Set(monthSms.map((r) => r.template))].sort();

    const result: ServiceDashboard = {
      month,
      unit: unitDto(unit),
      trail: trail.map(unitDto),
      childKind,
      callbacks: callbackFigures(monthCallbacks),
      survey: survey.unit,
      reliability: reliability.unit,
      sms: {
        ...smsCounts(monthSms),
        byTemplate: templates.map((template) => ({
          template,
          ...smsCounts(monthSms.filter((r) => r.template === template)),
        })),
      },
      coverage: coverageFigures(coverage),
      inbox: {
        ...firstResponse(inboxUnit),
        byChannel: inbox
          .filter((r) => r.month === month && r.channel !== "" && r.channel !== "*")
          .sort((a, b) => a.channel.localeCompare(b.channel))
          .map((r) => ({ channel: r.channel, ...firstResponse(r) })),
      },
      children: children.map((c) => ({
        unit: unitDto(c),
        callbacks: callbackFigures(ofChild(monthCallbacks, c.id)),
        survey: survey.children.get(c.id) ?? null,
        reliability: reliability.children.get(c.id) ?? null,
        sms: smsCounts(ofChild(monthSms, c.id)),
        coverage: coverageFigures(ofChild(coverage, c.id)),
        inbox: firstResponse(inbox.find((r) => r.month === month && r.channel === "" && r.child_id === c.id)),
      })),
      trend: months.map((m) => {
        const cb = callbackFigures(inMonth(callbacks, m));
        const s = smsCounts(inMonth(sms, m));
        const rel = reliability.trend.get(m);
        return {
          month: m,
          confirmedPct: cb.confirmedPct,
          timeRating: cb.timeRating,
          overallRating: cb.overallRating,
          responseRate: survey.trend.get(m) ?? null,
          saidi: rel?.saidi ?? null,
          saifi: rel?.saifi ?? null,
          smsDelivered: s.delivered,
          smsFailed: s.failed,
          firstResponseMedian: firstResponse(inbox.find((r) => r.month === m && r.channel === "*"))
            .medianMinutes,
        };
      }),
    };
    return result;
  }

  /** The survey's figures through its scorecards: the unit's months, and each child's chosen month. */
  private async survey(
    principal: Principal,
    unit: DashboardUnit,
    childKind: OrgKind | null,
    months: string[],
  ) {
    const empty = {
      unit: null as ServiceDashboard["survey"],
      children: new Map<number, SurveyFigures>(),
      trend: new Map<string, number | null>(),
    };
    if (!can(principal, "survey.read")) return empty;
    const month = months[months.length - 1] as string;
    const settings = await this.deps.surveySettings();
    const [own, kids] = await Promise.all([
      this.deps.scorecards.figures(months, { orgId: unit.id, path: unit.path }),
      childKind
        ? this.deps.scorecards.figures([month], { level: childKind, path: unit.path })
        : Promise.resolve([]),
    ]);
    const byMonth = new Map(own.filter((r) => r.month).map((r) => [r.month as string, r]));
    const score = this.deps.scorecards.score(
      { ...EMPTY_FIGURE_COUNTS, ...byMonth.get(month), month },
      settings,
      month,
    );
    return {
      unit: { ...surveyFigures(score), flagged: score.flagged, threshold: settings.flagBelowPercent },
      children: new Map(
        kids.map((r) => [
          Number(r.org_id),
          surveyFigures(this.deps.scorecards.score({ ...EMPTY_FIGURE_COUNTS, ...r, month }, settings, month)),
        ]),
      ),
      trend: new Map(
        months.map((m) => [
          m,
          this.deps.scorecards.score({ ...EMPTY_FIGURE_COUNTS, ...byMonth.get(m), month: m }, settings, m)
            .responseRate,
        ]),
      ),
    };
  }

  /**
   * Outages and indices through the reliability service, asked as if the
   * asker's jurisdiction were the unit (which lies inside it): its table at
   * the child level gives each child and the unit's total, its trend the
   * unit's months (it ends at this month: asked for enough months to reach
   * back to the chosen one's trend).
   */
  private async reliability(
    principal: Principal,
    unit: DashboardUnit,
    childKind: OrgKind | null,
    month: string,
  ) {
    const empty = {
      unit: null as ServiceDashboard["reliability"],
      children: new Map<number, ReliabilityFigures>(),
      trend: new Map<string, { saidi: number; saifi: number }>(),
    };
    if (!can(principal, "outages.read")) return empty;
    const scoped: Principal = { ...principal, orgKind: unit.kind, orgPath: unit.path };
    const level = (childKind && childKind !== "company" ? childKind : "feeder") as ReliabilityLevel;
    const current = monthOf(this.clock(), this.timeZone);
    const back = monthsBetween(month, current);
    const [table, trend] = await Promise.all([
      this.deps.reliability.table(scoped, { level, month }),
      this.deps.reliability.trend(scoped, { level, months: Math.min(36, TREND_MONTHS + back) }),
    ]);
    return {
      unit: { ...reliabilityFigures(table.total), momentaryMinutes: table.momentaryMinutes },
      children: new Map(
        childKind ? table.rows.map((r) => [Number(r.unit.id), reliabilityFigures(r)] as const) : [],
      ),
      trend: new Map(trend.points.map((p) => [p.month, { saidi: p.saidi, saifi: p.saifi }])),
    };
  }
}

function monthsBetween(a: string, b: string): number {
  const [ay, am] = a.split("-").map(Number) as [number, number];
  const [by, bm] = b.split("-").map(Number) as [number, number];
  return by * 12 + bm - (ay * 12 + am);
}
