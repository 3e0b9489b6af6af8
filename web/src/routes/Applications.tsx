import { useState } from "react";
import { APPLICATION_STATUSES } from "../contract.ts";
import { useI18n } from "../i18n/index.tsx";
import { keys, useApiQuery } from "../query.ts";
import { Link, navigate, useLocation } from "../router.tsx";
import { useSession } from "../session.tsx";
import { ApplicationTable, stageKey } from "../ui/connection.tsx";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice } from "../ui/errors.tsx";
import { Button, Loading } from "../ui/index.tsx";
import { OrgPicker } from "../ui/OrgPicker.tsx";

const PAGE = 50;
const FILTERS = ["pending", ...APPLICATION_STATUSES, "all"] as const;

/** JE and AE answer for their office's late applications: those come first on their list. */
const OVERDUE_FIRST = ["je", "ae"];

/**
 * New-connection applications in the user's area: filters in the URL (stage
 * or pending, late only, an office and below), a page of 50 at a time.
 */
export function Applications() {
  const { t } = useI18n();
  const { me, can } = useSession();
  const { query } = useLocation();
  const status = (query.get("status") ?? "pending") as (typeof FILTERS)[number];
  const overdue = query.get("overdue") === "true";
  const dc = query.get("dc") ?? "";
  const q = query.get("q") ?? "";
  const [office, setOffice] = useState(dc);
  const page = Math.max(1, Number(query.get("page") ?? 1) || 1);
  const request = {
    ...(status === "all" ? {} : { status }),
    ...(overdue ? { overdue: true } : {}),
    ...(dc ? { dc } : {}),
    ...(q ? { q } : {}),
    page,
    pageSize: PAGE,
  };
  const list = useApiQuery(
    [...keys.connections, "list", JSON.stringify(request)],
    "GET /api/connections",
    { query: request },
    { keep: true },
  );
  // The late ones on their own above the list, for the officers who answer for them.
  const lateFirst =
    !overdue && page === 1 && me !== null && me !== undefined && OVERDUE_FIRST.includes(me.role);
  const lateRequest = { status: "pending" as const, overdue: true, ...(dc ? { dc } : {}), pageSize: 20 };
  const late = useApiQuery(
    [...keys.connections, "list", JSON.stringify(lateRequest)],
    "GET /api/connections",
    { query: lateRequest },
    { enabled: lateFirst },
  );

  const setFilter = (key: string, value: string | boolean) => {
    const p = new URLSearchParams(query.toString());
    if (value === "" || value === false) p.delete(key);
    else p.set(key, String(value));
    if (key !== "page") p.delete("page");
    navigate(`/connections?${p}`, true);
  };
  const data = list.data;
  const lastPage = data ? Math.max(1, Math.ceil(data.total / PAGE)) : 1;

  return (
    <section className="page" data-testid="applications">
      <header className="page-head">
        <h1>{t("conn.list.title")}</h1>
        <div className="actions">
          <ExportButtons
            path="/api/connections/export"
            query={{ ...request, page: undefined, pageSize: undefined }}
            label={t("conn.list.title")}
          />
          {can("connections.read") ? (
            <Link href="/connections/reports" className="btn btn-secondary">
              {t("conn.report.title")}
            </Link>
          ) : null}
          {can("connections.create") ? (
            <Link href="/connections/new" className="btn btn-primary">
              {t("conn.new.title")}
            </Link>
          ) : null}
        </div>
      </header>
      <search className="filters">
        <select
          aria-label={t("conn.filter.stage")}
          value={status}
          onChange={(e) => setFilter("status", e.target.value === "pending" ? "" : e.target.value)}
        >
          {FILTERS.map((s) => (
            <option key={s} value={s}>
              {s === "pending"
                ? t("conn.filter.pending")
                : s === "all"
                  ? t("conn.filter.all")
                  : t(stageKey(s))}
            </option>
          ))}
        </select>
        <label className="check-inline">
          <input type="checkbox" checked={overdue} onChange={(e) => setFilter("overdue", e.target.checked)} />{" "}
          {t("conn.filter.overdue")}
        </label>
        <form
          className="inline-form filter-org"
          onSubmit={(e) => {
            e.preventDefault();
            setFilter("dc", office);
          }}
        >
          <OrgPicker label={t("conn.filter.office")} value={dc} onChange={setOffice} />
          <Button type="submit" variant="secondary">
            {t("conn.filter.apply")}
          </Button>
        </form>
        {data ? (
          <span className="muted small" aria-live="polite" data-testid="applications-count">
            {data.total >= 10_000
              ? t("conn.countCapped", { count: data.total })
              : t("conn.count", { count: data.total })}
          </span>
        ) : null}
      </search>
      {q ? (
        <p>
          {t("conn.list.matching", { q })}{" "}
          <Button variant="ghost" onClick={() => setFilter("q", "")}>
            {t("conn.list.clearSearch")}
          </Button>
        </p>
      ) : null}
      <ErrorNotice error={list.error ?? late.error} />
      {lateFirst && late.data && late.data.items.length > 0 ? (
        <section className="panel late-panel" data-testid="overdue-first">
          <h2>{t("conn.list.lateFirst", { count: late.data.total })}</h2>
          <ApplicationTable items={late.data.items} testId="overdue-list" />
        </section>
      ) : null}
      {!data && list.isFetching ? <Loading text={t("common.loading")} /> : null}
      {data && data.items.length === 0 ? <p className="muted">{t("conn.list.none")}</p> : null}
      {data && data.items.length > 0 ? (
        <div aria-busy={list.isFetching}>
          <ApplicationTable items={data.items} testId="application-list" />
        </div>
      ) : null}
      {data && lastPage > 1 ? (
        <div className="pager">
          <Button
            variant="secondary"
            disabled={page <= 1}
            onClick={() => setFilter("page", String(page - 1))}
          >
            ← {t("common.previous")}
          </Button>
          <span className="muted small">
            {t("common.range", {
              from: (page - 1) * PAGE + 1,
              to: Math.min(page * PAGE, data.total),
              total: data.total,
            })}
          </span>
          <Button
            variant="secondary"
            disabled={page >= lastPage}
            onClick={() => setFilter("page", String(page + 1))}
          >
            {t("common.next")} →
          </Button>
        </div>
      ) : null}
    </section>
  );
}
