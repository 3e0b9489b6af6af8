import {
  type InfiniteData,
  keepPreviousData,
  QueryClient,
  type QueryKey,
  type UseQueryResult,
  useInfiniteQuery,
  useQuery,
} from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api } from "./api.ts";
import type { ApiRequest, Endpoint, Reply, RequestArgs } from "./endpoints.ts";

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
  connections: ["connections"],
  application: (number: string) => ["connections", "one", number],
  reliability: ["reliability"],
  kb: ["kb"],
  subscriptions: ["reports", "subscriptions"],
} as const;

/** Marks every read under `key` stale; those on screen read again. */
export function invalidate(key: QueryKey): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: key });
}

/** The reads of the API, for the query hooks. */
type Read = Extract<Endpoint, `GET ${string}`>;

interface ReadOptions {
  enabled?: boolean;
  keep?: boolean;
  refetchInterval?: number | false;
  staleTime?: number;
}

/**
 * A GET kept in the cache under `key`: `useApiQuery(key, "GET /api/outages/:id", { params: { id } })`.
 * With `keep`, the last answer stays on screen while the answer for a new key (another filter,
 * another page) loads.
 */
export function useApiQuery<E extends Read>(
  key: QueryKey,
  endpoint: E,
  ...[request, options = {}]: Partial<ApiRequest<E>> extends ApiRequest<E>
    ? [request?: ApiRequest<E>, options?: ReadOptions]
    : [request: ApiRequest<E>, options?: ReadOptions]
): UseQueryResult<Reply<E>> {
  return useQuery({
    queryKey: key,
    queryFn: () => api(endpoint, ...([request] as RequestArgs<E>)),
    ...(options.enabled === undefined ? {} : { enabled: options.enabled }),
    ...(options.keep ? { placeholderData: keepPreviousData } : {}),
    ...(options.refetchInterval === undefined ? {} : { refetchInterval: options.refetchInterval }),
    ...(options.staleTime === undefined ? {} : { staleTime: options.staleTime }),
  });
}

/** A list read newest first, a page at a time: `before` is the last id of the page above. */
interface Paged {
  items: unknown[];
  nextBefore: number | null;
}

/**
 * A list with a "More" button: the pages read so far, joined. `request(before)` is the read of the
 * page below `before` (the first page without). `refresh` reads the first page again and drops the
 * older ones (as opening the list anew would); `every` re-reads on its own while only the first page
 * is shown.
 */
export function usePagedQuery<E extends Read>(
  key: QueryKey,
  endpoint: E & (Reply<E> extends Paged ? unknown : never),
  request: (before?: number) => ApiRequest<E>,
  options: { every?: number | false; keep?: boolean } = {},
) {
  type P = Reply<E> & Paged;
  const q = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => api<E>(endpoint, ...([request(pageParam)] as RequestArgs<E>)) as Promise<P>,
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last: P) => last.nextBefore ?? undefined,
    refetchInterval: (query) =>
      (query.state.data?.pages.length ?? 0) > 1 ? false : (options.every ?? false),
    ...(options.keep ? { placeholderData: keepPreviousData } : {}),
  });
  const refresh = () => {
    queryClient.setQueryData<InfiniteData<P, number | undefined>>(key, (d) =>
      d ? { pages: d.pages.slice(0, 1), pageParams: d.pageParams.slice(0, 1) } : d,
    );
    void q.refetch();
  };
  const first = q.data?.pages[0];
  const items = q.data?.pages.flatMap((p) => p.items as P["items"]) as P["items"] | undefined;
  return { ...q, first, items, refresh };
}

/** `value`, once it has stood still for `ms`: a search or preview follows the typing, not each key. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
