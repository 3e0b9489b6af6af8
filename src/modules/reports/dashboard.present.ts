import { HISTOGRAM_BOUNDS_MINUTES, type RollupCounts } from "./rollups.repository.ts";

// The dashboard's arithmetic on rollup counts (pure: unit-tested in
// dashboard.present.test.ts) and the list links that go with each figure.

/** The histogram's counts h0..h12 of a rollup row. */
export function histogramOf(c: RollupCounts): number[] {
  return [c.h0, c.h1, c.h2, c.h3, c.h4, c.h5, c.h6, c.h7, c.h8, c.h9, c.h10, c.h11, c.h12];
}

/**
 * The q-quantile (0 < q < 1) of resolution times, in minutes, read from the
 * histogram of buckets (0, 60], (60, 120], … (14400, 21600], (21600, ∞):
 * the rank q·n falls in one bucket, and the value is interpolated linearly
 * between that bucket's bounds as if its complaints were spread evenly. The
 * last bucket has no upper bound: a rank in it answers its lower bound
 * (21600, "15 days or more"). Null when nothing was resolved. Rounded to a
 * minute.
 */
export function quantileFromHistogram(
  counts: readonly number[],
  q: number,
  bounds: readonly number[] = HISTOGRAM_BOUNDS_MINUTES,
): number | null {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n <= 0) return null;
  const rank = q * n;
  let before = 0;
  for (let i = 0; i < counts.length; i++) {
    const inBucket = counts[i] ?? 0;
    if (inBucket > 0 && before + inBucket >= rank) {
      const lower = i === 0 ? 0 : (bounds[i - 1] as number);
      const upper = bounds[i];
      if (upper === undefined) return lower;
      return Math.round(lower + ((upper - lower) * (rank - before)) / inBucket);
    }
    before += inBucket;
  }
  return bounds[bounds.length - 1] ?? null;
}

/** part / whole as a percentage with one decimal; null when whole is 0. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

/** Resolved within the limit as a share of resolved (the SLA compliance %). */
export function slaPercent(resolved: number, resolvedLate: number): number | null {
  return percent(resolved - resolvedLate, resolved);
}

/** Sums rollup counts (rows of one filter, grouped finer than the figure needs). */
export function addCounts<T extends RollupCounts>(rows: readonly T[], zero: RollupCounts): RollupCounts {
  const out = { ...zero };
  for (const r of rows) for (const k of Object.keys(zero) as (keyof RollupCounts)[]) out[k] += r[k];
  return out;
}

/** The filters of a dashboard, as the complaints list takes them. */
export interface ListBase {
  unit: string;
  category?: string | undefined;
  channel?: string | undefined;
  areaType?: string | undefined;
}

/**
 * The complaints list's query string for a figure: the dashboard's filters
 * and the figure's own (a range of registration or resolution days, a
 * status, late, repeat…). Every figure links to one, so the list behind it
 * counts what the figure counts.
 */
export function listLink(base: ListBase, figure: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  p.set("unit", base.unit);
  if (base.category) p.set("category", base.category);
  if (base.channel) p.set("channel", base.channel);
  if (base.areaType) p.set("areaType", base.areaType);
  for (const [k, v] of Object.entries(figure)) if (v !== undefined) p.set(k, v);
  if (!p.has("status")) p.set("status", "all");
  return p.toString();
}

/** Registered on these days (YYYY-MM-DD, inclusive). */
export const registeredIn = (from: string, to: string) => ({ registeredFrom: from, registeredTo: to });
/** Resolved on these days (YYYY-MM-DD, inclusive). */
export const resolvedIn = (from: string, to: string) => ({ resolvedFrom: from, resolvedTo: to });

/** A row of the child-units table, as exported. */
export interface ChildRow {
  unit: { code: string; nameEn: string; nameHi: string };
  received: number;
  resolved: number;
  resolvedLate: number;
  slaPercent: number | null;
  openNow: number;
  pendingBeyondLimit: number;
}

/** The child-units table's columns (headers in both languages; the file is in the asker's). */
export function childColumns(language: "hi" | "en") {
  return [
    { header: { en: "Code", hi: "कोड" }, value: (r: ChildRow) => r.unit.code, width: 12 },
    {
      header: { en: "Office", hi: "कार्यालय" },
      value: (r: ChildRow) => (language === "hi" ? r.unit.nameHi : r.unit.nameEn),
      width: 30,
    },
    { header: { en: "Received", hi: "प्राप्त" }, value: (r: ChildRow) => r.received },
    { header: { en: "Resolved", hi: "निराकृत" }, value: (r: ChildRow) => r.resolved },
    { header: { en: "Resolved late", hi: "देर से निराकृत" }, value: (r: ChildRow) => r.resolvedLate },
    { header: { en: "SLA %", hi: "समय-सीमा में %" }, value: (r: ChildRow) => r.slaPercent },
    { header: { en: "Open now", hi: "अभी खुली" }, value: (r: ChildRow) => r.openNow },
    {
      header: { en: "Pending beyond limit", hi: "समय-सीमा के बाद लंबित" },
      value: (r: ChildRow) => r.pendingBeyondLimit,
      width: 22,
    },
  ];
}
