import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../api.ts";
import { useI18n } from "../i18n/index.tsx";
import { useSession } from "../session.tsx";
import { useFormError } from "../ui/errors.tsx";
import { Button, Field, Notice } from "../ui/index.tsx";

export function Account() {
  const { t, lang, setLang } = useI18n();
  const { setMe } = useSession();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [mismatch, setMismatch] = useState(false);

  const changing = useMutation({
    mutationFn: () =>
      api("POST /api/auth/password", { body: { currentPassword: current, newPassword: next } }),
    onSuccess: () => {
      setCurrent("");
      setNext("");
      setRepeat("");
    },
  });
  const failed = useFormError(changing.error);
  const busy = changing.isPending;

  const change = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(next !== repeat);
    if (next !== repeat) return changing.reset();
    changing.mutate();
  };

  const chooseLanguage = async (l: "en" | "hi") => {
    setLang(l);
    try {
      const r = await api("PATCH /api/auth/me", { body: { language: l } });
      setMe(r.user);
    } catch {
      // The screen language already changed; saving the preference can wait for the next try.
    }
  };

  const fieldError = (f: string) =>
    mismatch ? (f === "repeat" ? t("account.mismatch") : undefined) : failed.field(f);

  return (
    <section className="page narrow">
      <h1>{t("account.title")}</h1>
      <div className="panel">
        <h2>{t("account.language")}</h2>
        <div className="segmented" role="radiogroup" aria-label={t("account.language")}>
          {(["hi", "en"] as const).map((l) => (
            <label key={l} className={lang === l ? "on" : ""}>
              <input type="radio" name="lang" checked={lang === l} onChange={() => void chooseLanguage(l)} />
              {t(`lang.${l}`)}
            </label>
          ))}
        </div>
      </div>
      <form className="panel" onSubmit={change}>
        <h2>{t("account.changePassword")}</h2>
        {!mismatch && failed.general ? <Notice tone="error">{failed.general}</Notice> : null}
        {!mismatch && changing.isSuccess ? <Notice tone="success">{t("account.changed")}</Notice> : null}
        <Field
          label={t("account.current")}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={fieldError("currentPassword")}
        />
        <Field
          label={t("account.new")}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={fieldError("newPassword")}
        />
        <Field
          label={t("account.repeat")}
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          error={fieldError("repeat")}
        />
        <Button type="submit" busy={busy}>
          {busy ? t("common.saving") : t("common.save")}
        </Button>
      </form>
    </section>
  );
}
