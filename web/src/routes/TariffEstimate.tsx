import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { api } from "../api.ts";
import { SUPPLY_TYPES, type SupplyType, TARIFF_CATEGORIES, type TariffCategory } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { Link, useLocation } from "../router.tsx";
import { useSession } from "../session.tsx";
import { dayOf } from "../time.ts";
import { useFormError } from "../ui/errors.tsx";
import { Button, Field } from "../ui/index.tsx";

/** A day ('2026-04-01') as people read it: "1 Apr 2026" / "1 अप्रैल 2026". */
export function dayText(day: string, lang: "en" | "hi"): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return new Intl.DateTimeFormat(lang === "hi" ? "hi-IN" : "en-IN", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(d);
}

const asCategory = (v: string | null | undefined): TariffCategory =>
  (TARIFF_CATEGORIES as readonly string[]).includes(v ?? "") ? (v as TariffCategory) : "domestic";
const asSupply = (v: string | null | undefined): SupplyType =>
  (SUPPLY_TYPES as readonly string[]).includes(v ?? "") ? (v as SupplyType) : "lt";

/**
 * The agents' bill estimator: category, supply, load and units → the month's
 * bill, line by line, with a sentence to read out in Hindi and in English.
 * `compact` is the panel on the consumer card.
 */
export function EstimatePanel({
  category,
  supplyType,
  loadKw,
  compact = false,
}: {
  category?: TariffCategory | undefined;
  supplyType?: SupplyType | undefined;
  loadKw?: number | undefined;
  compact?: boolean;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const [form, setForm] = useState({
    category: category ?? "domestic",
    supplyType: supplyType ?? "lt",
    loadKw: loadKw !== undefined ? String(loadKw) : "1",
    units: "",
    date: dayOf(new Date()),
  });
  const estimation = useMutation({
    mutationFn: () =>
      api("POST /api/tariffs/estimate", {
        body: {
          category: form.category,
          supplyType: form.supplyType,
          loadKw: Number(form.loadKw),
          units: Number(form.units),
          ...(form.date ? { date: form.date } : {}),
        },
      }),
  });
  const error = useFormError(estimation.error, ["loadKw", "units", "date", "category"]);
  const r = estimation.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    estimation.mutate();
  };
  const say = r ? (lang === "hi" ? r.sayHi : r.sayEn) : "";
  const sayOther = r ? (lang === "hi" ? r.sayEn : r.sayHi) : "";

  return (
    <div className={compact ? "estimate estimate-compact" : "estimate panel"} data-testid="estimate">
      <form className="estimate-form" onSubmit={submit} aria-label={t("estimate.title")}>
        <div className="field">
          <label htmlFor={`${id}-cat`}>{t("estimate.category")}</label>
          <select
            id={`${id}-cat`}
            value={form.category}
            aria-invalid={error.field("category") ? true : undefined}
            onChange={(e) => setForm({ ...form, category: asCategory(e.target.value) })}
          >
            {TARIFF_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`tariff.${c}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-sup`}>{t("estimate.supplyType")}</label>
          <select
            id={`${id}-sup`}
            value={form.supplyType}
            onChange={(e) => setForm({ ...form, supplyType: asSupply(e.target.value) })}
          >
            {SUPPLY_TYPES.map((s) => (
              <option key={s} value={s}>
                {t(`tariffs.supply.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <Field
          label={t("estimate.loadKw")}
          type="number"
          inputMode="decimal"
          min={0}
          step="any"
          value={form.loadKw}
          required
          onChange={(e) => setForm({ ...form, loadKw: e.target.value })}
          error={error.field("loadKw")}
        />
        <Field
          label={t("estimate.units")}
          type="number"
          inputMode="decimal"
          min={0}
          step="any"
          name="units"
          value={form.units}
          required
          autoFocus
          onChange={(e) => setForm({ ...form, units: e.target.value })}
          error={error.field("units")}
        />
        <Field
          label={t("estimate.date")}
          type="date"
          value={form.date}
          onChange={(e) => setForm({ ...form, date: e.target.value })}
          error={error.field("date")}
        />
        <div className="actions">
          <Button type="submit" busy={estimation.isPending}>
            {t("estimate.submit")}
          </Button>
        </div>
      </form>
      {error.general || error.field("category") ? (
        <p className="notice notice-error" role="alert">
          {error.field("category") ? t("estimate.noTariff") : error.general}
        </p>
      ) : null}
      {r ? (
        <section className="estimate-result" aria-live="polite" aria-label={t("estimate.breakdown")}>
          <p className="estimate-tariff">
            {lang === "hi" ? r.tariff.nameHi : r.tariff.nameEn}{" "}
            <span className="muted small">
              {r.tariff.effectiveTo
                ? t("estimate.inForce", {
                    from: dayText(r.tariff.effectiveFrom, lang),
                    to: dayText(r.tariff.effectiveTo, lang),
                  })
                : t("estimate.inForceFrom", { from: dayText(r.tariff.effectiveFrom, lang) })}
            </span>
          </p>
          <table className="grid estimate-table">
            <caption className="sr-only">{t("estimate.breakdown")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("estimate.item")}</th>
                <th scope="col">{t("estimate.how")}</th>
                <th scope="col" className="num">
                  {t("estimate.amount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {r.lines.map((l) => (
                <tr key={`${l.kind}:${l.labelEn}`} className={`line-${l.kind}`}>
                  <td>{lang === "hi" ? l.labelHi : l.labelEn}</td>
                  <td className="muted">{lang === "hi" ? l.detailHi : l.detailEn}</td>
                  <td className="num">{l.amountText}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  {t("estimate.total")}
                </th>
                <td className="num" data-testid="estimate-total">
                  <strong>{r.totalText}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
          <div className="estimate-say">
            <p>
              <strong>{t("estimate.readOut")}</strong> <span data-testid="estimate-say">{say}</span>
            </p>
            <p className="muted small" lang={lang === "hi" ? "en" : "hi"}>
              {sayOther}
            </p>
          </div>
        </section>
      ) : null}
    </div>
  );
}

/** /tariffs/estimate: the estimator on its own page (category, supply and load may come in the query). */
export function TariffEstimate() {
  const { t } = useI18n();
  const { can } = useSession();
  const { query } = useLocation();
  const load = Number(query.get("load"));
  return (
    <section className="page">
      <div className="page-head">
        <h1>{t("estimate.title")}</h1>
        {can("tariffs.manage") || can("kb.read") ? <Link href="/tariffs">{t("tariffs.title")}</Link> : null}
      </div>
      <p className="muted">{t("estimate.intro")}</p>
      <EstimatePanel
        category={asCategory(query.get("category"))}
        supplyType={asSupply(query.get("supply"))}
        loadKw={Number.isFinite(load) && load > 0 ? load : undefined}
      />
    </section>
  );
}

/**
 * The consumer card's button: opens the estimator in a dialog over the card,
 * the consumer's category filled in. Esc closes the dialog, not the card.
 */
export function EstimateButton({ category }: { category: TariffCategory }) {
  const { t } = useI18n();
  const { can } = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open || !dialog.current || dialog.current.open) return;
    dialog.current.showModal();
    // showModal focuses the dialog's first control (Close): the agent types the units first.
    dialog.current.querySelector<HTMLInputElement>('input[name="units"]')?.focus();
  }, [open]);
  if (!can("kb.read")) return null;
  return (
    <>
      <Button variant="secondary" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {t("estimate.open")}
      </Button>
      {open ? (
        <dialog
          ref={dialog}
          className="estimate-dialog"
          aria-label={t("estimate.title")}
          onClose={() => setOpen(false)}
          onKeyDown={(e) => {
            if (e.key === "Escape") e.stopPropagation();
          }}
        >
          <div className="estimate-dialog-head">
            <h2>{t("estimate.title")}</h2>
            <Button variant="ghost" onClick={() => dialog.current?.close()}>
              {t("estimate.close")}
            </Button>
          </div>
          <EstimatePanel category={category} compact />
        </dialog>
      ) : null}
    </>
  );
}
