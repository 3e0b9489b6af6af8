import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { ApiError, api } from "../api.ts";
import {
  type ApplicationDetail,
  type ApplicationDocumentCode,
  type ApplicationStatus,
  ROLES,
} from "../contract.ts";
import type { Body } from "../endpoints.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys, queryClient, useApiQuery } from "../query.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { CopyField } from "../ui/CopyField.tsx";
import { LADDER_ROLES } from "../ui/complaint.tsx";
import { rupees, SopBadge, StageBadge, Stepper, stageKey, useDocName } from "../ui/connection.tsx";
import { ErrorNotice, useErrorText, useFormError } from "../ui/errors.tsx";
import { Badge, Button, Field, Loading, Notice } from "../ui/index.tsx";

type Event = ApplicationDetail["timeline"][number];
type Move = Body<"POST /api/connections/:number/move">;

const typing = (el: EventTarget | null) =>
  el instanceof HTMLElement && ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);

/** A move that needs words or figures before it goes, and those that only ask "sure?". */
function MoveForm({
  app,
  to,
  onDone,
  onCancel,
}: {
  app: ApplicationDetail;
  to: ApplicationStatus;
  onDone: (a: ApplicationDetail) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [note, setNote] = useState("");
  const [reason, setReason] = useState("");
  const [demanded, setDemanded] = useState("");
  const [paid, setPaid] = useState(app.chargesDemandedRs ? String(app.chargesDemandedRs) : "");
  const [consumerNo, setConsumerNo] = useState("");
  const send = useMutation({
    mutationFn: () => {
      const body: Move = { to };
      if (note.trim()) body.note = note.trim();
      if (to === "rejected") body.rejectReason = reason.trim();
      if (to === "demand_note_issued") body.chargesDemandedRs = Number(demanded);
      if (to === "charges_paid" && paid.trim()) body.chargesPaidRs = Number(paid);
      if (to === "released" && consumerNo.trim()) body.consumerNo = consumerNo.trim();
      return api("POST /api/connections/:number/move", { params: { number: app.number }, body });
    },
    onSuccess: onDone,
  });
  const error = useFormError(send.error, [
    "rejectReason",
    "chargesDemandedRs",
    "chargesPaidRs",
    "consumerNo",
    "note",
  ]);
  const missing =
    (to === "rejected" && !reason.trim()) ||
    (to === "demand_note_issued" && !/^\d+$/.test(demanded.trim())) ||
    (to === "charges_paid" && paid.trim() !== "" && !/^\d+$/.test(paid.trim()));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!missing) send.mutate();
  };
  return (
    <form
      className={`panel action-form move-form${to === "rejected" ? " move-reject" : ""}`}
      data-testid="move-form"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <h3>{t("conn.moveTo", { stage: t(stageKey(to)) })}</h3>
      {error.general ? <Notice tone="error">{error.general}</Notice> : null}
      <div className="form-grid two">
        {to === "rejected" ? (
          <Field
            autoFocus
            label={t("conn.rejectReason")}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={error.field("rejectReason")}
            maxLength={500}
            required
          />
        ) : null}
        {to === "demand_note_issued" ? (
          <Field
            autoFocus
            label={t("conn.chargesDemanded")}
            inputMode="numeric"
            value={demanded}
            onChange={(e) => setDemanded(e.target.value)}
            error={error.field("chargesDemandedRs")}
            required
          />
        ) : null}
        {to === "charges_paid" ? (
          <Field
            autoFocus
            label={t("conn.chargesPaidNow")}
            inputMode="numeric"
            value={paid}
            onChange={(e) => setPaid(e.target.value)}
            error={error.field("chargesPaidRs")}
          />
        ) : null}
        {to === "released" ? (
          <Field
            autoFocus
            label={t("conn.consumerNoRelease")}
            hint={t("conn.consumerNoHint")}
            value={consumerNo}
            onChange={(e) => setConsumerNo(e.target.value)}
            error={error.field("consumerNo")}
          />
        ) : null}
        <Field
          autoFocus={!["rejected", "demand_note_issued", "charges_paid", "released"].includes(to)}
          label={t("conn.moveNote")}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={error.field("note")}
          maxLength={500}
        />
      </div>
      <div className="actions">
        <Button
          type="submit"
          variant={to === "rejected" ? "danger" : "primary"}
          busy={send.isPending}
          disabled={missing}
        >
          {t("conn.confirmMove", { stage: t(stageKey(to)) })}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t("common.cancel")} <kbd>Esc</kbd>
        </Button>
      </div>
    </form>
  );
}

/** The documents, received or missing; staff who move applications tick what has come in. */
function Documents({
  app,
  editable,
  onSaved,
}: {
  app: ApplicationDetail;
  editable: boolean;
  onSaved: (a: ApplicationDetail) => void;
}) {
  const { t } = useI18n();
  const docName = useDocName();
  const [ticks, setTicks] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(app.documents.map((d) => [d.code, d.received])),
  );
  useEffect(
    () => setTicks(Object.fromEntries(app.documents.map((d) => [d.code, d.received]))),
    [app.documents],
  );
  const changed = app.documents.some((d) => ticks[d.code] !== d.received);
  const save = useMutation({
    mutationFn: () =>
      api("PUT /api/connections/:number/documents", {
        params: { number: app.number },
        body: {
          documents: app.documents.map((d) => ({ code: d.code, received: ticks[d.code] ?? d.received })),
        },
      }),
    onSuccess: onSaved,
  });
  return (
    <section className="panel" data-testid="documents" aria-labelledby="docs-title">
      <h2 id="docs-title">{t("conn.documents")}</h2>
      {app.missingDocuments.length > 0 ? (
        <Notice tone="error">
          {t("conn.missing", { count: app.missingDocuments.length })}:{" "}
          {app.missingDocuments.map((c: ApplicationDocumentCode) => docName(c)).join(", ")}
        </Notice>
      ) : (
        <p className="ok-line">✓ {t("conn.allDocuments")}</p>
      )}
      <ul className="doc-list">
        {app.documents.map((d) => (
          <li key={d.code} className={ticks[d.code] ? "doc-in" : "doc-missing"}>
            {editable && app.status === "applied" ? (
              <label>
                <input
                  type="checkbox"
                  checked={ticks[d.code] ?? false}
                  onChange={(e) => setTicks({ ...ticks, [d.code]: e.target.checked })}
                />{" "}
                {docName(d.code)}
              </label>
            ) : (
              <>
                <span aria-hidden="true">{d.received ? "✓" : "✕"}</span> {docName(d.code)}{" "}
                <span className="sr-only">{d.received ? t("conn.docReceived") : t("conn.docMissing")}</span>
              </>
            )}
          </li>
        ))}
      </ul>
      {changed ? (
        <div className="actions">
          <Button busy={save.isPending} onClick={() => save.mutate()}>
            {t("conn.saveDocuments")}
          </Button>
        </div>
      ) : null}
      <ErrorNotice error={save.error} />
    </section>
  );
}

/** One line of the history, in plain words. */
function eventText(t: (k: MessageKey, v?: Record<string, string | number>) => string, e: Event): string {
  const st = (s: ApplicationStatus | null) => (s ? t(stageKey(s)) : "");
  switch (e.action) {
    case "created":
      return t("conn.event.created");
    case "moved":
      return e.toStatus === "rejected"
        ? t("conn.event.rejected")
        : t("conn.event.moved", { stage: st(e.toStatus) });
    case "documents":
      return t("conn.event.documents");
    case "charges":
      return t("conn.event.charges");
    case "breached":
      return t("conn.event.breached");
    case "escalated":
      return t("conn.event.escalated");
    case "imported":
      return e.toStatus ? t("conn.event.importedAt", { stage: st(e.toStatus) }) : t("conn.event.imported");
    case "sms":
      return t("conn.event.sms");
    default:
      return e.toStatus ? t("conn.event.moved", { stage: st(e.toStatus) }) : t("conn.event.updated");
  }
}

export function ApplicationCard({ number }: { number: string }) {
  const { t, lang, name, formatDateTime } = useI18n();
  const { can } = useSession();
  const explain = useErrorText();
  const key = keys.application(number);
  const { data: app, error: failed } = useApiQuery(key, "GET /api/connections/:number", {
    params: { number },
  });
  const [moving, setMoving] = useState<ApplicationStatus>();
  const [notice, setNotice] = useState<string>();
  const error = failed
    ? failed instanceof ApiError && failed.status === 404
      ? t("conn.notFound", { number })
      : explain(failed)
    : undefined;

  const moves = app?.moves ?? [];
  // Digits pick a move, Esc goes back (not while typing, nor while a move's form is open).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target) || moving) return;
      const to = moves[Number(e.key) - 1];
      if (to) {
        e.preventDefault();
        setNotice(undefined);
        setMoving(to);
      } else if (e.key === "Escape") history.back();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [moves, moving]);

  const updated = (a: ApplicationDetail, text: string) => {
    queryClient.setQueryData(key, a);
    setNotice(text);
    void invalidate(keys.connections);
  };

  if (!app)
    return (
      <section className="page">
        {error ? <Notice tone="error">{error}</Notice> : <Loading text={t("common.loading")} />}
      </section>
    );

  const pending = app.status !== "released" && app.status !== "rejected";
  const late = pending && (app.overdue || (app.sop.daysLeft ?? 0) < 0);
  const rejectedFrom = app.timeline.find((e) => e.toStatus === "rejected")?.fromStatus;
  const other = lang === "hi" ? "en" : "hi";

  return (
    <section className="page application-card" data-testid="application-card">
      <p>
        <Link
          href="/connections"
          onClick={(e) => {
            if (history.length > 1) {
              e.preventDefault();
              history.back();
            }
          }}
        >
          ← {t("card.back")}
        </Link>
      </p>
      <header className={`card-head${late ? " late" : ""}`}>
        <div>
          <p className="muted small">
            {t("conn.application")} · {t(`tariff.${app.category}` as MessageKey)} ·{" "}
            {t(`conn.supply.${app.supplyType}` as MessageKey)} · {t("conn.kw", { kw: app.loadKw })}
          </p>
          <h1 id="application-name">{app.applicantName}</h1>
          <p className="mono big" data-testid="application-number">
            {app.number}
          </p>
          <p className="muted">{app.address}</p>
        </div>
        <div className="head-badges">
          <StageBadge status={app.status} />{" "}
          <SopBadge
            status={app.status}
            daysLeft={app.sop.daysLeft}
            overdue={app.overdue}
            paused={app.sop.paused}
          />
        </div>
      </header>

      <Stepper status={app.status} reachedBefore={rejectedFrom} late={late} rejectReason={app.rejectReason} />

      <section className="panel say-panel" data-testid="next-step" aria-labelledby="say-title">
        <h2 id="say-title">{t("conn.tellCaller")}</h2>
        <p className="say" lang={lang}>
          <strong>{t(stageKey(app.status))}.</strong> {app.nextStep[lang]}
        </p>
        {app.language !== lang ? (
          <p className="say-other small" lang={other}>
            {t("conn.inOther", { lang: t(`lang.${other}` as MessageKey) })}: {app.nextStep[other]}
          </p>
        ) : null}
      </section>

      {notice ? (
        <Notice tone="success" onClose={() => setNotice(undefined)}>
          {notice}
        </Notice>
      ) : null}

      {moves.length > 0 ? (
        <div className="action-bar move-bar" role="toolbar" aria-label={t("conn.moves")}>
          {moves.map((to, i) => (
            <Button
              key={to}
              variant={to === "rejected" ? "danger" : i === 0 ? "primary" : "secondary"}
              aria-keyshortcuts={String(i + 1)}
              onClick={() => {
                setNotice(undefined);
                setMoving(to);
              }}
            >
              <kbd>{i + 1}</kbd> {to === "rejected" ? t("conn.reject") : t(stageKey(to))}
            </Button>
          ))}
        </div>
      ) : null}
      {moving ? (
        <MoveForm
          key={moving}
          app={app}
          to={moving}
          onCancel={() => setMoving(undefined)}
          onDone={(a) => {
            setMoving(undefined);
            updated(a, t("conn.moved", { stage: t(stageKey(a.status)) }));
          }}
        />
      ) : null}

      <div className="card-grid">
        <section className="panel" data-testid="sop" aria-labelledby="sop-title">
          <h2 id="sop-title">{t("conn.sopClock")}</h2>
          {pending ? (
            <p className={`sop-days${late ? " late" : ""}`}>
              {app.sop.paused
                ? t("conn.sop.pausedLong")
                : late && (app.sop.daysLeft === null || app.sop.daysLeft >= 0)
                  ? t("conn.sop.lateNow")
                  : app.sop.daysLeft === null
                    ? t("conn.sop.notStarted")
                    : app.sop.daysLeft < 0
                      ? t("conn.sop.lateBy", { count: -app.sop.daysLeft })
                      : t("conn.sop.daysLeft", { count: app.sop.daysLeft })}
            </p>
          ) : (
            <p className="muted">{t("conn.sop.done")}</p>
          )}
          <dl>
            <dt>{t("conn.area")}</dt>
            <dd>{t(`conn.area.${app.sopArea}` as MessageKey)}</dd>
            {app.sop.stageDueAt ? (
              <>
                <dt>{t("conn.stageDue")}</dt>
                <dd>{formatDateTime(app.sop.stageDueAt)}</dd>
              </>
            ) : null}
            {app.sop.releaseDueAt ? (
              <>
                <dt>{t("conn.releaseDue")}</dt>
                <dd>{formatDateTime(app.sop.releaseDueAt)}</dd>
              </>
            ) : null}
            {app.sop.breachedAt ? (
              <>
                <dt>{t("conn.breachedAt")}</dt>
                <dd>{formatDateTime(app.sop.breachedAt)}</dd>
              </>
            ) : null}
          </dl>
          {app.sop.escalationLevel > 0 ? (
            <p>
              <Badge tone="red">
                {t("complaint.escalatedTo", { role: LADDER_ROLES[app.sop.escalationLevel] ?? "" })}
              </Badge>
            </p>
          ) : null}
          {app.sop.compensationRs > 0 ? (
            <Notice tone="error">{t("conn.compensation", { amount: rupees(app.sop.compensationRs) })}</Notice>
          ) : null}
        </section>

        <section className="panel" data-testid="office" aria-labelledby="office-title">
          <h2 id="office-title">{t("conn.office")}</h2>
          <p className="dc-name">
            <strong>{name(app.office.dc)}</strong> <span className="mono small">{app.office.dc.code}</span>
          </p>
          {app.office.subdivision ? (
            <p className="small">
              <span className="muted">{t("kind.subdivision")}</span> {name(app.office.subdivision)}
            </p>
          ) : null}
          <dl>
            {(["je", "ae"] as const).map((r) => {
              const o = app.office[r];
              return (
                <div key={r} className="dl-row">
                  <dt>{t(`role.${r}` as MessageKey)}</dt>
                  <dd>
                    {o ? (
                      <>
                        {o.name}{" "}
                        {o.mobile ? (
                          <a className="mono" href={`tel:+91${o.mobile}`}>
                            {o.mobile}
                          </a>
                        ) : null}
                      </>
                    ) : (
                      <span className="muted">{t("conn.nobody")}</span>
                    )}
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>

        <Documents
          app={app}
          editable={can("connections.manage")}
          onSaved={(a) => updated(a, t("conn.documentsSaved"))}
        />

        <section className="panel" data-testid="charges" aria-labelledby="charges-title">
          <h2 id="charges-title">{t("conn.charges")}</h2>
          <dl>
            <dt>{t("conn.chargesDemanded")}</dt>
            <dd>
              {app.chargesDemandedRs === null ? (
                <span className="muted">{t("conn.notYet")}</span>
              ) : (
                rupees(app.chargesDemandedRs)
              )}
            </dd>
            <dt>{t("conn.chargesPaid")}</dt>
            <dd>
              {rupees(app.chargesPaidRs)}{" "}
              {app.chargesDemandedRs !== null ? (
                app.chargesPaidRs >= app.chargesDemandedRs ? (
                  <Badge tone="green">{t("bills.status.paid")}</Badge>
                ) : (
                  <Badge tone="amber">
                    {t("conn.due", { amount: rupees(app.chargesDemandedRs - app.chargesPaidRs) })}
                  </Badge>
                )
              ) : null}
            </dd>
            {app.consumerNo ? (
              <>
                <dt>{t("conn.consumerNo")}</dt>
                <dd>
                  <Link href={`/consumers/${encodeURIComponent(app.consumerNo)}`} className="mono">
                    {app.consumerNo}
                  </Link>
                </dd>
              </>
            ) : null}
          </dl>
          {app.payLink ? <CopyField id="pay-link" label={t("conn.payLink")} value={app.payLink} /> : null}
        </section>

        <section className="panel" aria-labelledby="applicant-title">
          <h2 id="applicant-title">{t("conn.applicant")}</h2>
          <dl>
            <dt>{t("col.mobile")}</dt>
            <dd>
              <span className="mono">{app.mobile}</span>{" "}
              {app.mobileVerified ? <Badge tone="green">{t("conn.verified")}</Badge> : null}
            </dd>
            <dt>{t("conn.language")}</dt>
            <dd>{t(`lang.${app.language}` as MessageKey)}</dd>
            {app.locality || app.pincode ? (
              <>
                <dt>{t("conn.locality")}</dt>
                <dd>{[app.locality, app.pincode].filter(Boolean).join(" · ")}</dd>
              </>
            ) : null}
            <dt>{t("conn.source")}</dt>
            <dd>{t(`conn.source.${app.source}` as MessageKey)}</dd>
            <dt>{t("conn.col.applied")}</dt>
            <dd>{formatDateTime(app.appliedAt)}</dd>
          </dl>
        </section>

        <section className="panel timeline-panel" aria-labelledby="timeline-title">
          <h2 id="timeline-title">{t("complaint.timeline")}</h2>
          <ol className="timeline" data-testid="timeline">
            {app.timeline.map((e) => (
              <li
                key={`${e.at}-${e.action}-${e.toStatus ?? ""}-${e.note ?? ""}`}
                className={`ev ev-${e.toStatus === "rejected" || e.action === "breached" ? "emergency_alert" : e.toStatus === "released" ? "closed" : e.action}`}
              >
                <time>{formatDateTime(e.at)}</time>
                <strong>{eventText(t, e)}</strong>{" "}
                <span className="muted small">
                  {t("complaint.by", { name: e.actorName })}
                  {e.actorRole && (ROLES as readonly string[]).includes(e.actorRole)
                    ? ` (${t(`role.${e.actorRole}` as MessageKey)})`
                    : ""}
                </span>
                {e.note ? <p className="note">{e.note}</p> : null}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </section>
  );
}
