import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../api.ts";
import type { TokenDto } from "../contract.ts";
import type { Body } from "../endpoints.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys, useApiQuery } from "../query.ts";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { useFormError } from "../ui/errors.tsx";
import { Badge, Button, Field, Loading, Notice } from "../ui/index.tsx";
import { OrgPicker } from "../ui/OrgPicker.tsx";

const SCOPES = ["consumers.read", "consumers.read_mobile", "org.read"] as const;

export function Tokens() {
  const { t, formatDateTime } = useI18n();
  const [creating, setCreating] = useState(false);
  const [form, setForm] = useState({ name: "", orgCode: "", scopes: ["consumers.read"] as string[] });
  const [copied, setCopied] = useState(false);
  const list = useApiQuery(keys.tokens, "GET /api/tokens");
  const items = list.data?.items;
  const load = () => void invalidate(keys.tokens);

  const creation = useMutation({
    mutationFn: () =>
      api("POST /api/tokens", {
        body: {
          name: form.name.trim(),
          ...(form.orgCode ? { orgCode: form.orgCode } : {}),
          // The checkboxes offer the scopes the server grants; the form keeps them as text.
          scopes: form.scopes as Body<"POST /api/tokens">["scopes"],
        },
      }),
    onSuccess: () => {
      setCopied(false);
      setCreating(false);
      setForm({ name: "", orgCode: "", scopes: ["consumers.read"] });
      load();
    },
  });
  const secret = creation.data?.secret;
  const revocation = useMutation({
    mutationFn: (token: TokenDto) => api("DELETE /api/tokens/:id", { params: { id: token.id } }),
    onSettled: load,
  });
  const busy = creation.isPending;
  const failed = revocation.error ?? creation.error ?? list.error;
  const error = useFormError(failed);

  const create = (e: FormEvent) => {
    e.preventDefault();
    revocation.reset();
    creation.mutate();
  };

  const revoke = (token: TokenDto) => {
    if (!window.confirm(t("tokens.confirmRevoke", { name: token.name }))) return;
    creation.reset();
    revocation.mutate(token);
  };

  return (
    <section className="page">
      <div className="page-head">
        <h1>{t("tokens.title")}</h1>
        <ExportButtons path="/api/tokens/export" label={t("tokens.title")} />
        {!creating ? <Button onClick={() => setCreating(true)}>+ {t("tokens.new")}</Button> : null}
      </div>
      <p className="muted">{t("tokens.intro")}</p>
      {error.general ? <Notice tone="error">{error.general}</Notice> : null}
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
          <Button variant="ghost" onClick={creation.reset}>
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
            error={error.field("name")}
          />
          <OrgPicker
            label={t("tokens.office")}
            value={form.orgCode}
            onChange={(orgCode) => setForm({ ...form, orgCode })}
            error={error.field("orgCode")}
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
            {error.field("scopes") ? <small className="error-text">{error.field("scopes")}</small> : null}
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
      {!items && !failed ? <Loading text={t("common.loading")} /> : null}
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
                    <Button variant="danger" onClick={() => revoke(tok)}>
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
