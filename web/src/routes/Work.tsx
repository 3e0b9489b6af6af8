import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../api.ts";
import { useCatalogue } from "../catalogue.tsx";
import type { Complaint } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys, useApiQuery } from "../query.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { actionKey, ComplaintStatusBadge, MapLink, SlaBadge, useNow } from "../ui/complaint.tsx";
import { ErrorNotice } from "../ui/errors.tsx";
import { useFocusOnMount } from "../ui/focus.ts";
import { Badge, Button, Loading, NamedOptions } from "../ui/index.tsx";
import { who } from "./Complaints.tsx";

function ResolveInline({ complaint, onDone }: { complaint: Complaint; onDone: () => void }) {
  const { t } = useI18n();
  const catalogue = useCatalogue();
  const [code, setCode] = useState("");
  const [remarks, setRemarks] = useState("");
  const select = useFocusOnMount<HTMLSelectElement>();
  const resolving = useMutation({
    mutationFn: () =>
      api("POST /api/complaints/:number/actions", {
        params: { number: complaint.number },
        body: {
          action: "resolve",
          resolutionCode: code,
          ...(remarks.trim() ? { remarks: remarks.trim() } : {}),
        },
      }),
    onSuccess: onDone,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    resolving.mutate();
  };
  return (
    <form className="resolve-inline" onSubmit={submit}>
      <ErrorNotice error={resolving.error} />
      <label className="sr-only" htmlFor={`code-${complaint.number}`}>
        {t("complaint.resolutionCode")}
      </label>
      <select
        id={`code-${complaint.number}`}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        required
        ref={select}
      >
        <NamedOptions none={t("complaint.resolutionCode")} items={catalogue?.resolutionCodes} />
      </select>
      <input
        aria-label={t("complaint.remarks")}
        placeholder={t("complaint.remarks")}
        value={remarks}
        onChange={(e) => setRemarks(e.target.value)}
      />
      <Button type="submit" disabled={!code}>
        {t("action.resolve")}
      </Button>
    </form>
  );
}

/**
 * The lineman's and JE's phone screen: the DC's open complaints as cards,
 * most urgent first, with big buttons for the next step.
 */
export function Work() {
  const { t, name } = useI18n();
  const { me, setMe } = useSession();
  const now = useNow();
  const [mineOnly, setMineOnly] = useState(false);
  const [resolving, setResolving] = useState<string>();
  const list = useApiQuery(
    [...keys.complaints, "work", mineOnly],
    "GET /api/complaints",
    { query: { status: "open", limit: 100, mine: mineOnly || undefined } },
    { keep: true },
  );
  const items = list.data?.items;
  const load = () => void invalidate(keys.complaints);

  const stepping = useMutation({
    mutationFn: ({ c, action }: { c: Complaint; action: "accept" | "attend" }) =>
      api("POST /api/complaints/:number/actions", { params: { number: c.number }, body: { action } }),
    onSuccess: load,
  });
  const step = (c: Complaint, action: "accept" | "attend") => stepping.mutate({ c, action });
  const error = stepping.error ?? list.error;

  // A failure leaves the button as it was: he presses it again.
  const duty = useMutation({
    mutationFn: (onDuty: boolean) => api("PATCH /api/auth/me", { body: { onDuty } }),
    onSuccess: (r) => setMe(r.user),
  });
  const toggleDuty = () => {
    if (me) duty.mutate(!me.onDuty);
  };

  if (!me) return null;
  return (
    <section className="page narrow work">
      <div className="page-head">
        <h1>{t("work.title")}</h1>
        {me.role === "lineman" ? (
          <button
            type="button"
            className={`duty ${me.onDuty ? "on" : "off"}`}
            onClick={toggleDuty}
            aria-pressed={me.onDuty}
          >
            {me.onDuty ? t("work.onDuty") : t("work.offDuty")}
          </button>
        ) : null}
      </div>
      <p className="muted">{t("work.intro", { dc: name(me.orgUnit) })}</p>
      <div className="segmented" role="radiogroup">
        {[false, true].map((m) => (
          <label key={String(m)} className={mineOnly === m ? "on" : ""}>
            <input type="radio" name="mine" checked={mineOnly === m} onChange={() => setMineOnly(m)} />
            {m ? t("work.mine") : t("work.all")}
          </label>
        ))}
      </div>
      <ErrorNotice error={error} onClose={stepping.error ? stepping.reset : undefined} />
      {!items ? <Loading text={t("common.loading")} /> : null}
      {items && items.length === 0 ? <p className="muted">{t("work.none")}</p> : null}
      <ul className="work-cards">
        {items?.map((c) => (
          <li
            key={c.number}
            className={`work-card${c.emergency ? " emergency" : ""}`}
            data-testid="work-card"
          >
            <div className="work-head">
              <Link href={`/complaints/${c.number}`} className="mono">
                {c.number}
              </Link>
              <SlaBadge complaint={c} now={now} />
            </div>
            <p>
              <strong>{name(c.category)}</strong>{" "}
              {c.emergency ? <Badge tone="red">{t("complaint.emergency")}</Badge> : null}{" "}
              <ComplaintStatusBadge status={c.status} />
            </p>
            <p>{who(c)}</p>
            {c.address || c.location ? <p className="small">{c.address ?? c.location}</p> : null}
            {c.landmark ? (
              <p className="muted small">
                {t("complaint.landmark")}: {c.landmark}
              </p>
            ) : null}
            {c.description ? <p className="small">“{c.description}”</p> : null}
            <p className="muted small">{c.assignee ? c.assignee.name : t("complaint.nobody")}</p>
            <div className="work-actions">
              {c.callerPhone || c.consumer?.mobile ? (
                <a className="btn btn-secondary" href={`tel:+91${c.callerPhone ?? c.consumer?.mobile}`}>
                  {t("work.call")} {c.callerPhone ?? c.consumer?.mobile}
                </a>
              ) : null}
              <MapLink url={c.mapUrl} className="btn btn-secondary" />
              {c.actions.includes("accept") ? (
                <Button onClick={() => step(c, "accept")}>{t(actionKey(c, "accept", me?.login))}</Button>
              ) : null}
              {c.actions.includes("attend") ? (
                <Button onClick={() => step(c, "attend")}>{t("action.attend")}</Button>
              ) : null}
              {c.actions.includes("resolve") ? (
                <Button
                  variant="secondary"
                  onClick={() => setResolving(resolving === c.number ? undefined : c.number)}
                >
                  {t("action.resolve")}
                </Button>
              ) : null}
            </div>
            {resolving === c.number ? (
              <ResolveInline
                complaint={c}
                onDone={() => {
                  setResolving(undefined);
                  load();
                }}
              />
            ) : null}
            <p className="muted small">{t(`channel.${c.channel}` as MessageKey)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
