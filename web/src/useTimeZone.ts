import { useSyncExternalStore } from "react";
import { subscribeTimeZone, timeZone } from "./time.ts";

/** The zone times are shown in, re-rendering when the server says another. */
export function useTimeZone(): string {
  return useSyncExternalStore(subscribeTimeZone, timeZone, timeZone);
}
