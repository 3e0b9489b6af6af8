import { useMutation } from "@tanstack/react-query";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { ApiError, api } from "../api.ts";
import type { Bill, BillStatus, ConsumerCard } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { type Lang, useI18n } from "../i18n/index.tsx";
import { invalidate, keys, useApiQuery } from "../query.ts";
import { dateFormat } from "../time.ts";
import { CopyField } from "../ui/CopyField.tsx";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice, useErrorText } from "../ui/errors.tsx";
import { Badge, Button, Loading, Notice, type Tone } from "../ui/index.tsx";
import { useTimeZone } from "../useTimeZone.ts";

const STATUS_TONE: Record<BillStatus, Tone> = {
  paid: "green",
  partial: "amber",
  unpaid: "blue",
  overdue: "red",
};

const rupeeFormat = new Intl.NumberFormat("en-IN", { style: "currency", currency: "INR" });
/** ₹1,245.50: amounts in the Indian grouping in both languages, as the SMS has them. */
export const rupees = (n: number) => rupeeFormat.format(n);

function monthName(month: string, lang: Lang): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat(lang === "hi" ? "hi-IN" : "en-IN", {
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/** The local day of an instant, e.g. a payment, in the DISCOM's zone. */
function dayOf(iso: string, lang: Lang, zone: string): string {
  return dateFormat(
    lang === "hi" ? "hi-IN" : "en-IN",
    { day: "numeric", month: "short", year: "numeric" },
    zone,
  ).format(new Date(iso));
}

function dayName(date: string, lang: Lang): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(lang === "hi" ? "hi-IN" : "en-IN", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

export function BillStatusBadge({ status }: { status: BillStatus }) {
  const { t } = useI18n();
  return <Badge tone={STATUS_TONE[status]}>{t(`bills.status.${status}` as MessageKey)}</Badge>;
}

/**
 * Sends the latest bill's SMS again: the agent confirms (with the number it
 * goes to, which he may change to another of the consumer's numbers), then
 * sees what happened. Esc cancels; focus comes back to the button.
 */
function ResendBill({
  consumerNo,
  bill,
  limit,
  mobiles,
  onSent,
}: {
  consumerNo: string;
  bill: Bill;
  limit: number;
  mobiles: ConsumerCard["mobiles"];
  onSent: () => void;
}) {
  const { t, lang } = useI18n();
  const defaultMobile = mobiles.find((m) => m.verified) ?? mobiles[0];
  const [confirming, setConfirming] = useState(false);
  const [mobile, setMobile] = useState(defaultMobile?.mobile ?? "");
  const explain = useErrorText();
  const used = bill.resendsToday;

  useEffect(() => {
    setMobile(defaultMobile?.mobile ?? "");
  }, [defaultMobile?.mobile]);

  // Focus goes back to the button that opened the question once it is on screen again.
  const refocus = useRef(false);
  useEffect(() => {
    if (confirming || !refocus.current) return;
    refocus.current = false;
    document.getElementById(`bill-send-${bill.id}`)?.focus();
  }, [confirming, bill.id]);
  const close = () => {
    refocus.current = true;
    setConfirming(false);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      // The card goes back on Esc; here Esc only closes the question.
      e.stopPropagation();
      e.nativeEvent.stopImmediatePropagation();
      close();
    }
  };
  const sending = useMutation({
    mutationFn: () => {
      // The verified number is the default: name another only when the agent picked one.
      const body = mobile && mobile !== mobiles.find((m) => m.verified)?.mobile ? { mobile } : {};
      return api("POST /api/consumers/:consumerNo/bills/:billId/resend", {
        params: { consumerNo, billId: bill.id },
        body,
      });
    },
    onSuccess: onSent,
    onSettled: close,
  });
  const send = () => sending.mutate();
  const busy = sending.isPending;
  const sent = sending.data;
  const refused = sending.error;
  const result: { tone: "success" | "error"; text: string } | undefined = sent
    ? {
        tone: "success",
        text: `${t("bills.sent", { mobile: sent.mobile, lang: t(`lang.${sent.language}`) })} ${t("bills.left", { count: sent.resendsLeft })}`,
      }
    : refused
      ? {
          tone: "error",
          text:
            refused instanceof ApiError && refused.status === 429
              ? t("bills.limit", { limit })
              : refused instanceof ApiError && refused.status === 409
                ? t("bills.noVerified")
                : explain(refused),
        }
      : undefined;

  if (mobiles.length === 0) return <p className="muted">{t("bills.noMobile")}</p>;
  const chosen = mobiles.find((m) => m.mobile === mobile) ?? defaultMobile;
  return (
    <div className="bill-resend">
      {result ? (
        <Notice tone={result.tone} onClose={sending.reset}>
          {result.text}
        </Notice>
      ) : null}
      {confirming ? (
        <form
          className="bill-confirm"
          aria-labelledby="bill-confirm-text"
          onKeyDown={onKeyDown}
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <p id="bill-confirm-text">
            {t("bills.confirmText", {
              month: monthName(bill.month, lang),
              amount: rupees(bill.amount),
              due: dayName(bill.dueDate, lang),
              mobile: chosen ? `${chosen.mobile} (${t(`lang.${chosen.language}`)})` : "",
            })}
          </p>
          {!mobiles.some((m) => m.verified) ? <p className="small muted">{t("bills.noVerified")}</p> : null}
          {mobiles.length > 1 ? (
            <div className="field">
              <label htmlFor="bill-mobile">{t("bills.sendTo")}</label>
              <select id="bill-mobile" value={mobile} onChange={(e) => setMobile(e.target.value)}>
                {mobiles.map((m) => (
                  <option key={m.mobile} value={m.mobile}>
                    {m.mobile} · {m.verified ? t("card.verified") : t("card.unverified")} ·{" "}
                    {t(`lang.${m.language}`)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="actions">
            <Button type="submit" busy={busy} autoFocus>
              {t("bills.confirm")}
            </Button>
            <Button variant="secondary" onClick={close}>
              {t("common.cancel")}
            </Button>
          </div>
        </form>
      ) : (
        <div className="bill-resend-row">
          <Button
            id={`bill-send-${bill.id}`}
            onClick={() => {
              sending.reset();
              setConfirming(true);
            }}
            disabled={used >= limit}
          >
            {t("bills.send")}
          </Button>
          {used > 0 ? <span className="small muted">{t("bills.resends", { n: used, limit })}</span> : null}
        </div>
      )}
    </div>
  );
}

/**
 * The consumer's bills on his card: the latest one up front (amount, due
 * date, paid or not, the payment link to copy or send by SMS) and the last
 * twelve in a table, so the agent can answer a billing call.
 */
export function ConsumerBills({
  consumerNo,
  mobiles,
}: {
  consumerNo: string;
  mobiles: ConsumerCard["mobiles"];
}) {
  const { t, lang, formatDateTime } = useI18n();
  const zone = useTimeZone();
  const key = [...keys.consumers, "bills", consumerNo];
  const { data, error } = useApiQuery(key, "GET /api/consumers/:consumerNo/bills", {
    params: { consumerNo },
  });
  const load = () => void invalidate(key);

  const latest = data?.bills[0];
  return (
    <section className="panel bills" aria-labelledby="bills-title" data-testid="bills">
      <h2 id="bills-title">{t("bills.title")}</h2>
      <ErrorNotice error={error} />
      {!data && !error ? <Loading text={t("bills.loading")} /> : null}
      {data && !latest ? <p className="muted">{t("bills.none")}</p> : null}
      {latest ? (
        <div className="bill-latest" data-testid="latest-bill">
          <div className="bill-figures">
            <div>
              <span className="muted small">{t("bills.latest")}</span>
              <strong className="bill-month">{monthName(latest.month, lang)}</strong>
              {latest.billNo ? (
                <span className="muted small">{t("bills.billNo", { no: latest.billNo })}</span>
              ) : null}
            </div>
            <div>
              <span className="muted small">{t("bills.amount")}</span>
              <strong className="bill-amount">{rupees(latest.amount)}</strong>
            </div>
            <div>
              <span className="muted small">{t("bills.due")}</span>
              <strong>{dayName(latest.dueDate, lang)}</strong>
            </div>
            <div>
              <span className="muted small">{t("bills.status")}</span>
              <span>
                <BillStatusBadge status={latest.status} />
              </span>
            </div>
            <div>
              <span className="muted small">{t("bills.paid")}</span>
              <strong>{rupees(latest.paid)}</strong>
            </div>
            <div>
              <span className="muted small">{t("bills.balance")}</span>
              <strong className={latest.balance > 0 ? "bill-due" : ""}>{rupees(latest.balance)}</strong>
            </div>
          </div>
          <CopyField id="bill-link" label={t("bills.link")} value={latest.paymentLink} />
          {data?.canResend ? (
            <ResendBill
              consumerNo={consumerNo}
              bill={latest}
              limit={data.resendLimit}
              mobiles={mobiles}
              onSent={load}
            />
          ) : null}
        </div>
      ) : null}
      {data && data.bills.length > 0 ? (
        <details className="bill-history">
          <summary>
            {t("bills.history")} ({data.bills.length})
          </summary>
          <ExportButtons
            path={`/api/consumers/${encodeURIComponent(consumerNo)}/bills/export`}
            label={t("bills.history")}
          />
          <table className="grid bill-table">
            <caption className="sr-only">{t("bills.history")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("bills.month")}</th>
                <th scope="col" className="num">
                  {t("bills.amount")}
                </th>
                <th scope="col">{t("bills.due")}</th>
                <th scope="col">{t("bills.status")}</th>
                <th scope="col" className="num">
                  {t("bills.paid")}
                </th>
                <th scope="col">{t("bills.payments")}</th>
                <th scope="col">{t("bills.sms")}</th>
              </tr>
            </thead>
            <tbody>
              {data.bills.map((b) => (
                <tr key={b.id}>
                  <td>
                    {monthName(b.month, lang)}
                    {b.version > 1 ? <span className="muted small"> · {t("bills.revised")}</span> : null}
                  </td>
                  <td className="num">{rupees(b.amount)}</td>
                  <td>{dayName(b.dueDate, lang)}</td>
                  <td>
                    <BillStatusBadge status={b.status} />
                  </td>
                  <td className="num">{rupees(b.paid)}</td>
                  <td className="small">
                    {b.payments.map((p) => (
                      <div key={p.reference}>
                        {rupees(p.amount)} · {dayOf(p.paidAt, lang, zone)} ·{" "}
                        {t(`bills.mode.${p.mode}` as MessageKey)}{" "}
                        <span className="mono muted">{p.reference}</span>
                      </div>
                    ))}
                  </td>
                  <td className="small">
                    {b.sms ? (
                      <span title={formatDateTime(b.sms.lastAt)}>
                        {t(`smsStatus.${b.sms.lastStatus}` as MessageKey)}
                        {b.sms.count > 1 ? ` · ${t("bills.smsCount", { n: b.sms.count })}` : ""}
                      </span>
                    ) : (
                      <span className="muted">{t("bills.smsNone")}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </section>
  );
}
