import { type ReactNode, useEffect, useState } from "react";
import type { Me } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { Link, navigate, useLocation } from "../router.tsx";
import { useSession } from "../session.tsx";
import { KbSearch } from "./KbSearch.tsx";

interface NavItem {
  href: string;
  label: MessageKey;
  show?: (me: Me, can: (p: string) => boolean) => boolean;
}

// What each person sees in the bar depends on what his role may do: the agent
// registers and searches, the lineman works his DC's list, officers watch the queue.
const NAV: NavItem[] = [
  { href: "/", label: "nav.home" },
  { href: "/work", label: "nav.work", show: (_me, can) => can("complaints.work") },
  {
    href: "/complaints",
    label: "nav.complaints",
    show: (me, can) => can("complaints.read") && me.role !== "lineman",
  },
  { href: "/consumers", label: "nav.consumers", show: (_me, can) => can("consumers.read") },
  {
    href: "/complaints/new",
    label: "nav.newComplaint",
    show: (me, can) => can("complaints.create") && me.role !== "lineman",
  },
  {
    href: "/connections",
    label: "nav.connections",
    show: (me, can) => can("connections.read") && me.role !== "lineman",
  },
  {
    href: "/connections/new",
    label: "nav.newConnection",
    show: (me, can) => can("connections.create") && (me.role === "agent" || me.role === "supervisor"),
  },
  { href: "/dashboard", label: "nav.dashboard", show: (_me, can) => can("reports.read") },
  { href: "/outages", label: "nav.outages", show: (_me, can) => can("outages.read") },
  {
    href: "/wallboard",
    label: "nav.wallboard",
    show: (me, can) => (can("outages.read") || can("complaints.read")) && me.role !== "lineman",
  },
  {
    href: "/reliability",
    label: "nav.reliability",
    show: (me, can) => can("outages.read") && me.role !== "lineman",
  },
  { href: "/inbox", label: "nav.inbox", show: (_me, can) => can("inbox.work") },
  {
    href: "/callbacks",
    label: "nav.callbacks",
    show: (me, can) => can("callbacks.work") && me.role !== "lineman",
  },
  { href: "/grievances", label: "nav.grievances", show: (_me, can) => can("grievances.manage") },
  // One entry for the survey: the call desk for those who call, the scorecards for the rest.
  { href: "/survey", label: "nav.survey", show: (_me, can) => can("survey.work") },
  {
    href: "/survey/scorecards",
    label: "nav.survey",
    show: (_me, can) => !can("survey.work") && can("survey.read"),
  },
  {
    href: "/sms",
    label: "nav.sms",
    show: (me, can) => (can("sms.read") || can("sms.manage") || can("sms.inbound")) && me.role !== "lineman",
  },
  { href: "/kb", label: "nav.kb", show: (_me, can) => can("kb.read") },
  {
    href: "/reports/subscriptions",
    label: "schedules.nav",
    show: (_me, can) => can("reports.regulator"),
  },
  { href: "/org", label: "nav.org", show: (_me, can) => can("org.read") },
  { href: "/users", label: "nav.users", show: (_me, can) => can("users.manage") },
  { href: "/tokens", label: "nav.tokens", show: (_me, can) => can("tokens.manage") },
  { href: "/tariffs", label: "nav.tariffs", show: (_me, can) => can("kb.read") || can("tariffs.manage") },
  { href: "/reports/sop", label: "nav.sop", show: (_me, can) => can("reports.regulator") },
  { href: "/compensation", label: "nav.compensation", show: (_me, can) => can("compensation.read") },
];

export function LanguageToggle() {
  const { t, lang, setLang } = useI18n();
  return (
    <button
      type="button"
      className="lang-toggle"
      title={t("lang.toggleTitle")}
      onClick={() => setLang(lang === "en" ? "hi" : "en")}
    >
      {t("lang.toggle")}
    </button>
  );
}

/**
 * A page's tabs, one a sub-page, the current one marked. With `hideSingle`,
 * a tab alone is left to screen readers.
 */
export function PageTabs({
  label,
  tabs,
  current,
  hideSingle = false,
}: {
  label: string;
  tabs: { href: string; label: string }[];
  current: string | undefined;
  hideSingle?: boolean;
}) {
  return (
    <nav className={`tabs${hideSingle && tabs.length < 2 ? " sr-only" : ""}`} aria-label={label}>
      {tabs.map((x) => (
        <button
          key={x.href}
          type="button"
          className={current === x.href ? "on" : ""}
          aria-current={current === x.href ? "page" : undefined}
          onClick={() => navigate(x.href)}
        >
          {x.label}
        </button>
      ))}
    </nav>
  );
}

/** Global keys: "/" jumps to the consumer search, Alt+L switches language. */
export function useShortcuts() {
  const { lang, setLang } = useI18n();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      const typing =
        target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT";
      if (e.altKey && (e.key === "l" || e.key === "L")) {
        e.preventDefault();
        setLang(lang === "en" ? "hi" : "en");
      } else if (e.key === "/" && !typing) {
        e.preventDefault();
        const box = document.getElementById("consumer-search");
        if (box) box.focus();
        else navigate("/consumers");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [lang, setLang]);
}

/**
 * "?" opens the knowledge base's search over whatever screen he is on (not while he types, and not
 * with a modifier other than the Shift that makes the "?").
 */
function useKbSearchKey(enabled: boolean): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      const typing =
        target.tagName === "INPUT" ||
        target.tagName === "TEXTAREA" ||
        target.tagName === "SELECT" ||
        target.isContentEditable;
      if (e.key !== "?" || typing || e.ctrlKey || e.metaKey || e.altKey) return;
      if (document.querySelector("dialog[open]")) return; // another dialog has the keys
      e.preventDefault();
      setOpen(true);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
  return [open, setOpen];
}

export function Layout({ children }: { children: ReactNode }) {
  const { t, name } = useI18n();
  const { me, can, signOut } = useSession();
  const { path } = useLocation();
  useShortcuts();
  const [kbOpen, setKbOpen] = useKbSearchKey(Boolean(me) && can("kb.read"));
  if (!me) return null;
  const active = (href: string) =>
    href === "/"
      ? path === "/"
      : href === "/complaints"
        ? path.startsWith(href) && path !== "/complaints/new"
        : href === "/connections"
          ? path.startsWith(href) && path !== "/connections/new"
          : path.startsWith(href);
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t("nav.skip")}
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          <span className="bolt" aria-hidden="true">
            ⚡
          </span>
          {t("app.name")}
        </Link>
        <nav aria-label="main">
          {NAV.filter((n) => !n.show || n.show(me, can)).map((n) => (
            <Link
              key={n.href}
              href={n.href}
              className={active(n.href) ? "active" : ""}
              aria-current={active(n.href) ? "page" : undefined}
            >
              {t(n.label)}
            </Link>
          ))}
        </nav>
        <div className="who">
          <LanguageToggle />
          <Link
            href="/account"
            className={`me${active("/account") ? " active" : ""}`}
            title={t("nav.account")}
          >
            <strong>{me.name}</strong>
            <small>
              {t(`role.${me.role}` as MessageKey)} · {name(me.orgUnit)}
            </small>
          </Link>
          <button type="button" className="btn btn-ghost" onClick={() => void signOut()}>
            {t("nav.signOut")}
          </button>
        </div>
      </header>
      <main id="main">{children}</main>
      <footer className="footer">{t("nav.shortcuts")}</footer>
      {can("kb.read") ? <KbSearch open={kbOpen} onClose={() => setKbOpen(false)} /> : null}
    </div>
  );
}
