import { useEffect, useState } from "react";
import type { Complaint, ComplaintAction, ComplaintStatus } from "../contract.ts";
import { LADDER, OPEN_STATUSES } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { type Translate, useI18n } from "../i18n/index.tsx";
import { Badge, type Tone } from "./index.tsx";

const STATUS_TONE: Record<ComplaintStatus, Tone> = {
  registered: "blue",
  assigned: "blue",
  attended: "amber",
  waiting: "grey",
  resolved: "green",
  closed: "green",
  invalid: "grey",
  duplicate: "grey",
};

export function ComplaintStatusBadge({ status }: { status: ComplaintStatus }) {
  const { t } = useI18n();
  return <Badge tone={STATUS_TONE[status]}>{t(`cstatus.${status}` as MessageKey)}</Badge>;
}

/** A ticking "now", so time-left labels stay true on a screen left open. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(h);
  }, [everyMs]);
  return now;
}

export function duration(t: Translate, ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return t("sla.m", { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t("sla.hm", { h: hours, m: minutes % 60 });
  return t("sla.dh", { d: Math.floor(hours / 24), h: hours % 24 });
}

/**
 * Time left on the SLA clock, coloured: red when overdue, amber in the last
 * hour (or last 10% of a long limit), green otherwise; grey when paused or done.
 */
export function SlaBadge({ complaint, now }: { complaint: Complaint; now: number }) {
  const { t } = useI18n();
  if (!OPEN_STATUSES.includes(complaint.status)) return <Badge tone="grey">{t("sla.done")}</Badge>;
  if (complaint.status === "waiting") return <Badge tone="grey">{t("sla.paused")}</Badge>;
  const left = new Date(complaint.dueAt).getTime() - now;
  if (left < 0) return <Badge tone="red">{t("sla.overdue", { time: duration(t, -left) })}</Badge>;
  const total = new Date(complaint.dueAt).getTime() - new Date(complaint.registeredAt).getTime();
  const tone: Tone = left < Math.max(3600_000, total * 0.1) ? "amber" : "green";
  return <Badge tone={tone}>{t("sla.left", { time: duration(t, left) })}</Badge>;
}

/**
 * The words on an action's button. Accepting a complaint someone else has is
 * taking it over; the assignee's own first action is plain "Accept".
 */
export function actionKey(c: Complaint, a: ComplaintAction, myLogin: string | undefined): MessageKey {
  if (a === "accept" && c.assignee && c.assignee.login !== myLogin) return "action.takeOver";
  return `action.${a}` as MessageKey;
}

/** The complaint's map link (where the field worker goes), in a new tab; nothing without one. */
export function MapLink({ url, className }: { url: string | null; className?: string }) {
  const { t } = useI18n();
  if (!url) return null;
  return (
    <a className={className} href={url} target="_blank" rel="noreferrer">
      {t("complaint.map")}
    </a>
  );
}

/** The officer at each escalation level (the server's ladder), as the call centre writes it: JE, AE, ... */
export const LADDER_ROLES = ["", ...LADDER.map((rung) => rung.role.toUpperCase())];
