import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../api.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys, useApiQuery } from "../query.ts";
import { Link } from "../router.tsx";
import { ExportButtons } from "../ui/ExportButtons.tsx";
import { ErrorNotice } from "../ui/errors.tsx";
import { Badge, Button, Loading } from "../ui/index.tsx";

/** Trouble consumers reported after a resolution (money asked, staff behaviour), for the officer above the DC. */
export function Grievances() {
  const { t, name, formatDateTime } = useI18n();
  const [status, setStatus] = useState<"open" | "closed" | "all">("open");
  const [closing, setClosing] = useState<number>();
  const [action, setAction] = useState("");
  const list = useApiQuery(
    [...keys.grievances, status],
    "GET /api/grievances",
    { query: { status } },
    { keep: true },
  );
  const items = list.data?.items;

  const closure = useMutation({
    mutationFn: (id: number) =>
      api("POST /api/grievances/:id/close", { params: { id }, body: { actionTaken: action.trim() } }),
    onSuccess: () => {
      setClosing(undefined);
      setAction("");
      void invalidate(keys.grievances);
    },
  });
  const busy = closure.isPending;
  const error = closure.error ?? list.error;

  const close = (e: FormEvent, id: number) => {
    e.preventDefault();
    closure.mutate(id);
  };

  return (
    <section className="page">
      <div className="page-head">
        <h1>{t("gr.title")}</h1>
        <ExportButtons path="/api/grievances/export" query={{ status }} label={t("gr.title")} />
      </div>
      <p className="muted">{t("gr.intro")}</p>
      <div className="tabs">
        {(["open", "closed", "all"] as const).map((s) => (
          <button key={s} type="button" className={status === s ? "on" : ""} onClick={() => setStatus(s)}>
            {t(`gr.status.${s}` as MessageKey)}
          </button>
        ))}
      </div>
      <ErrorNotice error={error} />
      {!items && !error ? <Loading text={t("common.loading")} /> : null}
      {items && items.length === 0 ? <p className="muted">{t("gr.none")}</p> : null}
      {items && items.length > 0 ? (
        <table className="grid">
          <thead>
            <tr>
              <th>{t("gr.col.when")}</th>
              <th>{t("gr.col.complaint")}</th>
              <th>{t("gr.col.trouble")}</th>
              <th>{t("gr.col.office")}</th>
              <th>{t("gr.col.action")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((g) => (
              <tr key={g.id}>
                <td className="small nowrap">{formatDateTime(g.createdAt)}</td>
                <td>
                  <Link className="mono" href={`/complaints/${encodeURIComponent(g.complaintNumber)}`}>
                    {g.complaintNumber}
                  </Link>
                  <div className="small muted">{name(g.dc)}</div>
                </td>
                <td>
                  {g.tags.map((x) => (
                    <Badge key={x} tone={x === "money_asked" || x === "staff_behaviour" ? "red" : "amber"}>
                      {t(`trouble.${x}` as MessageKey)}
                    </Badge>
                  ))}
                  {g.text ? <div className="small">“{g.text}”</div> : null}
                </td>
                <td className="small">{name(g.office)}</td>
                <td>
                  {g.status === "closed" ? (
                    <>
                      <Badge tone="green">{t("gr.closed")}</Badge>
                      <div className="small">{g.actionTaken}</div>
                      <div className="small muted">
                        {g.closedBy} · {g.closedAt ? formatDateTime(g.closedAt) : ""}
                      </div>
                    </>
                  ) : closing === g.id ? (
                    <form className="inline-form" onSubmit={(e) => close(e, g.id)}>
                      <input
                        aria-label={t("gr.actionTaken")}
                        placeholder={t("gr.actionTaken")}
                        value={action}
                        ref={(el) => {
                          if (el && document.activeElement !== el) el.focus();
                        }}
                        required
                        onChange={(e) => setAction(e.target.value)}
                      />
                      <Button type="submit" busy={busy}>
                        {t("gr.close")}
                      </Button>
                    </form>
                  ) : (
                    <Button variant="secondary" onClick={() => setClosing(g.id)}>
                      {t("gr.recordAction")}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
