import { type FormEvent, useCallback, useEffect, useState } from "react";
import { ApiError, api, errorText } from "../api.ts";
import { useCatalogue } from "../catalogue.tsx";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import type { SurveyAction, SurveySuggestion } from "../types.ts";
import { Badge, Button, Loading, Notice } from "../ui/index.tsx";
import { pct, surveyMonth } from "../ui/survey.tsx";

function StatusFilter<S extends string>({
  value,
  options,
  onChange,
  label,
}: {
  value: S;
  options: readonly S[];
  onChange: (s: S) => void;
  label: string;
}) {
  const { t } = useI18n();
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((s) => (
        <label key={s} className={value === s ? "on" : ""}>
          <input type="radio" name={label} checked={value === s} onChange={() => onChange(s)} />
          {t(`sv.filter.${s}` as MessageKey)}
        </label>
      ))}
    </div>
  );
}

/** Areas flagged when a month closed; the officer in charge records what was done. */
export function SurveyActions() {
  const { t, lang, name, formatDateTime } = useI18n();
  const { can } = useSession();
  const [status, setStatus] = useState<"open" | "done" | "all">("open");
  const [items, setItems] = useState<SurveyAction[]>();
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<number>();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api<{ items: SurveyAction[] }>("GET", `/api/survey/actions?status=${status}`)
      .then((r) => {
        // Open ones first, then the newest.
        setItems([...r.items].sort((a, b) => Number(a.status === "done") - Number(b.status === "done")));
        setError(undefined);
      })
      .catch((err: unknown) => setError(errorText(t, err, lang)));
  }, [status, t, lang]);
  useEffect(load, [load]);

  const save = async (e: FormEvent, id: number) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    try {
      await api("POST", `/api/survey/actions/${id}/done`, { actionTaken: text.trim() });
      setEditing(undefined);
      setText("");
      load();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 409 ? t("sv.act.already") : errorText(t, err, lang));
      load();
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="page-head">
        <p className="muted">{t("sv.act.intro")}</p>
        <StatusFilter
          value={status}
          options={["open", "done", "all"] as const}
          onChange={setStatus}
          label={t("sv.filter.label")}
        />
      </div>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {!items && !error ? <Loading text={t("common.loading")} /> : null}
      {items && items.length === 0 ? <p className="muted">{t("sv.act.none")}</p> : null}
      {items && items.length > 0 ? (
        <table className="grid" data-testid="sv-actions">
          <thead>
            <tr>
              <th>{t("sv.act.area")}</th>
              <th>{t("sv.act.below")}</th>
              <th>{t("sv.act.officer")}</th>
              <th>{t("sv.act.done")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>
                  <strong>{name(a.org)}</strong> <span className="mono small muted">{a.org.code}</span>
                  <div className="small muted">
                    {t(`kind.${a.org.kind}` as MessageKey)} · {surveyMonth(a.month, lang)}
                  </div>
                </td>
                <td className="badges">
                  {a.metrics.map((m) => (
                    <div key={m.metric} className="small">
                      <Badge tone="red">{t(`sv.metric.${m.metric}` as MessageKey)}</Badge>{" "}
                      {t("sv.act.value", { value: pct(m.value), threshold: pct(m.threshold) })}
                    </div>
                  ))}
                </td>
                <td className="small">
                  {a.assignedTo ?? <span className="muted">{t("sv.act.nobody")}</span>}
                </td>
                <td>
                  {a.status === "done" ? (
                    <>
                      <Badge tone="green">{t("sv.filter.done")}</Badge>
                      <div className="small prewrap">{a.actionTaken}</div>
                      <div className="small muted">
                        {a.doneBy ?? ""} · {formatDateTime(a.doneAt)}
                      </div>
                    </>
                  ) : editing === a.id ? (
                    <form className="stack-form" onSubmit={(e) => void save(e, a.id)}>
                      <label htmlFor={`sv-act-${a.id}`} className="small">
                        {t("sv.act.whatDone")}
                      </label>
                      <textarea
                        className="wide"
                        id={`sv-act-${a.id}`}
                        rows={3}
                        value={text}
                        required
                        ref={(el) => {
                          if (el && document.activeElement !== el && !el.value) el.focus();
                        }}
                        onChange={(e) => setText(e.target.value)}
                      />
                      <div className="actions">
                        <Button type="submit" busy={busy} disabled={!text.trim()}>
                          {t("sv.act.save")}
                        </Button>
                        <Button variant="secondary" onClick={() => setEditing(undefined)}>
                          {t("common.cancel")}
                        </Button>
                      </div>
                    </form>
                  ) : can("survey.act") ? (
                    <>
                      <Badge tone="amber">{t("sv.filter.open")}</Badge>{" "}
                      <Button
                        variant="secondary"
                        onClick={() => {
                          setEditing(a.id);
                          setText("");
                        }}
                      >
                        {t("sv.act.record")}
                      </Button>
                    </>
                  ) : (
                    <Badge tone="amber">{t("sv.filter.open")}</Badge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

/** What consumers wrote in the survey; acted on, or registered as a complaint. */
export function SurveySuggestions() {
  const { t, lang, name, formatDateTime } = useI18n();
  const { can } = useSession();
  const catalogue = useCatalogue();
  const [status, setStatus] = useState<"new" | "acted" | "all">("new");
  const [items, setItems] = useState<SurveySuggestion[]>();
  const [error, setError] = useState<string>();
  const [form, setForm] = useState<{ id: number; kind: "acted" | "complaint" }>();
  const [note, setNote] = useState("");
  const [category, setCategory] = useState("");
  const [busy, setBusy] = useState(false);
  const [registered, setRegistered] = useState<string>();

  const load = useCallback(() => {
    api<{ items: SurveySuggestion[] }>("GET", `/api/survey/suggestions?status=${status}`)
      .then((r) => {
        setItems(r.items);
        setError(undefined);
      })
      .catch((err: unknown) => setError(errorText(t, err, lang)));
  }, [status, t, lang]);
  useEffect(load, [load]);

  const start = (id: number, kind: "acted" | "complaint") => {
    setForm({ id, kind });
    setNote("");
    setCategory("");
  };

  const submit = async (e: FormEvent, s: SurveySuggestion) => {
    e.preventDefault();
    if (!form) return;
    setBusy(true);
    setError(undefined);
    try {
      if (form.kind === "acted") {
        await api("POST", `/api/survey/suggestions/${s.id}/acted`, { note: note.trim() });
      } else {
        const r = await api<{ complaintNumber: string }>(
          "POST",
          `/api/survey/suggestions/${s.id}/complaint`,
          {
            categoryCode: category,
          },
        );
        setRegistered(r.complaintNumber);
      }
      setForm(undefined);
      load();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 409 ? t("sv.sg.already") : errorText(t, err, lang));
      load();
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="page-head">
        <p className="muted">{t("sv.sg.intro")}</p>
        <StatusFilter
          value={status}
          options={["new", "acted", "all"] as const}
          onChange={setStatus}
          label={t("sv.filter.label")}
        />
      </div>
      {registered ? (
        <Notice tone="success" onClose={() => setRegistered(undefined)}>
          {t("sv.complaintRegistered")}{" "}
          <Link className="mono" href={`/complaints/${encodeURIComponent(registered)}`}>
            <strong data-testid="sv-sg-complaint">{registered}</strong>
          </Link>
        </Notice>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {!items && !error ? <Loading text={t("common.loading")} /> : null}
      {items && items.length === 0 ? <p className="muted">{t("sv.sg.none")}</p> : null}
      {items && items.length > 0 ? (
        <table className="grid" data-testid="sv-suggestions">
          <thead>
            <tr>
              <th>{t("sv.sg.when")}</th>
              <th>{t("sv.sg.who")}</th>
              <th>{t("sv.sg.text")}</th>
              <th>{t("sv.sg.action")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id}>
                <td className="small nowrap">
                  {formatDateTime(s.answeredAt)}
                  {s.via ? (
                    <div>
                      <Badge tone={s.via === "link" ? "blue" : "grey"}>
                        {t(`sv.via.${s.via}` as MessageKey)}
                      </Badge>
                    </div>
                  ) : null}
                </td>
                <td>
                  {s.name}
                  <div className="small">
                    <Link className="mono" href={`/consumers/${encodeURIComponent(s.consumerNo)}`}>
                      {s.consumerNo}
                    </Link>
                  </div>
                  <div className="small muted">{name(s.dc)}</div>
                </td>
                <td>
                  <div className="prewrap">“{s.text}”</div>
                  {s.wantsComplaint && !s.complaintNumber ? (
                    <Badge tone="amber">{t("sv.sg.wants")}</Badge>
                  ) : null}
                </td>
                <td>
                  {s.complaintNumber ? (
                    <div className="small">
                      {t("sv.sg.complaint")}{" "}
                      <Link className="mono" href={`/complaints/${encodeURIComponent(s.complaintNumber)}`}>
                        {s.complaintNumber}
                      </Link>
                    </div>
                  ) : null}
                  {s.status === "acted" ? (
                    <>
                      <Badge tone="green">{t("sv.filter.acted")}</Badge>
                      {s.actedNote ? <div className="small prewrap">{s.actedNote}</div> : null}
                      <div className="small muted">
                        {s.actedBy ?? ""} · {formatDateTime(s.actedAt)}
                      </div>
                    </>
                  ) : null}
                  {form?.id === s.id ? (
                    <form className="stack-form" onSubmit={(e) => void submit(e, s)}>
                      {form.kind === "acted" ? (
                        <>
                          <label htmlFor={`sv-sg-${s.id}`} className="small">
                            {t("sv.sg.note")}
                          </label>
                          <textarea
                            className="wide"
                            id={`sv-sg-${s.id}`}
                            rows={2}
                            value={note}
                            required
                            onChange={(e) => setNote(e.target.value)}
                          />
                        </>
                      ) : (
                        <>
                          <label htmlFor={`sv-sg-cat-${s.id}`} className="small">
                            {t("sv.category")}
                          </label>
                          <select
                            id={`sv-sg-cat-${s.id}`}
                            value={category}
                            required
                            onChange={(e) => setCategory(e.target.value)}
                          >
                            <option value="">{t("sv.chooseCategory")}</option>
                            {catalogue?.categories.map((c) => (
                              <option key={c.code} value={c.code}>
                                {name(c)}
                              </option>
                            ))}
                          </select>
                        </>
                      )}
                      <div className="actions">
                        <Button
                          type="submit"
                          busy={busy}
                          disabled={form.kind === "acted" ? !note.trim() : !category}
                        >
                          {form.kind === "acted" ? t("sv.sg.markActed") : t("sv.sg.register")}
                        </Button>
                        <Button variant="secondary" onClick={() => setForm(undefined)}>
                          {t("common.cancel")}
                        </Button>
                      </div>
                    </form>
                  ) : can("survey.act") ? (
                    <div className="row-actions">
                      {s.status === "new" ? (
                        <Button variant="secondary" onClick={() => start(s.id, "acted")}>
                          {t("sv.sg.markActed")}
                        </Button>
                      ) : null}
                      {!s.complaintNumber ? (
                        <Button
                          variant={s.wantsComplaint ? "primary" : "secondary"}
                          onClick={() => start(s.id, "complaint")}
                        >
                          {t("sv.sg.register")}
                        </Button>
                      ) : null}
                    </div>
                  ) : s.status === "new" ? (
                    <Badge tone="amber">{t("sv.filter.new")}</Badge>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
