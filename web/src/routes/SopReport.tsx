import { Fragment } from "react";
import type { Reply } from "../endpoints.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { useApiQuery } from "../query.ts";
import { Link, navigate, useLocation } from "../router.tsx";
import { useSession } from "../session.tsx";
import { monthOf } from "../time.ts";
import { ErrorNotice } from "../ui/errors.tsx";
import { Loading } from "../ui/index.tsx";
import { OrgPicker } from "../ui/OrgPicker.tsx";

type Report = Reply<"GET /api/reports/sop">;
type Cell = Report["total"]["urban"];
const AREAS = ["urban", "rural", "total"] as const;
const count = (n: number) => n.toLocaleString("en-IN");
const pct = (n: number | null) => (n === null ? "–" : n.toFixed(1));

/** The periods to pick: the last eight quarters and the last twelve months, newest first. */
function periods(now = monthOf()): { quarters: string[]; months: string[] } {
  const [y, m] = now.split("-").map(Number) as [number, number];
  const q = Math.floor((m - 1) / 3) + 1;
  const quarters: string[] = [];
  for (let i = 0; i < 8; i++) {
    const k = (y * 4 + (q - 1) - i) as number;
    quarters.push(`${Math.floor(k / 4)}-Q${(k % 4) + 1}`);
  }
  const months: string[] = [];
  for (let i = 0; i < 12; i++) {
    const k = y * 12 + (m - 1) - i;
    months.push(`${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}`);
  }
  return { quarters, months };
}

function Figures({ c }: { c: Cell }) {
  return (
    <>
      <td className="num">{count(c.pendingStart)}</td>
      <td className="num">{count(c.received)}</td>
      <td className="num">{count(c.rejected)}</td>
      <td className={`num${c.within > 0 ? " cell-green" : ""}`}>{count(c.within)}</td>
      <td className={`num${c.beyond > 0 ? " cell-red" : ""}`}>{count(c.beyond)}</td>
      <td className="num">{count(c.pendingEnd)}</td>
      <td className="num">
        <strong>{pct(c.compliancePct)}</strong>
      </td>
      <td className="num">{count(c.compensationDueRs)}</td>
      <td className="num">{count(c.compensationPaidRs)}</td>
    </>
  );
}

/**
 * The regulator's Standards of Performance report: a quarter or month, an
 * office; each service × urban / rural / total, the reliability indices, and
 * the report as PDF or Excel in the commission's form.
 */
export function SopReport() {
  const { t, lang, formatDateTime } = useI18n();
  const { can } = useSession();
  const { query } = useLocation();
  const period = query.get("period") ?? "";
  const unit = query.get("unit") ?? "";
  const request = { ...(period ? { period } : {}), ...(unit ? { unit } : {}), lang };
  const report = useApiQuery(
    ["reports", "sop", JSON.stringify(request)],
    "GET /api/reports/sop",
    {
      query: request,
    },
    { keep: true },
  );
  const r = report.data;
  const go = (next: { period?: string; unit?: string }) => {
    const p = new URLSearchParams(query.toString());
    for (const [k, v] of Object.entries(next)) v ? p.set(k, v) : p.delete(k);
    navigate(`/reports/sop?${p}`);
  };
  const files = new URLSearchParams({
    ...(r ? { period: r.period.code, unit: r.unit.code } : request),
    lang,
  });
  const both = (en: string, hi: string) => (lang === "hi" ? hi || en : en);
  const { quarters, months } = periods();

  return (
    <section className="page sop-report" data-testid="sop-report">
      <header className="page-head">
        <h1>{t("sop.title")}</h1>
        <div className="filters">
          <label className="check-inline">
            {t("sop.period")}{" "}
            <select value={period || r?.period.code || ""} onChange={(e) => go({ period: e.target.value })}>
              <optgroup label={t("sop.quarters")}>
                {quarters.map((q) => (
                  <option key={q} value={q}>
                    {q}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t("sop.months")}>
                {months.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </optgroup>
            </select>
          </label>
          <OrgPicker
            label={t("sop.unit")}
            value={unit}
            onChange={(code) => code.length >= 1 && go({ unit: code })}
          />
          <a className="btn btn-ghost" href={`/api/reports/sop.pdf?${files}`} download data-testid="sop-pdf">
            {t("sop.pdf")}
          </a>
          <a
            className="btn btn-ghost"
            href={`/api/reports/sop.xlsx?${files}`}
            download
            data-testid="sop-xlsx"
          >
            {t("sop.excel")}
          </a>
        </div>
      </header>
      <ErrorNotice error={report.error} />
      {!r && report.isFetching ? <Loading text={t("common.loading")} /> : null}
      {r ? (
        <>
          <p className="muted">
            {t("sop.discom")}: <strong>{both(r.discom.nameEn, r.discom.nameHi)}</strong> · {t("sop.unit")}:{" "}
            <strong>
              {r.unit.code} {both(r.unit.nameEn, r.unit.nameHi)}
            </strong>{" "}
            · {t("sop.period")}: <strong>{r.period.code}</strong> ({r.period.firstDay} – {r.period.lastDay}) ·{" "}
            {t("sop.generated", { at: formatDateTime(r.generatedAt) })}
            {can("reports.configure") ? (
              <>
                {" "}
                · <Link href="/reports/sop/rows">{t("sop.configure")}</Link>
              </>
            ) : null}
          </p>
          <div className="table-scroll" aria-busy={report.isFetching}>
            <table className="grid compact report-table sop-table" data-testid="sop-table">
              <thead>
                <tr>
                  <th>{t("sop.sno")}</th>
                  <th>{t("sop.service")}</th>
                  <th>{t("sop.standard")}</th>
                  <th>{t("sop.areaType")}</th>
                  <th className="num">{t("sop.pendingStart")}</th>
                  <th className="num">{t("sop.received")}</th>
                  <th className="num">{t("sop.rejected")}</th>
                  <th className="num">{t("sop.within")}</th>
                  <th className="num">{t("sop.beyond")}</th>
                  <th className="num">{t("sop.pendingEnd")}</th>
                  <th className="num">{t("sop.compliance")}</th>
                  <th className="num">{t("sop.compDue")}</th>
                  <th className="num">{t("sop.compPaid")}</th>
                </tr>
              </thead>
              <tbody>
                {r.rows.map((row, i) => (
                  <Fragment key={row.code}>
                    {AREAS.map((a, j) => (
                      <tr
                        key={a}
                        className={a === "total" ? "subtotal" : undefined}
                        data-row={`${row.code}.${a}`}
                      >
                        {j === 0 ? (
                          <>
                            <td rowSpan={3}>{i + 1}</td>
                            <td rowSpan={3}>
                              <strong>{both(row.labelEn, row.labelHi)}</strong>
                            </td>
                            <td rowSpan={3} className="small muted">
                              {both(row.standardEn, row.standardHi)}
                            </td>
                          </>
                        ) : null}
                        <td>{t(`sop.${a}` as MessageKey)}</td>
                        <Figures c={row.cells[a]} />
                      </tr>
                    ))}
                  </Fragment>
                ))}
              </tbody>
              <tfoot>
                {AREAS.map((a, j) => (
                  <tr key={a} className="total" data-row={`all.${a}`}>
                    {j === 0 ? (
                      <td rowSpan={3} colSpan={3}>
                        {t("sop.allServices")}
                      </td>
                    ) : null}
                    <td>{t(`sop.${a}` as MessageKey)}</td>
                    <Figures c={r.total[a]} />
                  </tr>
                ))}
              </tfoot>
            </table>
          </div>
          <h2>{t("sop.reliability")}</h2>
          <div className="table-scroll">
            <table className="grid compact" data-testid="sop-reliability">
              <thead>
                <tr>
                  <th>{t("sop.unit")}</th>
                  <th className="num">{t("sop.customers")}</th>
                  <th className="num">SAIFI</th>
                  <th className="num">SAIDI (min)</th>
                  <th className="num">CAIDI (min)</th>
                  <th className="num">MAIFI</th>
                </tr>
              </thead>
              <tbody>
                {r.reliability.rows.map((x) => (
                  <tr key={x.code}>
                    <td>
                      <strong>{both(x.nameEn, x.nameHi)}</strong>{" "}
                      <span className="mono small muted">{x.code}</span>
                    </td>
                    <td className="num">{count(x.customersServed)}</td>
                    <td className="num">{x.saifi.toFixed(3)}</td>
                    <td className="num">{x.saidi.toFixed(1)}</td>
                    <td className="num">{x.caidi.toFixed(1)}</td>
                    <td className="num">{x.maifi.toFixed(3)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr className="total">
                  <td>{t("sop.total")}</td>
                  <td className="num">{count(r.reliability.total.customersServed)}</td>
                  <td className="num">{r.reliability.total.saifi.toFixed(3)}</td>
                  <td className="num">{r.reliability.total.saidi.toFixed(1)}</td>
                  <td className="num">{r.reliability.total.caidi.toFixed(1)}</td>
                  <td className="num">{r.reliability.total.maifi.toFixed(3)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
          <p className="muted small">{t("sop.momentary", { n: r.reliability.momentaryMinutes })}</p>
          <h2>{t("sop.definitions")}</h2>
          <ol className="small sop-definitions">
            <li>{t("sop.def1")}</li>
            <li>{t("sop.def2")}</li>
            <li>{t("sop.def3")}</li>
            <li>{t("sop.def4")}</li>
          </ol>
        </>
      ) : null}
    </section>
  );
}
