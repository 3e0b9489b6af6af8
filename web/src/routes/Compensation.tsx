import { keepPreviousData, useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, api } from "../api.ts";
import type { Reply } from "../endpoints.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, useApiQuery } from "../query.ts";
import { navigate, useLocation } from "../router.tsx";
import { useSession } from "../session.tsx";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice } from "../ui/errors.tsx";
import { Badge, Button, Loading, Notice } from "../ui/index.tsx";
import { OrgPicker } from "../ui/OrgPicker.tsx";

type Page = Reply<"GET /api/compensation">;
type Entry = Page["items"][number];
interface CreditsResult {
  rows: number;
  credited: number;
  unchanged: number;
  rejected: number;
  errors: { line: number; column: string | null; value: string | null; reason: string }[];
}

const STATUSES = ["due", "part_credited", "credited", "waived"] as const;
const FILTERS = ["unit", "status", "category", "from", "to"] as const;
const rs = (n: number) => n.toLocaleString("en-IN");
const TONE = { due: "red", part_credited: "amber", credited: "green", waived: "grey" } as const;

/** Billing's credits file, sent as it is (text/csv): the API reads it line by line. */
async function uploadCredits(file: File): Promise<CreditsResult> {
  const res = await fetch("/api/compensation/credits", {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "text/csv", accept: "application/json" },
    body: await file.text(),
  });
  const data = (await res.json().catch(() => ({}))) as CreditsResult & {
    error?: string;
    message?: string;
    field?: string;
  };
  if (!res.ok)
    throw new ApiError(res.status, data.error ?? `http_${res.status}`, data.message ?? "", data.field);
  return data;
}

/**
 * The compensation register: every breach that owes a consumer compensation,
 * filtered by office, status, category and days; the totals; downloads (the
 * register and the billing file); billing's credits uploaded with a result
 * per line; waivers.
 */
export function Compensation() {
  const { t, name, formatDateTime } = useI18n();
  const { can } = useSession();
  const { query } = useLocation();
  const filter = Object.fromEntries(
    FILTERS.map((k) => [k, query.get(k) ?? ""]).filter(([, v]) => v !== ""),
  ) as Partial<Record<(typeof FILTERS)[number], string>>;
  const request = { ...filter, status: filter.status as (typeof STATUSES)[number] | undefined };
  const set = (k: (typeof FILTERS)[number], v: string) => {
    const p = new URLSearchParams(query.toString());
    v ? p.set(k, v) : p.delete(k);
    navigate(`/compensation?${p}`);
  };
  const key = ["compensation", JSON.stringify(filter)];
  const list = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) =>
      api("GET /api/compensation", { query: { ...request, ...(pageParam ? { after: pageParam } : {}) } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });
  const catalogue = useApiQuery(["catalogue"], "GET /api/complaint-catalogue", undefined);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const totals = list.data?.pages[0]?.totals;
  const [result, setResult] = useState<CreditsResult | undefined>();
  const upload = useMutation({
    mutationFn: uploadCredits,
    onSuccess: async (r) => {
      setResult(r);
      await invalidate(["compensation"]);
    },
  });
  const waive = useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) =>
      api("POST /api/compensation/:id/waive", { params: { id }, body: { reason } }),
    onSuccess: () => invalidate(["compensation"]),
  });
  const billingHref = `/api/compensation/export?${new URLSearchParams({ ...filter, format: "billing" })}`;
  const categories = catalogue.data?.categories ?? [];

  return (
    <section className="page" data-testid="compensation">
      <header className="page-head">
        <h1>{t("comp.title")}</h1>
        <div className="filters">
          <OrgPicker label={t("comp.unit")} value={filter.unit ?? ""} onChange={(c) => set("unit", c)} />
          <label className="check-inline">
            {t("comp.status")}{" "}
            <select value={filter.status ?? ""} onChange={(e) => set("status", e.target.value)}>
              <option value="">{t("comp.status.all")}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`comp.status.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label className="check-inline">
            {t("comp.category")}{" "}
            <select value={filter.category ?? ""} onChange={(e) => set("category", e.target.value)}>
              <option value="">{t("comp.category.all")}</option>
              {categories.map((c) => (
                <option key={c.code} value={c.code}>
                  {name(c)}
                </option>
              ))}
              <option value="new_connection">{t("sop.rows.sourceConnections")}</option>
            </select>
          </label>
          <label className="check-inline">
            {t("comp.from")}{" "}
            <input type="date" value={filter.from ?? ""} onChange={(e) => set("from", e.target.value)} />
          </label>
          <label className="check-inline">
            {t("comp.to")}{" "}
            <input type="date" value={filter.to ?? ""} onChange={(e) => set("to", e.target.value)} />
          </label>
        </div>
      </header>
      {totals ? (
        <dl className="stat-row" data-testid="comp-totals">
          <div>
            <dt>{t("comp.totals.entries")}</dt>
            <dd>{rs(totals.entries)}</dd>
          </div>
          <div>
            <dt>{t("comp.totals.due")}</dt>
            <dd>{rs(totals.dueRs)}</dd>
          </div>
          <div>
            <dt>{t("comp.totals.credited")}</dt>
            <dd>{rs(totals.creditedRs)}</dd>
          </div>
          <div>
            <dt>{t("comp.totals.outstanding")}</dt>
            <dd className={totals.outstandingRs > 0 ? "cell-red" : undefined}>{rs(totals.outstandingRs)}</dd>
          </div>
          <div>
            <dt>{t("comp.totals.waived")}</dt>
            <dd>{rs(totals.waivedRs)}</dd>
          </div>
        </dl>
      ) : null}
      <p className="actions">
        <ExportButtons path="/api/compensation/export" query={filter} label={t("comp.title")} />{" "}
        <a
          className="btn btn-ghost"
          href={billingHref}
          download
          title={t("comp.billingHelp")}
          data-testid="billing-file"
        >
          {t("comp.billing")}
        </a>
      </p>
      {can("compensation.manage") ? (
        <div className="comp-upload">
          <label className="field">
            <span>{t("comp.upload")}</span>
            <input
              type="file"
              accept=".csv,text/csv"
              data-testid="credits-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) upload.mutate(f);
                e.target.value = "";
              }}
            />
            <small className="hint">{t("comp.uploadHelp")}</small>
          </label>
          {upload.isPending ? <Loading text={t("comp.uploading")} /> : null}
          <ErrorNotice error={upload.error} />
          {result ? (
            <div data-testid="credits-result">
              <Notice tone={result.rejected ? "info" : "success"}>
                {t("comp.result", {
                  rows: result.rows,
                  credited: result.credited,
                  unchanged: result.unchanged,
                  rejected: result.rejected,
                })}
              </Notice>
              {result.errors.length ? (
                <table className="grid compact">
                  <thead>
                    <tr>
                      <th className="num">{t("comp.line")}</th>
                      <th>{t("comp.column")}</th>
                      <th>{t("comp.value")}</th>
                      <th>{t("comp.reason")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.errors.map((e) => (
                      <tr key={`${e.line}.${e.column}`}>
                        <td className="num">{e.line}</td>
                        <td className="mono">{e.column}</td>
                        <td className="mono">{e.value}</td>
                        <td>{e.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </div>
          ) : null}
        </div>
      ) : null}
      <ErrorNotice error={list.error ?? waive.error} />
      {!list.data && list.isFetching ? <Loading text={t("common.loading")} /> : null}
      <div className="table-scroll">
        <table className="grid compact" data-testid="comp-table">
          <thead>
            <tr>
              <th className="num">{t("comp.col.entry")}</th>
              <th>{t("comp.col.consumer")}</th>
              <th>{t("comp.col.reference")}</th>
              <th>{t("comp.col.dc")}</th>
              <th>{t("comp.col.category")}</th>
              <th>{t("comp.col.area")}</th>
              <th>{t("comp.col.breachedAt")}</th>
              <th className="num">{t("comp.col.due")}</th>
              <th className="num">{t("comp.col.credited")}</th>
              <th>{t("comp.col.status")}</th>
              {can("compensation.manage") ? <th /> : null}
            </tr>
          </thead>
          <tbody>
            {list.data && items.length === 0 ? (
              <tr>
                <td colSpan={11} className="muted">
                  {t("comp.none")}
                </td>
              </tr>
            ) : null}
            {items.map((e: Entry) => (
              <tr key={e.id}>
                <td className="num mono">{e.id}</td>
                <td>
                  <span className="mono">{e.consumerNo}</span>{" "}
                  <span className="small muted">{e.consumerName}</span>
                </td>
                <td className="mono">{e.reference}</td>
                <td className="mono">{e.dc}</td>
                <td>{e.category}</td>
                <td>{t(`sop.${e.areaType}` as MessageKey)}</td>
                <td className="nowrap">{formatDateTime(e.breachedAt)}</td>
                <td className="num">{rs(e.dueRs)}</td>
                <td className="num">{rs(e.creditedRs)}</td>
                <td>
                  <Badge tone={TONE[e.status]} title={e.waiveReason ?? undefined}>
                    {t(`comp.status.${e.status}` as MessageKey)}
                  </Badge>
                </td>
                {can("compensation.manage") ? (
                  <td>
                    {e.status === "due" || e.status === "part_credited" ? (
                      <Button
                        variant="ghost"
                        onClick={() => {
                          const reason = window.prompt(t("comp.waiveReason"));
                          if (reason?.trim()) waive.mutate({ id: e.id, reason: reason.trim() });
                        }}
                      >
                        {t("comp.waive")}
                      </Button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.hasNextPage ? (
        <p>
          <Button
            variant="secondary"
            busy={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t("comp.more")}
          </Button>
        </p>
      ) : null}
    </section>
  );
}
