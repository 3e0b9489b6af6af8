import type { AreaType, Channel } from "../../db/schema.ts";
import { COMPLAINT_STATUSES } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { badRequest, forbidden, notFound } from "../../lib/errors.ts";
import { zonedParts } from "../../lib/time.ts";
import { can, type Principal } from "../access/principal.ts";
import {
  addCounts,
  histogramOf,
  type ListBase,
  listLink,
  percent,
  quantileFromHistogram,
  registeredIn,
  resolvedIn,
  slaPercent,
} from "./dashboard.present.ts";
import type { DashboardRepository, OrgNode } from "./dashboard.repository.ts";
import type { DashboardDto, DashboardUnit } from "./dashboard.schemas.ts";
import {
  ROLLUP_MEASURES,
  type RollupCounts,
  type RollupQuery,
  type RollupRow,
  type RollupsRepository,
} from "./rollups.repository.ts";

export interface DashboardInput {
  unit?: string | undefined;
  period?: string | undefined;
  category?: string | undefined;
  channel?: Channel | undefined;
  areaType?: AreaType | undefined;
}

const ZERO: RollupCounts = Object.fromEntries(ROLLUP_MEASURES.map((m) => [m, 0])) as RollupCounts;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const TREE_TTL_MS = 60_000;

/** YYYY-MM-DD plus n days. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

function lastDayOf(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function monthPlus(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}`;
}

const unitDto = (u: OrgNode): DashboardUnit => ({
  code: u.code,
  kind: u.kind,
  nameEn: u.nameEn,
  nameHi: u.nameHi,
});

/**
 * The management dashboard of complaints for one org unit and period, read
 * from the rollups (never counted from the complaints themselves), plus the
 * open complaints now from the partial indexes of open ones. Each figure
 * carries the complaints list's query that shows the complaints behind it.
 */
export class DashboardService {
  private tree: { at: number; nodes: OrgNode[]; byCode: Map<string, OrgNode> } | undefined;
  private categoryNames: { at: number; value: Map<string, { nameEn: string; nameHi: string }> } | undefined;

  constructor(
    private readonly repo: DashboardRepository,
    private readonly rollups: RollupsRepository,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  /** The org tree, kept a minute: units change rarely and every dashboard walks it. */
  private async orgTree() {
    if (this.tree && Date.now() - this.tree.at < TREE_TTL_MS) return this.tree;
    const nodes = await this.repo.orgTree();
    this.tree = { at: Date.now(), nodes, byCode: new Map(nodes.map((n) => [n.code, n])) };
    return this.tree;
  }

  private async categories() {
    if (this.categoryNames && Date.now() - this.categoryNames.at < TREE_TTL_MS)
      return this.categoryNames.value;
    const rows = await this.repo.categories();
    this.categoryNames = { at: Date.now(), value: new Map(rows.map((r) => [r.code, r])) };
    return this.categoryNames.value;
  }

  /**
   * A unit by code in the principal's jurisdiction (default: his own unit),
   * its DCs, and the path from his unit down to it. Outside it: 404.
   */
  async resolveUnit(principal: Principal, code: string | undefined) {
    const tree = await this.orgTree();
    const unit = tree.byCode.get((code ?? principal.orgCode).trim().toUpperCase());
    if (!unit?.path.startsWith(principal.orgPath)) throw notFound("unit");
    const dcs = tree.nodes.filter((n) => n.kind === "dc" && n.path.startsWith(unit.path));
    const path = tree.nodes
      .filter((n) => unit.path.startsWith(n.path) && n.path.startsWith(principal.orgPath))
      .sort((a, b) => a.path.length - b.path.length);
    const children = tree.nodes.filter((n) => n.parentId === unit.id);
    return { unit, dcs, path, children };
  }

  /** The days a period names, in the DISCOM's zone. */
  period(key: string | undefined): { key: string; from: string; to: string; wholeMonth: string | null } {
    const k = key ?? "month";
    const p = zonedParts(this.clock(), this.timeZone);
    const thisMonth = `${p.year}-${String(p.month).padStart(2, "0")}`;
    const today = `${thisMonth}-${String(p.day).padStart(2, "0")}`;
    if (k === "today") return { key: k, from: today, to: today, wholeMonth: null };
    if (k === "last30") return { key: k, from: addDays(today, -29), to: today, wholeMonth: null };
    if (k === "month") return { key: k, from: `${thisMonth}-01`, to: today, wholeMonth: thisMonth };
    if (MONTH.test(k)) return { key: k, from: `${k}-01`, to: lastDayOf(k), wholeMonth: k };
    throw badRequest("period is today, month, last30 or a month like 2026-11", "period");
  }

  async complaints(principal: Principal, q: DashboardInput): Promise<DashboardDto> {
    if (!can(principal, "reports.read")) throw forbidden();
    const { unit, dcs, path, children } = await this.resolveUnit(principal, q.unit);
    const period = this.period(q.period);
    const names = await this.categories();
    if (q.category && !names.has(q.category)) throw badRequest("no such complaint category", "category");
    const tz = this.timeZone;
    // The unit's own rollups (kept per unit at every level), and its children's side by side.
    const filter = {
      unitIds: [unit.id],
      categories: q.category ? [q.category] : undefined,
      channels: q.channel ? [q.channel] : undefined,
      areaTypes: q.areaType ? [q.areaType] : undefined,
    };
    const inPeriod: Omit<RollupQuery, "groupBy"> = period.wholeMonth
      ? { ...filter, grain: "month", from: `${period.wholeMonth}-01`, to: `${period.wholeMonth}-01` }
      : { ...filter, grain: "day", from: period.from, to: period.to };
    // The open complaints' query needs no list of DCs for the whole company.
    const dcIds = unit.kind === "company" ? undefined : dcs.map((d) => d.id);
    const trendFrom = addDays(period.to, -29);
    const lastMonth = period.to.slice(0, 7);
    const firstMonth = monthPlus(lastMonth, -11);
    const [byCatChannel, byChild, daily, monthly, open] = await Promise.all([
      this.rollups.counts({ ...inPeriod, groupBy: ["category_code", "channel"] }, tz),
      children.length
        ? this.rollups.counts({ ...inPeriod, unitIds: children.map((c) => c.id), groupBy: ["unit_id"] }, tz)
        : Promise.resolve([] as RollupRow[]),
      this.rollups.counts(
        { ...filter, grain: "day", from: trendFrom, to: period.to, groupBy: ["period"] },
        tz,
      ),
      this.rollups.counts(
        { ...filter, grain: "month", from: `${firstMonth}-01`, to: `${lastMonth}-01`, groupBy: ["period"] },
        tz,
      ),
      this.repo.open(
        principal,
        { dcIds, category: q.category, channel: q.channel, areaType: q.areaType },
        this.clock(),
      ),
    ]);

    const base: ListBase = {
      unit: unit.code,
      category: q.category,
      channel: q.channel,
      areaType: q.areaType,
    };
    const reg = registeredIn(period.from, period.to);
    const res = resolvedIn(period.from, period.to);
    const total = addCounts(byCatChannel, ZERO);
    const hist = histogramOf(total);
    const openNow = open.byDc.reduce((n, r) => n + r.open, 0);
    const pending = open.byDc.reduce((n, r) => n + r.overdue, 0);

    const byCategory = new Map<string, RollupCounts>();
    const byChannel = new Map<string, number>();
    for (const r of byCatChannel) {
      const code = r.category_code as string;
      byCategory.set(code, addCounts([r], byCategory.get(code) ?? ZERO));
      byChannel.set(r.channel as string, (byChannel.get(r.channel as string) ?? 0) + r.received);
    }

    // Each DC's open complaints go to the child unit above it.
    const childOf = new Map<number, number>();
    children.forEach((c, i) => {
      for (const d of dcs) if (d.path.startsWith(c.path)) childOf.set(d.id, i);
    });
    const byUnit = new Map(byChild.map((r) => [r.unit_id as number, r]));
    const childCounts = children.map((c) => byUnit.get(c.id) ?? ZERO);
    const childOpen = children.map(() => ({ open: 0, overdue: 0 }));
    for (const r of open.byDc) {
      const i = childOf.get(r.dcId);
      const c = i === undefined ? undefined : childOpen[i];
      if (c) {
        c.open += r.open;
        c.overdue += r.overdue;
      }
    }

    const dailyBy = new Map(daily.map((r) => [r.period as string, r]));
    const monthlyBy = new Map(monthly.map((r) => [(r.period as string).slice(0, 7), r]));

    return {
      unit: unitDto(unit),
      path: path.map(unitDto),
      childKind: children[0]?.kind ?? null,
      period: { key: period.key, from: period.from, to: period.to },
      totals: {
        received: total.received,
        resolved: total.resolved,
        resolvedLate: total.resolved_late,
        slaPercent: slaPercent(total.resolved, total.resolved_late),
        repeats: total.repeats,
        reopened: total.reopened,
        reopenRate: percent(total.reopened, total.received),
        openNow,
        pendingBeyondLimit: pending,
        medianMinutes: quantileFromHistogram(hist, 0.5),
        p90Minutes: quantileFromHistogram(hist, 0.9),
      },
      lists: {
        received: listLink(base, reg),
        resolved: listLink(base, res),
        resolvedLate: listLink(base, { ...res, late: "true" }),
        repeats: listLink(base, { ...reg, repeat: "true" }),
        reopened: listLink(base, { ...reg, reopened: "true" }),
        openNow: listLink(base, { status: "open" }),
        pendingBeyondLimit: listLink(base, { status: "overdue" }),
      },
      byCategory: [...byCategory.entries()]
        .map(([code, c]) => {
          const n = names.get(code);
          const h = histogramOf(c);
          const cat = { ...base, category: code };
          return {
            code,
            nameEn: n?.nameEn ?? code,
            nameHi: n?.nameHi ?? code,
            received: c.received,
            resolved: c.resolved,
            slaPercent: slaPercent(c.resolved, c.resolved_late),
            medianMinutes: quantileFromHistogram(h, 0.5),
            p90Minutes: quantileFromHistogram(h, 0.9),
            lists: { received: listLink(cat, reg), resolved: listLink(cat, res) },
          };
        })
        .filter((c) => c.received > 0 || c.resolved > 0)
        .sort((a, b) => b.received - a.received || a.code.localeCompare(b.code)),
      byStatus: COMPLAINT_STATUSES.map((s) => ({
        status: s,
        count: total[`st_${s}`],
        list: listLink(base, { ...reg, status: s }),
      })).filter((s) => s.count > 0),
      byChannel: [...byChannel.entries()]
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([channel, count]) => ({
          channel: channel as Channel,
          count,
          list: listLink({ ...base, channel }, reg),
        })),
      daily: Array.from({ length: 30 }, (_, i) => {
        const day = addDays(trendFrom, i);
        const r = dailyBy.get(day) ?? ZERO;
        return {
          day,
          received: r.received,
          resolved: r.resolved,
          late: r.resolved_late,
          lists: {
            received: listLink(base, registeredIn(day, day)),
            resolved: listLink(base, resolvedIn(day, day)),
            late: listLink(base, { ...resolvedIn(day, day), late: "true" }),
          },
        };
      }),
      monthly: Array.from({ length: 12 }, (_, i) => {
        const month = monthPlus(firstMonth, i);
        const r = monthlyBy.get(month) ?? ZERO;
        const [from, to] = [`${month}-01`, lastDayOf(month)];
        return {
          month,
          received: r.received,
          resolved: r.resolved,
          late: r.resolved_late,
          lists: {
            received: listLink(base, registeredIn(from, to)),
            resolved: listLink(base, resolvedIn(from, to)),
            late: listLink(base, { ...resolvedIn(from, to), late: "true" }),
          },
        };
      }),
      children: children.map((c, i) => {
        const k = childCounts[i] as RollupCounts;
        const o = childOpen[i] as { open: number; overdue: number };
        const cb = { ...base, unit: c.code };
        return {
          unit: unitDto(c),
          received: k.received,
          resolved: k.resolved,
          resolvedLate: k.resolved_late,
          slaPercent: slaPercent(k.resolved, k.resolved_late),
          openNow: o.open,
          pendingBeyondLimit: o.overdue,
          lists: {
            received: listLink(cb, reg),
            resolved: listLink(cb, res),
            resolvedLate: listLink(cb, { ...res, late: "true" }),
            openNow: listLink(cb, { status: "open" }),
            pendingBeyondLimit: listLink(cb, { status: "overdue" }),
          },
        };
      }),
      pendingByOfficer: open.byOfficer.map((o) => ({
        officer: o.officer ? { login: o.officer.login, name: o.officer.name, role: o.officer.role } : null,
        count: o.overdue,
        list: listLink(
          base,
          o.officer
            ? { status: "overdue", assignee: o.officer.login }
            : { status: "overdue", unassigned: "true" },
        ),
      })),
    };
  }
}
