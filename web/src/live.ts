import { useEffect, useRef, useState } from "react";
import { api, UNAUTHORIZED_EVENT } from "./api.ts";
import type { Counters, Outage, Snapshot } from "./contract.ts";

export type LiveState = "connecting" | "open" | "reconnecting";

export interface LiveHandlers {
  snapshot(s: Snapshot): void;
  outage(o: Outage): void;
  counters(c: Counters): void;
}

/**
 * The live event stream (GET /api/events). EventSource reconnects by itself
 * after a network error and the server sends a fresh snapshot on each
 * connect; a refused connection (an HTTP error) closes it for good, so we
 * check the session and open a new one after a pause.
 */
export function useLiveEvents(handlers: LiveHandlers): LiveState {
  const [state, setState] = useState<LiveState>("connecting");
  const on = useRef(handlers);
  on.current = handlers;

  useEffect(() => {
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let stopped = false;

    const read =
      <T>(f: (data: T) => void) =>
      (e: MessageEvent<string>) => {
        try {
          f(JSON.parse(e.data) as T);
        } catch {
          // A malformed message is skipped; the next snapshot puts things right.
        }
      };

    const connect = () => {
      if (stopped) return;
      const es = new EventSource("/api/events");
      source = es;
      es.onopen = () => {
        failures = 0;
        setState("open");
      };
      es.onerror = () => {
        if (stopped) return;
        setState("reconnecting");
        if (es.readyState !== EventSource.CLOSED) return; // the browser retries by itself
        es.close();
        failures++;
        // A 401 here means the session ended: api() tells the app, which shows the sign-in page.
        api("GET", "/api/auth/me").catch(() => {});
        retry = setTimeout(connect, Math.min(1000 * 2 ** (failures - 1), 15_000));
      };
      es.addEventListener(
        "snapshot",
        read<Snapshot>((s) => on.current.snapshot(s)),
      );
      es.addEventListener(
        "outage",
        read<Outage>((o) => on.current.outage(o)),
      );
      es.addEventListener(
        "counters",
        read<Counters>((c) => on.current.counters(c)),
      );
      es.addEventListener("signed_out", () => {
        es.close();
        window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
      });
    };

    connect();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      source?.close();
    };
  }, []);

  return state;
}
