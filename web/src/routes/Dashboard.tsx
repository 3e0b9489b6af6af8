import type { ReactNode } from "react";
import { useCatalogue } from "../catalogue.tsx";
import { CHANNELS, type ComplaintsDashboard } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { keys, useApiQuery } from "../query.ts";
import { Link, navigate, useLocation } from "../router.tsx";
import { monthOf } from "../time.ts";
import { Chart } from "../ui/charts.tsx";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice } from "../ui/errors.tsx";
import { Badge, Loading, NamedOptions, type Tone } from "../ui/index.tsx";

type Dash = ComplaintsDashboard;
type Kind = Dash["unit"]["kind"];

const num = (n: number) => n.toLocaleString("en-IN");

const SLA_COLOUR: Partial<Record<Tone, string>> = { green: "#1b7f3b", amber: "#c77700", red: "#c62828" };

/** SLA compliance's colour: 90% and over good, 75–90 a warning, below bad. */
export function slaTone(p: number | null): Tone {
  if (p === null) return "grey";
  if (p >= 90) return "green";
  if (p >= 75) return "amber";
  return "red";
}

/** The last twelve months, this one first ("2026-11"). */
function lastMonths(): string[] {
  const [y, m] = monthOf().split("-").map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) => {
    const t = y * 12 + (m - 1) - i;
    return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}`;
  });
}

/** The list behind a figure. */
const listHref = (q: string) => `/complaints?${q}`;

/**
 * The management dashboard of complaints: one unit (the officer's own by
 * default) and one period, from the rollups; each figure opens the list of
 * the complaints behind it, and each unit below opens its own dashboard.
 */
export function Dashboard() {
  const { t, name } = useI18n();
  const { query } = useLocation();
  const catalogue = useCatalogue();
  const params = new URLSearchParams();
  for (const k of ["unit", "period", "category", "channel", "areaType"]) {
    const v = query.get(k);
    if (v) params.set(k, v);
  }
  const { data, error, isFetching } = useApiQuery(
    [...keys.complaints, "dashboard", params.toString()],
    "GET /api/dashboards/complaints",
    { query: params },
    { keep: true },
  );
  const set = (changes: Record<string, string>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    navigate(`/dashboard?${p}`);
  };
  const drill = (code: string) => set({ unit: code });
  const period = query.get("period") ?? "month";
  const kindName = (k: Kind | null) => (k && k !== "company" ? t(`dashboard.kinds.${k}` as MessageKey) : "");

  return (
    <section className="page dashboard">
      <h1>{t("dashboard.title")}</h1>
      <nav className="dash-tabs" aria-label={t("dashboard.tabs")}>
        <Link href={`/dashboard${params.size ? `?${params}` : ""}`} aria-current="page">
          {t("dashboard.tab.complaints")}
        </Link>
        <Link href={`/dashboard/service${query.get("unit") ? `?unit=${query.get("unit")}` : ""}`}>
          {t("dashboard.tab.service")}
        </Link>
      </nav>
      {data ? (
        <nav aria-label="breadcrumb" className="crumbs">
          {data.path.map((u, i) =>
            i < data.path.length - 1 ? (
              <span key={u.code}>
                <Link href={`/dashboard?${withUnit(params, u.code)}`}>{name(u)}</Link> ›{" "}
              </span>
            ) : (
              <strong key={u.code} aria-current="page">
                {name(u)} <span className="muted small">({t(`kind.${u.kind}` as MessageKey)})</span>
              </strong>
            ),
          )}
        </nav>
      ) : null}
      <search className="filters">
        <label>
          {t("dashboard.period")}{" "}
          <select value={period} onChange={(e) => set({ period: e.target.value })}>
            {(["today", "month", "last30"] as const).map((k) => (
              <option key={k} value={k}>
                {t(`dashboard.period.${k}`)}
              </option>
            ))}
            {lastMonths().map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <select
          aria-label={t("complaints.filter.category")}
          value={query.get("category") ?? ""}
          onChange={(e) => set({ category: e.target.value })}
        >
          <NamedOptions none={t("complaints.filter.anyCategory")} items={catalogue?.categories} />
        </select>
        <select
          aria-label={t("complaints.filter.channel")}
          value={query.get("channel") ?? ""}
          onChange={(e) => set({ channel: e.target.value })}
        >
          <option value="">{t("complaints.filter.anyChannel")}</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`channel.${c}` as MessageKey)}
            </option>
          ))}
        </select>
        <select
          aria-label={t("complaints.filter.areaType")}
          value={query.get("areaType") ?? ""}
          onChange={(e) => set({ areaType: e.target.value })}
        >
          <option value="">{t("complaints.filter.areaType")}</option>
          <option value="urban">{t("area.urban")}</option>
          <option value="rural">{t("area.rural")}</option>
        </select>
        {data ? (
          <span className="muted small">
            {t("dashboard.range", { from: data.period.from, to: data.period.to })}
          </span>
        ) : null}
      </search>
      <ErrorNotice error={error} />
      {!data && isFetching ? <Loading text={t("common.loading")} /> : null}
      {data ? (
        <div aria-busy={isFetching}>
          <Tiles d={data} />
          <Charts d={data} onDrill={drill} kindName={kindName} />
          <Times d={data} />
          {data.children.length ? (
            <Children d={data} onDrill={drill} kindName={kindName} params={params} />
          ) : null}
          <Pending d={data} />
        </div>
      ) : null}
    </section>
  );
}

function withUnit(params: URLSearchParams, unit: string): string {
  const p = new URLSearchParams(params);
  p.set("unit", unit);
  return p.toString();
}

/** "45 min", "6.5 h", "3.2 days". */
function useDuration() {
  const { t } = useI18n();
  return (minutes: number | null) => {
    if (minutes === null) return "—";
    if (minutes < 120) return t("dashboard.minutes", { n: Math.round(minutes) });
    if (minutes < 2880) return t("dashboard.hours", { n: Math.round(minutes / 6) / 10 });
    return t("dashboard.days", { n: Math.round(minutes / 144) / 10 });
  };
}

function Tile({
  label,
  value,
  note,
  tone,
  href,
  testId,
}: {
  label: string;
  value: ReactNode;
  note?: string;
  tone: Tone;
  href?: string;
  testId: string;
}) {
  const body = (
    <>
      <strong>{value}</strong>
      <span>{label}</span>
      {note ? <span className="small">{note}</span> : null}
    </>
  );
  return href ? (
    <Link className={`counter counter-${tone}`} href={href} data-testid={testId}>
      {body}
    </Link>
  ) : (
    <div className={`counter counter-${tone}`} data-testid={testId}>
      {body}
    </div>
  );
}

function Tiles({ d }: { d: Dash }) {
  const { t } = useI18n();
  const dur = useDuration();
  const s = d.totals;
  return (
    <div className="counters" data-testid="kpis">
      <Tile
        testId="kpi-received"
        label={t("dashboard.kpi.received")}
        value={num(s.received)}
        tone="blue"
        href={listHref(d.lists.received)}
      />
      <Tile
        testId="kpi-resolved"
        label={t("dashboard.kpi.resolved")}
        value={num(s.resolved)}
        tone="grey"
        href={listHref(d.lists.resolved)}
      />
      <Tile
        testId="kpi-sla"
        label={t("dashboard.kpi.sla")}
        value={s.slaPercent === null ? "—" : `${s.slaPercent}%`}
        note={t("dashboard.kpi.slaOf", { late: num(s.resolvedLate), resolved: num(s.resolved) })}
        tone={slaTone(s.slaPercent)}
        href={listHref(d.lists.resolvedLate)}
      />
      <Tile
        testId="kpi-open"
        label={t("dashboard.kpi.openNow")}
        value={num(s.openNow)}
        note={t("dashboard.kpi.asOfNow")}
        tone="blue"
        href={listHref(d.lists.openNow)}
      />
      <Tile
        testId="kpi-pending"
        label={t("dashboard.kpi.pending")}
        value={num(s.pendingBeyondLimit)}
        note={t("dashboard.kpi.asOfNow")}
        tone={s.pendingBeyondLimit ? "red" : "green"}
        href={listHref(d.lists.pendingBeyondLimit)}
      />
      <Tile
        testId="kpi-repeats"
        label={t("dashboard.kpi.repeats")}
        value={num(s.repeats)}
        tone={s.repeats ? "amber" : "green"}
        href={listHref(d.lists.repeats)}
      />
      <Tile
        testId="kpi-reopen"
        label={t("dashboard.kpi.reopenRate")}
        value={s.reopenRate === null ? "—" : `${s.reopenRate}%`}
        note={t("dashboard.kpi.reopenedOf", { reopened: num(s.reopened), received: num(s.received) })}
        tone={s.reopened ? "amber" : "green"}
        href={listHref(d.lists.reopened)}
      />
      <Tile
        testId="kpi-median"
        label={t("dashboard.kpi.median")}
        value={dur(s.medianMinutes)}
        note={`${t("dashboard.kpi.p90")}: ${dur(s.p90Minutes)}`}
        tone="grey"
        href={listHref(d.lists.resolved)}
      />
    </div>
  );
}

function Charts({
  d,
  onDrill,
  kindName,
}: {
  d: Dash;
  onDrill: (code: string) => void;
  kindName: (k: Kind | null) => string;
}) {
  const { t, name, lang } = useI18n();
  const open = (q: string | undefined) => q && navigate(listHref(q));
  const day = (iso: string) =>
    new Intl.DateTimeFormat(lang === "hi" ? "hi-IN" : "en-IN", {
      day: "numeric",
      month: "short",
      timeZone: "UTC",
    }).format(new Date(`${iso}T00:00:00Z`));
  const month = (m: string) =>
    new Intl.DateTimeFormat(lang === "hi" ? "hi-IN" : "en-IN", {
      month: "short",
      year: "2-digit",
      timeZone: "UTC",
    }).format(new Date(`${m}-01T00:00:00Z`));
  const trendPick =
    <T extends { lists: { received: string; resolved: string; late: string } }>(rows: T[]) =>
    (i: number, s: number) =>
      open(rows[i]?.lists[(["received", "resolved", "late"] as const)[s] ?? "received"]);
  const trendSeries = <T extends { received: number; resolved: number; late: number }>(rows: T[]) => [
    { label: t("dashboard.series.received"), values: rows.map((r) => r.received), color: "#1565c0" },
    { label: t("dashboard.series.resolved"), values: rows.map((r) => r.resolved), color: "#1b7f3b" },
    { label: t("dashboard.series.late"), values: rows.map((r) => r.late), color: "#c62828" },
  ];
  return (
    <div className="dash-charts">
      {d.byCategory.length ? (
        <div className="dash-chart">
          <h2>{t("dashboard.chart.category")}</h2>
          <Chart
            kind="bar"
            title={t("dashboard.chart.category")}
            labels={d.byCategory.map((c) => name(c))}
            series={[{ label: t("dashboard.series.received"), values: d.byCategory.map((c) => c.received) }]}
            onPick={(i) => open(d.byCategory[i]?.lists.received)}
          />
        </div>
      ) : (
        <p className="muted">{t("dashboard.noData")}</p>
      )}
      {d.byChannel.length ? (
        <div className="dash-chart">
          <h2>{t("dashboard.chart.channel")}</h2>
          <Chart
            kind="donut"
            title={t("dashboard.chart.channel")}
            labels={d.byChannel.map((c) => t(`channel.${c.channel}` as MessageKey))}
            series={[{ label: t("dashboard.series.received"), values: d.byChannel.map((c) => c.count) }]}
            onPick={(i) => open(d.byChannel[i]?.list)}
          />
        </div>
      ) : null}
      {d.byStatus.length ? (
        <div className="dash-chart">
          <h2>{t("dashboard.chart.status")}</h2>
          <Chart
            kind="bar"
            title={t("dashboard.chart.status")}
            labels={d.byStatus.map((s) => t(`cstatus.${s.status}` as MessageKey))}
            series={[
              {
                label: t("dashboard.series.received"),
                values: d.byStatus.map((s) => s.count),
                color: "#546e7a",
              },
            ]}
            onPick={(i) => open(d.byStatus[i]?.list)}
          />
        </div>
      ) : null}
      <div className="dash-chart">
        <h2>{t("dashboard.chart.daily")}</h2>
        <Chart
          kind="line"
          title={t("dashboard.chart.daily")}
          labels={d.daily.map((x) => day(x.day))}
          series={trendSeries(d.daily)}
          onPick={trendPick(d.daily)}
        />
      </div>
      <div className="dash-chart">
        <h2>{t("dashboard.chart.monthly")}</h2>
        <Chart
          kind="bar"
          title={t("dashboard.chart.monthly")}
          labels={d.monthly.map((m) => month(m.month))}
          series={trendSeries(d.monthly)}
          onPick={trendPick(d.monthly)}
        />
      </div>
      {d.children.length ? (
        <div className="dash-chart">
          <h2>{t("dashboard.chart.sla", { kind: kindName(d.childKind) })}</h2>
          <Chart
            kind="bar"
            horizontal
            percent
            title={t("dashboard.chart.sla", { kind: kindName(d.childKind) })}
            labels={d.children.map((c) => name(c.unit))}
            series={[
              {
                label: t("dashboard.series.sla"),
                values: d.children.map((c) => c.slaPercent ?? 0),
                // Each office's bar in its status colour, as on the tiles and in the table.
                colors: d.children.map((c) => SLA_COLOUR[slaTone(c.slaPercent)] ?? "#546e7a"),
              },
            ]}
            height={Math.max(160, d.children.length * 28 + 60)}
            onPick={(i) => {
              const c = d.children[i];
              if (c) onDrill(c.unit.code);
            }}
          />
        </div>
      ) : null}
    </div>
  );
}

function Times({ d }: { d: Dash }) {
  const { t, name } = useI18n();
  const dur = useDuration();
  if (!d.byCategory.length) return null;
  return (
    <section>
      <h2>{t("dashboard.times.title")}</h2>
      <div className="table-scroll">
        <table className="grid compact">
          <thead>
            <tr>
              <th scope="col">{t("dashboard.col.category")}</th>
              <th scope="col" className="num">
                {t("dashboard.col.resolved")}
              </th>
              <th scope="col" className="num">
                {t("dashboard.col.sla")}
              </th>
              <th scope="col" className="num">
                {t("dashboard.col.median")}
              </th>
              <th scope="col" className="num">
                {t("dashboard.col.p90")}
              </th>
            </tr>
          </thead>
          <tbody>
            {d.byCategory.map((c) => (
              <tr key={c.code}>
                <th scope="row">{name(c)}</th>
                <td className="num">
                  <Link href={listHref(c.lists.resolved)}>{num(c.resolved)}</Link>
                </td>
                <td className="num">
                  <SlaBadge value={c.slaPercent} />
                </td>
                <td className="num">{dur(c.medianMinutes)}</td>
                <td className="num">{dur(c.p90Minutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SlaBadge({ value }: { value: number | null }) {
  if (value === null) return <span className="muted">—</span>;
  return <Badge tone={slaTone(value)}>{`${value}%`}</Badge>;
}

/** A figure that opens its list, without drilling the row it sits in. */
function Figure({ n, q, testId }: { n: number; q: string; testId?: string }) {
  return (
    <Link
      href={listHref(q)}
      data-testid={testId}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
    >
      {num(n)}
    </Link>
  );
}

function Children({
  d,
  onDrill,
  kindName,
  params,
}: {
  d: Dash;
  onDrill: (code: string) => void;
  kindName: (k: Kind | null) => string;
  params: URLSearchParams;
}) {
  const { t, name } = useI18n();
  const total = d.totals;
  return (
    <section>
      <div className="section-head">
        <h2>{t("dashboard.children.title", { kind: kindName(d.childKind) })}</h2>
        <ExportButtons
          path="/api/dashboards/complaints/export"
          query={new URLSearchParams(withUnit(params, d.unit.code))}
        />
      </div>
      <p className="muted small">{t("dashboard.children.hint")}</p>
      <div className="table-scroll">
        <table className="grid" data-testid="children">
          <thead>
            <tr>
              <th scope="col">{t("dashboard.col.unit")}</th>
              <th scope="col" className="num">
                {t("dashboard.col.received")}
              </th>
              <th scope="col" className="num">
                {t("dashboard.col.resolved")}
              </th>
              <th scope="col" className="num">
                {t("dashboard.col.late")}
              </th>
              <th scope="col" className="num">
                {t("dashboard.col.sla")}
              </th>
              <th scope="col" className="num">
                {t("dashboard.col.open")}
              </th>
              <th scope="col" className="num">
                {t("dashboard.col.pending")}
              </th>
            </tr>
          </thead>
          <tbody>
            {d.children.map((c) => (
              <tr
                key={c.unit.code}
                tabIndex={0}
                aria-label={t("dashboard.children.open", { name: name(c.unit) })}
                data-unit={c.unit.code}
                onClick={() => onDrill(c.unit.code)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" && e.target === e.currentTarget) onDrill(c.unit.code);
                }}
              >
                <th scope="row">{name(c.unit)}</th>
                <td className="num">
                  <Figure n={c.received} q={c.lists.received} />
                </td>
                <td className="num">
                  <Figure n={c.resolved} q={c.lists.resolved} />
                </td>
                <td className="num">
                  <Figure n={c.resolvedLate} q={c.lists.resolvedLate} />
                </td>
                <td className="num">
                  <SlaBadge value={c.slaPercent} />
                </td>
                <td className="num">
                  <Figure n={c.openNow} q={c.lists.openNow} />
                </td>
                <td className="num">
                  <Figure n={c.pendingBeyondLimit} q={c.lists.pendingBeyondLimit} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("dashboard.total")}</th>
              <td className="num">{num(total.received)}</td>
              <td className="num">{num(total.resolved)}</td>
              <td className="num">{num(total.resolvedLate)}</td>
              <td className="num">
                <SlaBadge value={total.slaPercent} />
              </td>
              <td className="num">{num(total.openNow)}</td>
              <td className="num">{num(total.pendingBeyondLimit)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

function Pending({ d }: { d: Dash }) {
  const { t, name } = useI18n();
  const offices = d.children.filter((c) => c.pendingBeyondLimit > 0);
  offices.sort((a, b) => b.pendingBeyondLimit - a.pendingBeyondLimit);
  return (
    <div className="dash-pending">
      {d.children.length ? (
        <section>
          <div className="section-head">
            <h2>{t("dashboard.pending.office")}</h2>
            <ExportButtons
              path="/api/complaints/export"
              query={new URLSearchParams(d.lists.pendingBeyondLimit)}
            />
          </div>
          {offices.length ? (
            <table className="grid compact" data-testid="pending-office">
              <thead>
                <tr>
                  <th scope="col">{t("dashboard.col.unit")}</th>
                  <th scope="col" className="num">
                    {t("dashboard.col.pending")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {offices.map((c) => (
                  <tr key={c.unit.code}>
                    <th scope="row">{name(c.unit)}</th>
                    <td className="num">
                      <Figure n={c.pendingBeyondLimit} q={c.lists.pendingBeyondLimit} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">{t("dashboard.pending.none")}</p>
          )}
        </section>
      ) : null}
      <section>
        <div className="section-head">
          <h2>{t("dashboard.pending.officer")}</h2>
          <ExportButtons
            path="/api/complaints/export"
            query={new URLSearchParams(d.lists.pendingBeyondLimit)}
          />
        </div>
        {d.pendingByOfficer.length ? (
          <table className="grid compact" data-testid="pending-officer">
            <thead>
              <tr>
                <th scope="col">{t("dashboard.col.officer")}</th>
                <th scope="col">{t("dashboard.col.role")}</th>
                <th scope="col" className="num">
                  {t("dashboard.col.pending")}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.pendingByOfficer.map((o) => (
                <tr key={o.officer?.login ?? "-"}>
                  <th scope="row">{o.officer ? o.officer.name : t("dashboard.nobody")}</th>
                  <td>{o.officer ? t(`role.${o.officer.role}` as MessageKey) : "—"}</td>
                  <td className="num">
                    <Figure n={o.count} q={o.list} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">{t("dashboard.pending.none")}</p>
        )}
      </section>
    </div>
  );
}
