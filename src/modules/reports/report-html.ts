import type { Language } from "../../db/schema.ts";

// The area summary as one HTML document for htmlToPdf: bilingual labels (the
// subscriber's language first), the office, the period, when it was made,
// the figures and a table of the offices below. No scripts, no outside
// resources: the page renders offline.

export interface SummaryFigures {
  received: number;
  resolved: number;
  resolvedLate: number;
  /** Resolved within the limit / resolved, %, or null when nothing was resolved. */
  slaPercent: number | null;
  /** Minutes, estimated from the resolution-time histogram; null when nothing was resolved. */
  medianMinutes: number | null;
  repeats: number;
  reopened: number;
  /** Reopened / received, %. */
  reopenPercent: number | null;
  /** Open now, and open past their limit now (not of the period: at the time of the report). */
  openNow: number;
  overdueNow: number;
}

export interface SummaryRow extends SummaryFigures {
  code: string;
  name: Record<Language, string>;
}

export interface AreaSummary {
  unit: { code: string; kind: string; name: Record<Language, string> };
  period: { label: Record<Language, string>; from: string; to: string };
  generatedAt: string;
  totals: SummaryFigures;
  /** The offices directly below (empty for a DC). */
  children: SummaryRow[];
  /** The same figures per complaint category. */
  categories: SummaryRow[];
  company: string;
}

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

const LABELS = {
  title: { en: "Area summary of complaints", hi: "शिकायतों का क्षेत्र सारांश" },
  office: { en: "Office", hi: "कार्यालय" },
  period: { en: "Period", hi: "अवधि" },
  generated: { en: "Generated", hi: "तैयार" },
  received: { en: "Received", hi: "प्राप्त" },
  resolved: { en: "Resolved", hi: "निराकृत" },
  sla: { en: "Within limit", hi: "समय सीमा में" },
  median: { en: "Median time to resolve", hi: "निराकरण का माध्य समय" },
  repeats: { en: "Repeat complaints", hi: "दोहराई गई शिकायतें" },
  reopen: { en: "Reopen rate", hi: "पुनः खोलने की दर" },
  open: { en: "Open now", hi: "अभी लंबित" },
  overdue: { en: "Pending beyond limit now", hi: "अभी सीमा से अधिक लंबित" },
  below: { en: "Offices below", hi: "अधीनस्थ कार्यालय" },
  byCategory: { en: "By complaint type", hi: "शिकायत के प्रकार अनुसार" },
  type: { en: "Complaint type", hi: "शिकायत का प्रकार" },
  none: { en: "No complaints in this period.", hi: "इस अवधि में कोई शिकायत नहीं।" },
  note: {
    en: "Within limit: resolved within the SoP limit / resolved. Median estimated from the resolution-time histogram. Open and beyond-limit counts are as at the time generated.",
    hi: "समय सीमा में: SoP सीमा में निराकृत / कुल निराकृत। माध्य समय निराकरण-समय वितरण से अनुमानित। लंबित संख्या रिपोर्ट बनने के समय की है।",
  },
} as const;

const num = (n: number) => new Intl.NumberFormat("en-IN").format(n);
const pct = (n: number | null) => (n === null ? "-" : `${n.toFixed(1)}%`);

/** "3 h 20 min", "2 d 4 h"; "-" for none. */
export function duration(minutes: number | null): string {
  if (minutes === null) return "-";
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  if (m < 48 * 60) return `${Math.floor(m / 60)} h ${m % 60} min`;
  return `${Math.floor(m / 1440)} d ${Math.floor((m % 1440) / 60)} h`;
}

export function renderAreaSummaryHtml(s: AreaSummary, language: Language): string {
  const other: Language = language === "hi" ? "en" : "hi";
  const both = (l: Record<Language, string>) =>
    `${esc(l[language])} <span class="alt">/ ${esc(l[other])}</span>`;
  const lbl = (k: keyof typeof LABELS) => both(LABELS[k]);
  const t = s.totals;
  const card = (k: keyof typeof LABELS, value: string) =>
    `<div class="card"><div class="v">${esc(value)}</div><div class="k">${lbl(k)}</div></div>`;
  // The open set is counted per office only (now, not in the period): the category table leaves it out.
  const table = (
    title: keyof typeof LABELS,
    first: keyof typeof LABELS,
    rows: SummaryRow[],
    withOpen: boolean,
  ) =>
    rows.length === 0
      ? ""
      : `<h2>${lbl(title)}</h2>
<table><thead><tr><th>${lbl(first)}</th><th>${lbl("received")}</th><th>${lbl("resolved")}</th><th>${lbl("sla")}</th><th>${lbl("median")}</th><th>${lbl("repeats")}</th><th>${lbl("reopen")}</th>${withOpen ? `<th>${lbl("open")}</th><th>${lbl("overdue")}</th>` : ""}</tr></thead>
<tbody>${rows
          .map(
            (r) =>
              `<tr><td>${both(r.name)} <span class="code">${esc(r.code)}</span></td><td>${num(r.received)}</td><td>${num(r.resolved)}</td><td>${pct(r.slaPercent)}</td><td>${duration(r.medianMinutes)}</td><td>${num(r.repeats)}</td><td>${pct(r.reopenPercent)}</td>${withOpen ? `<td>${num(r.openNow)}</td><td class="${r.overdueNow ? "bad" : ""}">${num(r.overdueNow)}</td>` : ""}</tr>`,
          )
          .join("\n")}</tbody></table>`;
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${esc(LABELS.title[language])}</title>
<style>
  body { font-family: "Noto Sans", "Lohit Devanagari", "Noto Sans Devanagari", sans-serif; color: #1c2530; font-size: 11px; margin: 0; }
  header { border-bottom: 2px solid #1f4e79; padding-bottom: 8px; margin-bottom: 12px; }
  .company { color: #1f4e79; font-weight: 600; font-size: 12px; }
  h1 { font-size: 20px; margin: 4px 0; }
  h2 { font-size: 13px; margin: 16px 0 6px; color: #1f4e79; }
  .alt { color: #5a6572; font-weight: normal; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0 0; }
  dt { color: #5a6572; } dd { margin: 0; font-weight: 600; }
  .cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; }
  .card { border: 1px solid #c9d3de; border-radius: 4px; padding: 8px; break-inside: avoid; }
  .card .v { font-size: 18px; font-weight: 700; }
  .card .k { color: #33404d; margin-top: 2px; }
  table { width: 100%; border-collapse: collapse; font-size: 10px; table-layout: auto; }
  thead { display: table-header-group; }
  th, td { border: 1px solid #c9d3de; padding: 4px 5px; text-align: right; vertical-align: top; }
  th:first-child, td:first-child { text-align: left; }
  th { background: #eef3f8; font-weight: 600; }
  tr { break-inside: avoid; }
  .code { color: #5a6572; font-size: 9px; }
  .bad { color: #a4161a; font-weight: 700; }
  .note { color: #5a6572; font-size: 9px; margin-top: 14px; }
</style></head>
<body>
<header>
  <div class="company">${esc(s.company)}</div>
  <h1>${lbl("title")}</h1>
  <dl>
    <dt>${lbl("office")}</dt><dd>${both(s.unit.name)} (${esc(s.unit.code)})</dd>
    <dt>${lbl("period")}</dt><dd>${both(s.period.label)} (${esc(s.period.from)} - ${esc(s.period.to)})</dd>
    <dt>${lbl("generated")}</dt><dd>${esc(s.generatedAt)}</dd>
  </dl>
</header>
${t.received === 0 && t.resolved === 0 ? `<p>${lbl("none")}</p>` : ""}
<div class="cards">
  ${card("received", num(t.received))}
  ${card("resolved", num(t.resolved))}
  ${card("sla", pct(t.slaPercent))}
  ${card("median", duration(t.medianMinutes))}
  ${card("repeats", num(t.repeats))}
  ${card("reopen", pct(t.reopenPercent))}
  ${card("open", num(t.openNow))}
  ${card("overdue", num(t.overdueNow))}
</div>
${table("below", "office", s.children, true)}
${table("byCategory", "type", s.categories, false)}
<p class="note">${esc(LABELS.note[language])}<br>${esc(LABELS.note[other])}</p>
</body></html>`;
}
