import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError, api } from "../api.ts";
import type { Outage } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { invalidate, keys } from "../query.ts";
import { Link } from "../router.tsx";
import { fromZonedInput, toZonedInput } from "../time.ts";
import { useErrorText } from "../ui/errors.tsx";
import { Button, Field, Notice } from "../ui/index.tsx";

type Element = "feederCode" | "dtCode" | "consumerNo";
const SCOPE: Record<Element, string> = { feederCode: "feeder", dtCode: "dt", consumerNo: "consumer" };

export interface FormError {
  text: string;
  field?: string | undefined;
  /** A 409: the outage already open over this element. */
  openId?: number | undefined;
}

/** What to show for a refused form: the field it is about (the element's code box for any of them). */
function useOutageFormError(err: unknown): FormError | undefined {
  const { t } = useI18n();
  const explain = useErrorText();
  if (!err) return undefined;
  if (!(err instanceof ApiError)) return { text: explain(err) };
  const field = err.field === "dtCode" || err.field === "consumerNo" ? "feederCode" : err.field;
  if (err.status === 409 && err.code === "conflict") {
    const id = Number(/#(\d+)/.exec(err.message)?.[1]);
    return {
      text: t("outageForm.alreadyOpen", { id: Number.isFinite(id) ? `#${id}` : "" }),
      field,
      openId: Number.isFinite(id) ? id : undefined,
    };
  }
  return { text: explain(err), field };
}

function ElementPicker({
  value,
  onChange,
  allowConsumer,
}: {
  value: Element;
  onChange: (e: Element) => void;
  allowConsumer: boolean;
}) {
  const { t } = useI18n();
  const options: Element[] = allowConsumer
    ? ["feederCode", "dtCode", "consumerNo"]
    : ["feederCode", "dtCode"];
  return (
    <fieldset className="field">
      <legend>{t("outageForm.what")}</legend>
      <div className="segmented">
        {options.map((o) => (
          <label key={o} className={value === o ? "on" : ""}>
            <input type="radio" name="element" checked={value === o} onChange={() => onChange(o)} />
            {t(`oscope.${SCOPE[o]}` as MessageKey)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function FormErrorNotice({ error, fields }: { error: FormError | undefined; fields: string[] }) {
  const { t } = useI18n();
  if (!error) return null;
  if (error.openId)
    return (
      <Notice tone="error">
        {error.text} <Link href={`/outages/${error.openId}`}>{t("outageForm.openIt")}</Link>
      </Notice>
    );
  if (error.field && fields.includes(error.field)) return null;
  return <Notice tone="error">{error.text}</Notice>;
}

/** A JE or AE records an outage he knows of: a line down, a DT burnt, one consumer's service cable. */
export function RecordOutageForm({
  onDone,
  onCancel,
}: {
  onDone: (o: Outage) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [element, setElement] = useState<Element>("feederCode");
  const [code, setCode] = useState("");
  const [startedAt, setStartedAt] = useState("");
  const [etr, setEtr] = useState("");
  const [cause, setCause] = useState("");
  // A field left empty is said here, before any request.
  const [invalid, setInvalid] = useState<FormError>();
  const send = useMutation({
    mutationFn: () => {
      const started = fromZonedInput(startedAt);
      const until = fromZonedInput(etr);
      return api("POST /api/outages", {
        body: {
          [element]: code.trim().toUpperCase(),
          ...(started ? { startedAt: started } : {}),
          ...(until ? { etr: until } : {}),
          ...(cause.trim() ? { cause: cause.trim() } : {}),
        },
      });
    },
    onSuccess: (r) => {
      void invalidate(keys.outages);
      onDone(r.outage);
    },
  });
  const failed = useOutageFormError(send.error);
  const error = invalid ?? failed;
  const busy = send.isPending;
  const fe = (f: string) => (error?.field === f ? error.text : undefined);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing = !code.trim()
      ? {
          text: t("error.validation", { field: t(`outageForm.el.${element}` as MessageKey) }),
          field: "feederCode",
        }
      : undefined;
    setInvalid(missing);
    if (missing) send.reset();
    else send.mutate();
  };

  return (
    <form
      className="panel action-form"
      onSubmit={submit}
      aria-labelledby="record-title"
      data-testid="record-form"
    >
      <h2 id="record-title">{t("outages.record")}</h2>
      <p className="muted small">{t("outageForm.recordHint")}</p>
      <FormErrorNotice error={error} fields={["feederCode", "startedAt", "etr", "cause"]} />
      <div className="form-grid">
        <ElementPicker value={element} onChange={setElement} allowConsumer />
        <Field
          label={t(`outageForm.el.${element}` as MessageKey)}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={fe("feederCode")}
          className="mono"
          autoComplete="off"
          autoFocus
        />
        <Field
          label={t("outageForm.startedAt")}
          type="datetime-local"
          value={startedAt}
          max={toZonedInput(new Date())}
          onChange={(e) => setStartedAt(e.target.value)}
          error={fe("startedAt")}
          hint={t("outageForm.startedAtHint")}
        />
        <Field
          label={t("outageForm.etr")}
          type="datetime-local"
          value={etr}
          min={toZonedInput(new Date())}
          onChange={(e) => setEtr(e.target.value)}
          error={fe("etr")}
          hint={t("outageForm.etrHint")}
        />
        <Field
          label={t("outageForm.cause")}
          value={cause}
          maxLength={300}
          onChange={(e) => setCause(e.target.value)}
          error={fe("cause")}
          hint={t("outageForm.causeHint")}
        />
      </div>
      <div className="actions">
        <Button type="submit" busy={busy}>
          {t("outages.record")}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}

/** A planned shutdown of a feeder or DT: consumers are told by SMS in advance. */
export function ScheduleShutdownForm({
  onDone,
  onCancel,
}: {
  onDone: (o: Outage) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [element, setElement] = useState<Element>("feederCode");
  const [code, setCode] = useState("");
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [cause, setCause] = useState("");
  // A field left empty is said here, before any request.
  const [invalid, setInvalid] = useState<FormError>();
  const send = useMutation({
    mutationFn: () =>
      api("POST /api/outages/planned", {
        body: {
          [element]: code.trim().toUpperCase(),
          // submit() sends only when both read as times.
          start: fromZonedInput(start) as string,
          end: fromZonedInput(end) as string,

          cause: cause.trim(),
        },
      }),
    onSuccess: (r) => {
      void invalidate(keys.outages);
      onDone(r.outage);
    },
  });
  const failed = useOutageFormError(send.error);
  const error = invalid ?? failed;
  const busy = send.isPending;
  const fe = (f: string) => (error?.field === f ? error.text : undefined);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing = !code.trim()
      ? { field: "feederCode", label: t(`outageForm.el.${element}` as MessageKey) }
      : !fromZonedInput(start)
        ? { field: "start", label: t("field.start") }
        : !fromZonedInput(end)
          ? { field: "end", label: t("field.end") }
          : !cause.trim()
            ? { field: "cause", label: t("field.cause") }
            : undefined;
    setInvalid(
      missing ? { text: t("error.validation", { field: missing.label }), field: missing.field } : undefined,
    );
    if (missing) send.reset();
    else send.mutate();
  };

  return (
    <form
      className="panel action-form"
      onSubmit={submit}
      aria-labelledby="schedule-title"
      data-testid="schedule-form"
    >
      <h2 id="schedule-title">{t("outages.schedule")}</h2>
      <p className="muted small">{t("outageForm.scheduleHint")}</p>
      <FormErrorNotice error={error} fields={["feederCode", "start", "end", "cause"]} />
      <div className="form-grid">
        <ElementPicker value={element} onChange={setElement} allowConsumer={false} />
        <Field
          label={t(`outageForm.el.${element}` as MessageKey)}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={fe("feederCode")}
          className="mono"
          autoComplete="off"
          autoFocus
        />
        <Field
          label={t("outageForm.start")}
          type="datetime-local"
          value={start}
          min={toZonedInput(new Date())}
          onChange={(e) => setStart(e.target.value)}
          error={fe("start")}
        />
        <Field
          label={t("outageForm.end")}
          type="datetime-local"
          value={end}
          min={start || toZonedInput(new Date())}
          onChange={(e) => setEnd(e.target.value)}
          error={fe("end")}
          hint={t("outageForm.endHint")}
        />
        <Field
          label={t("outageForm.plannedCause")}
          value={cause}
          maxLength={120}
          onChange={(e) => setCause(e.target.value)}
          error={fe("cause")}
          hint={t("outageForm.plannedCauseHint")}
        />
      </div>
      <div className="actions">
        <Button type="submit" busy={busy}>
          {t("outages.schedule")}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}
