import { type KeyboardEvent, type ReactNode, useRef, useState } from "react";
import {
  APPLICATION_DOCUMENTS,
  type ApplicationDocumentCode,
  type ApplicationStatus,
  type ApplicationSummary,
} from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { navigate } from "../router.tsx";
import { dateFormat } from "../time.ts";
import { useTimeZone } from "../useTimeZone.ts";
import { Badge, type Tone } from "./index.tsx";

// What the new-connection screens share: stage names and colours, the SoP clock's badge, the
// stepper, the documents' names and the table of applications.

/** The stages in their order up to release; `rejected` ends any of them. */
export const STAGES: readonly ApplicationStatus[] = [
  "applied",
  "documents_complete",
  "site_inspected",
  "demand_note_issued",
  "charges_paid",
  "meter_installed",
  "released",
];

const STAGE_TONE: Record<ApplicationStatus, Tone> = {
  applied: "blue",
  documents_complete: "blue",
  site_inspected: "blue",
  demand_note_issued: "amber",
  charges_paid: "blue",
  meter_installed: "blue",
  released: "green",
  rejected: "red",
};

export const stageKey = (s: ApplicationStatus) => `conn.status.${s}` as MessageKey;

export function StageBadge({ status }: { status: ApplicationStatus }) {
  const { t } = useI18n();
  return <Badge tone={STAGE_TONE[status]}>{t(stageKey(status))}</Badge>;
}

/** The SoP clock in whole days: green, amber on its last day, red when late; grey when none runs. */
export function SopBadge({
  status,
  daysLeft,
  overdue,
  paused = false,
}: {
  status: ApplicationStatus;
  daysLeft: number | null;
  overdue: boolean;
  paused?: boolean;
}) {
  const { t } = useI18n();
  if (status === "released" || status === "rejected") return <Badge tone="grey">{t("conn.sop.done")}</Badge>;
  if (paused) return <Badge tone="grey">{t("conn.sop.paused")}</Badge>;
  if (daysLeft !== null && daysLeft < 0)
    return <Badge tone="red">{t("conn.sop.late", { count: -daysLeft })}</Badge>;
  if (overdue) return <Badge tone="red">{t("conn.sop.lateNow")}</Badge>;
  if (daysLeft === null) return <Badge tone="grey">{t("conn.sop.none")}</Badge>;
  return (
    <Badge tone={daysLeft <= 1 ? "amber" : "green"}>
      {daysLeft === 0 ? t("conn.sop.today") : t("conn.sop.left", { count: daysLeft })}
    </Badge>
  );
}

/** Whole days from now to `iso` (negative when past), for a list's rows, which carry only the due time. */
export function daysUntil(iso: string | null, now: number): number | null {
  if (!iso) return null;
  return Math.floor((new Date(iso).getTime() - now) / 86_400_000);
}

/**
 * The stages as steps: done ones ticked in green, the current one marked
 * (red when late), those to come grey; a rejected application shows its
 * steps up to the rejection and then the rejection in red, with the reason.
 */
export function Stepper({
  status,
  reachedBefore,
  late,
  rejectReason,
}: {
  status: ApplicationStatus;
  /** For a rejected application: the last stage it reached. */
  reachedBefore?: ApplicationStatus | null | undefined;
  late: boolean;
  rejectReason?: string | null;
}) {
  const { t } = useI18n();
  const rejected = status === "rejected";
  const at = STAGES.indexOf(rejected ? (reachedBefore ?? "applied") : status);
  const steps = rejected ? STAGES.slice(0, at + 1) : STAGES;
  return (
    <ol className="stage-steps" data-testid="stage-steps" aria-label={t("conn.stages")}>
      {steps.map((s, i) => {
        const state =
          rejected || i < at || status === "released" ? "done" : i === at ? (late ? "late" : "now") : "todo";
        return (
          <li
            key={s}
            className={`step step-${state}`}
            aria-current={state === "now" || state === "late" ? "step" : undefined}
          >
            <span className="step-dot" aria-hidden="true">
              {state === "done" ? "✓" : i + 1}
            </span>
            <span className="step-name">{t(stageKey(s))}</span>
            {state === "late" ? <span className="sr-only"> ({t("conn.overdue")})</span> : null}
          </li>
        );
      })}
      {rejected ? (
        <li className="step step-rejected" aria-current="step">
          <span className="step-dot" aria-hidden="true">
            ✕
          </span>
          <span className="step-name">
            {t("conn.status.rejected")}
            {rejectReason ? <span className="step-reason">{rejectReason}</span> : null}
          </span>
        </li>
      ) : null}
    </ol>
  );
}

export function useDocName(): (code: ApplicationDocumentCode) => string {
  const { lang } = useI18n();
  return (code) => APPLICATION_DOCUMENTS[code][lang];
}

/**
 * Applications as rows: Enter or a click opens the card, the arrows move
 * between rows (Up from the first gives focus back to `onTop`, the search box).
 */
export function ApplicationTable({
  items,
  testId,
  onTop,
  rowRef,
  caption,
}: {
  items: ApplicationSummary[];
  testId: string;
  onTop?: () => void;
  rowRef?: (i: number, el: HTMLTableRowElement | null) => void;
  caption?: ReactNode;
}) {
  const { t, name, lang } = useI18n();
  const zone = useTimeZone();
  const day = dateFormat(lang === "hi" ? "hi-IN" : "en-IN", { dateStyle: "medium" }, zone);
  const [active, setActive] = useState(0);
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);
  const now = Date.now();
  const open = (a: ApplicationSummary) => navigate(`/connections/${encodeURIComponent(a.number)}`);
  const onKey = (e: KeyboardEvent<HTMLTableRowElement>, i: number, a: ApplicationSummary) => {
    if (e.key === "Enter") open(a);
    else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (e.key === "ArrowUp" && i === 0 && onTop) return onTop();
      const next = Math.max(0, Math.min(items.length - 1, i + (e.key === "ArrowDown" ? 1 : -1)));
      setActive(next);
      rows.current[next]?.focus();
    }
  };
  return (
    <table className="grid results" data-testid={testId}>
      {caption ? <caption>{caption}</caption> : null}
      <thead>
        <tr>
          <th>{t("conn.col.number")}</th>
          <th>{t("conn.col.applicant")}</th>
          <th>{t("col.mobile")}</th>
          <th>{t("col.dc")}</th>
          <th>{t("conn.col.stage")}</th>
          <th>{t("conn.col.sop")}</th>
          <th>{t("conn.col.applied")}</th>
          {items.some((a) => a.matchedBy) ? <th>{t("col.matched")}</th> : null}
        </tr>
      </thead>
      <tbody>
        {items.map((a, i) => (
          <tr
            key={a.number}
            ref={(el) => {
              rows.current[i] = el;
              rowRef?.(i, el);
            }}
            tabIndex={i === active ? 0 : -1}
            className={`${i === active ? "active" : ""}${a.overdue ? " late" : ""}`}
            onClick={() => open(a)}
            onKeyDown={(e) => onKey(e, i, a)}
            onFocus={() => setActive(i)}
          >
            <td className="mono">{a.number}</td>
            <td>
              <strong>{a.applicantName}</strong>
              <div className="small muted address">{a.address}</div>
            </td>
            <td className="mono">{a.mobile}</td>
            <td>{name(a.dc)}</td>
            <td>
              <StageBadge status={a.status} />
            </td>
            <td>
              <SopBadge status={a.status} daysLeft={daysUntil(a.dueAt, now)} overdue={a.overdue} />
            </td>
            <td className="small nowrap">{day.format(new Date(a.appliedAt))}</td>
            {items.some((x) => x.matchedBy) ? (
              <td className="small">{a.matchedBy ? t(`conn.match.${a.matchedBy}` as MessageKey) : ""}</td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const rupees = (n: number) => `₹${n.toLocaleString("en-IN")}`;
