import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiError, api } from "../api.ts";
import type { Body, Reply } from "../endpoints.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, useApiQuery } from "../query.ts";
import { Link } from "../router.tsx";
import { ErrorNotice } from "../ui/errors.tsx";
import { Button, Loading, Notice } from "../ui/index.tsx";

type Rows = Reply<"GET /api/reports/sop/rows">;
type Row = Body<"PUT /api/reports/sop/rows">["rows"][number];
type Draft = Row & { categoriesText: string };

const toDraft = (r: Rows["rows"][number]): Draft => ({ ...r, categoriesText: r.categoryCodes.join(", ") });

/** The SoP report's rows, as the commission's format wants them: order, labels, what each counts. */
export function SopRows() {
  const { t, formatDateTime } = useI18n();
  const rows = useApiQuery(["reports", "sop", "rows"], "GET /api/reports/sop/rows", undefined);
  const [draft, setDraft] = useState<Draft[] | undefined>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (rows.data && !draft) setDraft(rows.data.rows.map(toDraft));
  }, [rows.data, draft]);
  const save = useMutation({
    mutationFn: (d: Draft[]) =>
      api("PUT /api/reports/sop/rows", {
        body: {
          rows: d.map(({ categoriesText, ...r }) => ({
            ...r,
            categoryCodes:
              r.source === "complaints"
                ? categoriesText
                    .split(/[\s,]+/)
                    .map((c) => c.trim())
                    .filter(Boolean)
                : [],
          })),
        },
      }),
    onSuccess: async (r) => {
      setDraft(r.rows.map(toDraft));
      setSaved(true);
      await invalidate(["reports"]);
    },
  });
  const badField = save.error instanceof ApiError ? (save.error.field ?? "") : "";
  const bad = (i: number, f: string) => badField === `rows.${i}.${f}`;
  const set = (i: number, patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => d?.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  const move = (i: number, by: number) =>
    setDraft((d) => {
      if (!d) return d;
      const next = [...d];
      const [r] = next.splice(i, 1);
      if (r) next.splice(i + by, 0, r);
      return next;
    });
  const data = rows.data;

  return (
    <section className="page" data-testid="sop-rows">
      <p>
        <Link href="/reports/sop">← {t("sop.rows.back")}</Link>
      </p>
      <header className="page-head">
        <h1>{t("sop.rows.title")}</h1>
      </header>
      <p className="muted">{t("sop.rows.help")}</p>
      {data?.updatedAt ? (
        <p className="muted small">
          {t("sop.rows.lastSaved", { at: formatDateTime(data.updatedAt), by: data.updatedBy ?? "" })}
        </p>
      ) : null}
      <ErrorNotice error={rows.error} />
      {!draft ? <Loading text={t("common.loading")} /> : null}
      {draft ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(draft);
          }}
        >
          <div className="table-scroll">
            <table className="grid compact sop-rows-table">
              <thead>
                <tr>
                  <th />
                  <th>{t("sop.rows.code")}</th>
                  <th>{t("sop.rows.labelEn")}</th>
                  <th>{t("sop.rows.labelHi")}</th>
                  <th>{t("sop.rows.source")}</th>
                  <th>{t("sop.rows.categories")}</th>
                  <th>{t("sop.rows.standardEn")}</th>
                  <th>{t("sop.rows.standardHi")}</th>
                  <th>{t("sop.rows.active")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {draft.map((r, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a new row has no code yet; the order is the key
                  <tr key={i}>
                    <td className="nowrap">
                      <button
                        type="button"
                        className="btn btn-ghost"
                        disabled={i === 0}
                        onClick={() => move(i, -1)}
                        aria-label={t("sop.rows.up")}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="btn btn-ghost"
                        disabled={i === draft.length - 1}
                        onClick={() => move(i, 1)}
                        aria-label={t("sop.rows.down")}
                      >
                        ↓
                      </button>
                    </td>
                    <td>
                      <input
                        size={12}
                        value={r.code}
                        aria-label={t("sop.rows.code")}
                        aria-invalid={bad(i, "code") || undefined}
                        onChange={(e) => set(i, { code: e.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        value={r.labelEn}
                        aria-label={t("sop.rows.labelEn")}
                        aria-invalid={bad(i, "labelEn") || undefined}
                        onChange={(e) => set(i, { labelEn: e.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        value={r.labelHi}
                        lang="hi"
                        aria-label={t("sop.rows.labelHi")}
                        aria-invalid={bad(i, "labelHi") || undefined}
                        onChange={(e) => set(i, { labelHi: e.target.value })}
                      />
                    </td>
                    <td>
                      <select
                        value={r.source}
                        aria-label={t("sop.rows.source")}
                        onChange={(e) => set(i, { source: e.target.value as Row["source"] })}
                      >
                        <option value="complaints">{t("sop.rows.sourceComplaints")}</option>
                        <option value="connections">{t("sop.rows.sourceConnections")}</option>
                      </select>
                    </td>
                    <td>
                      <input
                        value={r.source === "complaints" ? r.categoriesText : ""}
                        disabled={r.source !== "complaints"}
                        list="sop-categories"
                        aria-label={t("sop.rows.categories")}
                        aria-invalid={bad(i, "categoryCodes") || undefined}
                        onChange={(e) => set(i, { categoriesText: e.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        value={r.standardEn ?? ""}
                        aria-label={t("sop.rows.standardEn")}
                        onChange={(e) => set(i, { standardEn: e.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        value={r.standardHi ?? ""}
                        lang="hi"
                        aria-label={t("sop.rows.standardHi")}
                        onChange={(e) => set(i, { standardHi: e.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        checked={r.active ?? true}
                        aria-label={t("sop.rows.active")}
                        onChange={(e) => set(i, { active: e.target.checked })}
                      />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-ghost"
                        onClick={() => setDraft((d) => d?.filter((_, j) => j !== i))}
                      >
                        {t("sop.rows.remove")}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <datalist id="sop-categories">
            {data?.categories.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          <p className="muted small">
            {t("sop.rows.categories")}: <span className="mono">{data?.categories.join(", ")}</span>
          </p>
          {save.error ? <ErrorNotice error={save.error} /> : null}
          {saved ? <Notice tone="success">{t("sop.rows.saved")}</Notice> : null}
          <p className="actions">
            <Button
              variant="secondary"
              type="button"
              onClick={() =>
                setDraft((d) => [
                  ...(d ?? []),
                  {
                    code: "",
                    labelEn: "",
                    labelHi: "",
                    source: "complaints",
                    categoryCodes: [],
                    categoriesText: "",
                    standardEn: "",
                    standardHi: "",
                    active: true,
                  },
                ])
              }
            >
              {t("sop.rows.add")}
            </Button>{" "}
            <Button type="submit" disabled={save.isPending}>
              {t("common.save")}
            </Button>
          </p>
        </form>
      ) : null}
    </section>
  );
}
