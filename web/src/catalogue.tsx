import { useQuery } from "@tanstack/react-query";
import { api } from "./api.ts";
import type { Catalogue } from "./contract.ts";
import { keys } from "./query.ts";

/** The complaint catalogue, fetched once per page load (it changes only when an admin edits it). */
export function useCatalogue(): Catalogue | undefined {
  return useQuery({
    queryKey: keys.catalogue,
    queryFn: () => api("GET /api/complaint-catalogue"),
    staleTime: Number.POSITIVE_INFINITY,
  }).data;
}
