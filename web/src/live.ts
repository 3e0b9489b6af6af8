import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api, UNAUTHORIZED_EVENT } from "./api.ts";
import { type Counters, LIVE_OUTAGE_STATUSES, type Outage, type Snapshot } from "./contract.ts";
import { invalidate, keys, queryClient } from "./query.ts";

export type LiveState = "connecting" | "open" | "reconnecting";

/** What the stream has told so far: the live outages (by id) and the latest counters. */
export interface LiveBoard {
  outages: Map<number, Outage>;
  counters: Counters;
}

const isLive = (o: Outage) => LIVE_OUTAGE_STATUSES.includes(o.status);

/** Puts one outage as it is now on the board (or takes it off when no longer live). */
export function upsertLive(o: Outage): void {
  queryClient.setQueryData<LiveBoard>(keys.live, (board) => {
    if (!board) return board;
    const outages = new Map(board.outages);
    if (isLive(o)) outages.set(o.id, o);
    else outages.delete(o.id);
    return { ...board, outages };
  });
}

/** The board the stream fills; undefined until its first snapshot. It is never fetched on its own. */
export function useLiveBoard(): LiveBoard | undefined {
  return useQuery<LiveBoard>({
    queryKey: keys.live,
    queryFn: () => Promise.reject(new Error("the live board comes from the event stream")),
    enabled: false,
    staleTime: Number.POSITIVE_INFINITY,
  }).data;
}

/**
 * The live event stream (GET /api/events). EventSource reconnects by itself
 * after a network error and the server sends a fresh snapshot on each
 * connect; a refused connection (an HTTP error) closes it for good, so we
 * check the session and open a new one after a pause.
 *
 * What arrives goes into the query cache: the board (`useLiveBoard`), and
 * the reads it makes stale are marked so (an outage changed: that outage,
 * the outage lists and the consumers' banners; new counters: the complaint
 * lists and counters). `arrived` hears of each outage as it comes.
 */
export function useLiveEvents(arrived?: (outages: Outage[]) => void): LiveState {
  const [state, setState] = useState<LiveState>("connecting");
  const on = useRef(arrived);
  on.current = arrived;

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
        api("GET /api/auth/me").catch(() => {});
        retry = setTimeout(connect, Math.min(1000 * 2 ** (failures - 1), 15_000));
      };
      es.addEventListener(
        "snapshot",
        read<Snapshot>((s) => {
          on.current?.(s.outages);
          queryClient.setQueryData<LiveBoard>(keys.live, {
            outages: new Map(s.outages.filter(isLive).map((o) => [o.id, o])),
            counters: s.counters,
          });
          // The server may have missed changes: so may every read.
          void invalidate(keys.outages);
          void invalidate(["outage"]);
          void invalidate(keys.complaints);
        }),
      );
      es.addEventListener(
        "outage",
        read<Outage>((o) => {
          on.current?.([o]);
          upsertLive(o);
          void invalidate(keys.outage(o.id));
          void invalidate(keys.outages);
          void invalidate(["outage", "for-consumer"]);
        }),
      );
      es.addEventListener(
        "counters",
        read<Counters>((c) => {
          queryClient.setQueryData<LiveBoard>(keys.live, (board) =>
            board ? { ...board, counters: c } : board,
          );
          void invalidate(keys.complaints);
        }),
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
      // Without the stream the board would go stale: the next one starts from a fresh snapshot.
      void queryClient.resetQueries({ queryKey: keys.live });
    };
  }, []);

  return state;
}
