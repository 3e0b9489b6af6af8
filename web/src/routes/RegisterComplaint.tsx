import { useMutation } from "@tanstack/react-query";
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import { api } from "../api.ts";
import { useCatalogue } from "../catalogue.tsx";
import type { Complaint } from "../contract.ts";
import type { Body } from "../endpoints.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys } from "../query.ts";
import { Link } from "../router.tsx";
import { errorField, useErrorText } from "../ui/errors.tsx";
import { Badge, Button, Field, NamedOptions, Notice } from "../ui/index.tsx";
import { KbSidePanel, useCaller } from "../ui/kb.tsx";
import { OutageBanner } from "../ui/OutageBanner.tsx";

type Outcome = "created" | "repeat_call" | "replayed";

interface Props {
  /** Register against this consumer; without one the form asks where the fault is. */
  consumerNo?: string | undefined;
  callerPhone?: string | undefined;
  /** The consumer's own mobile: the knowledge base's "send by SMS" offers it when no caller number is typed. */
  consumerMobile?: string | undefined;
  onRegistered?: (complaint: Complaint, outcome: Outcome) => void;
  /** Number keys pressed anywhere on the page pick a category (the consumer card). */
  pageHotkeys?: boolean;
}

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"];

function newKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * The agent's complaint form: categories as big buttons with number keys
 * (1-9, 0), the sub-category, what the caller says, and where. One
 * idempotency key per form, so a double click or a retry after a network
 * error never makes two complaints.
 */
export function RegisterComplaint({
  consumerNo,
  callerPhone,
  consumerMobile,
  onRegistered,
  pageHotkeys,
}: Props) {
  const { t, name } = useI18n();
  const catalogue = useCatalogue();
  const [category, setCategory] = useState("");
  const [subcategory, setSubcategory] = useState("");
  const [description, setDescription] = useState("");
  const [landmark, setLandmark] = useState("");
  const [phone, setPhone] = useState(callerPhone ?? "");
  const [altPhone, setAltPhone] = useState("");
  const [callerName, setCallerName] = useState("");
  const [smsLang, setSmsLang] = useState<"hi" | "en">("hi");
  const [where, setWhere] = useState({ dtCode: "", feederCode: "", dcCode: "", location: "" });
  // A category not chosen is said here, before any request.
  const [noCategory, setNoCategory] = useState(false);
  const idempotencyKey = useRef(newKey());
  const categories = catalogue?.categories ?? [];
  const chosen = categories.find((c) => c.code === category);
  const formRef = useRef<HTMLFormElement>(null);
  // The caller's number, for the articles' "send by SMS" (here and from the `?` search).
  const callerMobile = phone.trim() || consumerMobile;
  useCaller(callerMobile, consumerNo);

  useEffect(() => {
    if (!pageHotkeys) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || e.altKey || e.ctrlKey || e.metaKey)
        return;
      if (formRef.current?.contains(target)) return; // the form's own handler takes it
      const c = categories[KEYS.indexOf(e.key)];
      if (!c) return;
      e.preventDefault();
      setCategory(c.code);
      setSubcategory("");
      formRef.current?.scrollIntoView({ block: "center" });
      formRef.current?.querySelector<HTMLButtonElement>(`button[data-code="${c.code}"]`)?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [pageHotkeys, categories]);

  const onKey = (e: KeyboardEvent<HTMLFormElement>) => {
    const target = e.target as HTMLElement;
    if (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT") return;
    const i = KEYS.indexOf(e.key);
    const c = categories[i];
    if (i >= 0 && c) {
      e.preventDefault();
      setCategory(c.code);
      setSubcategory("");
    }
  };

  const registering = useMutation({
    mutationFn: () => {
      const body: Body<"POST /api/complaints"> = {
        ...(consumerNo
          ? { consumerNo }
          : {
              ...(where.dtCode.trim() ? { dtCode: where.dtCode.trim() } : {}),
              ...(where.feederCode.trim() && !where.dtCode.trim()
                ? { feederCode: where.feederCode.trim() }
                : {}),
              ...(where.dcCode.trim() && !where.dtCode.trim() && !where.feederCode.trim()
                ? { dcCode: where.dcCode.trim() }
                : {}),
              ...(where.location.trim() ? { location: where.location.trim() } : {}),
            }),
        categoryCode: category,
        ...(subcategory ? { subcategoryCode: subcategory } : {}),
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(landmark.trim() ? { landmark: landmark.trim() } : {}),
        ...(phone.trim() ? { callerPhone: phone.trim() } : {}),
        ...(altPhone.trim() ? { altPhone: altPhone.trim() } : {}),
        ...(callerName.trim() ? { callerName: callerName.trim() } : {}),
        channel: "call",
        language: smsLang,
      };
      return api("POST /api/complaints", { body, headers: { "idempotency-key": idempotencyKey.current } });
    },
    onSuccess: (r) => {
      idempotencyKey.current = newKey();
      setCategory("");
      setSubcategory("");
      setDescription("");
      setLandmark("");
      setAltPhone("");
      void invalidate(keys.complaints);
      onRegistered?.(r.complaint, r.outcome);
    },
  });
  const result = registering.data;
  const busy = registering.isPending;
  const explain = useErrorText();
  const error = noCategory
    ? { text: t("error.validation", { field: t("complaints.filter.category") }), field: "categoryCode" }
    : registering.error
      ? { text: explain(registering.error), field: errorField(registering.error) }
      : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setNoCategory(!category);
    if (!category) return registering.reset();
    registering.mutate();
  };

  const fieldError = (f: string) => (error?.field === f ? error.text : undefined);

  return (
    <div className="register-with-kb">
      <form
        ref={formRef}
        className="panel register"
        onSubmit={submit}
        onKeyDown={onKey}
        aria-labelledby="register-title"
      >
        <h2 id="register-title">{t("register.title")}</h2>
        {consumerNo ? <OutageBanner consumerNo={consumerNo} compact /> : null}
        {result ? (
          <Notice tone={result.outcome === "created" ? "success" : "info"} onClose={registering.reset}>
            {result.outcome === "repeat_call"
              ? t("register.repeat", {
                  number: result.complaint.number,
                  status: t(`cstatus.${result.complaint.status}` as MessageKey),
                })
              : t("register.done", { number: result.complaint.number })}{" "}
            <Link href={`/complaints/${result.complaint.number}`} className="mono">
              {result.complaint.number}
            </Link>
          </Notice>
        ) : null}
        {error &&
        ![
          "description",
          "landmark",
          "callerPhone",
          "altPhone",
          "location",
          "dtCode",
          "feederCode",
          "dcCode",
        ].includes(error.field ?? "") ? (
          <Notice tone="error">{error.text}</Notice>
        ) : null}
        <fieldset className="categories">
          <legend>{t("register.category")}</legend>
          <div className="category-grid">
            {categories.map((c, i) => (
              <button
                key={c.code}
                data-code={c.code}
                type="button"
                aria-pressed={category === c.code}
                className={`category${category === c.code ? " on" : ""}${c.emergency ? " emergency" : ""}`}
                onClick={() => {
                  setCategory(c.code);
                  setSubcategory("");
                }}
              >
                <kbd>{KEYS[i]}</kbd> {name(c)}
                {c.emergency ? <Badge tone="red">{t("complaint.emergency")}</Badge> : null}
              </button>
            ))}
          </div>
        </fieldset>
        {chosen && chosen.subcategories.length > 0 ? (
          <div className="field">
            <label htmlFor="register-sub">{t("register.subcategory")}</label>
            <select id="register-sub" value={subcategory} onChange={(e) => setSubcategory(e.target.value)}>
              <NamedOptions none="—" items={chosen.subcategories} />
            </select>
          </div>
        ) : null}
        {!consumerNo ? (
          <fieldset className="where">
            <legend>{t("register.where")}</legend>
            <p className="muted small">{t("register.whereHint")}</p>
            <div className="form-grid">
              <Field
                label={t("register.dtCode")}
                value={where.dtCode}
                onChange={(e) => setWhere({ ...where, dtCode: e.target.value })}
                error={fieldError("dtCode")}
              />
              <Field
                label={t("register.feederCode")}
                value={where.feederCode}
                onChange={(e) => setWhere({ ...where, feederCode: e.target.value })}
                error={fieldError("feederCode")}
              />
              <Field
                label={t("register.dcCode")}
                value={where.dcCode}
                onChange={(e) => setWhere({ ...where, dcCode: e.target.value })}
                error={fieldError("dcCode")}
              />
              <Field
                label={t("register.location")}
                value={where.location}
                onChange={(e) => setWhere({ ...where, location: e.target.value })}
                error={fieldError("location")}
              />
            </div>
          </fieldset>
        ) : null}
        <div className="field">
          <label htmlFor="register-desc">{t("register.description")}</label>
          <textarea
            id="register-desc"
            rows={2}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <div className="form-grid">
          <Field
            label={t("register.landmark")}
            value={landmark}
            onChange={(e) => setLandmark(e.target.value)}
          />
          <Field
            label={t("register.callerPhone")}
            value={phone}
            inputMode="tel"
            onChange={(e) => setPhone(e.target.value)}
            error={fieldError("callerPhone")}
          />
          <Field
            label={t("register.altPhone")}
            value={altPhone}
            inputMode="tel"
            onChange={(e) => setAltPhone(e.target.value)}
            error={fieldError("altPhone")}
          />
          {!consumerNo ? (
            <Field
              label={t("register.callerName")}
              value={callerName}
              onChange={(e) => setCallerName(e.target.value)}
            />
          ) : null}
          <div className="field">
            <label htmlFor="register-lang">{t("register.language")}</label>
            <select
              id="register-lang"
              value={smsLang}
              onChange={(e) => setSmsLang(e.target.value as "hi" | "en")}
            >
              <option value="hi">{t("lang.hi")}</option>
              <option value="en">{t("lang.en")}</option>
            </select>
          </div>
        </div>
        <Button type="submit" busy={busy}>
          {busy ? t("register.busy") : t("register.submit")}
        </Button>
      </form>
      <KbSidePanel
        complaintCategory={category}
        mobile={callerMobile}
        consumerNo={consumerNo}
        language={smsLang}
      />
    </div>
  );
}
