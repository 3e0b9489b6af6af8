import { type KeyboardEvent, useState } from "react";
import type { Outage } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { keys, useApiQuery } from "../query.ts";
import { navigate, useLocation } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useNow } from "../ui/complaint.tsx";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice } from "../ui/errors.tsx";
import { Badge, Button, Loading } from "../ui/index.tsx";
import { OutageStatusBadge, outageDuration, outageElement, useOutageTime } from "../ui/outage.tsx";
import { RecordOutageForm, ScheduleShutdownForm } from "./OutageForms.tsx";

const PAGE = 50;
const TABS = ["live", "planned", "history"] as const;
type Tab = (typeof TABS)[number];

/** When it ends, in words: restored at, back by (planned), or the ETR. */
function Until({ o, now }: { o: Outage; now: number }) {
  const { t } = useI18n();
  const { time } = useOutageTime();
  if (o.restoredAt)
    return (
      <span>
        {time(o.restoredAt)}{" "}
        <span className="muted small">
          ({outageDuration(t, new Date(o.restoredAt).getTime() - new Date(o.startedAt).getTime())})
        </span>
      </span>
    );
  if (o.status === "dismissed" || o.status === "merged" || o.status === "cancelled") return <span>—</span>;
  if (!o.etr) return <span className="muted">{t("outages.noEtr")}</span>;
  const late = new Date(o.etr).getTime() < now;
  return (
    <span className={late ? "error-text" : ""}>
      {t("outages.etrAt", { time: time(o.etr) })}
      {late ? ` · ${t("wall.etrPassed")}` : ""}
    </span>
  );
}

/**
 * Outages of the principal's jurisdiction: live (off now, largest first),
 * planned shutdowns, and the history. JEs and above record outages and
 * schedule shutdowns from here.
 */
export function Outages() {
  const { t, name } = useI18n();
  const { can } = useSession();
  const { query } = useLocation();
  const { time, range } = useOutageTime();
  const now = useNow(30_000);
  const tab: Tab = TABS.includes(query.get("tab") as Tab) ? (query.get("tab") as Tab) : "live";
  const offset = Number(query.get("offset") ?? 0);
  const [form, setForm] = useState<"record" | "schedule">();
  const status = tab === "history" ? "all" : tab;
  const {
    data,
    error,
    isFetching: busy,
  } = useApiQuery([...keys.outages, status, offset], "GET /api/outages", {
    query: { status, limit: PAGE, offset },
  });
  const items = data?.items;

  const go = (to: Tab, off = 0) => {
    navigate(`/outages?tab=${to}${off ? `&offset=${off}` : ""}`, true);
  };

  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.indexOf(tab);
    const next =
      e.key === "ArrowRight"
        ? TABS[(i + 1) % TABS.length]
        : e.key === "ArrowLeft"
          ? TABS[(i + TABS.length - 1) % TABS.length]
          : undefined;
    if (!next) return;
    e.preventDefault();
    go(next);
    setTimeout(() => document.getElementById(`tab-${next}`)?.focus());
  };

  const open = (o: Outage) => navigate(`/outages/${o.id}`);

  return (
    <section className="page">
      <div className="page-head">
        <h1>{t("outages.title")}</h1>
        <ExportButtons path="/api/outages/export" query={{ status }} label={t("outages.title")} />
        {can("outages.manage") ? (
          <div className="row-actions">
            <Button onClick={() => setForm("record")}>{t("outages.record")}</Button>
            <Button variant="secondary" onClick={() => setForm("schedule")}>
              {t("outages.schedule")}
            </Button>
          </div>
        ) : null}
      </div>
      {form === "record" ? (
        <RecordOutageForm onCancel={() => setForm(undefined)} onDone={(o) => navigate(`/outages/${o.id}`)} />
      ) : null}
      {form === "schedule" ? (
        <ScheduleShutdownForm
          onCancel={() => setForm(undefined)}
          onDone={(o) => navigate(`/outages/${o.id}`)}
        />
      ) : null}
      <div className="tabs" role="tablist" aria-label={t("outages.title")} onKeyDown={onTabKey}>
        {TABS.map((x) => (
          <button
            key={x}
            id={`tab-${x}`}
            type="button"
            role="tab"
            aria-selected={tab === x}
            aria-controls="outage-list"
            tabIndex={tab === x ? 0 : -1}
            className={tab === x ? "on" : ""}
            onClick={() => go(x)}
          >
            {t(`outages.tab.${x}` as MessageKey)}
          </button>
        ))}
      </div>
      <div id="outage-list" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        <ErrorNotice error={error} />
        {!items && busy ? <Loading text={t("common.loading")} /> : null}
        {items && items.length === 0 ? (
          <p className={tab === "live" ? "all-clear" : "muted"}>{t(`outages.none.${tab}` as MessageKey)}</p>
        ) : null}
        {items && items.length > 0 ? (
          <table className="grid results outages" aria-busy={busy}>
            <thead>
              <tr>
                <th>{t("outages.col.id")}</th>
                <th>{t("outages.col.status")}</th>
                <th>{t("outages.col.what")}</th>
                <th>{t("outages.col.area")}</th>
                <th className="num">{t("outages.col.consumers")}</th>
                <th>{tab === "planned" ? t("outages.col.window") : t("outages.col.since")}</th>
                <th>{tab === "planned" ? t("outages.col.cause") : t("outages.col.until")}</th>
                <th>{t("outages.col.source")}</th>
                <th className="num">{t("outages.col.complaints")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => {
                const el = outageElement(o, name);
                const alert =
                  o.kind === "unplanned" &&
                  !o.acknowledgedAt &&
                  (o.status === "suspected" || o.status === "confirmed");
                return (
                  <tr
                    key={o.id}
                    tabIndex={0}
                    className={alert ? "emergency" : ""}
                    data-testid="outage-row"
                    onClick={() => open(o)}
                    onKeyDown={(e) => e.key === "Enter" && open(o)}
                  >
                    <td className="mono">#{o.id}</td>
                    <td className="badges">
                      <OutageStatusBadge status={o.status} />
                      {o.kind === "planned" && tab !== "planned" ? (
                        <>
                          {" "}
                          <Badge tone="blue">{t("okind.planned")}</Badge>
                        </>
                      ) : null}
                      {alert ? (
                        <>
                          {" "}
                          <Badge tone="red">{t("wall.notAcknowledged")}</Badge>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <span className="muted small">{t(`oscope.${o.scope}` as MessageKey)}</span>{" "}
                      <strong>{el.title}</strong> <span className="mono small">{el.code}</span>
                    </td>
                    <td className="nowrap">{name(o.dc)}</td>
                    <td className="num">{o.affectedConsumers.toLocaleString("en-IN")}</td>
                    <td>
                      {tab === "planned" ? (
                        range(o.plannedStart, o.plannedEnd)
                      ) : (
                        <>
                          {time(o.startedAt)}
                          {o.status === "suspected" ||
                          o.status === "confirmed" ||
                          o.status === "in_progress" ? (
                            <span className="muted small">
                              {" "}
                              ({outageDuration(t, now - new Date(o.startedAt).getTime())})
                            </span>
                          ) : null}
                        </>
                      )}
                    </td>
                    <td>{tab === "planned" ? (o.cause ?? "—") : <Until o={o} now={now} />}</td>
                    <td className="nowrap">{t(`osource.${o.source}` as MessageKey)}</td>
                    <td className="num">{o.linkedComplaints.toLocaleString("en-IN")}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
        {items && (offset > 0 || items.length === PAGE) ? (
          <div className="pager">
            <Button
              variant="secondary"
              disabled={offset === 0}
              onClick={() => go(tab, Math.max(0, offset - PAGE))}
            >
              ← {t("common.previous")}
            </Button>
            <Button variant="secondary" disabled={items.length < PAGE} onClick={() => go(tab, offset + PAGE)}>
              {t("common.next")} →
            </Button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
