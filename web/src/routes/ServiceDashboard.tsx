import type { ReactNode } from "react";
import type { OrgKind, serviceDashboard } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { type Lang, useI18n } from "../i18n/index.tsx";
import { useApiQuery } from "../query.ts";
import { Link, navigate, useLocation } from "../router.tsx";
import { useSession } from "../session.tsx";
import { dateFormat, monthOf } from "../time.ts";
import { Chart } from "../ui/charts.tsx";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice } from "../ui/errors.tsx";
import { Loading } from "../ui/index.tsx";
import { PageTabs } from "../ui/Layout.tsx";
import { MonthPicker, NoRows } from "../ui/report.tsx";
import { templateLabel } from "./Sms.tsx";

type Dashboard = serviceDashboard.ServiceDashboardDto;
type Child = Dashboard["children"][number];

/** A figure there is nothing to compute from. */
const DASH = "–";
const PATH = "/dashboard/service";
const BUCKETS = ["queued", "sent", "delivered", "failed", "other"] as const;
const BUCKET_COLORS: Record<(typeof BUCKETS)[number], string> = {
  queued: "#90a4ae",
  sent: "#1565c0",
  delivered: "#2e7d32",
  failed: "#c62828",
  other: "#f9a825",
};

const num = (n: number, digits = 0) =>
  n.toLocaleString("en-IN", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "Nov 26" on an axis, "November 2026" in a heading. */
function monthLabel(month: string, lang: Lang, long = false): string {
  return new Intl.DateTimeFormat(lang === "hi" ? "hi-IN" : "en-IN", {
    month: long ? "long" : "short",
    year: long ? "numeric" : "2-digit",
    timeZone: "UTC",
  }).format(new Date(`${month}-01T00:00:00Z`));
}

/** The dashboard's address for a unit and month (this month is left out). */
function href(path: string, unit: string, month: string): string {
  const p = new URLSearchParams();
  if (unit) p.set("unit", unit);
  if (month && month !== monthOf()) p.set("month", month);
  const q = p.toString();
  return q ? `${path}?${q}` : path;
}

/** One headline figure: a big number, what it is, a line under it, and a link to its own page. */
function Figure({
  title,
  value,
  children,
  to,
  linkLabel,
  testId,
}: {
  title: string;
  value: string;
  children?: ReactNode;
  to?: string | undefined;
  /** The page the link opens, when not the figure's title. */
  linkLabel?: string;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <section className="panel svc-figure" data-testid={testId} aria-label={title}>
      <h3>{title}</h3>
      <p className="svc-value">{value}</p>
      <div className="muted small">{children}</div>
      {to ? (
        <Link href={to} className="small">
          {t("svc.open")}: {linkLabel ?? title}
        </Link>
      ) : null}
    </section>
  );
}

/**
 * The management dashboard's "Service" tab: what consumers experienced
 * besides complaint counts, for one area of the officer's jurisdiction and a
 * month: callbacks, the survey, outages, SMS, verified mobiles and the
 * inbox's first replies; the areas below it (a row or a bar opens one), and
 * month-by-month trends. The breadcrumb goes back up.
 */
export function ServiceDashboard() {
  const { t, lang, name } = useI18n();
  const { query } = useLocation();
  const unit = (query.get("unit") ?? "").toUpperCase();
  const month = /^\d{4}-\d\d$/.test(query.get("month") ?? "") ? (query.get("month") as string) : monthOf();
  const { data, error, isFetching } = useApiQuery(
    ["dashboards", "service", unit, month],
    "GET /api/dashboards/service",
    { query: { unit: unit || undefined, month } },
    { keep: true },
  );
  const open = (code: string) => navigate(href(PATH, code, month));
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? DASH : `${num(v, 1)}%`);
  const minutes = (v: number | null | undefined) =>
    v === null || v === undefined ? DASH : t("svc.minutes", { value: num(v, 1) });
  const rating = (v: number | null | undefined) =>
    v === null || v === undefined ? DASH : `${num(v, 1)} / 5`;
  const kind = (k: OrgKind) => t(`kind.${k}` as MessageKey);
  const channel = (c: string) => t(`channel.${c}` as MessageKey);

  const tabs = [
    { href: href("/dashboard", unit, month), label: t("svc.tab.complaints") },
    { href: href(PATH, unit, month), label: t("svc.tab.service") },
  ];

  return (
    <section className="page service-dashboard">
      <h1>{t("svc.title")}</h1>
      <PageTabs label={t("svc.tabs")} tabs={tabs} current={tabs[1]?.href} />
      {data ? (
        <nav className="crumbs" aria-label={t("svc.trail")} data-testid="trail">
          {data.trail.map((u, i) => (
            <span key={u.code}>
              {i > 0 ? " › " : ""}
              {i === data.trail.length - 1 ? (
                <strong aria-current="page">{name(u)}</strong>
              ) : (
                <Link href={href(PATH, u.code, month)}>{name(u)}</Link>
              )}
            </span>
          ))}
        </nav>
      ) : null}
      <search className="filters">
        <MonthPicker id="svc-month" value={month} onChange={(m) => navigate(href(PATH, unit, m), true)} />
        <ExportButtons
          path="/api/dashboards/service/export"
          query={{ unit: unit || undefined, month }}
          label={t("svc.exportLabel")}
        />
      </search>
      <ErrorNotice error={error} />
      {!data && isFetching ? <Loading text={t("common.loading")} /> : null}
      {data ? (
        <div aria-busy={isFetching}>
          <h2>
            {t("svc.heading", {
              unit: `${name(data.unit)} (${kind(data.unit.kind)})`,
              month: monthLabel(data.month, lang, true),
            })}
          </h2>
          <Figures d={data} pct={pct} minutes={minutes} rating={rating} />
          <div className="svc-charts">
            <Charts d={data} open={open} />
          </div>
          {data.inbox.byChannel.length ? (
            <section className="panel">
              <h3>{t("svc.byChannel")}</h3>
              <section
                className="table-scroll"
                // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls sideways on a phone; focusable, the keyboard scrolls it too
                tabIndex={0}
                aria-label={t("svc.byChannel")}
              >
                <table className="grid" data-testid="inbox-channels">
                  <thead>
                    <tr>
                      <th scope="col">{t("svc.col.channel")}</th>
                      <th scope="col" className="num">
                        {t("svc.col.conversations")}
                      </th>
                      <th scope="col" className="num">
                        {t("svc.col.answered")}
                      </th>
                      <th scope="col" className="num">
                        {t("svc.median")}
                      </th>
                      <th scope="col" className="num">
                        {t("svc.p90")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.inbox.byChannel.map((c) => (
                      <tr key={c.channel}>
                        <td>{channel(c.channel)}</td>
                        <td className="num">{num(c.conversations)}</td>
                        <td className="num">{num(c.answered)}</td>
                        <td className="num">{minutes(c.medianMinutes)}</td>
                        <td className="num">{minutes(c.p90Minutes)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            </section>
          ) : null}
          <ChildTable d={data} open={open} pct={pct} minutes={minutes} />
        </div>
      ) : null}
    </section>
  );
}

function Figures({
  d,
  pct,
  minutes,
  rating,
}: {
  d: Dashboard;
  pct: (v: number | null | undefined) => string;
  minutes: (v: number | null | undefined) => string;
  rating: (v: number | null | undefined) => string;
}) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const level = d.childKind ?? d.unit.kind;
  const q = `month=${d.month}`;
  const counted = d.coverage.countedAt
    ? dateFormat(lang === "hi" ? "hi-IN" : "en-IN", { day: "numeric", month: "short" }).format(
        new Date(d.coverage.countedAt),
      )
    : null;
  return (
    <div className="svc-figures">
      <Figure
        testId="fig-callbacks"
        title={t("svc.confirmed")}
        value={pct(d.callbacks.confirmedPct)}
        to={can("callbacks.work") ? "/callbacks" : undefined}
        linkLabel={t("svc.callbacksPage")}
      >
        {t("svc.callbacksHint", { closed: num(d.callbacks.closed), cancelled: num(d.callbacks.cancelled) })}
        <br />
        {t("svc.overallRating")}: {rating(d.callbacks.overallRating)} · {t("svc.timeRating")}:{" "}
        {rating(d.callbacks.timeRating)}
      </Figure>
      <Figure
        testId="fig-survey"
        title={t("svc.survey")}
        value={pct(d.survey?.responseRate)}
        to={
          can("survey.read")
            ? `/survey/scorecards?${q}&level=${level === "company" ? "region" : level}`
            : undefined
        }
      >
        {t("svc.responseRate")}
        {d.survey ? (
          <>
            {" · "}
            {t("svc.answeredOf", { answered: num(d.survey.answered), sampled: num(d.survey.sampled) })}
            <br />
            {t("svc.regularSupply")}: {pct(d.survey.regularSupply)} · {t("svc.billOnTime")}:{" "}
            {pct(d.survey.billOnTime)}
          </>
        ) : null}
      </Figure>
      <Figure
        testId="fig-reliability"
        title={t("svc.outages")}
        value={d.reliability ? `SAIDI ${num(d.reliability.saidi, 1)}` : DASH}
        to={
          can("outages.read")
            ? `/reliability?${q}&level=${level === "company" ? "region" : level}`
            : undefined
        }
      >
        {d.reliability ? (
          <>
            {t("svc.interruptions")}: {num(d.reliability.interruptions)} · SAIFI {num(d.reliability.saifi, 2)}{" "}
            · CAIDI {num(d.reliability.caidi, 1)}
          </>
        ) : null}
      </Figure>
      <Figure
        testId="fig-sms"
        title={t("svc.sms")}
        value={pct(d.sms.deliveredPct)}
        to={can("sms.read") ? "/sms" : undefined}
      >
        {t("svc.smsDelivered")} · {t("svc.delivered")} {num(d.sms.delivered)}, {t("svc.failed")}{" "}
        {num(d.sms.failed)}, {t("svc.sent")} {num(d.sms.sent)}
      </Figure>
      <Figure
        testId="fig-coverage"
        title={t("svc.coverage")}
        value={pct(d.coverage.pct)}
        to={can("consumers.mobiles") || can("sms.read") ? "/sms/coverage" : undefined}
      >
        {t("svc.coverageOf", { verified: num(d.coverage.verified), consumers: num(d.coverage.consumers) })}
        {counted ? ` · ${t("svc.countedAt", { at: counted })}` : null}
      </Figure>
      <Figure
        testId="fig-inbox"
        title={t("svc.inbox")}
        value={minutes(d.inbox.medianMinutes)}
        to={can("inbox.work") ? "/inbox" : undefined}
      >
        {t("svc.median")}; {t("svc.p90")}: {minutes(d.inbox.p90Minutes)}
        <br />
        {t("svc.conversations", { answered: num(d.inbox.answered), count: num(d.inbox.conversations) })}
      </Figure>
    </div>
  );
}

function Charts({ d, open }: { d: Dashboard; open: (code: string) => void }) {
  const { t, lang, name } = useI18n();
  const months = d.trend.map((p) => monthLabel(p.month, lang));
  // Ratings from the first month that has any: before it there were none, not ratings of 0.
  const firstRated = Math.max(
    0,
    d.trend.findIndex((p) => p.overallRating !== null || p.timeRating !== null),
  );
  const rated = d.trend.slice(firstRated);
  const cb = d.callbacks;
  const withCoverage = d.children.filter((c) => c.coverage.consumers > 0);
  return (
    <>
      <section className="panel">
        <h3>{t("svc.chart.outcomes")}</h3>
        {cb.closed ? (
          <Chart
            kind="donut"
            title={t("svc.chart.outcomes")}
            labels={[t("svc.confirmed"), t("svc.notFixed"), t("svc.notReached"), t("svc.cancelled")]}
            series={[
              {
                label: t("svc.callbacks"),
                values: [cb.confirmed, cb.notFixed, cb.notReached, cb.cancelled],
                colors: ["#2e7d32", "#c62828", "#f9a825", "#90a4ae"],
              },
            ]}
          />
        ) : (
          <p className="muted">{t("svc.noData")}</p>
        )}
      </section>
      <section className="panel">
        <h3>{t("svc.chart.ratings")}</h3>
        <Chart
          kind="line"
          title={t("svc.chart.ratings")}
          labels={months.slice(firstRated)}
          series={[
            {
              label: t("svc.overallRating"),
              values: rated.map((p) => p.overallRating ?? 0),
              color: "#1565c0",
            },
            { label: t("svc.timeRating"), values: rated.map((p) => p.timeRating ?? 0), color: "#ef6c00" },
          ]}
        />
      </section>
      {d.reliability ? (
        <section className="panel">
          <h3>{t("svc.chart.saidi")}</h3>
          <Chart
            kind="line"
            title={t("svc.chart.saidi")}
            labels={months}
            series={[{ label: "SAIDI", values: d.trend.map((p) => p.saidi ?? 0), color: "#6a1b9a" }]}
          />
        </section>
      ) : null}
      <section className="panel">
        <h3>{t("svc.chart.sms")}</h3>
        {d.sms.byTemplate.length ? (
          <Chart
            kind="bar"
            stacked
            title={t("svc.chart.sms")}
            labels={d.sms.byTemplate.map((x) => templateLabel(t, x.template))}
            series={BUCKETS.map((b) => ({
              label: t(`svc.${b}` as MessageKey),
              values: d.sms.byTemplate.map((x) => x[b]),
              color: BUCKET_COLORS[b],
            }))}
          />
        ) : (
          <p className="muted">{t("svc.noData")}</p>
        )}
      </section>
      {withCoverage.length ? (
        <section className="panel">
          <h3>{t("svc.chart.coverage")}</h3>
          <Chart
            kind="bar"
            horizontal
            percent
            title={t("svc.chart.coverage")}
            labels={withCoverage.map((c) => name(c.unit))}
            series={[
              {
                label: t("svc.coverage"),
                values: withCoverage.map((c) => c.coverage.pct ?? 0),
                color: "#00838f",
              },
            ]}
            onPick={(i) => {
              const c = withCoverage[i];
              if (c) open(c.unit.code);
            }}
            height={Math.max(160, 36 * withCoverage.length)}
          />
          <p className="muted small">{t("svc.chart.coverageHint")}</p>
        </section>
      ) : null}
    </>
  );
}

function ChildTable({
  d,
  open,
  pct,
  minutes,
}: {
  d: Dashboard;
  open: (code: string) => void;
  pct: (v: number | null | undefined) => string;
  minutes: (v: number | null | undefined) => string;
}) {
  const { t, name } = useI18n();
  if (!d.childKind) return <p className="muted">{t("svc.noChildren")}</p>;
  const row = (c: Child) => (
    <tr
      key={c.unit.code}
      tabIndex={0}
      className="clickable"
      onClick={() => open(c.unit.code)}
      onKeyDown={(e) => {
        if (e.key === "Enter") open(c.unit.code);
      }}
      data-testid={`child-${c.unit.code}`}
    >
      <td className="svc-area">
        {name(c.unit)} <span className="mono small muted">{c.unit.code}</span>
      </td>
      <td className="num" data-label={t("svc.col.callbacks")}>
        {num(c.callbacks.closed)}
      </td>
      <td className="num" data-label={t("svc.col.confirmed")}>
        {pct(c.callbacks.confirmedPct)}
      </td>
      <td className="num" data-label={t("svc.col.rating")}>
        {c.callbacks.overallRating === null ? DASH : num(c.callbacks.overallRating, 1)}
      </td>
      <td className="num" data-label={t("svc.col.response")}>
        {pct(c.survey?.responseRate)}
      </td>
      <td className="num" data-label={t("svc.col.saidi")}>
        {c.reliability ? num(c.reliability.saidi, 1) : DASH}
      </td>
      <td className="num" data-label={t("svc.col.smsDelivered")}>
        {pct(c.sms.deliveredPct)}
      </td>
      <td className="num" data-label={t("svc.col.coverage")}>
        {pct(c.coverage.pct)}
      </td>
      <td className="num" data-label={t("svc.col.firstReply")}>
        {minutes(c.inbox.medianMinutes)}
      </td>
    </tr>
  );
  return (
    <section className="panel">
      <h3>{t("svc.children", { kind: t(`kind.${d.childKind}` as MessageKey) })}</h3>
      <div className="table-scroll">
        <table className="grid results svc-children" data-testid="children">
          <thead>
            <tr>
              <th scope="col">{t("svc.col.area")}</th>
              <th scope="col" className="num">
                {t("svc.col.callbacks")}
              </th>
              <th scope="col" className="num">
                {t("svc.col.confirmed")}
              </th>
              <th scope="col" className="num">
                {t("svc.col.rating")}
              </th>
              <th scope="col" className="num">
                {t("svc.col.response")}
              </th>
              <th scope="col" className="num">
                {t("svc.col.saidi")}
              </th>
              <th scope="col" className="num">
                {t("svc.col.smsDelivered")}
              </th>
              <th scope="col" className="num">
                {t("svc.col.coverage")}
              </th>
              <th scope="col" className="num">
                {t("svc.col.firstReply")}
              </th>
            </tr>
          </thead>
          <tbody>
            {d.children.length ? d.children.map(row) : <NoRows columns={9} text={t("svc.noData")} />}
          </tbody>
        </table>
      </div>
      <p className="muted small">{t("svc.childrenHint")}</p>
    </section>
  );
}
