import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";
import { ApiError } from "../api.ts";
import { dateTimeOptions } from "../contract.ts";
import { type Lang, type PortalKey, translate } from "./strings.ts";

/** Where the portal lives: every page is a path under it. */
export const BASE = "/portal";
export const TIME_ZONE = "Asia/Kolkata";

export interface Portal {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: PortalKey, vars?: Record<string, string | number>): string;
  path: string;
  /** Counts navigations: a page opened again (a menu link to itself) starts afresh. */
  visit: number;
  go(path: string): void;
  /** Signed in (true), not (false), or not known yet (undefined). */
  signedIn: boolean | undefined;
  setSignedIn(v: boolean): void;
}

const Ctx = createContext<Portal | undefined>(undefined);

export function usePortal(): Portal {
  const p = useContext(Ctx);
  if (!p) throw new Error("usePortal outside the portal");
  return p;
}

function initialLang(): Lang {
  try {
    return localStorage.getItem("pd_portal_lang") === "en" ? "en" : "hi";
  } catch {
    return "hi";
  }
}

/** The path inside the portal ("/" for its home). */
function currentPath(): string {
  const p = window.location.pathname.slice(BASE.length) || "/";
  return p.startsWith("/") ? p : `/${p}`;
}

export function PortalProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [path, setPath] = useState(currentPath);
  const [visit, setVisit] = useState(0);
  const [signedIn, setSignedIn] = useState<boolean | undefined>(undefined);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(lang, "app.name");
  }, [lang]);
  useEffect(() => {
    const onPop = () => {
      setPath(currentPath());
      setVisit((n) => n + 1);
    };
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem("pd_portal_lang", l);
    } catch {
      // Private mode: the choice lasts this visit.
    }
  }, []);
  const go = useCallback((to: string) => {
    window.history.pushState(null, "", `${BASE}${to}`);
    setPath(to);
    setVisit((n) => n + 1);
    window.scrollTo(0, 0);
  }, []);
  const t = useCallback(
    (key: PortalKey, vars?: Record<string, string | number>) => translate(lang, key, vars),
    [lang],
  );
  return (
    <Ctx.Provider value={{ lang, setLang, t, path, visit, go, signedIn, setSignedIn }}>
      {children}
    </Ctx.Provider>
  );
}

/** A link inside the portal: a real href (opens in a new tab too), routed without a reload. */
export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const { go, path } = usePortal();
  return (
    <a
      href={`${BASE}${to}`}
      className={className}
      aria-current={path === to ? "page" : undefined}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        go(to);
      }}
    >
      {children}
    </a>
  );
}

/** A page's heading, focused when the page opens (screen readers hear where they are). */
export function PageTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(lang: Lang, opts: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const k = `${lang}|${key}`;
  let f = formats.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === "hi" ? "hi-IN" : "en-IN", {
      timeZone: TIME_ZONE,
      ...dateTimeOptions(lang, opts),
    });
    formats.set(k, f);
  }
  return f;
}

/** "3 Dec, 5:30 pm" / "3 दिस॰, शाम 5:30" in the DISCOM's zone. */
export function when(lang: Lang, iso: string): string {
  return format(lang, { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" }, "dt").format(
    new Date(iso),
  );
}

/** "3 Dec 2026" for a date (YYYY-MM-DD). */
export function day(lang: Lang, date: string): string {
  return format(lang, { day: "numeric", month: "short", year: "numeric" }, "d").format(
    new Date(`${date}T12:00:00+05:30`),
  );
}

/** "Nov 2026" for a month (YYYY-MM). */
export function month(lang: Lang, ym: string): string {
  return format(lang, { month: "long", year: "numeric" }, "m").format(new Date(`${ym}-15T12:00:00+05:30`));
}

export function rupees(lang: Lang, n: number): string {
  return n.toLocaleString(lang === "hi" ? "hi-IN" : "en-IN", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
}

/** What to tell the consumer for a failed call. */
export function errorText(t: Portal["t"], err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t("common.network");
    if (err.status === 429)
      return t("signIn.wait", { minutes: Math.max(1, Math.ceil((err.retryAfter ?? 60) / 60)) });
    return err.message || t("common.error");
  }
  return t("common.error");
}

/** Loads once (and again on `reload`): the data, the error, whether it is loading. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [n, setN] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what reloads it
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [n, ...deps]);
  return { ...state, reload: () => setN((x) => x + 1) };
}

export function Loading() {
  const { t } = usePortal();
  return (
    <p className="muted" role="status">
      {t("common.loading")}
    </p>
  );
}

export function Failed({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = usePortal();
  return (
    <div className="notice error" role="alert">
      <p>{errorText(t, error)}</p>
      {retry && (
        <button type="button" className="secondary" onClick={retry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}
