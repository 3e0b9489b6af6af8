import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { SummaryBar } from "./Complaints.tsx";

export function Home() {
  const { t, name } = useI18n();
  const { me, can } = useSession();
  if (!me) return null;
  const tiles: { href: string; title: MessageKey; text: MessageKey; permission: string }[] = [
    ...(me.role === "lineman" || me.role === "je"
      ? [
          {
            href: "/work",
            title: "nav.work" as MessageKey,
            text: "home.workText" as MessageKey,
            permission: "complaints.work",
          },
        ]
      : []),
    ...(me.role !== "lineman"
      ? [
          {
            href: "/complaints",
            title: "nav.complaints" as MessageKey,
            text: "home.complaintsText" as MessageKey,
            permission: "complaints.read",
          },
          {
            href: "/complaints/new",
            title: "nav.newComplaint" as MessageKey,
            text: "home.newComplaintText" as MessageKey,
            permission: "complaints.create",
          },
        ]
      : []),
    { href: "/consumers", title: "home.searchTitle", text: "home.searchText", permission: "consumers.read" },
    { href: "/org", title: "nav.org", text: "home.orgText", permission: "org.read" },
    { href: "/users", title: "nav.users", text: "home.usersText", permission: "users.manage" },
    { href: "/tokens", title: "nav.tokens", text: "home.tokensText", permission: "tokens.manage" },
  ];
  return (
    <section className="page">
      <h1>{t("home.welcome", { name: me.name })}</h1>
      <p className="muted">
        {t("home.jurisdiction", {
          unit: `${name(me.orgUnit)} (${t(`kind.${me.orgUnit.kind}` as MessageKey)})`,
        })}
      </p>
      {can("complaints.read") ? <SummaryBar /> : null}
      <div className="tiles">
        {tiles
          .filter((x) => can(x.permission))
          .map((x) => (
            <Link key={x.href} href={x.href} className="tile">
              <strong>{t(x.title)}</strong>
              <span>{t(x.text)}</span>
            </Link>
          ))}
      </div>
    </section>
  );
}
