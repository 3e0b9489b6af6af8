import { type FormEvent, useState } from "react";
import { ApiError, api } from "../api.ts";
import type { Reply } from "../endpoints.ts";
import { Field } from "./pages.tsx";
import { errorText, PageTitle, usePortal } from "./shell.tsx";
import type { PortalKey } from "./strings.ts";

type Applied = Reply<"POST /api/portal/connections">;
type Category = "domestic" | "non_domestic" | "agriculture" | "industrial";
const CATEGORIES: Category[] = ["domestic", "non_domestic", "agriculture", "industrial"];
type FieldName =
  | "mobile"
  | "code"
  | "applicantName"
  | "category"
  | "loadKw"
  | "address"
  | "pincode"
  | "locality"
  | "dcCode"
  | "form";

/** Only digits, the last 10 of them (a +91 or a leading 0 typed is dropped). */
const tenDigits = (s: string) => s.replace(/\D/g, "").slice(-10);

/**
 * Applying for a new connection without signing in: the mobile, the code sent
 * to it, then the form in one page; at the end the application number and a
 * link to track it.
 */
export function ApplyPage() {
  const { t, lang } = usePortal();
  const [step, setStep] = useState<"mobile" | "code" | "form" | "done">("mobile");
  const [mobile, setMobile] = useState("");
  const [code, setCode] = useState("");
  const [f, setF] = useState({
    applicantName: "",
    category: "domestic" as Category,
    loadKw: "",
    address: "",
    pincode: "",
    locality: "",
    dcCode: "",
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: FieldName; text: string } | undefined>();
  const [result, setResult] = useState<Applied | undefined>();
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const err = (k: FieldName) => (error?.field === k ? error.text : undefined);

  const fail = (e: unknown) => {
    const field = e instanceof ApiError ? (e.field as FieldName | undefined) : undefined;
    if (field === "code") {
      setStep("code");
      return setError({ field, text: t("apply.codeWrong") });
    }
    if (field === "dcCode") return setError({ field, text: t("apply.dcNotFound") });
    if (field && field in f) return setError({ field, text: t("apply.fieldWrong") });
    setError({ field: "form", text: errorText(t, e) });
  };

  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    const m = tenDigits(mobile);
    if (!/^[6-9]\d{9}$/.test(m)) return setError({ field: "mobile", text: t("apply.mobileRequired") });
    setBusy(true);
    setError(undefined);
    try {
      await api("POST /api/portal/connections/code", { body: { mobile: m, language: lang } });
      setMobile(m);
      setCode("");
      setStep("code");
    } catch (x) {
      if (x instanceof ApiError && x.field === "mobile")
        setError({ field: "mobile", text: t("apply.mobileRequired") });
      else fail(x);
    } finally {
      setBusy(false);
    }
  };

  const toForm = (e: FormEvent) => {
    e.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) return setError({ field: "code", text: t("apply.codeRequired") });
    setError(undefined);
    setStep("form");
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const load = Number(f.loadKw.replace(",", "."));
    const missing: [FieldName, PortalKey, boolean][] = [
      ["applicantName", "apply.nameRequired", !f.applicantName.trim()],
      ["loadKw", "apply.loadRequired", !(load > 0 && load <= 100_000)],
      ["address", "apply.addressRequired", !f.address.trim()],
      ["pincode", "apply.pincodeWrong", f.pincode.trim() !== "" && !/^[1-9]\d{5}$/.test(f.pincode.trim())],
      ["pincode", "apply.placeHint", !f.pincode.trim() && !f.locality.trim() && !f.dcCode.trim()],
    ];
    const first = missing.find((m) => m[2]);
    if (first) return setError({ field: first[0], text: t(first[1]) });
    setBusy(true);
    setError(undefined);
    const opt = (v: string) => (v.trim() ? v.trim() : undefined);
    try {
      const r = await api("POST /api/portal/connections", {
        body: {
          mobile,
          code: code.trim(),
          applicantName: f.applicantName.trim(),
          category: f.category,
          loadKw: load,
          address: f.address.trim(),
          pincode: opt(f.pincode),
          locality: opt(f.locality),
          dcCode: opt(f.dcCode),
          language: lang,
        },
      });
      setResult(r);
      setStep("done");
    } catch (x) {
      fail(x);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{step === "done" ? t("apply.done") : t("apply.title")}</PageTitle>
      {error?.field === "form" && (
        <p className="notice error" role="alert">
          {error.text}
        </p>
      )}
      {step === "mobile" && (
        <form onSubmit={send} noValidate>
          <p>{t("apply.intro")}</p>
          <Field label={t("apply.mobile")} hint={t("apply.mobileHint")} error={err("mobile")}>
            {(p) => (
              <input
                {...p}
                name="mobile"
                type="tel"
                inputMode="numeric"
                autoComplete="tel-national"
                value={mobile}
                onChange={(e) => setMobile(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" disabled={busy}>
            {busy ? t("signIn.sending") : t("apply.send")}
          </button>
        </form>
      )}
      {step === "code" && (
        <form onSubmit={toForm} noValidate>
          <p className="notice ok" role="status">
            {t("apply.sent", { mobile })}
          </p>
          <Field label={t("apply.code")} error={err("code")}>
            {(p) => (
              <input
                {...p}
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            )}
          </Field>
          <div className="actions">
            <button type="submit">{t("apply.next")}</button>
            <button type="button" className="secondary" disabled={busy} onClick={() => void send()}>
              {t("apply.again")}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => {
                setError(undefined);
                setStep("mobile");
              }}
            >
              {t("apply.changeMobile")}
            </button>
          </div>
        </form>
      )}
      {step === "form" && (
        <form onSubmit={submit} noValidate aria-labelledby="apply-details">
          <h2 id="apply-details">{t("apply.details")}</h2>
          <Field label={t("apply.name")} error={err("applicantName")}>
            {(p) => (
              <input
                {...p}
                name="applicantName"
                autoComplete="name"
                value={f.applicantName}
                onChange={set("applicantName")}
              />
            )}
          </Field>
          <Field label={t("apply.category")} error={err("category")}>
            {(p) => (
              <select {...p} name="category" value={f.category} onChange={set("category")}>
                {CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`apply.cat.${c}` as PortalKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("apply.load")} hint={t("apply.loadHint")} error={err("loadKw")}>
            {(p) => (
              <input {...p} name="loadKw" inputMode="decimal" value={f.loadKw} onChange={set("loadKw")} />
            )}
          </Field>
          <Field label={t("apply.address")} error={err("address")}>
            {(p) => (
              <textarea
                {...p}
                name="address"
                rows={3}
                autoComplete="street-address"
                value={f.address}
                onChange={set("address")}
              />
            )}
          </Field>
          <Field label={t("apply.pincode")} hint={t("apply.placeHint")} error={err("pincode")}>
            {(p) => (
              <input
                {...p}
                name="pincode"
                inputMode="numeric"
                maxLength={6}
                autoComplete="postal-code"
                value={f.pincode}
                onChange={set("pincode")}
              />
            )}
          </Field>
          <Field label={t("apply.locality")} error={err("locality")}>
            {(p) => <input {...p} name="locality" value={f.locality} onChange={set("locality")} />}
          </Field>
          <Field label={t("apply.dc")} error={err("dcCode")}>
            {(p) => <input {...p} name="dcCode" value={f.dcCode} onChange={set("dcCode")} />}
          </Field>
          <button type="submit" disabled={busy}>
            {busy ? t("apply.submitting") : t("apply.submit")}
          </button>
        </form>
      )}
      {step === "done" && result && (
        <section className="card" aria-labelledby="apply-number">
          {!result.created && <p className="notice">{t("apply.duplicate")}</p>}
          <h2 id="apply-number">{t("apply.number")}</h2>
          <p className="big" lang="en">
            <strong>{result.number}</strong>
          </p>
          <p>{t("apply.keep")}</p>
          <h2>{t("apply.nextStep")}</h2>
          <p>{lang === "hi" ? result.nextStep.hi : result.nextStep.en}</p>
          <p>
            <a className="button" href={`/track?n=${encodeURIComponent(result.number)}`}>
              {t("apply.track")}
            </a>
          </p>
        </section>
      )}
    </>
  );
}
