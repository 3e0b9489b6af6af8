import { useEffect, useState } from "react";
import { api } from "./api.ts";
import type { Catalogue } from "./contract.ts";

let cached: Promise<Catalogue> | undefined;

/** The complaint catalogue, fetched once per page load (it changes only when an admin edits it). */
export function useCatalogue(): Catalogue | undefined {
  const [catalogue, setCatalogue] = useState<Catalogue>();
  useEffect(() => {
    cached ??= api<Catalogue>("GET", "/api/complaint-catalogue").catch((err: unknown) => {
      cached = undefined;
      throw err;
    });
    let alive = true;
    cached.then((c) => alive && setCatalogue(c)).catch(() => {});
    return () => {
      alive = false;
    };
  }, []);
  return catalogue;
}
