import { Fragment } from "react";
import {
  SURVEY_LEVELS,
  SURVEY_METRICS,
  type SurveyFigures,
  type SurveyLevel,
  type SurveyMetric,
  type SurveyTrend,
} from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { keys, useApiQuery } from "../query.ts";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice } from "../ui/errors.tsx";
import { Badge, Button, Loading } from "../ui/index.tsx";
import { LevelPicker, MonthPicker, NoRows, useReportQuery, useShown } from "../ui/report.tsx";
import { pct, surveyMonth } from "../ui/survey.tsx";

type Series = SurveyMetric | "responseRate";
const SERIES: Series[] = [...SURVEY_METRICS, "responseRate"];

/** Area scorecards of a month, worst first; a row opens its twelve-month trend. */
export function SurveyScorecards() {
  const { t, lang, name } = useI18n();
  const { query, level, month, set } = useReportQuery<SurveyLevel>("/survey/scorecards", SURVEY_LEVELS, "dc");
  const org = query.get("org") ?? "";
  const {
    data,
    error,
    isFetching: busy,
  } = useApiQuery(
    [...keys.survey, "scorecards", month, level],
    "GET /api/survey/scorecards",
    { query: { month, level } },
    { keep: true },
  );

  const rows = data?.items ?? [];
  const { shown, more } = useShown(rows);
  const threshold = data?.threshold ?? 70;

  const metricCell = (s: SurveyFigures, m: SurveyMetric) => {
    const v = s[m];
    const few = s.answered < (data?.minAnswers ?? 0);
    const below = v !== null && v < threshold;
    return (
      <td
        key={m}
        className={`num${below && !few ? " below" : ""}${few ? " muted" : ""}`}
        title={below && !few ? t("sv.sc.belowHint", { threshold }) : undefined}
      >
        {pct(v)}
      </td>
    );
  };

  return (
    <>
      <search className="filters">
        <MonthPicker id="sv-month" value={month} onChange={(m) => set({ month: m, org: "" })} />
        <LevelPicker
          id="sv-level"
          levels={SURVEY_LEVELS}
          value={level}
          label={(l) => t(`kind.${l}` as MessageKey)}
          onChange={(l) => set({ level: l, org: "" })}
        />
        <ExportButtons path="/api/survey/scorecards/export" query={{ month, level }} />
        {busy ? <Loading text={t("common.loading")} /> : null}
      </search>
      {data ? (
        <p className="muted small">
          {t("sv.sc.note", { threshold: data.threshold, minAnswers: data.minAnswers })}
        </p>
      ) : null}
      <ErrorNotice error={error} />
      {data ? (
        <>
          <h2>
            {t("sv.sc.title", {
              level: t(`kind.${level}` as MessageKey),
              month: surveyMonth(data.month, lang),
            })}
          </h2>
          <table className="grid results scorecards" aria-busy={busy} data-testid="sv-scorecards">
            <thead>
              <tr>
                <th>{t("sv.sc.area")}</th>
                <th className="num">{t("sv.sc.answered")}</th>
                <th className="num">{t("sv.sc.responseRate")}</th>
                {SURVEY_METRICS.map((m) => (
                  <th key={m} className="num">
                    {t(`sv.metric.${m}` as MessageKey)}
                  </th>
                ))}
                <th className="num" title={t("sv.sc.satisfactionHint")}>
                  {t("sv.sc.satisfaction")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? <NoRows columns={8} text={t("sv.sc.none")} /> : null}
              {shown.map((s) => {
                const on = org === s.org.code;
                const pick = () => set({ org: on ? "" : s.org.code });
                return (
                  <Fragment key={s.org.code}>
                    <tr
                      tabIndex={0}
                      className={`${on ? "active" : ""}${s.flagged.length > 0 ? " flagged" : ""}`}
                      aria-expanded={on}
                      onClick={pick}
                      onKeyDown={(e) => e.key === "Enter" && pick()}
                    >
                      <td>
                        {name(s.org)} <span className="mono small muted">{s.org.code}</span>
                        {s.flagged.length > 0 ? (
                          <div>
                            <Badge
                              tone="red"
                              title={s.flagged.map((m) => t(`sv.metric.${m}` as MessageKey)).join(", ")}
                            >
                              {t("sv.sc.flagged")}
                            </Badge>
                          </div>
                        ) : s.answered < data.minAnswers ? (
                          <div>
                            <Badge tone="grey">{t("sv.sc.few")}</Badge>
                          </div>
                        ) : null}
                      </td>
                      <td className="num">
                        {s.answered.toLocaleString("en-IN")} / {s.sampled.toLocaleString("en-IN")}
                      </td>
                      <td className="num">{pct(s.responseRate)}</td>
                      {SURVEY_METRICS.map((m) => metricCell(s, m))}
                      <td className="num">
                        {s.callbackSatisfaction === null ? "—" : `${s.callbackSatisfaction.toFixed(1)} / 5`}
                        <div className="small muted">
                          {t("sv.sc.callbackAnswers", { count: s.callbackAnswers })}
                        </div>
                      </td>
                    </tr>
                    {on ? (
                      <tr className="trend-row">
                        <td colSpan={8}>
                          <Trend code={s.org.code} threshold={threshold} onClose={() => set({ org: "" })} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
          {more}
          <p className="muted small">{t("sv.sc.clickHint")}</p>
        </>
      ) : null}
    </>
  );
}

function Trend({ code, threshold, onClose }: { code: string; threshold: number; onClose: () => void }) {
  const { t, name } = useI18n();
  const { data: trend, error } = useApiQuery(
    [...keys.survey, "trend", code],
    "GET /api/survey/trend",
    { query: { org: code, months: 12 } },
    { keep: true },
  );
  if (error) return <ErrorNotice error={error} />;
  if (!trend) return <Loading text={t("common.loading")} />;
  return (
    <div className="survey-trend" data-testid="sv-trend">
      <div className="page-head">
        <h3>{t("sv.sc.trendTitle", { area: name(trend.org) })}</h3>
        <Button variant="secondary" onClick={onClose}>
          {t("common.close")}
        </Button>
      </div>
      <LineChart items={trend.items} threshold={threshold} />
    </div>
  );
}

/** Five percentages over the months as lines on a 0–100 scale, with the threshold dashed. */
function LineChart({ items, threshold }: { items: SurveyTrend["items"]; threshold: number }) {
  const { t, lang } = useI18n();
  const W = 760;
  const H = 260;
  const left = 44;
  // Room on the right for the threshold's label, clear of the lines.
  const right = 48;
  const top = 14;
  const bottom = 32;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const x = (i: number) => left + (items.length > 1 ? (i * plotW) / (items.length - 1) : plotW / 2);
  const y = (v: number) => top + plotH - (v / 100) * plotH;
  const label = (s: Series) =>
    s === "responseRate" ? t("sv.sc.responseRate") : t(`sv.metric.${s}` as MessageKey);

  // A month without answers leaves a gap in the line rather than a drop to zero.
  const path = (s: Series) => {
    let d = "";
    let pen = false;
    items.forEach((p, i) => {
      const v = p[s];
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
      pen = true;
    });
    return d.trim();
  };
  const summary = SERIES.map(
    (s) =>
      `${label(s)}: ${items.map((p) => `${surveyMonth(p.month, lang, "short")} ${pct(p[s])}`).join(", ")}`,
  ).join("; ");

  return (
    <figure className="chart line-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        <title>{summary}</title>
        {[0, 25, 50, 75, 100].map((v) => (
          <g key={v}>
            <line
              x1={left}
              x2={W - right}
              y1={y(v)}
              y2={y(v)}
              className={v === 0 ? "chart-base" : "chart-grid"}
            />
            <text x={left - 6} y={y(v) + 4} textAnchor="end" className="chart-axis">
              {v}
            </text>
          </g>
        ))}
        <line
          x1={left}
          x2={W - right}
          y1={y(threshold)}
          y2={y(threshold)}
          className="chart-threshold"
          data-testid="sv-threshold"
        />
        <text x={W - right + 8} y={y(threshold) + 4} className="chart-axis chart-threshold-label">
          {`${threshold}%`}
        </text>
        {items.map((p, i) => (
          <text key={p.month} x={x(i)} y={H - 10} textAnchor="middle" className="chart-axis">
            {surveyMonth(p.month, lang, "short")}
          </text>
        ))}
        {SERIES.map((s) => (
          <g key={s} className={`series series-${s}`}>
            <path d={path(s)} fill="none" />
            {items.map((p, i) => {
              const v = p[s];
              return v === null ? null : (
                <circle key={p.month} cx={x(i)} cy={y(v)} r={3}>
                  <title>{`${label(s)} · ${surveyMonth(p.month, lang)}: ${pct(v)}`}</title>
                </circle>
              );
            })}
          </g>
        ))}
      </svg>
      <figcaption className="legend">
        {SERIES.map((s) => (
          <span key={s} className={`legend-item series-${s}`}>
            <svg width="26" height="10" aria-hidden="true">
              <line x1="1" x2="25" y1="5" y2="5" />
            </svg>
            {label(s)}
          </span>
        ))}
        <span className="legend-item legend-threshold">
          <svg width="26" height="10" aria-hidden="true">
            <line x1="1" x2="25" y1="5" y2="5" />
          </svg>
          {t("sv.sc.threshold", { threshold })}
        </span>
      </figcaption>
    </figure>
  );
}
