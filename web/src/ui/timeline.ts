import { type Catalogue, LADDER, type TimelineEvent, type TimelineRefs } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import type { Translate } from "../i18n/translate.ts";

/** What a timeline entry needs to be said in the reader's language. */
export interface TimelineSpeech {
  t: Translate;
  name: (n: { nameEn: string; nameHi: string }) => string;
  formatDateTime: (iso: string | null) => string;
  catalogue: Catalogue | undefined;
  refs: TimelineRefs;
}

/** An entry as a person says it: who did what, the changes as sentences, and the note. */
export interface TimelineWords {
  title: string;
  by: string;
  /** Where it came from (a call, the web, the feedback desk…), when the dictionaries name it. */
  channel: string | null;
  changes: string[];
  note: string | null;
}

// Fields the entry's title or another line already says.
const UNSAID = new Set(["updated_at", "channel", "assignee", "status"]);

/**
 * A timeline entry in words: the audit trail keeps codes and ids (what
 * changed, exactly); the screen says "Assigned to Ramesh Patel (Lineman)",
 * "Joined outage #1 (Station Road)", the resolution's name, in the reader's language.
 */
export function timelineWords(e: TimelineEvent, s: TimelineSpeech): TimelineWords {
  const { t } = s;
  const role = e.actor.role ? known(t, `role.${e.actor.role}`) : null;
  const by =
    e.actor.kind === "system" ? t("timeline.bySystem") : `${e.actor.name}${role ? ` (${role})` : ""}`;
  const changes: string[] = [];
  for (const [field, value] of Object.entries(e.changes)) {
    if (UNSAID.has(field)) continue;
    const [from, to] = Array.isArray(value) ? value : [null, value];
    const line = change(field, from, to, e, s);
    if (line) changes.push(line);
  }
  // Only the status moved (and the title does not say where to): say it.
  if (
    changes.length === 0 &&
    e.fromStatus &&
    e.toStatus &&
    e.fromStatus !== e.toStatus &&
    e.action === "note"
  )
    changes.push(
      t("timeline.status", {
        from: t(`cstatus.${e.fromStatus}` as MessageKey),
        to: t(`cstatus.${e.toStatus}` as MessageKey),
      }),
    );
  return {
    title: t(`event.${e.action}` as MessageKey),
    by,
    channel: known(t, `channel.${e.channel}`),
    changes,
    note: noteWords(e, s),
  };
}

/** A label the dictionaries have, or null (never the key itself on the screen). */
function known(t: Translate, key: string): string | null {
  const text = t(key as MessageKey);
  return text === key ? null : text;
}

function change(
  field: string,
  from: unknown,
  to: unknown,
  e: TimelineEvent,
  s: TimelineSpeech,
): string | null {
  const { t, name, formatDateTime, catalogue, refs } = s;
  const text = (v: unknown) => (v === null || v === undefined || v === "" ? "—" : String(v));
  const category = (code: unknown) => {
    const c = catalogue?.categories.find((x) => x.code === code);
    return c ? name(c) : text(code);
  };
  const subcategory = (code: unknown) => {
    for (const c of catalogue?.categories ?? []) {
      const sc = c.subcategories.find((x) => x.code === code);
      if (sc) return name(sc);
    }
    return text(code);
  };
  const resolution = (code: unknown) => {
    const r = catalogue?.resolutionCodes.find((x) => x.code === code);
    return r ? name(r) : text(code);
  };
  const person = (id: unknown) => {
    const u = refs.users.find((x) => x.id === Number(id));
    return u ? `${u.name} (${t(`role.${u.role}` as MessageKey)})` : t("timeline.someone");
  };
  const outage = (id: unknown) => {
    const o = refs.outages.find((x) => x.id === Number(id));
    return o ? `#${o.id} (${name(o)})` : `#${text(id)}`;
  };
  const time = (v: unknown) => (typeof v === "string" ? formatDateTime(v) : "—");
  const pair = (key: MessageKey, f: (v: unknown) => string) =>
    from === null || from === undefined
      ? t(key, { value: f(to) })
      : `${t(key, { value: f(from) })} → ${f(to)}`;
  switch (field) {
    case "assigned_to":
      return to === null ? t("timeline.unassigned") : t("timeline.assignedTo", { who: person(to) });
    case "category_code":
      return pair("timeline.category", category);
    case "subcategory_code":
      return to === null && from === null ? null : pair("timeline.subcategory", subcategory);
    case "priority":
      return pair("timeline.priority", text);
    case "emergency":
      return to ? t("timeline.emergency") : t("timeline.notEmergency");
    case "due_at":
      return to ? t("timeline.dueBy", { time: time(to) }) : null;
    case "resolution_code":
      return to ? t("timeline.resolution", { value: resolution(to) }) : t("timeline.resolutionCleared");
    case "resolution_remarks":
      // The entry's note box shows the same words already.
      return to && to !== e.note ? t("timeline.remarks", { value: text(to) }) : null;
    case "reopen_count":
      return t("timeline.reopenCount", { count: Number(to) });
    case "call_count":
      return t("timeline.callCount", { count: Number(to) });
    case "duplicate_of": {
      const c = refs.complaints.find((x) => x.id === Number(to));
      return t("timeline.duplicateOf", { number: c?.number ?? text(to) });
    }
    case "close_reason":
      // The reasons PowerDesk writes itself are said in the reader's language; a person's, as written.
      if (to === "confirmed" || to === "confirmed by the consumer") return t("timeline.closeConfirmed");
      if (to === "closed, not confirmed: no answer within the feedback window")
        return t("timeline.closeNoAnswer");
      if (typeof to === "string" && /^duplicate of \S+$/.test(to)) return null; // the duplicate line says it
      return to ? t("timeline.reason", { value: text(to) }) : null;
    case "escalation_level": {
      const rung = LADDER[Number(to) - 1];
      if (!rung) return e.action === "reopened" ? t("timeline.ladderReset") : null;
      return t("timeline.escalatedTo", { role: t(`role.${rung.role}` as MessageKey) });
    }
    case "breached_at":
      return to ? t("timeline.breachedAt", { time: time(to) }) : t("timeline.breachCleared");
    case "compensation_rs":
      return t("timeline.compensation", { amount: Number(to) });
    case "outage_id":
      if (to === null || to === undefined) return t("timeline.leftOutage", { outage: outage(from) });
      if (from === null || from === undefined) return t("timeline.joinedOutage", { outage: outage(to) });
      return t("timeline.movedOutage", { from: outage(from), outage: outage(to) });
    default:
      // A field this screen does not know yet: its name in words, never the column.
      return `${field.replaceAll("_", " ")}: ${text(from)} → ${text(to)}`;
  }
}

/**
 * The entry's note. People's words are shown as written; the notes PowerDesk
 * writes itself (in English, in older entries) are said in the reader's language,
 * or left out where a change line already says them.
 */
function noteWords(e: TimelineEvent, { t }: TimelineSpeech): string | null {
  const note = e.note?.trim();
  if (!note) return null;
  // A close's reason is its note too: the change line says it already.
  const reason = e.changes.close_reason;
  if (Array.isArray(reason) && reason[1] === note) return null;
  if (e.actor.kind !== "system") return note;
  if (note === "assignment policy: least open work") return t("timeline.leastOpenWork");
  if (/^outage #\d+$/.test(note) || /^supply restored \(outage #\d+\)$/.test(note)) return null;
  const dismissed = /^outage #\d+ dismissed: (.*)$/s.exec(note);
  if (dismissed) return t("timeline.outageDismissed", { reason: dismissed[1] ?? "" });
  if (note === "no JE or AE on record" || /^to [A-Z]+: nobody on record$/.test(note))
    return t("timeline.nobodyOnRecord");
  const escalated = /^to [A-Z]+: (.*)$/s.exec(note);
  if (escalated) return t("timeline.told", { names: escalated[1] ?? "" });
  if (e.action === "emergency_alert") return t("timeline.told", { names: note });
  return note;
}
