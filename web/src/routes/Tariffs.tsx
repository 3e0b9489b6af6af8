import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { api } from "../api.ts";
import {
  FIXED_BASES,
  type FixedBasis,
  SUPPLY_TYPES,
  type SupplyType,
  TARIFF_CATEGORIES,
  type Tariff,
  type TariffCategory,
  type TariffInput,
} from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, useApiQuery } from "../query.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice, errorField } from "../ui/errors.tsx";
import { Badge, Button, Field, Loading, Notice } from "../ui/index.tsx";
import { dayText } from "./TariffEstimate.tsx";

const TARIFFS = ["tariffs"] as const;

/** The form keeps what the admin types as text; numbers are read when saving. */
interface SlabRow {
  fromUnits: string;
  toUnits: string;
  rate: string;
}
interface ExtraRow {
  nameEn: string;
  nameHi: string;
  percent: string;
}
interface Draft {
  id: number | null;
  category: TariffCategory;
  supplyType: SupplyType;
  effectiveFrom: string;
  effectiveTo: string;
  nameEn: string;
  nameHi: string;
  fixedCharge: string;
  fixedBasis: FixedBasis;
  slabs: SlabRow[];
  extras: ExtraRow[];
}

const EMPTY: Draft = {
  id: null,
  category: "domestic",
  supplyType: "lt",
  effectiveFrom: "",
  effectiveTo: "",
  nameEn: "",
  nameHi: "",
  fixedCharge: "",
  fixedBasis: "per_connection",
  slabs: [{ fromUnits: "0", toUnits: "", rate: "" }],
  extras: [],
};

function draftOf(x: Tariff): Draft {
  return {
    id: x.id,
    category: x.category,
    supplyType: x.supplyType,
    effectiveFrom: x.effectiveFrom,
    effectiveTo: x.effectiveTo ?? "",
    nameEn: x.nameEn,
    nameHi: x.nameHi,
    fixedCharge: String(x.fixedCharge),
    fixedBasis: x.fixedBasis,
    slabs: x.slabs.map((s) => ({
      fromUnits: String(s.fromUnits),
      toUnits: s.toUnits === null ? "" : String(s.toUnits),
      rate: String(s.rate),
    })),
    extras: x.extras.map((e) => ({ nameEn: e.nameEn, nameHi: e.nameHi, percent: String(e.percent) })),
  };
}

/** A number the admin typed; an empty or unreadable box goes as NaN → null, which the server names. */
const num = (s: string): number => (s.trim() === "" ? Number.NaN : Number(s));

function inputOf(d: Draft): TariffInput {
  return {
    category: d.category,
    supplyType: d.supplyType,
    effectiveFrom: d.effectiveFrom,
    effectiveTo: d.effectiveTo || null,
    nameEn: d.nameEn,
    nameHi: d.nameHi,
    fixedCharge: num(d.fixedCharge),
    fixedBasis: d.fixedBasis,
    slabs: d.slabs.map((s, i) => ({
      fromUnits: num(s.fromUnits),
      toUnits: i === d.slabs.length - 1 && s.toUnits.trim() === "" ? null : num(s.toUnits),
      rate: num(s.rate),
    })),
    extras: d.extras.map((e) => ({ nameEn: e.nameEn, nameHi: e.nameHi, percent: num(e.percent) })),
  };
}

const rupee = (n: number) =>
  `₹${n.toLocaleString("en-IN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The message for the field the server named, in the admin's language, without codes. */
function fieldMessage(
  field: string,
  t: (k: MessageKey, v?: Record<string, string | number>) => string,
  d: Draft,
  serverSays: string,
) {
  const slab = /^slabs\.(\d+)\.(\w+)$/.exec(field);
  if (slab) {
    const i = Number(slab[1]);
    const part = slab[2];
    if (part === "fromUnits")
      return i === 0
        ? t("tariffs.err.firstFrom")
        : t("tariffs.err.from", { n: d.slabs[i - 1]?.toUnits || "?" });
    if (part === "toUnits") return i === d.slabs.length - 1 ? t("tariffs.err.lastTo") : t("tariffs.err.to");
    return t("tariffs.err.money");
  }
  if (/^extras\.\d+\.percent$/.test(field)) return t("tariffs.err.percent");
  if (/^extras\.\d+\./.test(field) || field === "nameEn" || field === "nameHi")
    return t("tariffs.err.required");
  if (field === "effectiveFrom")
    return /overlap/.test(serverSays) ? t("tariffs.err.overlap") : t("tariffs.err.date");
  if (field === "effectiveTo") return t("tariffs.err.to_date");
  if (field === "fixedCharge") return t("tariffs.err.money");
  if (field === "slabs") return t("tariffs.err.slabs");
  return t("tariffs.err.invalid");
}

function Editor({ initial, onDone }: { initial: Draft; onDone: () => void }) {
  const { t } = useI18n();
  const [d, setD] = useState<Draft>(initial);
  // The editor opens where the admin asked for it: focus its first field.
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const saving = useMutation({
    mutationFn: () =>
      d.id === null
        ? api("POST /api/tariffs", { body: inputOf(d) })
        : api("PUT /api/tariffs/:id", { params: { id: d.id }, body: inputOf(d) }),
    onSuccess: () => {
      void invalidate(TARIFFS);
      onDone();
    },
  });
  const history = useApiQuery(
    [...TARIFFS, "history", initial.id ?? 0],
    "GET /api/tariffs/:id/history",
    { params: { id: initial.id ?? 0 } },
    { enabled: initial.id !== null },
  );
  const named = errorField(saving.error);
  const form = useRef<HTMLFormElement>(null);
  // After a refused save, the keyboard lands on the field to correct.
  useEffect(() => {
    if (named) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [named]);
  const err = (field: string) =>
    named === field ? fieldMessage(field, t, d, saving.error?.message ?? "") : undefined;
  const set = (patch: Partial<Draft>) => setD({ ...d, ...patch });
  const setSlab = (i: number, patch: Partial<SlabRow>) =>
    set({ slabs: d.slabs.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const setExtra = (i: number, patch: Partial<ExtraRow>) =>
    set({ extras: d.extras.map((e, j) => (j === i ? { ...e, ...patch } : e)) });
  const addSlab = () => {
    const last = d.slabs[d.slabs.length - 1];
    set({ slabs: [...d.slabs, { fromUnits: last?.toUnits ?? "", toUnits: "", rate: "" }] });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    saving.mutate();
  };

  return (
    <form
      ref={form}
      className="panel tariff-editor"
      onSubmit={submit}
      noValidate
      aria-labelledby="tariff-editor-title"
    >
      <h2 id="tariff-editor-title">{d.id === null ? t("tariffs.new") : t("tariffs.edit")}</h2>
      {saving.error && !named ? <ErrorNotice error={saving.error} /> : null}
      {named ? <Notice tone="error">{t("tariffs.err.fix")}</Notice> : null}
      <div className="tariff-editor-grid">
        <div className="field">
          <label htmlFor="tf-category">{t("estimate.category")}</label>
          <select
            id="tf-category"
            ref={first}
            value={d.category}
            onChange={(e) => set({ category: e.target.value as TariffCategory })}
          >
            {TARIFF_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`tariff.${c}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tf-supply">{t("estimate.supplyType")}</label>
          <select
            id="tf-supply"
            value={d.supplyType}
            onChange={(e) => set({ supplyType: e.target.value as SupplyType })}
          >
            {SUPPLY_TYPES.map((s) => (
              <option key={s} value={s}>
                {t(`tariffs.supply.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <Field
          label={t("tariffs.from")}
          type="date"
          required
          value={d.effectiveFrom}
          onChange={(e) => set({ effectiveFrom: e.target.value })}
          error={err("effectiveFrom")}
        />
        <Field
          label={t("tariffs.to")}
          type="date"
          value={d.effectiveTo}
          hint={t("tariffs.toHint")}
          onChange={(e) => set({ effectiveTo: e.target.value })}
          error={err("effectiveTo")}
        />
        <Field
          label={t("tariffs.nameEn")}
          value={d.nameEn}
          required
          lang="en"
          onChange={(e) => set({ nameEn: e.target.value })}
          error={err("nameEn")}
        />
        <Field
          label={t("tariffs.nameHi")}
          value={d.nameHi}
          required
          lang="hi"
          onChange={(e) => set({ nameHi: e.target.value })}
          error={err("nameHi")}
        />
        <Field
          label={t("tariffs.fixedCharge")}
          type="number"
          min={0}
          step="0.01"
          required
          value={d.fixedCharge}
          onChange={(e) => set({ fixedCharge: e.target.value })}
          error={err("fixedCharge")}
        />
        <div className="field">
          <label htmlFor="tf-basis">{t("tariffs.fixedBasis")}</label>
          <select
            id="tf-basis"
            value={d.fixedBasis}
            onChange={(e) => set({ fixedBasis: e.target.value as FixedBasis })}
          >
            {FIXED_BASES.map((b) => (
              <option key={b} value={b}>
                {t(`tariffs.basis.${b}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
      </div>

      <fieldset className="tariff-rows">
        <legend>{t("tariffs.slabs")}</legend>
        {err("slabs") ? <p className="error-text">{err("slabs")}</p> : null}
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t("tariffs.slabFrom")}</th>
              <th scope="col">{t("tariffs.slabTo")}</th>
              <th scope="col">{t("tariffs.rate")}</th>
              <th scope="col">
                <span className="sr-only">{t("tariffs.remove")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {d.slabs.map((s, i) => {
              const last = i === d.slabs.length - 1;
              const row = i + 1;
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the slab list
                <tr key={i}>
                  <td>
                    <SlabInput
                      label={t("tariffs.slabFromOf", { n: row })}
                      value={s.fromUnits}
                      onChange={(v) => setSlab(i, { fromUnits: v })}
                      error={err(`slabs.${i}.fromUnits`)}
                    />
                  </td>
                  <td>
                    <SlabInput
                      label={t("tariffs.slabToOf", { n: row })}
                      value={s.toUnits}
                      placeholder={last ? t("tariffs.openEnded") : ""}
                      onChange={(v) => setSlab(i, { toUnits: v })}
                      error={err(`slabs.${i}.toUnits`)}
                    />
                  </td>
                  <td>
                    <SlabInput
                      label={t("tariffs.rateOf", { n: row })}
                      value={s.rate}
                      step="0.01"
                      onChange={(v) => setSlab(i, { rate: v })}
                      error={err(`slabs.${i}.rate`)}
                    />
                  </td>
                  <td>
                    <Button
                      variant="ghost"
                      disabled={d.slabs.length === 1}
                      aria-label={t("tariffs.removeSlab", { n: row })}
                      onClick={() => set({ slabs: d.slabs.filter((_, j) => j !== i) })}
                    >
                      ✕
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <Button variant="secondary" onClick={addSlab}>
          + {t("tariffs.addSlab")}
        </Button>
      </fieldset>

      <fieldset className="tariff-rows">
        <legend>{t("tariffs.extras")}</legend>
        <p className="muted small">{t("tariffs.extrasHint")}</p>
        {d.extras.length > 0 ? (
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{t("tariffs.nameEn")}</th>
                <th scope="col">{t("tariffs.nameHi")}</th>
                <th scope="col">{t("tariffs.percent")}</th>
                <th scope="col">
                  <span className="sr-only">{t("tariffs.remove")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {d.extras.map((x, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the list
                <tr key={i}>
                  <td>
                    <SlabInput
                      type="text"
                      label={t("tariffs.extraNameEnOf", { n: i + 1 })}
                      value={x.nameEn}
                      onChange={(v) => setExtra(i, { nameEn: v })}
                      error={err(`extras.${i}.nameEn`)}
                    />
                  </td>
                  <td>
                    <SlabInput
                      type="text"
                      label={t("tariffs.extraNameHiOf", { n: i + 1 })}
                      value={x.nameHi}
                      onChange={(v) => setExtra(i, { nameHi: v })}
                      error={err(`extras.${i}.nameHi`)}
                    />
                  </td>
                  <td>
                    <SlabInput
                      label={t("tariffs.percentOf", { n: i + 1 })}
                      value={x.percent}
                      step="0.01"
                      onChange={(v) => setExtra(i, { percent: v })}
                      error={err(`extras.${i}.percent`)}
                    />
                  </td>
                  <td>
                    <Button
                      variant="ghost"
                      aria-label={t("tariffs.removeExtra", { n: i + 1 })}
                      onClick={() => set({ extras: d.extras.filter((_, j) => j !== i) })}
                    >
                      ✕
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <Button
          variant="secondary"
          onClick={() => set({ extras: [...d.extras, { nameEn: "", nameHi: "", percent: "" }] })}
        >
          + {t("tariffs.addExtra")}
        </Button>
      </fieldset>

      <div className="actions">
        <Button type="submit" busy={saving.isPending}>
          {t("tariffs.save")}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          {t("common.cancel")}
        </Button>
      </div>
      {initial.id !== null && history.data && history.data.items.length > 0 ? (
        <section className="tariff-history">
          <h3>{t("tariffs.history")}</h3>
          <ul>
            {history.data.items.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: entries are newest first and never change
              <li key={i}>
                <HistoryLine at={h.at} by={h.by} action={h.action} fields={h.changes.map((c) => c.field)} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </form>
  );
}

function HistoryLine({
  at,
  by,
  action,
  fields,
}: {
  at: string;
  by: string;
  action: string;
  fields: string[];
}) {
  const { t, formatDateTime } = useI18n();
  const names = fields.map((f) => t(`tariffs.field.${f}` as MessageKey)).join(", ");
  return (
    <span>
      {formatDateTime(at)} · <strong>{by}</strong> · {t(`tariffs.action.${action}` as MessageKey)}
      {action === "updated" && names ? `: ${names}` : ""}
    </span>
  );
}

function SlabInput({
  label,
  value,
  onChange,
  error,
  placeholder,
  step,
  type = "number",
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  placeholder?: string;
  step?: string;
  type?: "number" | "text";
}) {
  return (
    <div className={`cell-input${error ? " field-error" : ""}`}>
      <input
        type={type}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        value={value}
        placeholder={placeholder}
        {...(type === "number" ? { min: 0, step: step ?? "1", inputMode: "decimal" as const } : {})}
        onChange={(e) => onChange(e.target.value)}
      />
      {error ? <small className="error-text">{error}</small> : null}
    </div>
  );
}

function slabText(x: Tariff, t: (k: MessageKey, v?: Record<string, string | number>) => string): string[] {
  return x.slabs.map((s) =>
    s.toUnits === null && s.fromUnits === 0
      ? t("tariffs.slabAll", { rate: rupee(s.rate) })
      : s.toUnits === null
        ? t("tariffs.slabAbove", { from: s.fromUnits, rate: rupee(s.rate) })
        : t("tariffs.slabRange", { from: s.fromUnits + 1, to: s.toUnits, rate: rupee(s.rate) }),
  );
}

/** /tariffs: the tariff table. Everyone with kb.read sees today's; admins see every version and edit. */
export function Tariffs() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const manage = can("tariffs.manage");
  const [editing, setEditing] = useState<Draft | null>(null);
  const list = useApiQuery([...TARIFFS, "list", manage], "GET /api/tariffs", {
    query: manage ? { all: true } : {},
  });
  const items = list.data?.items;
  const today = list.data?.date ?? "";
  // N: a new version, when the admin is not typing in a box.
  useEffect(() => {
    if (!manage) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key !== "n" || e.ctrlKey || e.metaKey || e.altKey) return;
      if (["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || target.isContentEditable) return;
      e.preventDefault();
      setEditing((current) => current ?? { ...EMPTY });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [manage]);
  const inForce = (x: Tariff) =>
    x.effectiveFrom <= today && (x.effectiveTo === null || x.effectiveTo >= today);

  return (
    <section className="page tariffs-page">
      <div className="page-head">
        <h1>{t("tariffs.title")}</h1>
        <div className="actions">
          <ExportButtons
            path="/api/tariffs/export"
            query={manage ? { all: true } : {}}
            label={t("tariffs.title")}
          />
          <Link href="/tariffs/estimate" className="btn btn-secondary">
            {t("estimate.title")}
          </Link>
          {manage && !editing ? (
            <Button onClick={() => setEditing({ ...EMPTY })} aria-keyshortcuts="N">
              + {t("tariffs.new")}
            </Button>
          ) : null}
        </div>
      </div>
      <p className="muted">{manage ? t("tariffs.introAdmin") : t("tariffs.intro")}</p>
      {editing ? (
        <Editor key={editing.id ?? "new"} initial={editing} onDone={() => setEditing(null)} />
      ) : null}
      <ErrorNotice error={list.error} />
      {!items && !list.error ? <Loading text={t("common.loading")} /> : null}
      {items && items.length === 0 ? <p className="muted">{t("tariffs.none")}</p> : null}
      {items && items.length > 0 ? (
        <table className="grid tariff-table">
          <thead>
            <tr>
              <th scope="col">{t("tariffs.tariff")}</th>
              <th scope="col">{t("tariffs.period")}</th>
              <th scope="col">{t("tariffs.fixedCharge")}</th>
              <th scope="col">{t("tariffs.slabs")}</th>
              <th scope="col">{t("tariffs.extras")}</th>
              {manage ? (
                <th scope="col">
                  <span className="sr-only">{t("tariffs.edit")}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {items.map((x) => (
              <tr key={x.id}>
                <td>
                  <strong>
                    {t(`tariff.${x.category}` as MessageKey)} ·{" "}
                    {t(`tariffs.supply.${x.supplyType}` as MessageKey)}
                  </strong>
                  <br />
                  <span className="small">{lang === "hi" ? x.nameHi : x.nameEn}</span>
                </td>
                <td className="small">
                  {x.effectiveTo
                    ? t("tariffs.fromTo", {
                        from: dayText(x.effectiveFrom, lang),
                        to: dayText(x.effectiveTo, lang),
                      })
                    : t("tariffs.fromOpen", { from: dayText(x.effectiveFrom, lang) })}{" "}
                  {inForce(x) ? (
                    <Badge tone="green">{t("tariffs.inForce")}</Badge>
                  ) : x.effectiveFrom > today ? (
                    <Badge tone="blue">{t("tariffs.future")}</Badge>
                  ) : (
                    <Badge tone="grey">{t("tariffs.past")}</Badge>
                  )}
                </td>
                <td className="small">
                  {rupee(x.fixedCharge)} {t(`tariffs.basis.${x.fixedBasis}` as MessageKey)}
                </td>
                <td className="small">
                  <ul className="plain">
                    {slabText(x, t).map((s) => (
                      <li key={s}>{s}</li>
                    ))}
                  </ul>
                </td>
                <td className="small">
                  {x.extras.length === 0
                    ? "—"
                    : x.extras.map((e) => `${lang === "hi" ? e.nameHi : e.nameEn} ${e.percent}%`).join(", ")}
                </td>
                {manage ? (
                  <td>
                    <Button
                      variant="secondary"
                      aria-label={t("tariffs.editOne", { name: lang === "hi" ? x.nameHi : x.nameEn })}
                      onClick={() => setEditing(draftOf(x))}
                    >
                      {t("tariffs.edit")}
                    </Button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
