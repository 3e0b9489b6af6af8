import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { ApiError, api, UNAUTHORIZED_EVENT } from "./api.ts";
import type { Me } from "./contract.ts";
import { useI18n } from "./i18n/index.tsx";

interface Session {
  /** undefined while we ask the server, null when signed out. */
  me: Me | null | undefined;
  signIn(login: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  can(permission: string): boolean;
  setMe(me: Me): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const { setLang } = useI18n();

  useEffect(() => {
    api<{ user: Me }>("GET", "/api/auth/me")
      .then((r) => setMe(r.user))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) setMe(null);
        else setMe(null);
      });
    const onUnauthorized = () => setMe(null);
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, []);

  const signIn = useCallback(
    async (login: string, password: string) => {
      const r = await api<{ user: Me }>("POST", "/api/auth/sign-in", { login, password });
      // The language chosen on the sign-in page wins over the stored preference only until he changes it.
      if (!localStorage.getItem("powerdesk.lang")) setLang(r.user.language);
      setMe(r.user);
    },
    [setLang],
  );

  const signOut = useCallback(async () => {
    try {
      await api("POST", "/api/auth/sign-out");
    } finally {
      setMe(null);
    }
  }, []);

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
