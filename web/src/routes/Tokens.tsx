import { type FormEvent, useCallback, useEffect, useState } from "react";
import { ApiError, api, errorText } from "../api.ts";
import type { TokenDto } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { Badge, Button, Field, Loading, Notice } from "../ui/index.tsx";
import { OrgPicker } from "../ui/OrgPicker.tsx";

const SCOPES = ["consumers.read", "consumers.read_mobile", "org.read"] as const;

export function Tokens() {
  const { t, lang, formatDateTime } = useI18n();
  const [items, setItems] = useState<TokenDto[]>();
  const [error, setError] = useState<{ text: string; field?: string | undefined }>();
  const [creating, setCreating] = useState(false);
  const [form, setForm] = useState({ name: "", orgCode: "", scopes: ["consumers.read"] as string[] });
  const [secret, setSecret] = useState<string>();
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api<{ items: TokenDto[] }>("GET", "/api/tokens")
      .then((r) => setItems(r.items))
      .catch((err: unknown) => setError({ text: errorText(t, err, lang) }));
  }, [t, lang]);
  useEffect(load, [load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<{ token: TokenDto; secret: string }>("POST", "/api/tokens", {
        name: form.name.trim(),
        ...(form.orgCode ? { orgCode: form.orgCode } : {}),
        scopes: form.scopes,
      });
      setSecret(r.secret);
      setCopied(false);
      setCreating(false);
      setForm({ name: "", orgCode: "", scopes: ["consumers.read"] });
      load();
    } catch (err) {
      setError({ text: errorText(t, err, lang), field: err instanceof ApiError ? err.field : undefined });
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (token: TokenDto) => {
    if (!window.confirm(t("tokens.confirmRevoke", { name: token.name }))) return;
    try {
      await api("DELETE", `/api/tokens/${token.id}`);
      load();
    } catch (err) {
      setError({ text: errorText(t, err, lang) });
    }
  };

  return (
    <section className="page">
      <div className="page-head">
        <h1>{t("tokens.title")}</h1>
        {!creating ? <Button onClick={() => setCreating(true)}>+ {t("tokens.new")}</Button> : null}
      </div>
      <p className="muted">{t("tokens.intro")}</p>
      {error && !error.field ? <Notice tone="error">{error.text}</Notice> : null}
      {secret ? (
        <div className="panel secret" role="status">
          <p>
            <strong>{t("tokens.secretOnce")}</strong>
          </p>
          <code className="mono">{secret}</code>{" "}
          <Button
            variant="secondary"
            onClick={() => {
              void navigator.clipboard?.writeText(secret).then(() => setCopied(true));
            }}
          >
            {copied ? t("tokens.copied") : t("tokens.copy")}
          </Button>{" "}
          <Button variant="ghost" onClick={() => setSecret(undefined)}>
            {t("common.close")}
          </Button>
        </div>
      ) : null}
      {creating ? (
        <form className="panel form-grid" onSubmit={create}>
          <h2>{t("tokens.new")}</h2>
          <Field
            label={t("tokens.name")}
            value={form.name}
            autoFocus
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            error={error?.field === "name" ? error.text : undefined}
          />
          <OrgPicker
            label={t("tokens.office")}
            value={form.orgCode}
            onChange={(orgCode) => setForm({ ...form, orgCode })}
            error={error?.field === "orgCode" ? error.text : undefined}
          />
          <fieldset className="field">
            <legend>{t("tokens.scopes")}</legend>
            {SCOPES.map((s) => (
              <label key={s} className="check">
                <input
                  type="checkbox"
                  checked={form.scopes.includes(s)}
                  onChange={(e) =>
                    setForm({
                      ...form,
                      scopes: e.target.checked ? [...form.scopes, s] : form.scopes.filter((x) => x !== s),
                    })
                  }
                />{" "}
                {t(`scope.${s}` as MessageKey)}
              </label>
            ))}
            {error?.field === "scopes" ? <small className="error-text">{error.text}</small> : null}
          </fieldset>
          <div className="actions">
            <Button type="submit" busy={busy}>
              {t("tokens.create")}
            </Button>
            <Button variant="secondary" onClick={() => setCreating(false)}>
              {t("common.cancel")}
            </Button>
          </div>
        </form>
      ) : null}
      {!items && !error ? <Loading text={t("common.loading")} /> : null}
      {items && items.length === 0 ? <p className="muted">{t("tokens.none")}</p> : null}
      {items && items.length > 0 ? (
        <table className="grid">
          <thead>
            <tr>
              <th>{t("tokens.name")}</th>
              <th>{t("tokens.office")}</th>
              <th>{t("tokens.scopes")}</th>
              <th>{t("tokens.createdBy")}</th>
              <th>{t("tokens.lastUsed")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((tok) => (
              <tr key={tok.id} className={tok.revokedAt ? "revoked" : ""}>
                <td>
                  <strong>{tok.name}</strong> <span className="mono small muted">{tok.prefix}…</span>
                </td>
                <td className="mono">{tok.orgCode}</td>
                <td className="small">{tok.scopes.map((s) => t(`scope.${s}` as MessageKey)).join(", ")}</td>
                <td className="small">
                  {tok.createdBy ?? "—"} · {formatDateTime(tok.createdAt)}
                </td>
                <td className="small">{tok.lastUsedAt ? formatDateTime(tok.lastUsedAt) : "—"}</td>
                <td>
                  {tok.revokedAt ? (
                    <Badge tone="grey">{t("tokens.revoked")}</Badge>
                  ) : (
                    <Button variant="danger" onClick={() => void revoke(tok)}>
                      {t("tokens.revoke")}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
