import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../api.ts";
import { ROLES, type Role, type UserDto } from "../contract.ts";
import type { Body } from "../endpoints.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys, useApiQuery, useDebounced } from "../query.ts";
import { useSession } from "../session.tsx";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice, useFormError } from "../ui/errors.tsx";
import { Badge, Button, Field, Loading, Notice } from "../ui/index.tsx";
import { OrgPicker } from "../ui/OrgPicker.tsx";

const PAGE = 50;

function NewUserForm({ onDone, onCancel }: { onDone: (u: UserDto) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({
    login: "",
    name: "",
    role: "agent" as Role,
    orgCode: "",
    phone: "",
    password: "",
    language: "hi",
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });

  const create = useMutation({
    mutationFn: () =>
      api("POST /api/users", {
        body: {
          login: form.login.trim(),
          name: form.name.trim(),
          role: form.role,
          orgCode: form.orgCode,
          phone: form.phone.trim() || null,
          password: form.password,
          // The select offers the server's languages; the form keeps its fields as text.
          language: form.language as Body<"POST /api/users">["language"],
        },
      }),
    onSuccess: onDone,
  });
  const error = useFormError(create.error);
  const busy = create.isPending;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const fieldError = error.field;

  return (
    <form className="panel form-grid" onSubmit={submit}>
      <h2>{t("users.new")}</h2>
      {error.general ? <Notice tone="error">{error.general}</Notice> : null}
      <Field
        label={t("users.login")}
        value={form.login}
        onChange={set("login")}
        error={fieldError("login")}
        autoFocus
        required
      />
      <Field
        label={t("users.name")}
        value={form.name}
        onChange={set("name")}
        error={fieldError("name")}
        required
      />
      <div className="field">
        <label htmlFor="new-role">{t("users.role")}</label>
        <select id="new-role" value={form.role} onChange={set("role")}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <OrgPicker
        label={t("users.office")}
        value={form.orgCode}
        onChange={(orgCode) => setForm({ ...form, orgCode })}
        error={fieldError("orgCode")}
      />
      <Field
        label={t("users.phone")}
        value={form.phone}
        onChange={set("phone")}
        error={fieldError("phone")}
        inputMode="tel"
      />
      <div className="field">
        <label htmlFor="new-lang">{t("users.language")}</label>
        <select id="new-lang" value={form.language} onChange={set("language")}>
          <option value="hi">{t("lang.hi")}</option>
          <option value="en">{t("lang.en")}</option>
        </select>
      </div>
      <Field
        label={t("users.password")}
        type="password"
        autoComplete="new-password"
        value={form.password}
        onChange={set("password")}
        error={fieldError("password")}
        required
      />
      <div className="actions">
        <Button type="submit" busy={busy}>
          {t("users.create")}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}

export function Users() {
  const { t, name, formatDateTime } = useI18n();
  const { me } = useSession();
  const [q, setQ] = useState("");
  const [role, setRole] = useState<Role | "">("");
  const [offset, setOffset] = useState(0);
  const [notice, setNotice] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [passwordFor, setPasswordFor] = useState<UserDto>();
  const [newPassword, setNewPassword] = useState("");

  const params = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
  if (q.trim()) params.set("q", q.trim());
  if (role) params.set("role", role);
  // The list follows the search box a moment after the typing stops.
  const asked = useDebounced(params.toString(), 200);
  const { data, error: loadError } = useApiQuery(
    [...keys.users, "list", asked],
    "GET /api/users",
    { query: new URLSearchParams(asked) },
    { keep: true },
  );
  const load = () => void invalidate(keys.users);

  const toggle = useMutation({
    mutationFn: (u: UserDto) =>
      api("PATCH /api/users/:id", { params: { id: u.id }, body: { active: !u.active } }),
    // The notice comes with the refreshed list, never beside the row as it was before.
    onSuccess: async (_, u) => {
      await invalidate(keys.users);
      setNotice(t("users.changed", { login: u.login }));
    },
  });
  const unlock = useMutation({
    mutationFn: (u: UserDto) => api("POST /api/users/:id/unlock", { params: { id: u.id } }),
    // The notice comes with the refreshed list, never beside the row as it was before.
    onSuccess: async (_, u) => {
      await invalidate(keys.users);
      setNotice(t("users.unlocked", { login: u.login }));
    },
  });
  const password = useMutation({
    mutationFn: (u: UserDto) =>
      api("POST /api/users/:id/password", { params: { id: u.id }, body: { password: newPassword } }),
    onSuccess: (_, u) => {
      setNotice(t("users.passwordSet", { login: u.login }));
      setPasswordFor(undefined);
      setNewPassword("");
    },
  });
  // One notice for the screen: the last action's failure, else the list's.
  const actions = [toggle, unlock, password];
  const clear = () => {
    for (const a of actions) a.reset();
  };
  const error = toggle.error ?? unlock.error ?? password.error ?? loadError;
  const run = <T,>(m: { mutate: (v: T) => void }, v: T) => {
    clear();
    m.mutate(v);
  };

  const setPassword = (e: FormEvent) => {
    e.preventDefault();
    if (passwordFor) run(password, passwordFor);
  };

  return (
    <section className="page">
      <div className="page-head">
        <h1>{t("users.title")}</h1>
        <ExportButtons path="/api/users/export" query={new URLSearchParams(asked)} label={t("users.title")} />
        {!creating ? <Button onClick={() => setCreating(true)}>+ {t("users.new")}</Button> : null}
      </div>
      {notice ? (
        <Notice tone="success" onClose={() => setNotice(undefined)}>
          {notice}
        </Notice>
      ) : null}
      <ErrorNotice error={error} onClose={error === loadError ? undefined : clear} />
      {creating ? (
        <NewUserForm
          onCancel={() => setCreating(false)}
          onDone={(u) => {
            setCreating(false);
            setNotice(t("users.created", { login: u.login }));
            load();
          }}
        />
      ) : null}
      {passwordFor ? (
        <form className="panel inline-form" onSubmit={setPassword}>
          <Field
            label={t("users.newPassword", { login: passwordFor.login })}
            type="password"
            autoComplete="new-password"
            autoFocus
            value={newPassword}
            onChange={(e) => setNewPassword(e.target.value)}
          />
          <Button type="submit">{t("common.save")}</Button>
          <Button variant="secondary" onClick={() => setPasswordFor(undefined)}>
            {t("common.cancel")}
          </Button>
        </form>
      ) : null}
      <div className="filters">
        <input
          type="search"
          aria-label={t("users.search")}
          placeholder={t("users.search")}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setOffset(0);
          }}
        />
        <select
          aria-label={t("users.role")}
          value={role}
          onChange={(e) => {
            setRole(e.target.value as Role | "");
            setOffset(0);
          }}
        >
          <option value="">{t("users.allRoles")}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}` as MessageKey)}
            </option>
          ))}
        </select>
        {data ? <span className="muted small">{t("users.total", { count: data.total })}</span> : null}
      </div>
      {!data && !error ? <Loading text={t("common.loading")} /> : null}
      {data ? (
        <>
          <table className="grid">
            <thead>
              <tr>
                <th>{t("users.login")}</th>
                <th>{t("users.name")}</th>
                <th>{t("users.role")}</th>
                <th>{t("users.office")}</th>
                <th>{t("users.lastLogin")}</th>
                <th>{t("users.state")}</th>
                <th>{t("users.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((u) => (
                <tr key={u.id}>
                  <td className="mono">{u.login}</td>
                  <td>{u.name}</td>
                  <td>{t(`role.${u.role}` as MessageKey)}</td>
                  <td>
                    {name(u.orgUnit)} <span className="mono small muted">{u.orgUnit.code}</span>
                  </td>
                  <td className="small">
                    {u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t("users.never")}
                  </td>
                  <td>
                    <Badge tone={u.active ? "green" : "grey"}>
                      {u.active ? t("users.active") : t("users.inactive")}
                    </Badge>
                    {u.lockedUntil ? (
                      <>
                        {" "}
                        <Badge tone="red" title={t("users.lockedTitle")}>
                          {t("users.locked", { until: formatDateTime(u.lockedUntil) })}
                        </Badge>
                      </>
                    ) : null}
                  </td>
                  <td className="row-actions">
                    {u.lockedUntil ? (
                      <Button variant="secondary" onClick={() => run(unlock, u)}>
                        {t("users.unlock")}
                      </Button>
                    ) : null}
                    <Button variant="secondary" onClick={() => setPasswordFor(u)}>
                      {t("users.setPassword")}
                    </Button>
                    {u.id !== me?.id ? (
                      <Button variant={u.active ? "danger" : "secondary"} onClick={() => run(toggle, u)}>
                        {u.active ? t("users.deactivate") : t("users.activate")}
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <Button
              variant="secondary"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              ← {t("common.previous")}
            </Button>
            <span className="muted small">
              {t("common.range", {
                from: data.total ? offset + 1 : 0,
                to: offset + data.items.length,
                total: data.total,
              })}
            </span>
            <Button
              variant="secondary"
              disabled={offset + PAGE >= data.total}
              onClick={() => setOffset(offset + PAGE)}
            >
              {t("common.next")} →
            </Button>
          </div>
        </>
      ) : null}
    </section>
  );
}
