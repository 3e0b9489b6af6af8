import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../api.ts";
import { useCatalogue } from "../catalogue.tsx";
import type { Complaint, ComplaintAction } from "../contract.ts";
import type { Body } from "../endpoints.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys, useApiQuery } from "../query.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import {
  actionKey,
  ComplaintStatusBadge,
  LADDER_ROLES,
  MapLink,
  SlaBadge,
  useNow,
} from "../ui/complaint.tsx";
import { ErrorNotice, useFormError } from "../ui/errors.tsx";
import { useFocusOnMount } from "../ui/focus.ts";
import { Badge, Button, Field, Loading, NamedOptions, Notice } from "../ui/index.tsx";
import { timelineWords } from "../ui/timeline.ts";

// Actions that need a few words before they are sent; the rest go at one click.
const NEEDS_FORM: ComplaintAction[] = [
  "assign",
  "resolve",
  "wait",
  "reopen",
  "mark_invalid",
  "mark_duplicate",
  "change_category",
  "note",
];

function ActionForm({
  complaint,
  action,
  onDone,
  onCancel,
}: {
  complaint: Complaint;
  action: ComplaintAction;
  onDone: (c: Complaint) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const catalogue = useCatalogue();
  const [values, setValues] = useState<Record<string, string>>({});
  const set = (k: string) => (e: { target: { value: string } }) =>
    setValues({ ...values, [k]: e.target.value });
  const firstSelect = useFocusOnMount<HTMLSelectElement>();

  const assignees =
    useApiQuery(
      [...keys.complaint(complaint.number), "assignees"],
      "GET /api/complaints/:number/assignees",
      { params: { number: complaint.number } },
      { enabled: action === "assign" },
    ).data?.items ?? [];

  const send = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = { action };
      for (const [k, v] of Object.entries(values))
        if (v.trim()) body[k] = k === "assigneeId" ? Number(v) : v.trim();
      // The form's fields are the action's, by name, as text: the server checks them against the action.
      return api("POST /api/complaints/:number/actions", {
        params: { number: complaint.number },
        body: body as Body<"POST /api/complaints/:number/actions">,
      });
    },
    onSuccess: (r) => onDone(r.complaint),
  });
  const error = useFormError(send.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  const fe = error.field;

  return (
    <form className="panel action-form" onSubmit={submit}>
      <h3>{t(`action.${action}` as MessageKey)}</h3>
      {error.general ? <Notice tone="error">{error.general}</Notice> : null}
      {action === "assign" ? (
        <div className="field">
          <label htmlFor="assignee">{t("complaint.chooseAssignee")}</label>
          <select
            id="assignee"
            ref={firstSelect}
            value={values.assigneeId ?? ""}
            onChange={set("assigneeId")}
          >
            <option value="">—</option>
            {assignees.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({t("complaint.openWork", { count: a.openCount })}
                {a.onDuty ? "" : `, ${t("complaint.offDuty")}`})
              </option>
            ))}
          </select>
          {fe("assigneeId") ? <small className="error-text">{fe("assigneeId")}</small> : null}
        </div>
      ) : null}
      {action === "resolve" ? (
        <>
          <div className="field">
            <label htmlFor="resolution">{t("complaint.resolutionCode")}</label>
            <select
              id="resolution"
              value={values.resolutionCode ?? ""}
              onChange={set("resolutionCode")}
              ref={firstSelect}
            >
              <NamedOptions none="—" items={catalogue?.resolutionCodes} />
            </select>
            {fe("resolutionCode") ? <small className="error-text">{fe("resolutionCode")}</small> : null}
          </div>
          <Field label={t("complaint.remarks")} value={values.remarks ?? ""} onChange={set("remarks")} />
        </>
      ) : null}
      {action === "wait" || action === "reopen" || action === "mark_invalid" ? (
        <Field
          label={t(
            action === "wait"
              ? "complaint.waitReason"
              : action === "reopen"
                ? "complaint.reopenReason"
                : "complaint.reason",
          )}
          value={values.reason ?? ""}
          onChange={set("reason")}
          error={fe("reason")}
          autoFocus
        />
      ) : null}
      {action === "mark_duplicate" ? (
        <Field
          label={t("complaint.duplicateOf")}
          value={values.duplicateOf ?? ""}
          onChange={set("duplicateOf")}
          error={fe("duplicateOf")}
          autoFocus
        />
      ) : null}
      {action === "change_category" ? (
        <div className="field">
          <label htmlFor="newcat">{t("complaint.newCategory")}</label>
          <select
            id="newcat"
            value={values.categoryCode ?? ""}
            onChange={set("categoryCode")}
            ref={firstSelect}
          >
            <NamedOptions none="—" items={catalogue?.categories} />
          </select>
        </div>
      ) : null}
      {action === "note" ? (
        <Field
          label={t("complaint.noteText")}
          value={values.note ?? ""}
          onChange={set("note")}
          error={fe("note")}
          autoFocus
        />
      ) : null}
      <div className="actions">
        <Button type="submit" busy={send.isPending}>
          {t("complaint.confirm")}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}

export function ComplaintPage({ number }: { number: string }) {
  const { t, name, formatDateTime } = useI18n();
  const { me } = useSession();
  const catalogue = useCatalogue();
  const now = useNow(15_000);
  const [notice, setNotice] = useState<string>();
  const [form, setForm] = useState<ComplaintAction>();
  const key = keys.complaint(number);
  const { data, error: loadError } = useApiQuery(key, "GET /api/complaints/:number", { params: { number } });
  const sms = useApiQuery([...key, "sms"], "GET /api/complaints/:number/sms", { params: { number } });
  const smsItems = sms.isError ? [] : (sms.data?.items ?? []);
  // Whatever changed the complaint may have changed the queues and counters too.
  const reload = () => void invalidate(keys.complaints);

  const quick = useMutation({
    mutationFn: (action: ComplaintAction) =>
      api("POST /api/complaints/:number/actions", { params: { number }, body: { action } }),
    onSuccess: (_, action) => {
      setNotice(
        t("complaint.actionDone", {
          action: t(data ? actionKey(data.complaint, action, me?.login) : (`action.${action}` as MessageKey)),
        }),
      );
      reload();
    },
  });
  const error = quick.error ?? loadError;

  if (!data)
    return (
      <section className="page">
        {error ? <ErrorNotice error={error} /> : <Loading text={t("common.loading")} />}
      </section>
    );
  const c = data.complaint;
  const speech = { t, name, formatDateTime, catalogue, refs: data.refs };

  return (
    <section className="page complaint-page">
      <header className={`card-head${c.emergency ? " emergency" : ""}`}>
        <div>
          <p className="muted small">{name(c.category)}</p>
          <h1 className="mono" id="complaint-number">
            {c.number}
          </h1>
          <p>
            <ComplaintStatusBadge status={c.status} /> <SlaBadge complaint={c} now={now} />{" "}
            {c.emergency ? <Badge tone="red">{t("complaint.emergency")}</Badge> : null}{" "}
            {c.escalationLevel > 0 ? (
              <Badge tone="red">
                {t("complaint.escalatedTo", { role: LADDER_ROLES[c.escalationLevel] ?? "" })}
              </Badge>
            ) : null}{" "}
            {c.callCount > 1 ? (
              <Badge tone="amber">{t("complaint.calls", { count: c.callCount })}</Badge>
            ) : null}{" "}
            {c.reopenCount > 0 ? (
              <Badge tone="amber">{t("complaint.reopened", { count: c.reopenCount })}</Badge>
            ) : null}
          </p>
        </div>
        <div className="action-bar" role="toolbar" aria-label="actions">
          {c.actions.map((a) => (
            <Button
              key={a}
              variant={
                a === "resolve" || a === "accept" || a === "attend"
                  ? "primary"
                  : a === "mark_invalid"
                    ? "danger"
                    : "secondary"
              }
              onClick={() => (NEEDS_FORM.includes(a) ? setForm(a) : quick.mutate(a))}
            >
              {t(actionKey(c, a, me?.login))}
            </Button>
          ))}
        </div>
      </header>
      {notice ? (
        <Notice tone="success" onClose={() => setNotice(undefined)}>
          {notice}
        </Notice>
      ) : null}
      <ErrorNotice error={quick.error} onClose={quick.reset} />
      {form ? (
        <ActionForm
          complaint={c}
          action={form}
          onCancel={() => setForm(undefined)}
          onDone={() => {
            setNotice(t("complaint.actionDone", { action: t(`action.${form}` as MessageKey) }));
            setForm(undefined);
            reload();
          }}
        />
      ) : null}
      <div className="card-grid">
        <section className="panel">
          <h2>{t("complaint.details")}</h2>
          <dl>
            {c.consumer ? (
              <>
                <dt>{t("complaint.consumer")}</dt>
                <dd>
                  <Link href={`/consumers/${c.consumer.consumerNo}`}>{c.consumer.name}</Link>{" "}
                  <span className="mono small">{c.consumer.consumerNo}</span>
                </dd>
              </>
            ) : null}
            {c.address ? (
              <>
                <dt>{t("complaint.address")}</dt>
                <dd>
                  {c.address} <MapLink url={c.mapUrl} />
                </dd>
              </>
            ) : null}
            {c.location ? (
              <>
                <dt>{t("complaint.place")}</dt>
                <dd>
                  {c.location} {c.address ? null : <MapLink url={c.mapUrl} />}
                </dd>
              </>
            ) : null}
            {c.landmark ? (
              <>
                <dt>{t("complaint.landmark")}</dt>
                <dd>{c.landmark}</dd>
              </>
            ) : null}
            {c.callerPhone || c.callerName ? (
              <>
                <dt>{t("complaint.caller")}</dt>
                <dd>
                  {c.callerName ?? ""}{" "}
                  {c.callerPhone ? (
                    <a className="mono" href={`tel:+91${c.callerPhone}`}>
                      {c.callerPhone}
                    </a>
                  ) : null}
                  {c.fromUnregisteredMobile ? (
                    <div>
                      <Badge tone="amber">{t("complaint.fromUnregisteredMobile")}</Badge>
                    </div>
                  ) : null}
                </dd>
              </>
            ) : null}
            {c.altPhone ? (
              <>
                <dt>{t("complaint.altPhone")}</dt>
                <dd className="mono">{c.altPhone}</dd>
              </>
            ) : null}
            <dt>{t("complaint.description")}</dt>
            <dd>{c.description || "—"}</dd>
            <dt>{t("complaint.channel")}</dt>
            <dd>{t(`channel.${c.channel}` as MessageKey)}</dd>
          </dl>
        </section>
        <section className="panel">
          <h2>{t("card.office")}</h2>
          <dl>
            <dt>{t("complaints.col.dc")}</dt>
            <dd data-testid="complaint-dc">
              {name(c.dc)} <span className="mono small">{c.dc.code}</span>
            </dd>
            <dt>{t("col.feederDt")}</dt>
            <dd className="mono">
              {c.feederCode ?? "—"} / {c.dtCode ?? "—"}
            </dd>
            <dt>{t("complaint.assignee")}</dt>
            <dd data-testid="assignee">{c.assignee ? c.assignee.name : t("complaint.nobody")}</dd>
            <dt>{t("complaint.registeredAt")}</dt>
            <dd>{formatDateTime(c.registeredAt)}</dd>
            <dt>{t("complaint.dueAt")}</dt>
            <dd>{formatDateTime(c.dueAt)}</dd>
            {c.resolutionCode ? (
              <>
                <dt>{t("complaint.resolution")}</dt>
                <dd>
                  {((r) => (r ? name(r) : c.resolutionCode))(
                    catalogue?.resolutionCodes.find((x) => x.code === c.resolutionCode),
                  )}
                  {c.resolutionRemarks ? ` — ${c.resolutionRemarks}` : ""}
                </dd>
              </>
            ) : null}
          </dl>
          {c.compensationRs > 0 ? (
            <Notice tone="error">{t("complaint.compensation", { amount: c.compensationRs })}</Notice>
          ) : null}
        </section>
      </div>
      <div className="card-grid">
        <section className="panel" aria-labelledby="timeline-title">
          <h2 id="timeline-title">{t("complaint.timeline")}</h2>
          <ol className="timeline" data-testid="timeline">
            {data.timeline.map((e) => {
              const w = timelineWords(e, speech);
              return (
                <li key={e.id} className={`ev ev-${e.action}`}>
                  <time>{formatDateTime(e.at)}</time>
                  <strong>{w.title}</strong>{" "}
                  <span className="muted small">
                    {t("complaint.by", { name: w.by })}
                    {w.channel ? ` · ${w.channel}` : ""}
                  </span>
                  {w.changes.length > 0 ? (
                    <ul className="ev-changes small">
                      {w.changes.map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  ) : null}
                  {w.note ? <p className="note">{w.note}</p> : null}
                </li>
              );
            })}
          </ol>
        </section>
        <section className="panel">
          <h2>{t("complaint.sms")}</h2>
          {smsItems.length === 0 ? <p className="muted">{t("complaint.noSms")}</p> : null}
          <ul className="sms-list">
            {smsItems.map((m) => (
              <li key={`${m.createdAt}-${m.recipient}-${m.template}`}>
                <span className="mono small">{m.recipient}</span>{" "}
                {m.urgent ? <Badge tone="red">!</Badge> : null}{" "}
                <Badge tone={m.status === "failed" ? "red" : m.status === "delivered" ? "green" : "grey"}>
                  {t(`smsStatus.${m.status}` as MessageKey)}
                </Badge>
                <p>{m.body}</p>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </section>
  );
}
