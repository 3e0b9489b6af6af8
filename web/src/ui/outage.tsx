import { useMemo } from "react";
import type { Named, Outage, OutageStatus } from "../contract.ts";
import { en, type MessageKey } from "../i18n/en.ts";
import { type Lang, type Translate, useI18n } from "../i18n/index.tsx";
import { dateFormat, dayOf } from "../time.ts";
import { useTimeZone } from "../useTimeZone.ts";
import { duration } from "./complaint.tsx";
import { Badge, type Tone } from "./index.tsx";

export const OUTAGE_TONE: Record<OutageStatus, Tone> = {
  suspected: "amber",
  confirmed: "red",
  restored: "green",
  dismissed: "grey",
  merged: "grey",
  scheduled: "blue",
  in_progress: "red",
  completed: "green",
  cancelled: "grey",
};

export function OutageStatusBadge({ status }: { status: OutageStatus }) {
  const { t } = useI18n();
  return <Badge tone={OUTAGE_TONE[status]}>{t(`ostatus.${status}` as MessageKey)}</Badge>;
}

/** A label for a value the server may add later: the translation when we have one, else the value itself. */
export function label(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}${value}`;
  return key in en ? t(key as MessageKey) : value.replaceAll("_", " ");
}

/** What is out, in words: "Station Road feeder · TF1", the DT, or the consumer number. */
export function outageElement(o: Outage, name: (n: Named) => string): { title: string; code: string } {
  if (o.scope === "dt" && o.dt) return { title: name(o.dt), code: o.dt.code };
  if (o.scope === "consumer") return { title: o.consumerNo ?? "—", code: o.feeder?.code ?? "" };
  if (o.feeder) return { title: name(o.feeder), code: o.feeder.code };
  return { title: "—", code: "" };
}

/**
 * Outage times in the DISCOM's zone, 24-hour: "14:05" today, "28 Nov, 14:05"
 * on another day. The call centre reads them to callers, so they are short.
 */
export function useOutageTime() {
  const { lang } = useI18n();
  const zone = useTimeZone();
  return useMemo(() => outageTimeFormat(lang, zone), [lang, zone]);
}

export function outageTimeFormat(lang: Lang, zone: string) {
  const locale = lang === "hi" ? "hi-IN" : "en-IN";
  const hm = dateFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }, zone);
  const dayHm = dateFormat(
    locale,
    { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    zone,
  );
  const dayOnly = dateFormat(locale, { day: "numeric", month: "short" }, zone);
  const day = (d: Date) => dayOf(d, zone);
  return {
    /** "14:05" when it is today there, else with the date. */
    time(iso: string | null): string {
      if (!iso) return "—";
      const d = new Date(iso);
      return day(d) === day(new Date()) ? hm.format(d) : dayHm.format(d);
    },
    /** The time, and the date apart when it is not today: for large figures. */
    parts(iso: string): { time: string; date: string | undefined } {
      const d = new Date(iso);
      return { time: hm.format(d), date: day(d) === day(new Date()) ? undefined : dayOnly.format(d) };
    },
    /** Always with the date. */
    dateTime(iso: string | null): string {
      return iso ? dayHm.format(new Date(iso)) : "—";
    },
    /** A window: "29 Nov, 10:00 – 14:00", or both dates when it spans midnight. */
    range(from: string | null, to: string | null): string {
      if (!from || !to)
        return `${from ? dayHm.format(new Date(from)) : "—"} – ${to ? dayHm.format(new Date(to)) : "—"}`;
      const a = new Date(from);
      const b = new Date(to);
      return `${dayHm.format(a)} – ${day(a) === day(b) ? hm.format(b) : dayHm.format(b)}`;
    },
  };
}

/** "1 h 30 min"; "under 1 min" for a momentary interruption rather than "0 min". */
export function outageDuration(t: Translate, ms: number): string {
  return ms < 60_000 ? t("outages.underMinute") : duration(t, ms);
}

/** A ticking duration for the wallboard: "0:12:05", "3:04:10", "26:00:00". */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}
