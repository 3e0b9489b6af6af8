import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { keys, useApiQuery } from "../query.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { LADDER_ROLES, SlaBadge, useNow } from "../ui/complaint.tsx";
import { Badge } from "../ui/index.tsx";
import { SummaryBar } from "./Complaints.tsx";

/** For officers: what has climbed the ladder in their area, most overdue first. */
function Escalated() {
  const { t, name } = useI18n();
  const now = useNow();
  const escalated = useApiQuery([...keys.complaints, "escalated"], "GET /api/complaints", {
    query: { status: "open", escalated: true, limit: 10 },
  });
  const items = escalated.isError ? [] : escalated.data?.items;
  if (!items) return null;
  return (
    <section className="panel" data-testid="escalated">
      <h2>{t("home.escalated")}</h2>
      {items.length === 0 ? <p className="muted">{t("home.noEscalated")}</p> : null}
      <ul className="complaint-list">
        {items.map((c) => (
          <li key={c.number} className={c.emergency ? "emergency" : ""}>
            <Link href={`/complaints/${c.number}`} className="mono">
              {c.number}
            </Link>{" "}
            {name(c.category)} · {name(c.dc)} <Badge tone="red">{LADDER_ROLES[c.escalationLevel]}</Badge>{" "}
            <SlaBadge complaint={c} now={now} />
          </li>
        ))}
      </ul>
    </section>
  );
}

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
    { href: "/outages", title: "nav.outages", text: "home.outagesText", permission: "outages.read" },
    { href: "/inbox", title: "nav.inbox", text: "home.inboxText", permission: "inbox.work" },
    ...(me.role !== "lineman"
      ? [
          {
            href: "/wallboard",
            title: "nav.wallboard" as MessageKey,
            text: "home.wallboardText" as MessageKey,
            permission: "outages.read",
          },
          {
            href: "/reliability",
            title: "nav.reliability" as MessageKey,
            text: "home.reliabilityText" as MessageKey,
            permission: "outages.read",
          },
        ]
      : []),
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
      {["je", "ae", "ee", "se", "ce", "supervisor"].includes(me.role) ? <Escalated /> : null}
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
