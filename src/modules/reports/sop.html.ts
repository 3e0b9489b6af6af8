import type { SopArea, SopCell, SopReport } from "./sop.types.ts";

// The SoP compliance report as the commission's tabular form: one
// self-contained HTML document (its own <style>, nothing loaded from outside)
// with every heading in both languages, the asked language first. Chromium
// prints it to a landscape PDF (sop.service.ts sopPdf).

type L = { en: string; hi: string };

export const SOP_LABELS = {
  title: { en: "Standards of Performance: compliance report", hi: "निष्पादन के मानक: अनुपालन प्रतिवेदन" },
  discom: { en: "Licensee", hi: "अनुज्ञप्तिधारी" },
  area: { en: "Area", hi: "क्षेत्र" },
  period: { en: "Period", hi: "अवधि" },
  generated: { en: "Generated", hi: "तैयार किया गया" },
  sno: { en: "S. No.", hi: "क्र." },
  service: { en: "Service", hi: "सेवा" },
  standard: { en: "Standard", hi: "मानक" },
  areaType: { en: "Area type", hi: "क्षेत्र प्रकार" },
  pendingStart: { en: "Pending at start", hi: "प्रारंभ में लंबित" },
  received: { en: "Received", hi: "प्राप्त" },
  rejected: { en: "Invalid / duplicate", hi: "अमान्य / दोहरी" },
  within: { en: "Redressed within standard", hi: "मानक के भीतर निराकृत" },
  beyond: { en: "Redressed beyond standard", hi: "मानक के बाद निराकृत" },
  pendingEnd: { en: "Pending at end", hi: "अंत में लंबित" },
  compliance: { en: "% compliance", hi: "% अनुपालन" },
  compDue: { en: "Compensation due (Rs)", hi: "देय क्षतिपूर्ति (रु)" },
  compPaid: { en: "Compensation paid (Rs)", hi: "भुगतान क्षतिपूर्ति (रु)" },
  urban: { en: "Urban", hi: "शहरी" },
  rural: { en: "Rural", hi: "ग्रामीण" },
  total: { en: "Total", hi: "कुल" },
  allServices: { en: "All services", hi: "सभी सेवाएँ" },
  reliability: { en: "Reliability indices", hi: "विश्वसनीयता सूचकांक" },
  office: { en: "Office", hi: "कार्यालय" },
  customers: { en: "Consumers served", hi: "सेवित उपभोक्ता" },
  momentary: { en: "Momentary: shorter than {n} minutes", hi: "क्षणिक: {n} मिनट से कम" },
  definitions: { en: "Definitions", hi: "परिभाषाएँ" },
} satisfies Record<string, L>;

/** How the figures are counted, printed under the table (the same words as sop.service.ts). */
export const SOP_DEFINITIONS: L[] = [
  {
    en: "Received: complaints registered in the period (new connections: applications whose documents were complete in the period).",
    hi: "प्राप्त: अवधि में दर्ज शिकायतें (नया कनेक्शन: जिन आवेदनों के दस्तावेज़ अवधि में पूर्ण हुए)।",
  },
  {
    en: "Redressed within / beyond standard: resolved in the period, beyond when the time limit had passed when resolved; a reopened complaint counts once, by its latest resolution.",
    hi: "मानक के भीतर / बाद निराकृत: अवधि में निराकृत; समय सीमा बीतने के बाद निराकृत हो तो मानक के बाद; पुनः खोली गई शिकायत अपने अंतिम निराकरण से एक बार गिनी जाती है।",
  },
  {
    en: "Pending at end: all received up to the last day, less all redressed and all invalid or duplicate up to then; pending at start likewise up to the day before the period.",
    hi: "अंत में लंबित: अंतिम दिन तक प्राप्त सभी, घटा उस दिन तक निराकृत तथा अमान्य या दोहरी सभी; प्रारंभ में लंबित इसी प्रकार अवधि से पहले के दिन तक।",
  },
  {
    en: "% compliance = redressed within standard / all redressed. Compensation: breaches in the period; paid = credited by billing.",
    hi: "% अनुपालन = मानक के भीतर निराकृत / कुल निराकृत। क्षतिपूर्ति: अवधि में हुए उल्लंघन; भुगतान = बिलिंग द्वारा जमा।",
  },
];

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

/** Both languages, the asked one first. */
function both(l: L, language: "hi" | "en", sep = "<br>"): string {
  const [a, b] = language === "hi" ? [l.hi, l.en] : [l.en, l.hi];
  return `${esc(a)}${sep}<span class="alt">${esc(b)}</span>`;
}

const num = (n: number) => n.toLocaleString("en-IN");
const pct = (n: number | null) => (n === null ? "–" : `${n.toFixed(1)}`);

function periodText(r: SopReport): L {
  const p = r.period;
  return p.kind === "quarter"
    ? { en: `${p.code} (${p.firstDay} to ${p.lastDay})`, hi: `${p.code} (${p.firstDay} से ${p.lastDay})` }
    : { en: `${p.code} (${p.firstDay} to ${p.lastDay})`, hi: `${p.code} (${p.firstDay} से ${p.lastDay})` };
}

function generatedText(r: SopReport): string {
  const at = new Date(r.generatedAt);
  const s = new Intl.DateTimeFormat("en-GB", {
    timeZone: r.timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(at);
  return `${s} (${r.timeZone})`;
}

function cells(c: SopCell): string {
  return [
    num(c.pendingStart),
    num(c.received),
    num(c.rejected),
    num(c.within),
    num(c.beyond),
    num(c.pendingEnd),
    pct(c.compliancePct),
    num(c.compensationDueRs),
    num(c.compensationPaidRs),
  ]
    .map((v) => `<td class="n">${v}</td>`)
    .join("");
}

const AREAS: SopArea[] = ["urban", "rural", "total"];

/**
 * The report as one self-contained HTML document: the DISCOM, the area, the
 * period and when it was generated; the rows × urban / rural / total; the
 * reliability indices; the definitions. `language` decides which language
 * comes first; both are always there.
 */
export function renderSopHtml(report: SopReport, language: "hi" | "en"): string {
  const L = SOP_LABELS;
  const h = (l: L) => both(l, language);
  const name = (en: string, hi: string) => both({ en, hi }, language, " / ");
  const body = report.rows
    .map((row, i) =>
      AREAS.map(
        (a, j) => `<tr class="${a === "total" ? "sub" : ""}">
          ${j === 0 ? `<td rowspan="3" class="c">${i + 1}</td><td rowspan="3">${name(row.labelEn, row.labelHi)}</td><td rowspan="3" class="std">${name(row.standardEn, row.standardHi)}</td>` : ""}
          <td>${h(L[a])}</td>${cells(row.cells[a])}</tr>`,
      ).join(""),
    )
    .join("");
  const totals = AREAS.map(
    (a, j) => `<tr class="grand">
      ${j === 0 ? `<td rowspan="3"></td><td rowspan="3" colspan="2">${h(L.allServices)}</td>` : ""}
      <td>${h(L[a])}</td>${cells(report.total[a])}</tr>`,
  ).join("");
  const rel = report.reliability;
  const relRows = rel.rows
    .map(
      (
        r,
      ) => `<tr><td>${esc(r.code)}</td><td>${name(r.nameEn, r.nameHi)}</td><td class="n">${num(r.customersServed)}</td>
        <td class="n">${r.saifi.toFixed(3)}</td><td class="n">${r.saidi.toFixed(1)}</td><td class="n">${r.caidi.toFixed(1)}</td><td class="n">${r.maifi.toFixed(3)}</td></tr>`,
    )
    .join("");
  const t = rel.total;
  const momentary = {
    en: L.momentary.en.replace("{n}", String(rel.momentaryMinutes)),
    hi: L.momentary.hi.replace("{n}", String(rel.momentaryMinutes)),
  };
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<title>${esc(L.title.en)} ${esc(report.period.code)}</title>
<style>
  body { font-family: "Noto Sans", "Lohit Devanagari", "Noto Sans Devanagari", Arial, sans-serif; font-size: 9px; color: #111; margin: 0; }
  h1 { font-size: 14px; margin: 0 0 4px; }
  .meta { display: grid; grid-template-columns: repeat(4, auto); gap: 2px 16px; margin-bottom: 8px; font-size: 10px; }
  .meta b { display: block; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 10px; page-break-inside: auto; }
  tr { page-break-inside: avoid; }
  th, td { border: 1px solid #444; padding: 2px 4px; vertical-align: top; }
  th { background: #e6e6e6; font-weight: 600; text-align: center; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  td.c { text-align: center; }
  td.std { font-size: 8px; }
  tr.sub td { background: #f4f4f4; font-weight: 600; }
  tr.grand td { background: #e9eef7; font-weight: 700; }
  .alt { color: #444; font-weight: normal; }
  h2 { font-size: 11px; margin: 8px 0 4px; }
  ol { margin: 0; padding-left: 16px; }
  li { margin-bottom: 2px; }
</style>
</head>
<body>
<h1>${both(L.title, language, " / ")}</h1>
<div class="meta">
  <div><b>${h(L.discom)}</b>${name(report.discom.nameEn, report.discom.nameHi)}</div>
  <div><b>${h(L.area)}</b>${esc(report.unit.code)}: ${name(report.unit.nameEn, report.unit.nameHi)}</div>
  <div><b>${h(L.period)}</b>${both(periodText(report), language, " / ")}</div>
  <div><b>${h(L.generated)}</b>${esc(generatedText(report))}</div>
</div>
<table>
<thead>
<tr><th>${h(L.sno)}</th><th>${h(L.service)}</th><th>${h(L.standard)}</th><th>${h(L.areaType)}</th>
<th>${h(L.pendingStart)}</th><th>${h(L.received)}</th><th>${h(L.rejected)}</th><th>${h(L.within)}</th>
<th>${h(L.beyond)}</th><th>${h(L.pendingEnd)}</th><th>${h(L.compliance)}</th><th>${h(L.compDue)}</th><th>${h(L.compPaid)}</th></tr>
</thead>
<tbody>${body}${totals}</tbody>
</table>
<h2>${both(L.reliability, language, " / ")} <span class="alt">(${both(momentary, language, " / ")})</span></h2>
<table>
<thead><tr><th>${h(L.office)}</th><th></th><th>${h(L.customers)}</th><th>SAIFI</th><th>SAIDI (min)</th><th>CAIDI (min)</th><th>MAIFI</th></tr></thead>
<tbody>${relRows}
<tr class="grand"><td colspan="2">${h(L.total)}</td><td class="n">${num(t.customersServed)}</td><td class="n">${t.saifi.toFixed(3)}</td>
<td class="n">${t.saidi.toFixed(1)}</td><td class="n">${t.caidi.toFixed(1)}</td><td class="n">${t.maifi.toFixed(3)}</td></tr>
</tbody>
</table>
<h2>${both(L.definitions, language, " / ")}</h2>
<ol>${SOP_DEFINITIONS.map((d) => `<li>${both(d, language, "<br>")}</li>`).join("")}</ol>
</body>
</html>`;
}
