import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError, api } from "../api.ts";
import {
  APPLICATION_DOCUMENTS,
  type ApplicationDocumentCode,
  type ApplicationStatus,
  type ComplaintStatus,
  type Named,
  type PublicApplication,
} from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { useApiQuery } from "../query.ts";
import { useLocation } from "../router.tsx";
import { ComplaintStatusBadge } from "../ui/complaint.tsx";
import { useErrorText } from "../ui/errors.tsx";
import { Badge, Button, Field, Notice, type Tone } from "../ui/index.tsx";
import { PublicPage } from "../ui/public.tsx";

interface Tracked {
  number: string;
  status: ComplaintStatus;
  category: Named;
  dc: Named;
  registeredAt: string;
  dueAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  steps: { at: string; action: string }[];
}

/** New-connection application numbers (NC + region + YYMM + sequence) go to the applications' tracking. */
const APPLICATION_NUMBER = /^NC[A-Z]{2,6}[0-9]{10}$/;

const APPLICATION_TONE: Record<ApplicationStatus, Tone> = {
  applied: "blue",
  documents_complete: "blue",
  site_inspected: "blue",
  demand_note_issued: "amber",
  charges_paid: "blue",
  meter_installed: "blue",
  released: "green",
  rejected: "red",
};

/** A new-connection application as its applicant sees it: stage, next step, SoP date, what to give or pay. */
function TrackedApplication({ a }: { a: PublicApplication }) {
  const { t, name, formatDateTime, lang } = useI18n();
  const status = (s: ApplicationStatus) => t(`track.application.status.${s}` as MessageKey);
  return (
    <section className="panel" data-testid="tracked-application">
      <h2 className="mono">{a.number}</h2>
      <p>
        {t("track.application.kind")} · {name(a.dc)}
      </p>
      <p className="big">
        {t("track.status")}: <Badge tone={APPLICATION_TONE[a.status]}>{status(a.status)}</Badge>
      </p>
      <p>
        <strong>{t("track.application.nextStep")}:</strong> {a.nextStep[lang]}
      </p>
      {a.missingDocuments.length ? (
        <>
          <h3>{t("track.application.missing")}</h3>
          <ul>
            {a.missingDocuments.map((c) => (
              <li key={c}>{APPLICATION_DOCUMENTS[c as ApplicationDocumentCode][lang]}</li>
            ))}
          </ul>
        </>
      ) : null}
      {a.chargesDueRs !== null ? (
        <p>
          {t("track.application.chargesDue")}: <strong>Rs {a.chargesDueRs.toLocaleString("en-IN")}</strong>
          {a.payLink ? (
            <>
              {" "}
              <a href={a.payLink} rel="noopener noreferrer" target="_blank">
                {t("track.application.pay")}
              </a>
            </>
          ) : null}
        </p>
      ) : null}
      {a.dueAt ? (
        <p>
          {t("track.application.dueAt")}: <strong>{formatDateTime(a.dueAt)}</strong>
        </p>
      ) : null}
      {a.releaseDueAt && a.status !== "released" ? (
        <p>
          {t("track.application.sopDate")}: <strong>{formatDateTime(a.releaseDueAt)}</strong>
        </p>
      ) : null}
      <h3>{t("track.steps")}</h3>
      <ol className="timeline">
        {a.steps.map((s) => (
          <li key={`${s.at}-${s.status}`}>
            <time>{formatDateTime(s.at)}</time> <strong>{status(s.status)}</strong>
          </li>
        ))}
      </ol>
      <p className="muted">{t("track.application.help")}</p>
    </section>
  );
}

/**
 * The consumer's page: no sign-in, phone-sized, Hindi first. With a token (the
 * link from his SMS, /t/<token>) it opens without the mobile's digits, also
 * while the number's page is locked after too many wrong guesses.
 */
export function Track({ token }: { token?: string } = {}) {
  const { t, name, formatDateTime } = useI18n();
  const explain = useErrorText();
  const { query } = useLocation();
  const [number, setNumber] = useState(query.get("n") ?? "");
  const [mobile, setMobile] = useState("");
  const [reason, setReason] = useState("");
  const [result, setResult] = useState<Tracked>();
  const [application, setApplication] = useState<PublicApplication>();
  const isApplication = APPLICATION_NUMBER.test(number.trim().toUpperCase());
  const read = (n: string) =>
    api("GET /api/public/complaints/:number", { params: { number: n }, query: { mobile: mobile.trim() } });

  const byToken = useApiQuery(
    ["track", token ?? ""],
    "GET /api/public/track/:token",
    { params: { token: token ?? "" } },
    { enabled: Boolean(token) },
  );
  const lookup = useMutation({
    mutationFn: () => read(number.trim()),
    onSuccess: setResult,
    onError: () => setResult(undefined),
  });
  const lookupApplication = useMutation({
    mutationFn: () =>
      api("GET /api/public/connections/:number", {
        params: { number: number.trim().toUpperCase() },
        query: { mobile: mobile.trim() },
      }),
    onSuccess: setApplication,
    onError: () => setApplication(undefined),
  });
  const link = useMutation({
    mutationFn: () => api("POST /api/public/complaints/:number/link", { params: { number: number.trim() } }),
  });
  const reopenIt = useMutation({
    mutationFn: async (n: string) => {
      await api("POST /api/public/complaints/:number/reopen", {
        params: { number: n },
        body: { mobile: mobile.trim(), reason: reason.trim() },
      });
      return read(n);
    },
    onSuccess: setResult,
  });

  const shown = result ?? byToken.data;
  const locked = lookup.error instanceof ApiError && lookup.error.code === "tracking_locked";
  const busy =
    byToken.isFetching ||
    lookup.isPending ||
    lookupApplication.isPending ||
    link.isPending ||
    reopenIt.isPending;
  const error = (() => {
    const ae = lookupApplication.error;
    if (ae)
      return ae instanceof ApiError && (ae.status === 404 || ae.status === 400)
        ? t("track.application.notFound")
        : explain(ae);
    if (link.error) return explain(link.error);
    if (reopenIt.error) return explain(reopenIt.error);
    const e = lookup.error;
    if (e) {
      if (locked) return undefined;
      return e instanceof ApiError && (e.status === 404 || e.status === 400)
        ? t("track.notFound")
        : explain(e);
    }
    const g = byToken.error;
    if (g) return g instanceof ApiError && g.status === 404 ? t("track.linkUnknown") : explain(g);
    return undefined;
  })();

  const reopen = (e: FormEvent) => {
    e.preventDefault();
    if (shown) reopenIt.mutate(shown.number);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    link.reset();
    reopenIt.reset();
    if (isApplication) {
      lookup.reset();
      setResult(undefined);
      lookupApplication.mutate();
      return;
    }
    lookupApplication.reset();
    setApplication(undefined);
    lookup.mutate();
  };

  return (
    <PublicPage>
      <h1>{t("track.title")}</h1>
      {token ? null : (
        <form onSubmit={submit} className="panel">
          <Field
            label={t("track.number")}
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            autoCapitalize="characters"
            autoFocus
            required
          />
          <Field
            label={t("track.mobile")}
            value={mobile}
            onChange={(e) => setMobile(e.target.value.replace(/\D/g, "").slice(0, 4))}
            inputMode="numeric"
            pattern="[0-9]{4}"
            required
          />
          <Button type="submit" busy={busy}>
            {t("track.submit")}
          </Button>
        </form>
      )}
      {locked ? (
        <section className="panel" data-testid="track-locked">
          <Notice tone="error">{t("track.locked")}</Notice>
          {link.isSuccess ? (
            <Notice tone="success">{t("track.linkSent")}</Notice>
          ) : (
            <Button variant="secondary" busy={busy} onClick={() => link.mutate()}>
              {t("track.sendLink")}
            </Button>
          )}
        </section>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {application && !shown ? <TrackedApplication a={application} /> : null}
      {shown ? (
        <section className="panel" data-testid="tracked">
          <h2 className="mono">{shown.number}</h2>
          <p>
            {name(shown.category)} · {name(shown.dc)}
          </p>
          <p className="big">
            {t("track.status")}: <ComplaintStatusBadge status={shown.status} />
          </p>
          <p>
            {t("complaint.dueAt")}: <strong>{formatDateTime(shown.dueAt)}</strong>
          </p>
          <h3>{t("track.steps")}</h3>
          {reopenIt.isSuccess ? <Notice tone="success">{t("track.reopened")}</Notice> : null}
          {shown.status === "resolved" ? (
            <form onSubmit={reopen} className="reopen">
              <p>{t("track.reopen")}</p>
              <Field
                label={t("track.reopenReason")}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                required
                minLength={3}
              />
              <Button type="submit" variant="secondary" busy={busy}>
                {t("track.reopenSubmit")}
              </Button>
            </form>
          ) : null}
          <ol className="timeline">
            {shown.steps.map((s) => (
              <li key={`${s.at}-${s.action}`}>
                <time>{formatDateTime(s.at)}</time> <strong>{t(`event.${s.action}` as MessageKey)}</strong>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <p className="muted">{t("track.help")}</p>
    </PublicPage>
  );
}
