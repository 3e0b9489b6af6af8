import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError, api } from "../api.ts";
import { useCatalogue } from "../catalogue.tsx";
import type { ComplaintStatus, Outage, OutageAction, OutageEvent } from "../contract.ts";
import type { Body } from "../endpoints.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys, useApiQuery } from "../query.ts";
import { Link } from "../router.tsx";
import { fromZonedInput, toZonedInput } from "../time.ts";
import { ComplaintStatusBadge, useNow } from "../ui/complaint.tsx";
import { ErrorNotice, useErrorText, useFormError } from "../ui/errors.tsx";
import { Badge, Button, Field, Loading, Notice } from "../ui/index.tsx";
import { label, OutageStatusBadge, outageDuration, outageElement, useOutageTime } from "../ui/outage.tsx";

// Actions that need a few words (or a time) first; the rest go at one click.
const NEEDS_FORM: OutageAction[] = ["dismiss", "set_etr", "restore", "cancel", "note"];

/** The fields the action form shows an error under; an error about another goes in a notice. */
const SHOWN = ["reason", "etr", "at", "cause", "note"];

function ActionForm({
  outage,
  action,
  onDone,
  onCancel,
}: {
  outage: Outage;
  action: OutageAction;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  // A new ETR starts an hour after the current one (or after now): a nudge, easily changed.
  const [values, setValues] = useState<Record<string, string>>((): Record<string, string> => {
    if (action !== "set_etr") return {};
    const from = Math.max(Date.now(), outage.etr ? new Date(outage.etr).getTime() : 0);
    return { etr: toZonedInput(new Date(from + 3600_000)) };
  });
  // A required field left empty is said here, before any request.
  const [missing, setMissing] = useState<string>();
  const set = (k: string) => (e: { target: { value: string } }) =>
    setValues({ ...values, [k]: e.target.value });
  const send = useMutation({
    mutationFn: () => {
      const body: Record<string, string> = { action };
      for (const [k, v] of Object.entries(values)) {
        if (!v.trim()) continue;
        if (k === "etr" || k === "at") {
          const iso = fromZonedInput(v);
          if (iso) body[k] = iso;
        } else body[k] = v.trim();
      }
      // The form's fields are the action's, by name: the server checks them against the action.
      return api("POST /api/outages/:id/actions", {
        params: { id: outage.id },
        body: body as Body<"POST /api/outages/:id/actions">,
      });
    },
    onSuccess: onDone,
  });
  const failed = useFormError(send.error, SHOWN);
  const fe = (f: string) =>
    missing === f ? t("error.validation", { field: t(`field.${f}` as MessageKey) }) : failed.field(f);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const required =
      action === "dismiss" || action === "cancel"
        ? "reason"
        : action === "note"
          ? "note"
          : action === "set_etr"
            ? "etr"
            : undefined;
    if (required && !values[required]?.trim()) {
      setMissing(required);
      send.reset();
      return;
    }
    setMissing(undefined);
    send.mutate();
  };

  return (
    <form className="panel action-form" onSubmit={submit} data-testid="outage-action-form">
      <h3>{t(`oaction.${action}` as MessageKey)}</h3>
      {!missing && failed.general ? <Notice tone="error">{failed.general}</Notice> : null}
      <div className="form-grid">
        {action === "dismiss" || action === "cancel" ? (
          <Field
            label={t(action === "dismiss" ? "outage.dismissReason" : "outage.cancelReason")}
            value={values.reason ?? ""}
            onChange={set("reason")}
            error={fe("reason")}
            maxLength={1000}
            autoFocus
          />
        ) : null}
        {action === "set_etr" ? (
          <Field
            label={outage.kind === "planned" ? t("outage.newEnd") : t("outage.newEtr")}
            type="datetime-local"
            value={values.etr ?? ""}
            min={toZonedInput(new Date())}
            onChange={set("etr")}
            error={fe("etr")}
            hint={t("outage.etrHint")}
            autoFocus
          />
        ) : null}
        {action === "restore" ? (
          <>
            <Field
              label={t("outage.restoredAt")}
              type="datetime-local"
              value={values.at ?? ""}
              max={toZonedInput(new Date())}
              onChange={set("at")}
              error={fe("at")}
              hint={t("outage.restoredAtHint")}
              autoFocus
            />
            <Field
              label={t("outage.cause")}
              value={values.cause ?? outage.cause ?? ""}
              maxLength={300}
              onChange={set("cause")}
              error={fe("cause")}
              hint={t("outage.causeHint")}
            />
          </>
        ) : null}
        {action === "set_etr" || action === "restore" || action === "note" ? (
          <Field
            label={t("outage.noteText")}
            value={values.note ?? ""}
            maxLength={2000}
            onChange={set("note")}
            error={fe("note")}
            autoFocus={action === "note"}
          />
        ) : null}
      </div>
      <div className="actions">
        <Button
          type="submit"
          busy={send.isPending}
          variant={action === "dismiss" || action === "cancel" ? "danger" : "primary"}
        >
          {t(`oaction.${action}` as MessageKey)}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}

/** An event's changes in words: "ETR: 15:00 → 17:30; status: Suspected → Confirmed". */
function Changes({ e }: { e: OutageEvent }) {
  const { t } = useI18n();
  const { dateTime } = useOutageTime();
  const value = (k: string, v: unknown): string => {
    if (v === null || v === undefined) return "—";
    if (typeof v === "boolean") return v ? t("common.yes") : t("common.no");
    if (k === "status") return label(t, "ostatus.", String(v));
    if (typeof v === "string" && /^\d{4}-\d\d-\d\dT/.test(v)) return dateTime(v);
    if (typeof v === "number") return v.toLocaleString("en-IN");
    return String(v);
  };
  const parts = Object.entries(e.changes).map(([k, v]) => {
    const name = label(t, "ochange.", k);
    return Array.isArray(v) ? `${name}: ${value(k, v[0])} → ${value(k, v[1])}` : `${name}: ${value(k, v)}`;
  });
  if (parts.length === 0) return null;
  return <p className="muted small">{parts.join("; ")}</p>;
}

export function OutagePage({ id }: { id: number }) {
  const { t, name } = useI18n();
  const explain = useErrorText();
  const { time, dateTime, range } = useOutageTime();
  const catalogue = useCatalogue();
  const now = useNow(15_000);
  const [notice, setNotice] = useState<string>();
  const [picked, setForm] = useState<OutageAction>();
  const { data, error: loadError } = useApiQuery(keys.outage(id), "GET /api/outages/:id", { params: { id } });
  const reload = () => {
    void invalidate(keys.outage(id));
    void invalidate(keys.outages);
  };

  const quick = useMutation({
    mutationFn: (action: OutageAction) =>
      api("POST /api/outages/:id/actions", { params: { id }, body: { action } }),
    onSuccess: (_, action) => {
      setNotice(t("outage.actionDone", { action: t(`oaction.${action}` as MessageKey) }));
      reload();
    },
    onError: (err) => {
      // Someone else acted meanwhile: show the outage as it is now.
      if (err instanceof ApiError && err.status === 409 && err.allowed) reload();
    },
  });
  const refused = quick.error;
  const error = refused
    ? refused instanceof ApiError && refused.status === 409 && refused.allowed
      ? t("outage.notAllowed", {
          actions: refused.allowed.map((a) => label(t, "oaction.", a)).join(", ") || t("outage.nothingNow"),
        })
      : explain(refused)
    : undefined;
  // An action no longer offered (the outage moved on) closes its form.
  const form = picked && data?.actions.includes(picked) ? picked : undefined;

  if (!data)
    return (
      <section className="page">
        {loadError ? <ErrorNotice error={loadError} /> : <Loading text={t("common.loading")} />}
      </section>
    );
  const o = data.outage;
  const el = outageElement(o, name);
  const live = o.status === "suspected" || o.status === "confirmed" || o.status === "in_progress";
  const alert = o.kind === "unplanned" && live && !o.acknowledgedAt;
  const categoryName = (code: string) => {
    const c = catalogue?.categories.find((x) => x.code === code);
    return c ? name(c) : code;
  };

  return (
    <section className="page outage-page">
      <p>
        <Link href="/outages">← {t("outage.back")}</Link>
      </p>
      <header className={`card-head${live && o.kind === "unplanned" ? " emergency" : ""}`}>
        <div>
          <p className="muted small">
            {t(`okind.${o.kind}` as MessageKey)} · {t(`oscope.${o.scope}` as MessageKey)} ·{" "}
            <span className="mono">#{o.id}</span>
          </p>
          <h1 id="outage-title">
            {el.title} <span className="mono small">{el.code}</span>
          </h1>
          <p>
            {name(o.dc)} <span className="mono small">{o.dc.code}</span>
            {o.owner ? <span className="muted small"> · {t("outage.owner", { name: o.owner })}</span> : null}
          </p>
          <p>
            <OutageStatusBadge status={o.status} />{" "}
            <Badge tone="grey">{t(`osource.${o.source}` as MessageKey)}</Badge>{" "}
            {alert ? <Badge tone="red">{t("wall.notAcknowledged")}</Badge> : null}
            {o.acknowledgedAt ? (
              <Badge tone="green">
                {t("wall.acknowledgedBy", { name: o.acknowledgedBy ?? "—", time: time(o.acknowledgedAt) })}
              </Badge>
            ) : null}
          </p>
        </div>
        <div className="action-bar" role="toolbar" aria-label={t("outage.actions")}>
          {data.actions.map((a) => (
            <Button
              key={a}
              variant={
                a === "confirm" || a === "restore" || a === "acknowledge" || a === "start"
                  ? "primary"
                  : a === "dismiss" || a === "cancel"
                    ? "danger"
                    : "secondary"
              }
              onClick={() => (NEEDS_FORM.includes(a) ? setForm(a) : quick.mutate(a))}
            >
              {t(`oaction.${a}` as MessageKey)}
            </Button>
          ))}
        </div>
      </header>
      {notice ? (
        <Notice tone="success" onClose={() => setNotice(undefined)}>
          {notice}
        </Notice>
      ) : null}
      {error ? (
        <Notice tone="error" onClose={quick.reset}>
          {error}
        </Notice>
      ) : null}
      {form ? (
        <ActionForm
          key={form}
          outage={o}
          action={form}
          onCancel={() => setForm(undefined)}
          onDone={() => {
            setNotice(t("outage.actionDone", { action: t(`oaction.${form}` as MessageKey) }));
            setForm(undefined);
            reload();
          }}
        />
      ) : null}
      <div className="card-grid">
        <section className="panel" data-testid="outage-details">
          <h2>{t("outage.details")}</h2>
          <dl>
            <dt>{t("outage.affected")}</dt>
            <dd className="big">{o.affectedConsumers.toLocaleString("en-IN")}</dd>
            {o.feeder ? (
              <>
                <dt>{t("card.feeder")}</dt>
                <dd>
                  {name(o.feeder)} <span className="mono small">{o.feeder.code}</span>
                </dd>
              </>
            ) : null}
            {o.dt ? (
              <>
                <dt>{t("card.dt")}</dt>
                <dd>
                  {name(o.dt)} <span className="mono small">{o.dt.code}</span>
                </dd>
              </>
            ) : null}
            {o.consumerNo ? (
              <>
                <dt>{t("complaint.consumer")}</dt>
                <dd>
                  <Link href={`/consumers/${o.consumerNo}`} className="mono">
                    {o.consumerNo}
                  </Link>
                </dd>
              </>
            ) : null}
            <dt>{t("outage.cause")}</dt>
            <dd>{o.cause ?? "—"}</dd>
            <dt>{t("outage.linked")}</dt>
            <dd>{o.linkedComplaints.toLocaleString("en-IN")}</dd>
            {o.mergedInto ? (
              <>
                <dt>{t("outage.mergedInto")}</dt>
                <dd>
                  <Link href={`/outages/${o.mergedInto}`} className="mono">
                    #{o.mergedInto}
                  </Link>
                </dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="panel" data-testid="outage-times">
          <h2>{t("outage.times")}</h2>
          <dl>
            {o.kind === "planned" ? (
              <>
                <dt>{t("outage.plannedWindow")}</dt>
                <dd>{range(o.plannedStart, o.plannedEnd)}</dd>
              </>
            ) : null}
            <dt>{t("outage.startedAt")}</dt>
            <dd>
              {dateTime(o.startedAt)}
              {live ? (
                <span className="muted small">
                  {" "}
                  · {outageDuration(t, now - new Date(o.startedAt).getTime())}
                </span>
              ) : null}
            </dd>
            <dt>{t("outage.detectedAt")}</dt>
            <dd>{dateTime(o.detectedAt)}</dd>
            {o.confirmedAt && o.kind === "unplanned" ? (
              <>
                <dt>{t("outage.confirmedAt")}</dt>
                <dd>{dateTime(o.confirmedAt)}</dd>
              </>
            ) : null}
            <dt>{o.kind === "planned" ? t("wall.backBy") : t("wall.etr")}</dt>
            <dd data-testid="etr">
              {o.etr ? dateTime(o.etr) : t("outages.noEtr")}
              {o.etrSetBy ? (
                <span className="muted small"> · {t("outage.setBy", { name: o.etrSetBy })}</span>
              ) : null}
            </dd>
            {o.restoredAt ? (
              <>
                <dt>{t("outage.restoredAtLabel")}</dt>
                <dd>
                  {dateTime(o.restoredAt)}{" "}
                  <span className="muted small">
                    ({outageDuration(t, new Date(o.restoredAt).getTime() - new Date(o.startedAt).getTime())})
                  </span>
                </dd>
              </>
            ) : null}
          </dl>
        </section>
      </div>
      <div className="card-grid">
        <section className="panel" aria-labelledby="otimeline-title">
          <h2 id="otimeline-title">{t("complaint.timeline")}</h2>
          <ol className="timeline" data-testid="outage-timeline">
            {data.events.map((e) => (
              <li key={e.id} className={`ev ev-${e.action}`}>
                <time>{dateTime(e.at)}</time>
                <strong>{label(t, "oevent.", e.action)}</strong>{" "}
                <span className="muted small">
                  {t("complaint.by", { name: e.actor.name })} · {label(t, "channel.", e.channel)}
                </span>
                {e.note ? <p className="note">{e.note}</p> : null}
                <Changes e={e} />
              </li>
            ))}
          </ol>
        </section>
        <div>
          <section className="panel" data-testid="outage-sms">
            <h2>{t("outage.sms")}</h2>
            {data.sms.length === 0 ? (
              <p className="muted">{t("outage.noSms")}</p>
            ) : (
              <table className="grid compact">
                <thead>
                  <tr>
                    <th>{t("outage.sms.template")}</th>
                    <th>{t("outage.sms.status")}</th>
                    <th className="num">{t("outage.sms.count")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.sms.map((s) => (
                    <tr key={`${s.template}-${s.status}`}>
                      <td>{label(t, "smsTemplate.", s.template)}</td>
                      <td>
                        <Badge
                          tone={
                            s.status === "failed"
                              ? "red"
                              : s.status === "delivered" || s.status === "sent"
                                ? "green"
                                : "amber"
                          }
                        >
                          {label(t, "smsStatus.", s.status)}
                        </Badge>
                      </td>
                      <td className="num">{s.count.toLocaleString("en-IN")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="panel" data-testid="outage-complaints">
            <h2>{t("outage.complaints")}</h2>
            {data.complaints.length === 0 ? <p className="muted">{t("outage.noComplaints")}</p> : null}
            <ul className="complaint-list">
              {data.complaints.map((c) => (
                <li key={c.number}>
                  <Link href={`/complaints/${c.number}`} className="mono">
                    {c.number}
                  </Link>{" "}
                  {categoryName(c.categoryCode)} <ComplaintStatusBadge status={c.status as ComplaintStatus} />{" "}
                  {c.consumerName ? <span>{c.consumerName}</span> : null}{" "}
                  <span className="muted small">{time(c.registeredAt)}</span>
                </li>
              ))}
            </ul>
            {o.linkedComplaints > data.complaints.length ? (
              <p className="muted small">
                {t("outage.moreComplaints", { count: o.linkedComplaints - data.complaints.length })}
              </p>
            ) : null}
          </section>
          {data.merged.length > 0 ? (
            <section className="panel" data-testid="outage-merged">
              <h2>{t("outage.merged")}</h2>
              <p className="muted small">{t("outage.mergedHint")}</p>
              <ul className="merged-list">
                {data.merged.map((m) => (
                  <li key={m}>
                    <Link href={`/outages/${m}`} className="mono">
                      #{m}
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      </div>
    </section>
  );
}
