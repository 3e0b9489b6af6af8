import { useState } from "react";
import { CALL_OUTCOMES, CALLBACK_STATUSES, type CallbackStatus, type CallOutcome } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { useApiQuery } from "../query.ts";
import { fromZonedInput } from "../time.ts";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice } from "../ui/errors.tsx";
import { Badge, Button, Loading, type Tone } from "../ui/index.tsx";

const PAGE = 50;

const STATUS_TONE: Record<CallbackStatus, Tone> = {
  open: "blue",
  link_sent: "amber",
  confirmed: "green",
  not_fixed: "red",
  not_confirmed: "grey",
  cancelled: "grey",
};

/** The day after a "YYYY-MM-DD" (the "to" day is included: the filter ends at the next midnight). */
function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * The feedback desk's history: every callback of the jurisdiction in any
 * status, newest first, by status, office, closing day and the last call's
 * outcome; the table downloads as filtered (issue 16). The due-now queue
 * above stays as it is.
 */
export function CallbackHistory() {
  const { t, name, formatDateTime } = useI18n();
  const [status, setStatus] = useState<CallbackStatus | "">("");
  const [outcome, setOutcome] = useState<CallOutcome | "">("");
  const [dc, setDc] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [offset, setOffset] = useState(0);
  const closedFrom = from ? fromZonedInput(`${from}T00:00`) : undefined;
  const closedTo = to ? fromZonedInput(`${nextDay(to)}T00:00`) : undefined;
  const filters = {
    ...(status ? { status } : {}),
    ...(outcome ? { outcome } : {}),
    ...(dc.trim() ? { dc: dc.trim().toUpperCase() } : {}),
    ...(closedFrom ? { closedFrom } : {}),
    ...(closedTo ? { closedTo } : {}),
  };
  const query = { ...filters, limit: PAGE, offset };
  const { data, error } = useApiQuery(
    ["callbacks", "history", query],
    "GET /api/callbacks/history",
    { query },
    {
      keep: true,
    },
  );
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setOffset(0);
    };

  return (
    <section className="cb-history" aria-labelledby="cb-history-title">
      <div className="page-head">
        <h2 id="cb-history-title">{t("export.cb.history")}</h2>
        <ExportButtons path="/api/callbacks/history/export" query={filters} label={t("export.cb.history")} />
      </div>
      <p className="muted small">{t("export.cb.historyIntro")}</p>
      <div className="filters">
        <select
          aria-label={t("export.cb.status")}
          value={status}
          onChange={(e) => reset(setStatus)(e.target.value as CallbackStatus | "")}
        >
          <option value="">{t("export.cb.anyStatus")}</option>
          {CALLBACK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`export.cb.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
        <select
          aria-label={t("export.cb.lastCall")}
          value={outcome}
          onChange={(e) => reset(setOutcome)(e.target.value as CallOutcome | "")}
        >
          <option value="">{t("export.cb.anyOutcome")}</option>
          {CALL_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`cb.outcome.${o}` as MessageKey)}
            </option>
          ))}
        </select>
        <input
          type="search"
          aria-label={t("export.cb.office")}
          placeholder={t("export.cb.office")}
          value={dc}
          size={10}
          onChange={(e) => reset(setDc)(e.target.value)}
        />
        <label>
          {t("export.cb.closedFrom")}{" "}
          <input type="date" value={from} onChange={(e) => reset(setFrom)(e.target.value)} />
        </label>
        <label>
          {t("export.cb.closedTo")}{" "}
          <input type="date" value={to} onChange={(e) => reset(setTo)(e.target.value)} />
        </label>
      </div>
      <ErrorNotice error={error} />
      {!data && !error ? <Loading text={t("common.loading")} /> : null}
      {data && data.items.length === 0 ? <p className="muted">{t("export.cb.none")}</p> : null}
      {data && data.items.length > 0 ? (
        <>
          <table className="grid" data-testid="cb-history">
            <thead>
              <tr>
                <th scope="col">{t("cb.col.complaint")}</th>
                <th scope="col">{t("cb.col.consumer")}</th>
                <th scope="col">{t("cb.col.resolved")}</th>
                <th scope="col">{t("export.cb.status")}</th>
                <th scope="col" className="num">
                  {t("cb.col.attempts")}
                </th>
                <th scope="col">{t("export.cb.lastCall")}</th>
                <th scope="col">{t("export.cb.closed")}</th>
                <th scope="col">{t("export.cb.rating")}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((b) => (
                <tr key={b.id}>
                  <td>
                    <span className="mono">{b.complaintNumber}</span>
                    <div className="small muted">
                      {name(b.category)} · {b.dc.code}
                    </div>
                  </td>
                  <td>
                    {b.name ?? "—"}
                    {b.consumerNo ? <div className="small muted mono">{b.consumerNo}</div> : null}
                  </td>
                  <td className="small">{formatDateTime(b.resolvedAt)}</td>
                  <td>
                    <Badge tone={STATUS_TONE[b.status as CallbackStatus] ?? "grey"}>
                      {t(`export.cb.status.${b.status}` as MessageKey)}
                    </Badge>
                  </td>
                  <td className="num">{b.attempts}</td>
                  <td className="small">
                    {b.lastOutcome ? t(`cb.outcome.${b.lastOutcome}` as MessageKey) : "—"}
                  </td>
                  <td className="small">{b.closedAt ? formatDateTime(b.closedAt) : "—"}</td>
                  <td className="small">{b.overallRating ? `${b.overallRating}/5` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <Button
              variant="secondary"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              ← {t("common.previous")}
            </Button>
            <span className="muted small">
              {offset + 1}–{offset + data.items.length}
            </span>
            <Button
              variant="secondary"
              disabled={data.items.length < PAGE}
              onClick={() => setOffset(offset + PAGE)}
            >
              {t("common.next")} →
            </Button>
          </div>
        </>
      ) : null}
    </section>
  );
}
