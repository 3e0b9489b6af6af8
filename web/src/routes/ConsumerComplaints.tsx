import type { Complaint } from "../contract.ts";
import { OPEN_STATUSES } from "../contract.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys, useApiQuery } from "../query.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { ComplaintStatusBadge, SlaBadge, useNow } from "../ui/complaint.tsx";
import { ErrorNotice } from "../ui/errors.tsx";
import { RegisterComplaint } from "./RegisterComplaint.tsx";

/** On the consumer card: his open and past complaints, and the form to register a new one. */
export function ConsumerComplaints({
  consumerNo,
  callerPhone,
  consumerMobile,
}: {
  consumerNo: string;
  callerPhone?: string | undefined;
  consumerMobile?: string | undefined;
}) {
  const { t, name, formatDateTime } = useI18n();
  const { can } = useSession();
  const now = useNow();
  const { data, error } = useApiQuery(
    [...keys.complaints, "of-consumer", consumerNo],
    "GET /api/complaints",
    {
      query: { status: "all", consumerNo, limit: 20 },
    },
  );
  const items = data?.items;
  const load = () => void invalidate(keys.complaints);

  const open = items?.filter((c) => OPEN_STATUSES.includes(c.status)) ?? [];
  const past = items?.filter((c) => !OPEN_STATUSES.includes(c.status)) ?? [];

  const row = (c: Complaint) => (
    <li key={c.number} className={c.emergency ? "emergency" : ""}>
      <Link href={`/complaints/${c.number}`} className="mono">
        {c.number}
      </Link>{" "}
      {name(c.category)} <ComplaintStatusBadge status={c.status} /> <SlaBadge complaint={c} now={now} />{" "}
      <span className="muted small">{formatDateTime(c.registeredAt)}</span>
    </li>
  );

  return (
    <div className="consumer-complaints">
      <ErrorNotice error={error} />
      <section className="panel" data-testid="open-complaints">
        <h2>{t("register.open")}</h2>
        {items && open.length === 0 ? <p className="muted">{t("register.noneOpen")}</p> : null}
        <ul className="complaint-list">{open.map(row)}</ul>
        {past.length > 0 ? (
          <>
            <h3 className="small muted">{t("register.past")}</h3>
            <ul className="complaint-list">{past.slice(0, 5).map(row)}</ul>
          </>
        ) : null}
      </section>
      {can("complaints.create") ? (
        <RegisterComplaint
          consumerNo={consumerNo}
          callerPhone={callerPhone}
          consumerMobile={consumerMobile}
          onRegistered={load}
          pageHotkeys
        />
      ) : null}
    </div>
  );
}
