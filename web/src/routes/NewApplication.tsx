import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError, api } from "../api.ts";
import {
  APPLICATION_DOCUMENT_CODES,
  type ApplicationDocumentCode,
  type ApplicationSummary,
  DEFAULT_DOCUMENTS,
  SOP_AREAS,
  type SopArea,
  SUPPLY_TYPES,
  type SupplyType,
  TARIFF_CATEGORIES,
  type TariffCategory,
} from "../contract.ts";
import type { Body } from "../endpoints.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys } from "../query.ts";
import { Link, navigate, useLocation } from "../router.tsx";
import { ApplicationTable, useDocName } from "../ui/connection.tsx";
import { useFormError } from "../ui/errors.tsx";
import { Button, Field, Notice } from "../ui/index.tsx";
import { OrgPicker } from "../ui/OrgPicker.tsx";

type Create = Body<"POST /api/connections">;

const MOBILE = /^[6-9][0-9]{9}$/;
const PIN = /^[1-9][0-9]{5}$/;

/** The 409 to a create that looks like a repeat: the applications already there. */
function duplicatesOf(err: unknown): ApplicationSummary[] | undefined {
  if (!(err instanceof ApiError) || err.status !== 409) return undefined;
  const body = err.body as { duplicates?: ApplicationSummary[] } | undefined;
  return body?.duplicates;
}

/**
 * The agent's form for a new-connection application, from the caller's
 * words: who, where (the DC chosen, or found from the locality or pin code),
 * what kind of connection, and the documents he has (the category's usual
 * list ticked off as he says which he holds). A repeat within 30 days for
 * the same mobile and address is shown, to open instead or register anyway.
 */
export function NewApplication() {
  const { t } = useI18n();
  const docName = useDocName();
  const { query } = useLocation();
  const [f, setF] = useState({
    applicantName: query.get("name") ?? "",
    mobile: query.get("mobile") ?? "",
    address: "",
    locality: "",
    pincode: "",
    dcCode: "",
    loadKw: "1",
  });
  const [language, setLanguage] = useState<"hi" | "en">("hi");
  const [category, setCategory] = useState<TariffCategory>("domestic");
  const [supplyType, setSupplyType] = useState<SupplyType>("lt");
  const [sopArea, setSopArea] = useState<SopArea | "">("");
  const [source, setSource] = useState<"call" | "walk_in">("call");
  const [docs, setDocs] = useState<Partial<Record<ApplicationDocumentCode, boolean>>>(() =>
    Object.fromEntries(DEFAULT_DOCUMENTS.domestic.map((c) => [c, false])),
  );
  const [checked, setChecked] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });

  const chooseCategory = (c: TariffCategory) => {
    setCategory(c);
    // The category's usual documents, keeping what he already ticked as received.
    setDocs(Object.fromEntries(DEFAULT_DOCUMENTS[c].map((code) => [code, docs[code] ?? false])));
    setSupplyType(c === "industrial" ? "ht" : "lt");
  };

  const create = useMutation({
    mutationFn: (confirmDuplicate: boolean) => {
      const body: Create = {
        applicantName: f.applicantName.trim(),
        mobile: f.mobile.trim(),
        language,
        address: f.address.trim(),
        category,
        supplyType,
        loadKw: Number(f.loadKw),
        source,
        documents: Object.entries(docs).map(([code, received]) => ({
          code: code as ApplicationDocumentCode,
          received: received ?? false,
        })),
        ...(f.locality.trim() ? { locality: f.locality.trim() } : {}),
        ...(f.pincode.trim() ? { pincode: f.pincode.trim() } : {}),
        ...(f.dcCode.trim() ? { dcCode: f.dcCode.trim() } : {}),
        ...(sopArea ? { sopArea } : {}),
        ...(confirmDuplicate ? { confirmDuplicate: true } : {}),
      };
      return api("POST /api/connections", { body });
    },
    onSuccess: (a) => {
      void invalidate(keys.connections);
      navigate(`/connections/${encodeURIComponent(a.number)}?created=1`);
    },
  });
  const duplicates = duplicatesOf(create.error);
  const error = useFormError(duplicates ? undefined : create.error, [
    "applicantName",
    "mobile",
    "address",
    "locality",
    "pincode",
    "dcCode",
    "loadKw",
  ]);

  // Said before any request: what the server would refuse anyway.
  const local = {
    applicantName: !f.applicantName.trim() ? t("conn.form.required") : undefined,
    mobile: !MOBILE.test(f.mobile.trim()) ? t("conn.form.badMobile") : undefined,
    address: !f.address.trim() ? t("conn.form.required") : undefined,
    pincode: f.pincode.trim() && !PIN.test(f.pincode.trim()) ? t("conn.form.badPin") : undefined,
    loadKw: !(Number(f.loadKw) > 0) ? t("conn.form.badLoad") : undefined,
    where: !f.dcCode.trim() && !f.locality.trim() && !f.pincode.trim() ? t("conn.form.where") : undefined,
  };
  const shown = (k: keyof typeof local) => (checked ? local[k] : undefined);
  const fieldError = (k: keyof typeof local & string) => shown(k) ?? error.field(k);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (Object.values(local).some(Boolean)) {
      // Focus the first field in error, so the agent is where he must type.
      requestAnimationFrame(() =>
        document.querySelector<HTMLInputElement>(".new-application [aria-invalid='true']")?.focus(),
      );
      return;
    }
    create.mutate(false);
  };

  const extra = APPLICATION_DOCUMENT_CODES.filter((c) => !(c in docs));

  return (
    <section className="page new-application" data-testid="new-application">
      <p>
        <Link href="/connections">← {t("conn.list.title")}</Link>
      </p>
      <h1>{t("conn.new.title")}</h1>
      <p className="muted">{t("conn.new.intro")}</p>
      {duplicates ? (
        <section className="panel duplicate-panel" data-testid="duplicates" role="alert">
          <h2>{t("conn.dup.title")}</h2>
          <p>{t("conn.dup.text", { count: duplicates.length })}</p>
          <ApplicationTable items={duplicates} testId="duplicate-list" />
          <div className="actions">
            {duplicates[0] ? (
              <Button
                onClick={() => navigate(`/connections/${encodeURIComponent(duplicates[0]?.number ?? "")}`)}
              >
                {t("conn.dup.open", { number: duplicates[0].number })}
              </Button>
            ) : null}
            <Button variant="secondary" busy={create.isPending} onClick={() => create.mutate(true)}>
              {t("conn.dup.anyway")}
            </Button>
          </div>
        </section>
      ) : null}
      <form className="panel" onSubmit={submit} noValidate>
        {error.general ? <Notice tone="error">{error.general}</Notice> : null}
        <fieldset className="form-section">
          <legend>{t("conn.form.who")}</legend>
          <div className="form-grid">
            <Field
              label={t("conn.form.name")}
              value={f.applicantName}
              onChange={set("applicantName")}
              error={fieldError("applicantName")}
              maxLength={120}
              autoFocus={!f.applicantName}
            />
            <Field
              label={t("conn.form.mobile")}
              value={f.mobile}
              onChange={set("mobile")}
              error={fieldError("mobile")}
              inputMode="tel"
              maxLength={10}
              className="mono"
            />
            <div className="field">
              <span id="lang-label" className="field-label">
                {t("conn.form.language")}
              </span>
              <div className="segmented" role="radiogroup" aria-labelledby="lang-label">
                {(["hi", "en"] as const).map((l) => (
                  <label key={l} className={language === l ? "on" : ""}>
                    <input
                      type="radio"
                      name="lang"
                      checked={language === l}
                      onChange={() => setLanguage(l)}
                    />
                    {t(`lang.${l}`)}
                  </label>
                ))}
              </div>
            </div>
          </div>
        </fieldset>
        <fieldset className="form-section">
          <legend>{t("conn.form.where")}</legend>
          <div className="form-grid">
            <Field
              label={t("conn.form.address")}
              value={f.address}
              onChange={set("address")}
              error={fieldError("address")}
              maxLength={300}
              className="wide"
            />
            <Field
              label={t("conn.form.locality")}
              value={f.locality}
              onChange={set("locality")}
              error={error.field("locality")}
              maxLength={100}
            />
            <Field
              label={t("conn.form.pincode")}
              value={f.pincode}
              onChange={set("pincode")}
              error={fieldError("pincode")}
              inputMode="numeric"
              maxLength={6}
            />
            <OrgPicker
              label={t("conn.form.dc")}
              value={f.dcCode}
              onChange={(code) => setF({ ...f, dcCode: code })}
              error={error.field("dcCode")}
            />
            <div className="field">
              <label htmlFor="sop-area">{t("conn.area")}</label>
              <select
                id="sop-area"
                value={sopArea}
                onChange={(e) => setSopArea(e.target.value as SopArea | "")}
              >
                <option value="">{t("conn.form.areaAuto")}</option>
                {SOP_AREAS.map((a) => (
                  <option key={a} value={a}>
                    {t(`conn.area.${a}` as MessageKey)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {shown("where") ? (
            <p className="error-text">{shown("where")}</p>
          ) : (
            <p className="hint small">{t("conn.form.whereHint")}</p>
          )}
        </fieldset>
        <fieldset className="form-section">
          <legend>{t("conn.form.what")}</legend>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="category">{t("card.tariff")}</label>
              <select
                id="category"
                value={category}
                onChange={(e) => chooseCategory(e.target.value as TariffCategory)}
              >
                {TARIFF_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`tariff.${c}` as MessageKey)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="supply">{t("conn.form.supply")}</label>
              <select
                id="supply"
                value={supplyType}
                onChange={(e) => setSupplyType(e.target.value as SupplyType)}
              >
                {SUPPLY_TYPES.map((s) => (
                  <option key={s} value={s}>
                    {t(`conn.supply.${s}` as MessageKey)}
                  </option>
                ))}
              </select>
            </div>
            <Field
              label={t("conn.form.load")}
              value={f.loadKw}
              onChange={set("loadKw")}
              error={fieldError("loadKw")}
              inputMode="decimal"
            />
            <div className="field">
              <label htmlFor="source">{t("conn.source")}</label>
              <select
                id="source"
                value={source}
                onChange={(e) => setSource(e.target.value as "call" | "walk_in")}
              >
                <option value="call">{t("conn.source.call")}</option>
                <option value="walk_in">{t("conn.source.walk_in")}</option>
              </select>
            </div>
          </div>
        </fieldset>
        <fieldset className="form-section" data-testid="documents-checklist">
          <legend>{t("conn.documents")}</legend>
          <p className="hint small">{t("conn.form.docsHint")}</p>
          <ul className="doc-list">
            {Object.entries(docs).map(([code, received]) => (
              <li key={code} className={received ? "doc-in" : "doc-missing"}>
                <label>
                  <input
                    type="checkbox"
                    checked={received ?? false}
                    onChange={(e) => setDocs({ ...docs, [code]: e.target.checked })}
                  />{" "}
                  {docName(code as ApplicationDocumentCode)}
                </label>{" "}
                <button
                  type="button"
                  className="link-button small"
                  onClick={() => {
                    const { [code as ApplicationDocumentCode]: _, ...rest } = docs;
                    setDocs(rest);
                  }}
                >
                  {t("conn.form.notNeeded")}
                </button>
              </li>
            ))}
          </ul>
          {extra.length > 0 ? (
            <div className="field short-field">
              <label htmlFor="add-doc">{t("conn.form.addDoc")}</label>
              <select
                id="add-doc"
                value=""
                onChange={(e) => e.target.value && setDocs({ ...docs, [e.target.value]: false })}
              >
                <option value="">—</option>
                {extra.map((c) => (
                  <option key={c} value={c}>
                    {docName(c)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </fieldset>
        <div className="actions">
          <Button type="submit" busy={create.isPending && !duplicates}>
            {t("conn.new.submit")}
          </Button>
          <Button variant="secondary" onClick={() => history.back()}>
            {t("common.cancel")}
          </Button>
        </div>
      </form>
    </section>
  );
}
