import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { api } from "../api.ts";
import { type ApplicationStatus, PENDING_APPLICATION_STATUSES } from "../contract.ts";
import type { Reply } from "../endpoints.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys, useApiQuery } from "../query.ts";
import { Link, navigate, useLocation } from "../router.tsx";
import { useSession } from "../session.tsx";
import { rupees, stageKey } from "../ui/connection.tsx";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice } from "../ui/errors.tsx";
import { Button, Field, Loading, Notice } from "../ui/index.tsx";

type Settings = Reply<"GET /api/connections/settings">;
type Report = Reply<"GET /api/connections/reports">;

/** The stages with an internal limit of their own: not the demand note's, which waits for the applicant. */
const TIMED_STAGES = PENDING_APPLICATION_STATUSES.filter((s) => s !== "demand_note_issued");

const count = (n: number) => n.toLocaleString("en-IN");

/**
 * Applications pending by stage per office, those beyond SoP, released this
 * month and the compensation due; a click on an office shows the offices
 * below it (the URL keeps where one is, so Back goes up again).
 */
export function ConnectionReports() {
  const { t, name } = useI18n();
  const { can } = useSession();
  const { query } = useLocation();
  const dc = query.get("dc") ?? "";
  const month = query.get("month") ?? "";
  const request = { ...(dc ? { dc } : {}), ...(month ? { month } : {}) };
  const report = useApiQuery(
    [...keys.connections, "report", JSON.stringify(request)],
    "GET /api/connections/reports",
    { query: request },
    { keep: true },
  );
  const go = (next: { dc?: string; month?: string }) => {
    const p = new URLSearchParams(query.toString());
    for (const [k, v] of Object.entries(next)) v ? p.set(k, v) : p.delete(k);
    navigate(`/connections/reports?${p}`);
  };
  const r: Report | undefined = report.data;
  const stages = PENDING_APPLICATION_STATUSES as readonly ApplicationStatus[];

  return (
    <section className="page" data-testid="connection-report">
      <p>
        <Link href="/connections">← {t("conn.list.title")}</Link>
      </p>
      <header className="page-head">
        <h1>{t("conn.report.title")}</h1>
        <ExportButtons
          path="/api/connections/reports/export"
          query={request}
          label={t("conn.report.title")}
        />
        <div className="filters">
          <label className="check-inline">
            {t("conn.report.month")}{" "}
            <input
              type="month"
              value={month || r?.month || ""}
              onChange={(e) => go({ month: e.target.value })}
            />
          </label>
        </div>
      </header>
      {dc ? (
        <p>
          <Button variant="secondary" onClick={() => history.back()}>
            ↑ {t("conn.report.up")}
          </Button>{" "}
          <span className="muted">{t("conn.report.below", { office: dc })}</span>
        </p>
      ) : null}
      <ErrorNotice error={report.error} />
      {!r && report.isFetching ? <Loading text={t("common.loading")} /> : null}
      {r ? (
        <div className="table-scroll" aria-busy={report.isFetching}>
          <table className="grid compact report-table" data-testid="report-table">
            <thead>
              <tr>
                <th>{t("conn.report.office")}</th>
                {stages.map((s) => (
                  <th key={s} className="num">
                    {t(stageKey(s))}
                  </th>
                ))}
                <th className="num">{t("conn.report.pending")}</th>
                <th className="num">{t("conn.report.beyondSop")}</th>
                <th className="num">{t("conn.report.released")}</th>
                <th className="num">{t("conn.report.compensation")}</th>
              </tr>
            </thead>
            <tbody>
              {r.rows.length === 0 ? (
                <tr>
                  <td colSpan={stages.length + 5} className="muted">
                    {t("conn.report.none")}
                  </td>
                </tr>
              ) : null}
              {r.rows.map((row) => (
                <tr
                  key={row.office.code}
                  tabIndex={0}
                  onClick={() => go({ dc: row.office.code })}
                  onKeyDown={(e) => e.key === "Enter" && go({ dc: row.office.code })}
                  title={t("conn.report.drill")}
                >
                  <td>
                    <strong>{name(row.office)}</strong>{" "}
                    <span className="mono small muted">{row.office.code}</span>
                  </td>
                  {stages.map((s) => (
                    <td key={s} className="num">
                      {row.pending[s] ? count(row.pending[s]) : <span className="muted">0</span>}
                    </td>
                  ))}
                  <td className="num">
                    <strong>{count(row.pendingTotal)}</strong>
                  </td>
                  <td className={`num${row.beyondSop > 0 ? " cell-red" : ""}`}>{count(row.beyondSop)}</td>
                  <td className="num cell-green">{count(row.releasedThisMonth)}</td>
                  <td className={`num${row.compensationRs > 0 ? " cell-red" : ""}`}>
                    {rupees(row.compensationRs)}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="total">
                <td>{t("conn.report.total")}</td>
                {stages.map((s) => (
                  <td key={s} className="num">
                    {count(r.totals.pending[s] ?? 0)}
                  </td>
                ))}
                <td className="num">{count(r.totals.pendingTotal)}</td>
                <td className={`num${r.totals.beyondSop > 0 ? " cell-red" : ""}`}>
                  {count(r.totals.beyondSop)}
                </td>
                <td className="num">{count(r.totals.releasedThisMonth)}</td>
                <td className="num">{rupees(r.totals.compensationRs)}</td>
              </tr>
            </tfoot>
          </table>
          <p className="muted small">
            <Link href={`/connections?overdue=true${dc ? `&dc=${encodeURIComponent(dc)}` : ""}`}>
              {t("conn.report.seeLate")}
            </Link>
          </p>
        </div>
      ) : null}
      {can("tariffs.manage") ? <SopSettingsForm /> : null}
    </section>
  );
}

/** The SoP limits the clock counts with, per state: release days by area, each stage's days, compensation. */
function SopSettingsForm() {
  const { t } = useI18n();
  const key = [...keys.connections, "sop-settings"];
  const current = useApiQuery(key, "GET /api/connections/settings");
  const [form, setForm] = useState<Record<string, string>>({});
  useEffect(() => {
    const s = current.data;
    if (!s) return;
    const stageDays = s.stageDays as Partial<Record<string, number>>;
    setForm({
      ...Object.fromEntries(Object.entries(s.releaseDays).map(([k, v]) => [`release.${k}`, String(v)])),
      ...Object.fromEntries(
        TIMED_STAGES.map((st) => [`stage.${st}`, stageDays[st] ? String(stageDays[st]) : ""]),
      ),
      compensationRsPerDay: String(s.compensationRsPerDay),
      escalationStepHours: String(s.escalationStepHours),
    });
  }, [current.data]);
  const save = useMutation({
    mutationFn: () => {
      const num = (k: string) => Number(form[k] ?? "");
      const body: Settings = {
        releaseDays: {
          metro: num("release.metro"),
          urban: num("release.urban"),
          rural: num("release.rural"),
        },
        stageDays: Object.fromEntries(
          TIMED_STAGES.filter((s) => (form[`stage.${s}`] ?? "").trim() !== "").map((s) => [
            s,
            num(`stage.${s}`),
          ]),
        ) as Settings["stageDays"],
        compensationRsPerDay: num("compensationRsPerDay"),
        escalationStepHours: num("escalationStepHours"),
      };
      return api("PUT /api/connections/settings", { body });
    },
    onSuccess: () => void invalidate(keys.connections),
  });
  if (current.isError) return null; // not his to change, or not there
  const input = (k: string, label: string) => (
    <Field
      key={k}
      label={label}
      inputMode="numeric"
      value={form[k] ?? ""}
      onChange={(e) => {
        save.reset();
        setForm({ ...form, [k]: e.target.value });
      }}
    />
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="panel" data-testid="sop-settings" onSubmit={submit}>
      <h2>{t("conn.sopSettings.title")}</h2>
      <p className="muted small">{t("conn.sopSettings.intro")}</p>
      <h3>{t("conn.sopSettings.release")}</h3>
      <div className="form-grid">
        {(["metro", "urban", "rural"] as const).map((a) => input(`release.${a}`, t(`conn.area.${a}`)))}
      </div>
      <h3>{t("conn.sopSettings.stages")}</h3>
      <div className="form-grid">{TIMED_STAGES.map((s) => input(`stage.${s}`, t(stageKey(s))))}</div>
      <div className="form-grid">
        {input("compensationRsPerDay", t("conn.sopSettings.compensation"))}
        {input("escalationStepHours", t("conn.sopSettings.escalation"))}
      </div>
      <ErrorNotice error={save.error} />
      {save.isSuccess ? <Notice tone="success">{t("conn.saved")}</Notice> : null}
      <div className="actions">
        <Button type="submit" busy={save.isPending}>
          {t("common.save")}
        </Button>
      </div>
    </form>
  );
}
