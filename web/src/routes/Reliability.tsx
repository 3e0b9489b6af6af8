import {
  RELIABILITY_LEVELS,
  type ReliabilityIndices,
  type ReliabilityLevel,
  type ReliabilityTrend,
} from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { type Lang, useI18n } from "../i18n/index.tsx";
import { keys, useApiQuery } from "../query.ts";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice } from "../ui/errors.tsx";
import { Button, Loading } from "../ui/index.tsx";
import { LevelPicker, MonthPicker, NoRows, useReportQuery, useShown } from "../ui/report.tsx";

const fmt = (n: number, digits: number) =>
  n.toLocaleString("en-IN", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "Nov 26" on a chart's axis (with the year at January and at the start), "November 2026" in a title. */
function monthLabel(month: string, lang: Lang, style: "axis" | "axisYear" | "long" = "axisYear"): string {
  return new Intl.DateTimeFormat(lang === "hi" ? "hi-IN" : "en-IN", {
    month: style === "long" ? "long" : "short",
    ...(style === "long" ? { year: "numeric" } : style === "axisYear" ? { year: "2-digit" } : {}),
    timeZone: "UTC",
  }).format(new Date(`${month}-01T00:00:00Z`));
}

/** A scale with round gridlines: a step of 1, 2, 2.5 or 5 times a power of ten, about four of them. */
function scale(v: number): { top: number; step: number; digits: number } {
  if (v <= 0) return { top: 1, step: 0.25, digits: 2 };
  const rough = v / 4;
  const p = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * p >= rough) ?? 10) * p;
  const digits = (String(Number(step.toPrecision(6))).split(".")[1] ?? "").length;
  return { top: Math.ceil(v / step - 1e-9) * step, step, digits };
}

/** A bar chart of one index over the months, drawn as inline SVG. */
function TrendChart({
  points,
  metric,
  title,
  digits,
  tone,
}: {
  points: ReliabilityTrend["points"];
  metric: "saidi" | "saifi";
  title: string;
  digits: number;
  tone: string;
}) {
  const { lang } = useI18n();
  const W = 640;
  const H = 240;
  const left = 52;
  const right = 12;
  const top = 22;
  const bottom = 30;
  const values = points.map((p) => p[metric]);
  const { top: max, step: tick, digits: tickDigits } = scale(Math.max(...values, 0));
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const step = plotW / Math.max(points.length, 1);
  const barW = Math.max(4, step * 0.62);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const ticks = Array.from({ length: Math.round(max / tick) + 1 }, (_, i) => i * tick);
  const summary = `${title}: ${points.map((p) => `${monthLabel(p.month, lang)} ${fmt(p[metric], digits)}`).join(", ")}`;

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} data-testid={`chart-${metric}`}>
        <title>{summary}</title>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={left} x2={W - right} y1={y(v)} y2={y(v)} className="chart-grid" />
            <text x={left - 6} y={y(v) + 4} textAnchor="end" className="chart-axis">
              {fmt(v, tickDigits)}
            </text>
          </g>
        ))}
        {points.map((p, i) => {
          const v = p[metric];
          const x = left + i * step + (step - barW) / 2;
          return (
            <g key={p.month}>
              <rect
                x={x}
                y={y(v)}
                width={barW}
                height={Math.max(0, top + plotH - y(v))}
                className={`chart-bar chart-${tone}`}
                rx={2}
              >
                <title>{`${monthLabel(p.month, lang)}: ${fmt(v, digits)}`}</title>
              </rect>
              {v > 0 ? (
                <text x={x + barW / 2} y={y(v) - 4} textAnchor="middle" className="chart-value">
                  {fmt(v, digits)}
                </text>
              ) : null}
              <text x={x + barW / 2} y={H - 10} textAnchor="middle" className="chart-axis">
                {monthLabel(p.month, lang, i === 0 || p.month.endsWith("-01") ? "axisYear" : "axis")}
              </text>
            </g>
          );
        })}
        <line x1={left} x2={W - right} y1={top + plotH} y2={top + plotH} className="chart-base" />
      </svg>
    </figure>
  );
}

function Cells({ r, worstSaidi }: { r: ReliabilityIndices; worstSaidi: number }) {
  return (
    <>
      <td className="num">{fmt(r.saifi, 2)}</td>
      <td className="num saidi">
        <span className="bar" style={{ width: `${worstSaidi > 0 ? (r.saidi / worstSaidi) * 100 : 0}%` }} />
        <span className="bar-value">{fmt(r.saidi, 1)}</span>
      </td>
      <td className="num">{fmt(r.caidi, 1)}</td>
      <td className="num">{fmt(r.maifi, 2)}</td>
      <td className="num">{r.interruptions.toLocaleString("en-IN")}</td>
      <td className="num">{r.momentary.toLocaleString("en-IN")}</td>
      <td className="num">{r.customersServed.toLocaleString("en-IN")}</td>
    </>
  );
}

/**
 * Reliability indices of the jurisdiction for a month, area by area, worst
 * first; and the last twelve months of SAIDI and SAIFI for the whole
 * jurisdiction or the area clicked.
 */
export function Reliability() {
  const { t, lang, name } = useI18n();
  const { query, level, month, set } = useReportQuery<ReliabilityLevel>(
    "/reliability",
    RELIABILITY_LEVELS,
    "dc",
  );
  const planned = query.get("planned") === "true";
  const unit = query.get("unit") ?? "";
  const {
    data: table,
    error: tableError,
    isFetching: busy,
  } = useApiQuery(
    [...keys.reliability, "table", level, month, planned],
    "GET /api/reliability",
    { query: { level, month, planned } },
    { keep: true },
  );
  const { data: trend, error: trendError } = useApiQuery(
    [...keys.reliability, "trend", level, unit, planned],
    "GET /api/reliability/trend",
    { query: { level, unit: unit || undefined, months: 12, planned } },
    { keep: true },
  );
  const error = tableError ?? trendError;

  const levelLabel = (l: ReliabilityLevel) =>
    l === "feeder" ? t("rel.level.feeder") : t(`kind.${l}` as MessageKey);
  const rows = table?.rows ?? [];
  const { shown, more } = useShown(rows);
  const worst = Math.max(0, ...rows.map((r) => r.saidi), table?.total.saidi ?? 0);
  const chosen = trend?.unit ? `${name(trend.unit)} (${trend.unit.code})` : t("rel.wholeJurisdiction");

  return (
    <section className="page">
      <div className="page-head">
        <h1>{t("rel.title")}</h1>
        <ExportButtons
          path="/api/reliability/export"
          query={{ level, month, planned: planned || undefined }}
          label={t("rel.title")}
        />
      </div>
      <search className="filters">
        <LevelPicker
          id="rel-level"
          levels={RELIABILITY_LEVELS}
          value={level}
          label={levelLabel}
          onChange={(l) => set({ level: l, unit: "" })}
        />
        <MonthPicker id="rel-month" value={month} onChange={(m) => set({ month: m })} />
        <label className="check-inline">
          <input
            type="checkbox"
            checked={planned}
            onChange={(e) => set({ planned: e.target.checked ? "true" : "" })}
          />{" "}
          {t("rel.includePlanned")}
        </label>
      </search>
      <p className="muted small rel-note" data-testid="momentary-note">
        {t("rel.note", { minutes: table?.momentaryMinutes ?? trend?.momentaryMinutes ?? 3 })}
      </p>
      <ErrorNotice error={error} />
      {!table && busy ? <Loading text={t("common.loading")} /> : null}
      {table ? (
        <>
          <h2>
            {t("rel.tableTitle", { level: levelLabel(level), month: monthLabel(table.month, lang, "long") })}
          </h2>
          <table className="grid results reliability" aria-busy={busy} data-testid="reliability-table">
            <thead>
              <tr>
                <th>{t("rel.col.area")}</th>
                <th className="num" title={t("rel.saifiHint")}>
                  SAIFI
                </th>
                <th className="num" title={t("rel.saidiHint")}>
                  SAIDI <small>({t("rel.minutes")})</small>
                </th>
                <th className="num" title={t("rel.caidiHint")}>
                  CAIDI <small>({t("rel.minutes")})</small>
                </th>
                <th className="num" title={t("rel.maifiHint")}>
                  MAIFI
                </th>
                <th className="num">{t("rel.col.interruptions")}</th>
                <th className="num">{t("rel.col.momentary")}</th>
                <th className="num">{t("rel.col.served")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? <NoRows columns={8} text={t("rel.none")} /> : null}
              {shown.map((r) => {
                const on = unit === r.unit.code;
                const pick = () => set({ unit: on ? "" : r.unit.code });
                return (
                  <tr
                    key={r.unit.code}
                    tabIndex={0}
                    className={on ? "active" : ""}
                    aria-selected={on}
                    onClick={pick}
                    onKeyDown={(e) => e.key === "Enter" && pick()}
                  >
                    <td>
                      {name(r.unit)} <span className="mono small muted">{r.unit.code}</span>
                    </td>
                    <Cells r={r} worstSaidi={worst} />
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr className={unit ? "" : "active"}>
                <th scope="row">{t("rel.wholeJurisdiction")}</th>
                <Cells r={table.total} worstSaidi={worst} />
              </tr>
            </tfoot>
          </table>
          {more}
          <p className="muted small">{t("rel.clickHint")}</p>
        </>
      ) : null}
      {trend ? (
        <section className="panel" data-testid="trend">
          <div className="page-head">
            <h2>{t("rel.trendTitle", { unit: chosen })}</h2>
            {unit ? (
              <Button variant="secondary" onClick={() => set({ unit: "" })}>
                {t("rel.showWhole")}
              </Button>
            ) : null}
          </div>
          <div className="card-grid">
            <TrendChart
              points={trend.points}
              metric="saidi"
              title={t("rel.chartSaidi")}
              digits={1}
              tone="blue"
            />
            <TrendChart
              points={trend.points}
              metric="saifi"
              title={t("rel.chartSaifi")}
              digits={2}
              tone="amber"
            />
          </div>
        </section>
      ) : null}
    </section>
  );
}
