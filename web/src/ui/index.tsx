import {
  type ButtonHTMLAttributes,
  type InputHTMLAttributes,
  type ReactNode,
  useEffect,
  useId,
  useState,
} from "react";
import type { Named } from "../contract.ts";
import { useI18n } from "../i18n/index.tsx";

export function Button({
  variant = "primary",
  busy = false,
  children,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: "primary" | "secondary" | "danger" | "ghost";
  busy?: boolean;
}) {
  return (
    <button
      type="button"
      className={`btn btn-${variant}`}
      aria-busy={busy || undefined}
      disabled={busy || rest.disabled}
      {...rest}
    >
      {busy ? <Spinner /> : null}
      {children}
    </button>
  );
}

/** A form's submit button, named for what it does, and Cancel beside it. */
export function SubmitCancel({
  label,
  busy,
  disabled,
  onCancel,
}: {
  label: string;
  busy: boolean;
  disabled?: boolean;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="actions">
      {/* Button lets a `disabled` it is given override `busy`: pass one only when there is one. */}
      <Button type="submit" busy={busy} {...(disabled === undefined ? {} : { disabled })}>
        {label}
      </Button>
      <Button variant="secondary" onClick={onCancel}>
        {t("common.cancel")}
      </Button>
    </div>
  );
}

export function Field({
  label,
  error,
  hint,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string | undefined; hint?: string }) {
  const id = useId();
  return (
    <div className={`field${error ? " field-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        {...input}
      />
      {hint && !error ? <small className="hint">{hint}</small> : null}
      {error ? (
        <small id={`${id}-err`} className="error-text">
          {error}
        </small>
      ) : null}
    </div>
  );
}

/** A select's options for named codes (categories, resolution codes…): `none` first, empty, then each by name. */
export function NamedOptions({ none, items }: { none: string; items: Named[] | undefined }) {
  const { name } = useI18n();
  return (
    <>
      <option value="">{none}</option>
      {items?.map((x) => (
        <option key={x.code} value={x.code}>
          {name(x)}
        </option>
      ))}
    </>
  );
}

export type Tone = "green" | "amber" | "red" | "blue" | "grey";

export function Badge({ tone, children, title }: { tone: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

export function Notice({
  tone,
  children,
  onClose,
}: {
  tone: "error" | "success" | "info";
  children: ReactNode;
  onClose?: () => void;
}) {
  return (
    <div className={`notice notice-${tone}`} role={tone === "error" ? "alert" : "status"}>
      <span>{children}</span>
      {onClose ? (
        <button type="button" className="notice-close" onClick={onClose} aria-label="×">
          ×
        </button>
      ) : null}
    </div>
  );
}

export function Spinner() {
  return <span className="spinner" aria-hidden="true" />;
}

/** Shows children only after `ms`, so fast answers do not flash a spinner. */
export function Delayed({ ms = 150, children }: { ms?: number; children: ReactNode }) {
  const [show, setShow] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setShow(true), ms);
    return () => clearTimeout(t);
  }, [ms]);
  return show ? children : null;
}

export function Loading({ text }: { text: string }) {
  return (
    <Delayed>
      <p className="loading" aria-live="polite">
        <Spinner /> {text}
      </p>
    </Delayed>
  );
}
