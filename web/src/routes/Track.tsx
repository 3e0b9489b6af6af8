import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError, api } from "../api.ts";
import type { ComplaintStatus, Named } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { useApiQuery } from "../query.ts";
import { useLocation } from "../router.tsx";
import { ComplaintStatusBadge } from "../ui/complaint.tsx";
import { useErrorText } from "../ui/errors.tsx";
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
  const { t, name, formatDateTime } = useI18n();
  const explain = useErrorText();
  const { query } = useLocation();
  const [number, setNumber] = useState(query.get("n") ?? "");
  const [mobile, setMobile] = useState("");
  const [reason, setReason] = useState("");
  const [result, setResult] = useState<Tracked>();
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
  const busy = byToken.isFetching || lookup.isPending || link.isPending || reopenIt.isPending;
  const error = (() => {
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
