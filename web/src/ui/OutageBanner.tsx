import type { Outage } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { keys, useApiQuery } from "../query.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useOutageTime } from "./outage.tsx";

/**
 * What the agent tells a caller first: the known outage he is behind (since
 * when, until when, how many are off) and shutdowns planned in the next two
 * days. Shows nothing when there are none.
 */
export function OutageBanner({ consumerNo, compact = false }: { consumerNo: string; compact?: boolean }) {
  const { t, name } = useI18n();
  const { can } = useSession();
  const { time, range } = useOutageTime();
  // The card and the registration form below it ask at once: one request serves both. The card works without it.
  const { data } = useApiQuery(
    keys.outageForConsumer(consumerNo),
    "GET /api/outages/for-consumer/:consumerNo",
    { params: { consumerNo } },
    { enabled: can("outages.read"), staleTime: 10_000 },
  );

  if (!data || (!data.live && (compact || data.planned.length === 0))) return null;
  const o = data.live;
  const element = (x: Outage) =>
    x.scope === "dt" && x.dt ? name(x.dt) : x.feeder ? name(x.feeder) : (x.consumerNo ?? "");

  return (
    <>
      {o ? (
        <section
          className={`outage-banner${o.kind === "planned" ? " planned" : ""}${compact ? " compact" : ""}`}
          role="alert"
          data-testid="outage-banner"
        >
          <p className="outage-banner-main">
            <span className="outage-banner-icon" aria-hidden="true">
              ⚠
            </span>{" "}
            {t(`banner.${o.kind === "planned" ? "planned" : "live"}.${o.scope}` as MessageKey, {
              name: element(o),
              since: time(o.startedAt),
              etr: o.etr ? time(o.etr) : t("banner.noEtr"),
              count: o.affectedConsumers,
            })}
          </p>
          {!compact ? (
            <p className="outage-banner-sub">
              {o.status === "suspected" ? `${t("banner.suspected")} ` : ""}
              {o.cause ? `${t("banner.cause", { cause: o.cause })} ` : ""}
              {o.kind === "unplanned" ? t("banner.tell") : ""}{" "}
              {can("outages.read") ? (
                <Link href={`/outages/${o.id}`} className="outage-banner-link">
                  {t("banner.details", { id: o.id })}
                </Link>
              ) : null}
            </p>
          ) : null}
        </section>
      ) : null}
      {/* In the registration form only the outage matters; the card above lists the shutdowns. */}
      {data.planned.length > 0 && !compact ? (
        <section className="planned-banner" data-testid="planned-banner">
          <strong>{t("banner.plannedTitle")}</strong>
          <ul>
            {data.planned.map((p) => (
              <li key={p.id}>
                {t("banner.plannedItem", {
                  name: element(p),
                  window: range(p.plannedStart, p.plannedEnd),
                  cause: p.cause ?? "—",
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
