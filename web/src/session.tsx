import { useQuery } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect } from "react";
import { api, UNAUTHORIZED_EVENT } from "./api.ts";
import type { Me } from "./contract.ts";
import { useI18n } from "./i18n/index.tsx";
import { keys, queryClient } from "./query.ts";
import { setTimeZone } from "./time.ts";

interface Session {
  /** undefined while we ask the server, null when signed out. */
  me: Me | null | undefined;
  signIn(login: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  can(permission: string): boolean;
  setMe(me: Me): void;
}

const SessionContext = createContext<Session | null>(null);

/**
 * A new person at the desk (or none): what the last one read must not show,
 * even for a moment. Nobody was signed in (a consumer's page from an SMS
 * link, the sign-in page): there is nothing of anyone's to drop, and the
 * page's own reads must go on.
 */
function switchUser(me: Me | null): void {
  if (queryClient.getQueryData<Me | null>(keys.me))
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.me[0] });
  queryClient.setQueryData(keys.me, me);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const { setLang } = useI18n();
  const { data: me } = useQuery({
    queryKey: keys.me,
    // Any failure reads as signed out: the sign-in page is the way on.
    queryFn: () =>
      api("GET /api/auth/me").then(
        (r): Me | null => r.user,
        () => null,
      ),
    staleTime: Number.POSITIVE_INFINITY,
  });

  // Times on the screens are in the server's zone.
  const zone = me?.timeZone;
  useEffect(() => setTimeZone(zone), [zone]);

  useEffect(() => {
    const onUnauthorized = () => switchUser(null);
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, []);

  const signIn = useCallback(
    async (login: string, password: string) => {
      const r = await api("POST /api/auth/sign-in", { body: { login, password } });
      // The language chosen on the sign-in page wins over the stored preference only until he changes it.
      if (!localStorage.getItem("powerdesk.lang")) setLang(r.user.language);
      switchUser(r.user);
    },
    [setLang],
  );

  const signOut = useCallback(async () => {
    try {
      await api("POST /api/auth/sign-out");
    } finally {
      switchUser(null);
    }
  }, []);

  const setMe = useCallback((m: Me) => queryClient.setQueryData(keys.me, m), []);
  const can = useCallback((p: string) => Boolean(me?.permissions.includes(p)), [me]);

  return (
    <SessionContext.Provider value={{ me, signIn, signOut, can, setMe }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error("useSession outside SessionProvider");
  return ctx;
}
