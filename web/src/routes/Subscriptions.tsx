import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../api.ts";
import type { Body, Reply } from "../endpoints.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys, useApiQuery } from "../query.ts";
import { errorField, useFormError } from "../ui/errors.tsx";
import { Button, Loading, Notice } from "../ui/index.tsx";
import { OrgPicker } from "../ui/OrgPicker.tsx";

type Subscription = Reply<"GET /api/reports/subscriptions">["items"][number];
type NewSubscription = Body<"POST /api/reports/subscriptions">;

const KINDS = ["area_summary", "sop"] as const;
const FREQUENCIES = ["monthly", "weekly"] as const;

/** The last full month, "2026-11", in the browser's reckoning (the server checks it). */
function lastMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

/**
 * An officer's scheduled reports: the weekly or monthly report of an office
 * in his jurisdiction, sent to his mobile as an SMS link; send one now to try
 * it, or download the area summary at once.
 */
export function Subscriptions() {
  const { t, lang, name, formatDateTime } = useI18n();
  const list = useApiQuery(keys.subscriptions, "GET /api/reports/subscriptions");
  const items = list.data?.items;
  const [form, setForm] = useState<{
    unit: string;
    kind: NewSubscription["kind"];
    frequency: NewSubscription["frequency"];
    language: NewSubscription["language"];
  }>({ unit: "", kind: "area_summary", frequency: "monthly", language: lang });
  const [pickerKey, setPickerKey] = useState(0);
  const load = () => void invalidate(keys.subscriptions);

  const creation = useMutation({
    mutationFn: () => api("POST /api/reports/subscriptions", { body: { ...form, unit: form.unit.trim() } }),
    onSuccess: () => {
      setForm({ ...form, unit: "" });
      setPickerKey((k) => k + 1);
      load();
    },
  });
  const removal = useMutation({
    mutationFn: (s: Subscription) => api("DELETE /api/reports/subscriptions/:id", { params: { id: s.id } }),
    onSettled: load,
  });
  const sending = useMutation({
    mutationFn: (s: Subscription) => api("POST /api/reports/subscriptions/:id/run", { params: { id: s.id } }),
    onSettled: load,
  });
  const failed = creation.error ?? removal.error ?? sending.error ?? list.error;
  const error = useFormError(failed, ["unit", "kind", "frequency", "language"]);
  // The server names `mobile` when the officer's user record has none: say what to do, in his language.
  const noMobile = errorField(failed) === "mobile";
  const sopRefused = errorField(creation.error) === "kind" && form.kind === "sop";

  const submit = (e: FormEvent) => {
    e.preventDefault();
    removal.reset();
    sending.reset();
    creation.mutate();
  };
  const remove = (s: Subscription) => {
    if (
      !window.confirm(
        t("schedules.confirmRemove", {
          kind: t(`schedules.kind.${s.kind}` as MessageKey),
          office: name(s.unit),
        }),
      )
    )
      return;
    creation.reset();
    sending.reset();
    removal.mutate(s);
  };
  const downloadHref = (s: Subscription) =>
    `/api/reports/area-summary.pdf?${new URLSearchParams({ unit: s.unit.code, period: lastMonth(), language: s.language })}`;

  return (
    <section className="page" data-testid="subscriptions">
      <div className="page-head">
        <h1>{t("schedules.title")}</h1>
      </div>
      <p className="muted">{t("schedules.intro")}</p>
      {noMobile ? (
        <Notice tone="error">{t("schedules.noMobile")}</Notice>
      ) : sopRefused ? (
        <Notice tone="error">{t("schedules.sopSoon")}</Notice>
      ) : error.general ? (
        <Notice tone="error">{error.general}</Notice>
      ) : null}
      {sending.data ? (
        <Notice tone="success" onClose={sending.reset}>
          {t("schedules.sent", { period: sending.data.label })}
        </Notice>
      ) : null}

      <form className="panel form-grid" onSubmit={submit} data-testid="subscription-form">
        <h2>{t("schedules.new")}</h2>
        <OrgPicker
          key={pickerKey}
          label={t("schedules.office")}
          value={form.unit}
          onChange={(unit) => setForm({ ...form, unit })}
          error={error.field("unit")}
        />
        <div className="field">
          <label htmlFor="sub-kind">{t("schedules.kind")}</label>
          <select
            id="sub-kind"
            value={form.kind}
            onChange={(e) => setForm({ ...form, kind: e.target.value as NewSubscription["kind"] })}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`schedules.kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sub-frequency">{t("schedules.frequency")}</label>
          <select
            id="sub-frequency"
            value={form.frequency}
            onChange={(e) => setForm({ ...form, frequency: e.target.value as NewSubscription["frequency"] })}
          >
            {FREQUENCIES.map((f) => (
              <option key={f} value={f}>
                {t(`schedules.frequency.${f}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sub-language">{t("schedules.language")}</label>
          <select
            id="sub-language"
            value={form.language}
            onChange={(e) => setForm({ ...form, language: e.target.value as NewSubscription["language"] })}
          >
            <option value="hi">{t("lang.hi")}</option>
            <option value="en">{t("lang.en")}</option>
          </select>
        </div>
        <div className="actions">
          <Button type="submit" busy={creation.isPending} disabled={!form.unit}>
            {t("schedules.subscribe")}
          </Button>
        </div>
      </form>

      {!items && !list.error ? <Loading text={t("common.loading")} /> : null}
      {items && items.length === 0 ? <p className="muted">{t("schedules.none")}</p> : null}
      {items && items.length > 0 ? (
        <div className="table-scroll">
          <table className="grid" data-testid="subscription-list">
            <thead>
              <tr>
                <th>{t("schedules.office")}</th>
                <th>{t("schedules.kind")}</th>
                <th>{t("schedules.frequency")}</th>
                <th>{t("schedules.language")}</th>
                <th>{t("schedules.nextRun")}</th>
                <th>{t("schedules.lastSent")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <td>
                    {name(s.unit)} <span className="muted mono">{s.unit.code}</span>
                  </td>
                  <td>{t(`schedules.kind.${s.kind}` as MessageKey)}</td>
                  <td>{t(`schedules.frequency.${s.frequency}` as MessageKey)}</td>
                  <td>{t(`lang.${s.language}` as MessageKey)}</td>
                  <td>{formatDateTime(s.nextRunAt)}</td>
                  <td>{s.lastSentAt ? formatDateTime(s.lastSentAt) : t("schedules.never")}</td>
                  <td className="row-actions">
                    <Button
                      variant="secondary"
                      busy={sending.isPending && sending.variables?.id === s.id}
                      onClick={() => {
                        creation.reset();
                        removal.reset();
                        sending.mutate(s);
                      }}
                    >
                      {t("schedules.sendNow")}
                    </Button>{" "}
                    {s.kind === "area_summary" ? (
                      <a className="btn btn-secondary" href={downloadHref(s)} download>
                        {t("schedules.download")}
                      </a>
                    ) : null}{" "}
                    <Button variant="ghost" onClick={() => remove(s)}>
                      {t("schedules.remove")}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
