import {
  keepPreviousData,
  QueryClient,
  type QueryKey,
  type UseQueryResult,
  useQuery,
} from "@tanstack/react-query";
import { api } from "./api.ts";

/**
 * The one query cache of the app. No retries and no refetch on window focus:
 * a failed read shows its error at once (as the screens always did), and a
 * screen reads again when it opens, when the live stream says something it
 * shows has changed, or when its own action succeeded.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
    mutations: { retry: false },
  },
});

/**
 * Query keys, one root per domain, so a change can mark all of a domain's
 * reads stale at once (`invalidate(keys.complaints)`), or only one thing.
 */
export const keys = {
  me: ["me"],
  catalogue: ["catalogue"],
  complaints: ["complaints"],
  complaint: (number: string) => ["complaints", "one", number],
  outages: ["outages"],
  outage: (id: number) => ["outage", id],
  outageForConsumer: (consumerNo: string) => ["outage", "for-consumer", consumerNo],
  live: ["live"],
  consumers: ["consumers"],
  org: ["org"],
  users: ["users"],
  tokens: ["tokens"],
  sms: ["sms"],
  survey: ["survey"],
  callbacks: ["callbacks"],
  grievances: ["grievances"],
  reliability: ["reliability"],
} as const;

/** Marks every read under `key` stale; those on screen read again. */
export function invalidate(key: QueryKey): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: key });
}

/**
 * A GET kept in the cache under `key`. With `keep`, the last answer stays on
 * screen while the answer for a new key (another filter, another page) loads.
 */
export function useApiQuery<T>(
  key: QueryKey,
  url: string,
  options: { enabled?: boolean; keep?: boolean; refetchInterval?: number | false; staleTime?: number } = {},
): UseQueryResult<T> {
  return useQuery({
    queryKey: key,
    queryFn: () => api<T>("GET", url),
    ...(options.enabled === undefined ? {} : { enabled: options.enabled }),
    ...(options.keep ? { placeholderData: keepPreviousData } : {}),
    ...(options.refetchInterval === undefined ? {} : { refetchInterval: options.refetchInterval }),
    ...(options.staleTime === undefined ? {} : { staleTime: options.staleTime }),
  });
}
