import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../api.ts";
import { useI18n } from "../i18n/index.tsx";
import { useSession } from "../session.tsx";
import { useFormError } from "./errors.tsx";
import { Badge, Button, Field, Notice } from "./index.tsx";

interface Mobile {
  mobile: string;
  verified: boolean;
  language: "hi" | "en";
}

interface Pending {
  verificationId: number;
  mobile: string;
  expiresAt: string;
}

/**
 * A consumer's mobile numbers on his card, and the agent's way to add or
 * change one: a code goes to the new number by SMS, the consumer reads it
 * out, and only then does the number get notices.
 */
export function MobilesPanel({
  consumerNo,
  mobiles,
  onChanged,
}: {
  consumerNo: string;
  mobiles: Mobile[];
  onChanged: () => void;
}) {
  const { t, formatDateTime } = useI18n();
  const { can } = useSession();
  const mayChange = can("consumers.mobiles");
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ mobile: "", language: "hi" as "hi" | "en", replaces: "" });
  const [pending, setPending] = useState<Pending>();
  const [code, setCode] = useState("");

  const sending = useMutation({
    mutationFn: () =>
      api("POST /api/consumers/:consumerNo/mobiles", {
        params: { consumerNo },
        body: {
          mobile: form.mobile.trim(),
          language: form.language,
          ...(form.replaces ? { replaces: form.replaces } : {}),
        },
      }),
    onSuccess: (r) => {
      setPending(r);
      setCode("");
      onChanged();
    },
  });
  const verifying = useMutation({
    mutationFn: (p: Pending) =>
      api("POST /api/consumers/:consumerNo/mobiles/verify", {
        params: { consumerNo },
        body: { verificationId: p.verificationId, code: code.trim() },
      }),
    onSuccess: () => {
      setPending(undefined);
      setOpen(false);
      setForm({ mobile: "", language: "hi", replaces: "" });
      onChanged();
    },
  });
  const removing = useMutation({
    mutationFn: (m: Mobile) =>
      api("DELETE /api/consumers/:consumerNo/mobiles/:mobile", { params: { consumerNo, mobile: m.mobile } }),
    onSuccess: onChanged,
  });
  // One message for the panel: the last request's.
  const clear = () => {
    sending.reset();
    verifying.reset();
    removing.reset();
  };
  const failed = useFormError(sending.error ?? verifying.error ?? removing.error);
  const busy = sending.isPending || verifying.isPending;
  const verified = verifying.data;
  const done = verified
    ? `${t("mobiles.verified", { mobile: verified.mobile })}${verified.replaced ? ` ${t("mobiles.replacedNote", { mobile: verified.replaced })}` : ""}`
    : undefined;

  const send = (e?: FormEvent) => {
    e?.preventDefault();
    clear();
    sending.mutate();
  };

  const verify = (e: FormEvent) => {
    e.preventDefault();
    if (!pending) return;
    clear();
    verifying.mutate(pending);
  };

  const remove = (m: Mobile) => {
    if (!window.confirm(t("mobiles.confirmRemove", { mobile: m.mobile }))) return;
    clear();
    removing.mutate(m);
  };

  return (
    <section className="panel" data-testid="mobiles">
      <h2>{t("card.contact")}</h2>
      {mobiles.length === 0 ? <p className="muted">{t("card.noMobile")}</p> : null}
      <ul className="mobiles">
        {mobiles.map((m) => (
          <li key={m.mobile}>
            <a className="mono big" href={`tel:+91${m.mobile.replace(/\D/g, "")}`}>
              {m.mobile}
            </a>{" "}
            <Badge tone={m.verified ? "green" : "amber"}>
              {m.verified ? t("card.verified") : t("card.unverified")}
            </Badge>{" "}
            <span className="muted small">{t("card.smsIn", { lang: t(`lang.${m.language}`) })}</span>
            {mayChange && !open ? (
              <>
                {" "}
                <Button variant="ghost" onClick={() => remove(m)}>
                  {t("mobiles.remove")}
                </Button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {mobiles.some((m) => !m.verified) ? <p className="small muted">{t("mobiles.pendingNote")}</p> : null}
      {done ? (
        <Notice tone="success" onClose={verifying.reset}>
          {done}
        </Notice>
      ) : null}
      {failed.general ? <Notice tone="error">{failed.general}</Notice> : null}
      {mayChange && !open ? (
        <Button variant="secondary" onClick={() => setOpen(true)}>
          + {t("mobiles.add")}
        </Button>
      ) : null}
      {mayChange && open && !pending ? (
        <form className="mobile-form" onSubmit={send}>
          <Field
            label={t("mobiles.new")}
            value={form.mobile}
            inputMode="tel"
            autoComplete="off"
            autoFocus
            maxLength={16}
            onChange={(e) => setForm({ ...form, mobile: e.target.value })}
            error={failed.field("mobile")}
          />
          <div className="field">
            <label htmlFor="mobile-lang">{t("mobiles.smsLanguage")}</label>
            <select
              id="mobile-lang"
              value={form.language}
              onChange={(e) => setForm({ ...form, language: e.target.value as "hi" | "en" })}
            >
              <option value="hi">{t("lang.hi")}</option>
              <option value="en">{t("lang.en")}</option>
            </select>
          </div>
          {mobiles.length > 0 ? (
            <div className="field">
              <label htmlFor="mobile-replaces">{t("mobiles.replaces")}</label>
              <select
                id="mobile-replaces"
                value={form.replaces}
                onChange={(e) => setForm({ ...form, replaces: e.target.value })}
              >
                <option value="">{t("mobiles.replacesNone")}</option>
                {mobiles.map((m) => (
                  <option key={m.mobile} value={m.mobile}>
                    {m.mobile}
                  </option>
                ))}
              </select>
              {failed.field("replaces") ? (
                <small className="error-text">{failed.field("replaces")}</small>
              ) : null}
            </div>
          ) : null}
          <div className="actions">
            <Button type="submit" busy={busy}>
              {t("mobiles.sendCode")}
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setOpen(false);
                clear();
              }}
            >
              {t("common.cancel")}
            </Button>
          </div>
        </form>
      ) : null}
      {pending ? (
        <form className="mobile-form" onSubmit={verify}>
          <Notice tone="info">
            {t("mobiles.codeSent", { mobile: pending.mobile, time: formatDateTime(pending.expiresAt) })}
          </Notice>
          <Field
            label={t("mobiles.enterCode")}
            value={code}
            inputMode="numeric"
            autoComplete="one-time-code"
            autoFocus
            maxLength={6}
            className="mono big"
            onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))}
            error={failed.field("code") ?? failed.field("verificationId")}
          />
          <div className="actions">
            <Button type="submit" busy={busy} disabled={code.length !== 6}>
              {t("mobiles.verify")}
            </Button>
            <Button variant="secondary" onClick={() => send()} disabled={busy}>
              {t("mobiles.resend")}
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                setPending(undefined);
                setOpen(false);
                clear();
              }}
            >
              {t("common.cancel")}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
