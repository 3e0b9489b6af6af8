import { type FormEvent, useEffect, useState } from "react";
import { ApiError, api, errorText } from "../api.ts";
import type { ComplaintStatus, Named } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { useLocation } from "../router.tsx";
import { ComplaintStatusBadge } from "../ui/complaint.tsx";
import { Button, Field, Notice } from "../ui/index.tsx";
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

/**
 * The consumer's page: no sign-in, phone-sized, Hindi first. With a token (the
 * link from his SMS, /t/<token>) it opens without the mobile's digits, also
 * while the number's page is locked after too many wrong guesses.
 */
export function Track({ token }: { token?: string } = {}) {
  const { t, lang, name, formatDateTime } = useI18n();
  const { query } = useLocation();
  const [number, setNumber] = useState(query.get("n") ?? "");
  const [mobile, setMobile] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<Tracked>();
  const [reason, setReason] = useState("");
  const [reopened, setReopened] = useState(false);
  const [locked, setLocked] = useState(false);
  const [linkSent, setLinkSent] = useState(false);

  useEffect(() => {
    if (!token) return;
    setBusy(true);
    api<Tracked>("GET", `/api/public/track/${encodeURIComponent(token)}`)
      .then((r) => {
        setResult(r);
        setNumber(r.number);
      })
      .catch((err: unknown) =>
        setError(
          err instanceof ApiError && err.status === 404 ? t("track.linkUnknown") : errorText(t, err, lang),
        ),
      )
      .finally(() => setBusy(false));
  }, [token, t, lang]);

  const sendLink = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api("POST", `/api/public/complaints/${encodeURIComponent(number.trim())}/link`);
      setLinkSent(true);
    } catch (err) {
      setError(errorText(t, err, lang));
    } finally {
      setBusy(false);
    }
  };

  const reopen = async (e: FormEvent) => {
    e.preventDefault();
    if (!result) return;
    setBusy(true);
    setError(undefined);
    try {
      await api("POST", `/api/public/complaints/${encodeURIComponent(result.number)}/reopen`, {
        mobile: mobile.trim(),
        reason: reason.trim(),
      });
      setReopened(true);
      setResult(
        await api<Tracked>(
          "GET",
          `/api/public/complaints/${encodeURIComponent(result.number)}?mobile=${encodeURIComponent(mobile.trim())}`,
        ),
      );
    } catch (err) {
      setError(errorText(t, err, lang));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setResult(
        await api<Tracked>(
          "GET",
          `/api/public/complaints/${encodeURIComponent(number.trim())}?mobile=${encodeURIComponent(mobile.trim())}`,
        ),
      );
    } catch (err) {
      setResult(undefined);
      setLocked(err instanceof ApiError && err.code === "tracking_locked");
      setError(
        err instanceof ApiError && err.code === "tracking_locked"
          ? undefined
          : err instanceof ApiError && (err.status === 404 || err.status === 400)
            ? t("track.notFound")
            : errorText(t, err, lang),
      );
    } finally {
      setBusy(false);
    }
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
          {linkSent ? (
            <Notice tone="success">{t("track.linkSent")}</Notice>
          ) : (
            <Button variant="secondary" busy={busy} onClick={() => void sendLink()}>
              {t("track.sendLink")}
            </Button>
          )}
        </section>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {result ? (
        <section className="panel" data-testid="tracked">
          <h2 className="mono">{result.number}</h2>
          <p>
            {name(result.category)} · {name(result.dc)}
          </p>
          <p className="big">
            {t("track.status")}: <ComplaintStatusBadge status={result.status} />
          </p>
          <p>
            {t("complaint.dueAt")}: <strong>{formatDateTime(result.dueAt)}</strong>
          </p>
          <h3>{t("track.steps")}</h3>
          {reopened ? <Notice tone="success">{t("track.reopened")}</Notice> : null}
          {result.status === "resolved" ? (
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
            {result.steps.map((s) => (
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
