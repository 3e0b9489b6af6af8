import { useCatalogue } from "../catalogue.tsx";
import { CHANNELS, COMPLAINT_STATUSES, type Complaint } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { keys, useApiQuery } from "../query.ts";
import { navigate, useLocation } from "../router.tsx";
import { ComplaintStatusBadge, LADDER_ROLES, SlaBadge, useNow } from "../ui/complaint.tsx";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice } from "../ui/errors.tsx";
import { Badge, Button, Loading, NamedOptions } from "../ui/index.tsx";

const PAGE = 50;
const STATUSES = ["open", "overdue", ...COMPLAINT_STATUSES, "all"];

/** The dashboard counters of the principal's jurisdiction. */
export function SummaryBar() {
  const { t } = useI18n();
  // Refreshed every half minute while the screen is open.
  const summary = useApiQuery([...keys.complaints, "summary"], "GET /api/complaints/summary", undefined, {
    refetchInterval: 30_000,
  });
  const s = summary.isError ? undefined : summary.data;
  if (!s) return null;
  const item = (key: MessageKey, value: number, tone: string, href: string) => (
    <a
      className={`counter counter-${tone}`}
      href={href}
      onClick={(e) => {
        e.preventDefault();
        navigate(href);
      }}
    >
      <strong>{value.toLocaleString("en-IN")}</strong>
      <span>{t(key)}</span>
    </a>
  );
  return (
    <div className="counters" data-testid="summary">
      {item("dash.open", s.open, "blue", "/complaints?status=open")}
      {item("dash.overdue", s.overdue, s.overdue ? "red" : "green", "/complaints?status=overdue")}
      {item("dash.emergencies", s.emergencies, s.emergencies ? "red" : "green", "/complaints?status=open")}
      {item("dash.escalated", s.escalated, s.escalated ? "amber" : "green", "/complaints?escalated=true")}
      {item("dash.unassigned", s.unassigned, s.unassigned ? "amber" : "green", "/complaints?unassigned=true")}
      {item("dash.today", s.registeredToday, "grey", "/complaints?status=all")}
    </div>
  );
}

export function who(c: Complaint): string {
  return c.consumer
    ? `${c.consumer.name} · ${c.consumer.consumerNo}`
    : (c.location ?? c.landmark ?? c.dtCode ?? c.feederCode ?? "—");
}

/**
 * The officer's and supervisor's queue: filters in the URL (so a link or the
 * back button keeps them), open complaints emergencies first then by time
 * left, history newest first.
 */
export function Complaints() {
  const { t, name } = useI18n();
  const { query } = useLocation();
  const catalogue = useCatalogue();
  const now = useNow();
  const status = query.get("status") ?? "open";
  const offset = Number(query.get("offset") ?? 0);
  const qs = query.toString();
  const params = new URLSearchParams(qs);
  if (!params.has("status")) params.set("status", "open");
  params.set("limit", String(PAGE));
  const {
    data,
    error,
    isFetching: busy,
  } = useApiQuery(
    [...keys.complaints, "list", params.toString()],
    "GET /api/complaints",
    // The page's own query string, passed on as it is (the filters are the list's parameters).
    { query: params },
    { keep: true },
  );

  const setFilter = (key: string, value: string | boolean) => {
    const p = new URLSearchParams(qs);
    if (value === "" || value === false) p.delete(key);
    else p.set(key, String(value));
    if (key !== "offset") p.delete("offset");
    navigate(`/complaints?${p}`, true);
  };

  const removeFilters = (names: string[]) => {
    const p = new URLSearchParams(qs);
    for (const n of names) p.delete(n);
    p.delete("offset");
    navigate(`/complaints?${p}`, true);
  };

  return (
    <section className="page">
      <h1>{t("complaints.title")}</h1>
      <SummaryBar />
      <search className="filters">
        <select
          aria-label={t("complaints.filter.status")}
          value={status}
          onChange={(e) => setFilter("status", e.target.value)}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s === "open" || s === "overdue" || s === "all"
                ? t(`complaints.filter.${s}` as MessageKey)
                : t(`cstatus.${s}` as MessageKey)}
            </option>
          ))}
        </select>
        <select
          aria-label={t("complaints.filter.category")}
          value={query.get("category") ?? ""}
          onChange={(e) => setFilter("category", e.target.value)}
        >
          <NamedOptions none={t("complaints.filter.anyCategory")} items={catalogue?.categories} />
        </select>
        <input
          aria-label={t("complaints.filter.dc")}
          placeholder={t("complaints.filter.dc")}
          defaultValue={query.get("dc") ?? ""}
          onKeyDown={(e) => e.key === "Enter" && setFilter("dc", e.currentTarget.value.trim().toUpperCase())}
          onBlur={(e) =>
            e.currentTarget.value.trim().toUpperCase() !== (query.get("dc") ?? "") &&
            setFilter("dc", e.currentTarget.value.trim().toUpperCase())
          }
          className="short"
        />
        <select
          aria-label={t("complaints.filter.channel")}
          value={query.get("channel") ?? ""}
          onChange={(e) => setFilter("channel", e.target.value)}
        >
          <option value="">{t("complaints.filter.anyChannel")}</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`channel.${c}` as MessageKey)}
            </option>
          ))}
        </select>
        {(["mine", "unassigned", "escalated"] as const).map((f) => (
          <label key={f} className="check-inline">
            <input
              type="checkbox"
              checked={query.get(f) === "true"}
              onChange={(e) => setFilter(f, e.target.checked)}
            />{" "}
            {t(`complaints.filter.${f}` as MessageKey)}
          </label>
        ))}
        {data ? (
          <span className="muted small" aria-live="polite">
            {data.capped
              ? t("complaints.countCapped", { count: data.total })
              : t("complaints.count", { count: data.total })}
          </span>
        ) : null}
      </search>
      <FilterChips query={query} onRemove={(names) => removeFilters(names)} />
      <div className="section-head">
        <span />
        <ExportButtons path="/api/complaints/export" query={params} label={t("complaints.export")} />
      </div>
      <ErrorNotice error={error} />
      {!data && busy ? <Loading text={t("common.loading")} /> : null}
      {data && data.items.length === 0 ? <p className="muted">{t("complaints.none")}</p> : null}
      {data && data.items.length > 0 ? (
        <table className="grid results" aria-busy={busy}>
          <thead>
            <tr>
              <th>{t("complaints.col.number")}</th>
              <th>{t("complaints.col.category")}</th>
              <th>{t("complaints.col.who")}</th>
              <th>{t("complaints.col.dc")}</th>
              <th>{t("complaints.col.status")}</th>
              <th>{t("complaints.col.assignee")}</th>
              <th>{t("complaints.col.due")}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((c) => (
              <tr
                key={c.number}
                tabIndex={0}
                className={c.emergency ? "emergency" : ""}
                onClick={() => navigate(`/complaints/${c.number}`)}
                onKeyDown={(e) => e.key === "Enter" && navigate(`/complaints/${c.number}`)}
              >
                <td className="mono">{c.number}</td>
                <td>
                  {name(c.category)}{" "}
                  {c.emergency ? <Badge tone="red">{t("complaint.emergency")}</Badge> : null}
                </td>
                <td>{who(c)}</td>
                <td>{name(c.dc)}</td>
                <td>
                  <ComplaintStatusBadge status={c.status} />
                  {c.escalationLevel > 0 ? (
                    <>
                      {" "}
                      <Badge tone="red">{LADDER_ROLES[c.escalationLevel]}</Badge>
                    </>
                  ) : null}
                </td>
                <td>{c.assignee?.name ?? <span className="muted">{t("complaint.nobody")}</span>}</td>
                <td>
                  <SlaBadge complaint={c} now={now} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data && (offset > 0 || offset + PAGE < data.total) ? (
        <div className="pager">
          <Button
            variant="secondary"
            disabled={offset === 0}
            onClick={() => setFilter("offset", String(Math.max(0, offset - PAGE)))}
          >
            ← {t("common.previous")}
          </Button>
          <Button
            variant="secondary"
            disabled={offset + PAGE >= data.total}
            onClick={() => setFilter("offset", String(offset + PAGE))}
          >
            {t("common.next")} →
          </Button>
        </div>
      ) : null}
    </section>
  );
}

/**
 * The filters a link brought (from a dashboard's figure) that the controls
 * above do not show, each a chip that removes it; together they say exactly
 * which complaints the list holds.
 */
function FilterChips({ query, onRemove }: { query: URLSearchParams; onRemove: (names: string[]) => void }) {
  const { t } = useI18n();
  const range = (from: string | null, to: string | null) =>
    from && to && from === to ? from : t("complaints.filter.fromTo", { from: from ?? "…", to: to ?? "…" });
  const chips: { key: string; label: string; names: string[] }[] = [];
  const unit = query.get("unit");
  if (unit) chips.push({ key: "unit", label: `${t("complaints.filter.unit")}: ${unit}`, names: ["unit"] });
  for (const [what, from, to] of [
    ["registered", "registeredFrom", "registeredTo"],
    ["resolved", "resolvedFrom", "resolvedTo"],
  ] as const) {
    if (query.get(from) || query.get(to))
      chips.push({
        key: what,
        label: `${t(`complaints.filter.${what}`)}: ${range(query.get(from), query.get(to))}`,
        names: [from, to],
      });
  }
  const late = query.get("late");
  if (late === "true" || late === "false")
    chips.push({
      key: "late",
      label: t(late === "true" ? "complaints.filter.late" : "complaints.filter.notLate"),
      names: ["late"],
    });
  if (query.get("repeat") === "true")
    chips.push({ key: "repeat", label: t("complaints.filter.repeat"), names: ["repeat"] });
  if (query.get("reopened") === "true")
    chips.push({ key: "reopened", label: t("complaints.filter.reopened"), names: ["reopened"] });
  const area = query.get("areaType");
  if (area === "urban" || area === "rural")
    chips.push({
      key: "areaType",
      label: `${t("complaints.filter.areaType")}: ${t(`area.${area}`)}`,
      names: ["areaType"],
    });
  const assignee = query.get("assignee");
  if (assignee)
    chips.push({
      key: "assignee",
      label: `${t("complaints.filter.assignee")}: ${assignee}`,
      names: ["assignee"],
    });
  if (!chips.length) return null;
  return (
    <ul className="chips" aria-label={t("complaints.filter.active")} data-testid="filter-chips">
      {chips.map((c) => (
        <li key={c.key}>
          <button
            type="button"
            className="chip"
            aria-label={t("complaints.filter.remove", { what: c.label })}
            onClick={() => onRemove(c.names)}
          >
            {c.label} <span aria-hidden="true">×</span>
          </button>
        </li>
      ))}
      {chips.length > 1 ? (
        <li>
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => onRemove(chips.flatMap((c) => c.names))}
          >
            {t("complaints.filter.clearAll")}
          </button>
        </li>
      ) : null}
    </ul>
  );
}
