import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useI18n } from "../i18n/index.tsx";
import { useSession } from "../session.tsx";
import { useErrorText } from "../ui/errors.tsx";
import { Button, Field, Notice } from "../ui/index.tsx";
import { LanguageToggle } from "../ui/Layout.tsx";

export function SignIn() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [empty, setEmpty] = useState(false);
  const explain = useErrorText();

  const signing = useMutation({
    mutationFn: () => signIn(login.trim(), password),
    onError: () => setPassword(""),
  });
  const busy = signing.isPending;
  const error = empty ? t("signIn.required") : signing.error ? explain(signing.error) : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing = !login.trim() || !password;
    setEmpty(missing);
    if (missing) signing.reset();
    else signing.mutate();
  };

  return (
    <div className="signin-page">
      <div className="signin-lang">
        <LanguageToggle />
      </div>
      <form className="signin-card" onSubmit={submit} noValidate>
        <h1>
          <span className="bolt" aria-hidden="true">
            ⚡
          </span>{" "}
          {t("app.name")}
        </h1>
        <p className="muted">{t("app.tagline")}</p>
        <h2>{t("signIn.title")}</h2>
        {error ? <Notice tone="error">{error}</Notice> : null}
        <Field
          label={t("signIn.login")}
          name="login"
          autoComplete="username"
          autoCapitalize="none"
          autoFocus
          value={login}
          onChange={(e) => setLogin(e.target.value)}
        />
        <Field
          label={t("signIn.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Button type="submit" busy={busy}>
          {busy ? t("signIn.busy") : t("signIn.submit")}
        </Button>
        <p className="muted small">{t("signIn.help")}</p>
        <p className="small">
          <a href="/track">{t("track.link")}</a>
        </p>
      </form>
    </div>
  );
}
