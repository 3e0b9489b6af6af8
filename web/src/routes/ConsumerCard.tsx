import { useEffect } from "react";
import { ApiError } from "../api.ts";
import type { ConnectionStatus } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys, useApiQuery } from "../query.ts";
import { Link, useLocation } from "../router.tsx";
import { useErrorText } from "../ui/errors.tsx";
import { Badge, Loading, Notice, type Tone } from "../ui/index.tsx";
import { MobilesPanel } from "../ui/MobilesPanel.tsx";
import { OutageBanner } from "../ui/OutageBanner.tsx";
import { ConsumerBills } from "./ConsumerBills.tsx";
import { ConsumerComplaints } from "./ConsumerComplaints.tsx";

const STATUS_TONE: Record<ConnectionStatus, Tone> = {
  active: "green",
  temporarily_disconnected: "amber",
  permanently_disconnected: "red",
};

export function StatusBadge({ status }: { status: ConnectionStatus }) {
  const { t } = useI18n();
  return <Badge tone={STATUS_TONE[status]}>{t(`status.${status}` as MessageKey)}</Badge>;
}

export function ConsumerCard({ consumerNo }: { consumerNo: string }) {
  const { t, name } = useI18n();
  const explain = useErrorText();
  const { query } = useLocation();
  const key = [...keys.consumers, "card", consumerNo];
  const { data: card, error: failed } = useApiQuery(key, "GET /api/consumers/:consumerNo", {
    params: { consumerNo },
  });
  const error = failed
    ? failed instanceof ApiError && failed.status === 404
      ? t("card.notFound", { no: consumerNo })
      : explain(failed)
    : undefined;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key === "Escape" && !["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) history.back();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <section className="page">
      {/* First thing the agent sees: the caller may be behind a known outage. */}
      <OutageBanner consumerNo={consumerNo} />
      <p>
        <Link
          href="/consumers"
          onClick={(e) => {
            if (history.length > 1) {
              e.preventDefault();
              history.back();
            }
          }}
        >
          ← {t("card.back")}
        </Link>
      </p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {!card && !error ? <Loading text={t("card.loading")} /> : null}
      {card ? (
        <article className="card" aria-labelledby="consumer-name">
          <header className="card-head">
            <div>
              <h1 id="consumer-name">{card.name}</h1>
              <p className="mono big">{card.consumerNo}</p>
              <p className="muted">{card.address}</p>
            </div>
            <StatusBadge status={card.connectionStatus} />
          </header>
          <div className="card-grid">
            <section className="panel" data-testid="network">
              <h2>{t("card.network")}</h2>
              <dl>
                <dt>{t("card.substation")}</dt>
                <dd>
                  {card.substation
                    ? `${name(card.substation)} · ${card.substation.code}`
                    : t("card.notLinked")}
                </dd>
                <dt>{t("card.feeder")}</dt>
                <dd data-testid="feeder">
                  {card.feeder ? `${name(card.feeder)} · ${card.feeder.code}` : t("card.notLinked")}
                </dd>
                <dt>{t("card.dt")}</dt>
                <dd data-testid="dt">
                  {card.dt
                    ? `${name(card.dt)} · ${card.dt.code}${card.dt.capacityKva ? ` · ${t("card.kva", { kva: card.dt.capacityKva })}` : ""}`
                    : t("card.notLinked")}
                </dd>
              </dl>
            </section>
            <section className="panel" data-testid="office">
              <h2>{t("card.office")}</h2>
              <p className="dc-name" data-testid="dc">
                <strong>{name(card.dc)}</strong> <span className="mono small">{card.dc.code}</span>
              </p>
              <ol className="chain">
                {card.orgChain
                  .filter((u) => u.kind !== "dc")
                  .map((u) => (
                    <li key={u.code}>
                      <span className="muted small">{t(`kind.${u.kind}` as MessageKey)}</span> {name(u)}
                    </li>
                  ))}
              </ol>
            </section>
            <MobilesPanel
              consumerNo={card.consumerNo}
              mobiles={card.mobiles}
              onChanged={() => void invalidate(key)}
            />
            <section className="panel">
              <h2>{t("card.account")}</h2>
              <dl>
                <dt>{t("card.tariff")}</dt>
                <dd>{t(`tariff.${card.tariffCategory}` as MessageKey)}</dd>
                <dt>{t("card.area")}</dt>
                <dd>{t(`area.${card.areaType}` as MessageKey)}</dd>
                <dt>{t("card.meter")}</dt>
                <dd className="mono">{card.meterNo ?? "—"}</dd>
              </dl>
            </section>
          </div>
          <ConsumerBills consumerNo={card.consumerNo} mobiles={card.mobiles} />
          <ConsumerComplaints
            consumerNo={card.consumerNo}
            callerPhone={query.get("caller") ?? undefined}
            // A masked mobile (roles that may not see it) is no number to send to.
            consumerMobile={
              card.mobiles
                .filter((m) => /^[6-9][0-9]{9}$/.test(m.mobile))
                .sort((a, b) => Number(b.verified) - Number(a.verified))[0]?.mobile
            }
          />
        </article>
      ) : null}
    </section>
  );
}
