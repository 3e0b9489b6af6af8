import { useMutation } from "@tanstack/react-query";
import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from "react";
import { api } from "../api.ts";
import { LIVE_OUTAGE_STATUSES, type Outage } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { upsertLive, useLiveBoard, useLiveEvents } from "../live.ts";
import { invalidate, keys } from "../query.ts";
import { Link, navigate } from "../router.tsx";
import { useSession } from "../session.tsx";
import { dateFormat } from "../time.ts";
import { useNow } from "../ui/complaint.tsx";
import { ErrorNotice } from "../ui/errors.tsx";
import { Loading } from "../ui/index.tsx";
import { LanguageToggle, useShortcuts } from "../ui/Layout.tsx";
import { clock, outageElement, useOutageTime } from "../ui/outage.tsx";
import { useTimeZone } from "../useTimeZone.ts";

const isLive = (o: Outage) => LIVE_OUTAGE_STATUSES.includes(o.status);
/** A red alert nobody has seen yet: it flashes and beeps. */
const unacknowledged = (o: Outage) => o.kind === "unplanned" && isLive(o) && !o.acknowledgedAt;
const MUTED_KEY = "powerdesk.wallboard.muted";

/**
 * The alarm. Browsers may keep audio off until the page gets a click or a
 * key: the board then shows "Enable sound" (any click or key unlocks it).
 * When the browser allows sound already (the user clicked earlier in this
 * tab, or a kiosk display started with autoplay allowed) the audio context
 * runs at once and no button is needed.
 */
function useAlarm() {
  const ctx = useRef<AudioContext | undefined>(undefined);
  const [running, setRunning] = useState(false);
  const [muted, setMuted] = useState(() => localStorage.getItem(MUTED_KEY) === "1");
  const mutedRef = useRef(muted);
  mutedRef.current = muted;
  const announced = useRef(false);

  const tones = useCallback((c: AudioContext) => {
    // Three short beeps, high-low-high: heard across the room, over in a second.
    const start = c.currentTime + 0.02;
    for (let i = 0; i < 3; i++) {
      const osc = c.createOscillator();
      const gain = c.createGain();
      osc.type = "triangle";
      osc.frequency.value = i === 1 ? 660 : 880;
      const at = start + i * 0.28;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.35, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.22);
      osc.connect(gain).connect(c.destination);
      osc.start(at);
      osc.stop(at + 0.24);
    }
  }, []);

  useEffect(() => {
    let c: AudioContext;
    try {
      c = new AudioContext();
    } catch {
      return; // no audio here: the board still flashes
    }
    ctx.current = c;
    c.onstatechange = () => setRunning(c.state === "running");
    setRunning(c.state === "running");
    return () => {
      ctx.current = undefined;
      c.close().catch(() => {});
    };
  }, []);

  const enable = useCallback(() => {
    const c = ctx.current;
    if (!c) return;
    c.resume()
      .then(() => {
        // One confirmation beep when the operator turns it on, so he hears that sound works.
        if (c.state === "running" && !announced.current && !mutedRef.current) tones(c);
        if (c.state === "running") announced.current = true;
      })
      .catch(() => {});
  }, [tones]);

  // The first click or key anywhere on the board counts as the gesture.
  useEffect(() => {
    if (running) return;
    const unlock = () => enable();
    // "click", not "pointerdown": the button under the pointer must not change before the click lands.
    window.addEventListener("click", unlock, { once: true });
    window.addEventListener("keydown", unlock, { once: true });
    return () => {
      window.removeEventListener("click", unlock);
      window.removeEventListener("keydown", unlock);
    };
  }, [running, enable]);

  const beep = useCallback(() => {
    const c = ctx.current;
    if (c?.state !== "running" || mutedRef.current) return;
    try {
      tones(c);
    } catch {
      // sound is a help; the flashing card is the alert
    }
  }, [tones]);

  const toggleMute = () => {
    const next = !muted;
    localStorage.setItem(MUTED_KEY, next ? "1" : "0");
    setMuted(next);
  };

  return { running, muted, enable, beep, toggleMute };
}

function Counter({ value, label, tone }: { value: number; label: string; tone: string }) {
  return (
    <div className={`wall-counter wall-counter-${tone}`}>
      <strong>{value.toLocaleString("en-IN")}</strong>
      <span>{label}</span>
    </div>
  );
}

function OutageCard({
  o,
  now,
  canAcknowledge,
  onAcknowledge,
  busy,
}: {
  o: Outage;
  now: number;
  canAcknowledge: boolean;
  onAcknowledge: (o: Outage) => void;
  busy: boolean;
}) {
  const { t, name } = useI18n();
  const { time, parts } = useOutageTime();
  const el = outageElement(o, name);
  const etr = o.etr ? parts(o.etr) : undefined;
  const alert = unacknowledged(o);
  const planned = o.kind === "planned";
  const ackable = alert && canAcknowledge;
  const etrLate = o.etr !== null && new Date(o.etr).getTime() < now;
  const cls = [
    "wall-card",
    planned ? "planned" : `unplanned ${o.status}`,
    alert ? "flashing" : planned ? "" : "acknowledged",
  ]
    .filter(Boolean)
    .join(" ");

  const onKey = (e: KeyboardEvent<HTMLElement>) => {
    if (e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "a" || e.key === "A" || e.key === "Enter") {
      e.preventDefault();
      if (ackable) onAcknowledge(o);
      else if (e.key === "Enter") navigate(`/outages/${o.id}`);
    }
  };

  return (
    <article
      className={cls}
      data-testid="outage-card"
      data-id={o.id}
      data-feeder={o.feeder?.code ?? ""}
      data-acknowledged={o.acknowledgedAt ? "true" : "false"}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a card takes the focus so A or Enter acknowledges it
      tabIndex={0}
      onKeyDown={onKey}
      aria-labelledby={`wall-${o.id}`}
    >
      <header className="wall-card-head">
        <span className="wall-status">
          {planned ? t("wall.planned") : t(`ostatus.${o.status}` as MessageKey)}
        </span>
        <span className="wall-source">{t(`osource.${o.source}` as MessageKey)}</span>
        {alert ? (
          <strong className="wall-new">{t("wall.notAcknowledged")}</strong>
        ) : o.acknowledgedAt ? (
          <span className="wall-acked">
            ✓ {t("wall.acknowledgedBy", { name: o.acknowledgedBy ?? "—", time: time(o.acknowledgedAt) })}
          </span>
        ) : null}
      </header>
      <h2 id={`wall-${o.id}`} className="wall-area">
        <Link href={`/outages/${o.id}`} className="wall-area-link">
          {name(o.dc)}
        </Link>
      </h2>
      <p className="wall-element">
        <span className="wall-scope">{t(`oscope.${o.scope}` as MessageKey)}</span> <strong>{el.title}</strong>{" "}
        <span className="mono">{el.code}</span>
        {o.scope !== "feeder" && o.feeder ? (
          <span className="wall-feeder">
            {" "}
            · {name(o.feeder)} <span className="mono">{o.feeder.code}</span>
          </span>
        ) : null}
      </p>
      <dl className="wall-figures">
        <div>
          <dt>{t("wall.consumersOff")}</dt>
          <dd className="wall-big">{o.affectedConsumers.toLocaleString("en-IN")}</dd>
        </div>
        <div>
          <dt>{t("wall.since", { time: time(o.startedAt) })}</dt>
          <dd className="wall-big mono" data-testid="elapsed">
            {clock(now - new Date(o.startedAt).getTime())}
          </dd>
        </div>
        <div>
          <dt>{planned ? t("wall.backBy") : t("wall.etr")}</dt>
          <dd className={`wall-big${etrLate ? " late" : ""}`}>
            {etr ? etr.time : t("wall.noEtr")}
            {etr?.date || etrLate ? (
              <small className="wall-late-note">
                {[etr?.date, etrLate ? t("wall.etrPassed") : undefined].filter(Boolean).join(" · ")}
              </small>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t("wall.complaints")}</dt>
          <dd className="wall-big">{o.linkedComplaints.toLocaleString("en-IN")}</dd>
        </div>
      </dl>
      {o.cause ? <p className="wall-cause">{o.cause}</p> : null}
      {ackable ? (
        <button
          type="button"
          className="wall-ack"
          disabled={busy}
          aria-busy={busy || undefined}
          onClick={() => onAcknowledge(o)}
        >
          {t("wall.acknowledge")} <kbd>A</kbd>
        </button>
      ) : null}
    </article>
  );
}

/**
 * The call-centre display: every live outage as a card, largest first;
 * a new unplanned one flashes red and beeps until a supervisor acknowledges
 * it. Fed only by the live event stream: a snapshot on (re)connect, then
 * each outage change and fresh counters.
 */
export function Wallboard() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const now = useNow(1000);
  const alarm = useAlarm();
  const zone = useTimeZone();
  const board = useLiveBoard();
  const outages = board?.outages;
  const counters = board?.counters;
  const seen = useRef(new Set<number>());
  const beep = alarm.beep;
  useShortcuts();

  const arrived = useCallback(
    (list: Outage[]) => {
      let fresh = false;
      for (const o of list) {
        if (unacknowledged(o) && !seen.current.has(o.id)) fresh = true;
        seen.current.add(o.id);
      }
      if (fresh) beep();
    },
    [beep],
  );

  const state = useLiveEvents(arrived);

  const acknowledging = useMutation({
    mutationFn: (o: Outage) =>
      api("POST /api/outages/:id/actions", { params: { id: o.id }, body: { action: "acknowledge" } }),
    onSuccess: (r) => {
      upsertLive(r.outage);
      void invalidate(keys.outage(r.outage.id));
    },
  });
  const busy = acknowledging.isPending ? acknowledging.variables?.id : undefined;
  const acknowledge = (o: Outage) => acknowledging.mutate(o);

  // Arrow keys move between cards, so a supervisor can work the board from the keyboard.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!["ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp"].includes(e.key)) return;
      const cards = [...document.querySelectorAll<HTMLElement>(".wall-card")];
      if (cards.length === 0) return;
      const i = cards.indexOf(document.activeElement as HTMLElement);
      const step = e.key === "ArrowRight" || e.key === "ArrowDown" ? 1 : -1;
      const next = cards[i < 0 ? 0 : (i + step + cards.length) % cards.length];
      e.preventDefault();
      next?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const list = outages
    ? [...outages.values()].sort(
        (a, b) => b.affectedConsumers - a.affectedConsumers || a.startedAt.localeCompare(b.startedAt),
      )
    : [];
  const alerts = list.filter(unacknowledged).length;
  useEffect(() => {
    document.title = alerts > 0 ? `(${alerts}) ${t("wall.title")}` : t("wall.title");
    return () => {
      document.title = t("app.name");
    };
  }, [alerts, t]);
  const clockText = dateFormat(
    lang === "hi" ? "hi-IN" : "en-IN",
    { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" },
    zone,
  ).format(now);

  return (
    <div className={`wallboard${alerts > 0 ? " has-alerts" : ""}${state === "open" ? "" : " stale"}`}>
      <header className="wall-top">
        <Link href="/" className="wall-brand" title={t("wall.exit")}>
          <span className="bolt" aria-hidden="true">
            ⚡
          </span>
          {t("app.name")}
        </Link>
        <h1>{t("wall.title")}</h1>
        <span
          className={`wall-conn wall-conn-${state}`}
          data-testid="wall-status"
          data-state={state}
          role="status"
        >
          {state === "open"
            ? t("wall.live")
            : state === "connecting"
              ? t("wall.connecting")
              : t("wall.reconnecting")}
        </span>
        <time className="wall-clock mono">{clockText}</time>
        <div className="wall-tools">
          {alarm.running ? (
            <button
              type="button"
              className="wall-tool"
              onClick={alarm.toggleMute}
              aria-pressed={!alarm.muted}
            >
              {alarm.muted ? `🔇 ${t("wall.soundOff")}` : `🔊 ${t("wall.soundOn")}`}
            </button>
          ) : (
            <button type="button" className="wall-tool wall-enable-sound" onClick={alarm.enable}>
              🔔 {t("wall.enableSound")}
            </button>
          )}
          <button
            type="button"
            className="wall-tool"
            onClick={() => {
              if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
              else void document.documentElement.requestFullscreen?.().catch(() => {});
            }}
          >
            ⛶ {t("wall.fullscreen")}
          </button>
          <LanguageToggle />
        </div>
      </header>
      {state === "reconnecting" ? (
        <p className="wall-reconnecting" role="alert">
          {t("wall.staleWarning")}
        </p>
      ) : null}
      {counters ? (
        <section className="wall-counters" aria-label={t("wall.countersTitle")} data-testid="wall-counters">
          <Counter
            value={counters.outagesNow}
            label={t("wall.outagesNow")}
            tone={counters.outagesNow ? "red" : "green"}
          />
          <Counter
            value={counters.consumersOff}
            label={t("wall.consumersOffTotal")}
            tone={counters.consumersOff ? "red" : "green"}
          />
          <Counter value={counters.plannedNow} label={t("wall.plannedNow")} tone="blue" />
          <Counter value={counters.openComplaints} label={t("wall.openComplaints")} tone="grey" />
          <Counter
            value={counters.overdue}
            label={t("wall.overdue")}
            tone={counters.overdue ? "amber" : "green"}
          />
          <Counter value={counters.registeredToday} label={t("wall.registeredToday")} tone="grey" />
          <Counter
            value={counters.ivrAnsweredToday + counters.ivrMissedCallsToday}
            label={t("wall.ivrAnsweredToday")}
            tone="blue"
          />
          {/* The inbox (WhatsApp, X, Facebook...): conversations waiting for an agent, and those past the first-response limit. */}
          <Counter
            value={counters.inboxWaiting}
            label={t("wall.inboxWaiting")}
            tone={counters.inboxOverdue ? "amber" : "grey"}
          />
          <Counter
            value={counters.inboxOverdue}
            label={t("wall.inboxOverdue")}
            tone={counters.inboxOverdue ? "red" : "green"}
          />
        </section>
      ) : null}
      {acknowledging.error ? (
        <div className="wall-error">
          <ErrorNotice error={acknowledging.error} onClose={acknowledging.reset} />
        </div>
      ) : null}
      <main className="wall-main">
        {!outages ? <Loading text={t("wall.connecting")} /> : null}
        {outages && list.length === 0 ? (
          <p className="wall-empty" data-testid="wall-empty">
            <span aria-hidden="true">✓</span> {t("wall.empty")}
          </p>
        ) : null}
        {list.length > 0 ? (
          <div className="wall-grid" aria-live="polite">
            {list.map((o) => (
              <OutageCard
                key={o.id}
                o={o}
                now={now}
                canAcknowledge={can("outages.acknowledge")}
                onAcknowledge={acknowledge}
                busy={busy === o.id}
              />
            ))}
          </div>
        ) : null}
      </main>
      <footer className="wall-keys">{t("wall.keys")}</footer>
    </div>
  );
}
