import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { SOP_DEFINITIONS, SOP_LABELS } from "./sop.html.ts";
import type { SopArea, SopCell, SopReport } from "./sop.types.ts";

// The SoP report as a workbook, written by ExcelJS's streaming writer (the
// same as every export, src/http/exports.ts): a sheet in the commission's
// form with merged headings, and a sheet of reliability indices. Labels in
// the asked language with the other in brackets.

const AREAS: SopArea[] = ["urban", "rural", "total"];

const cellValues = (c: SopCell) => [
  c.pendingStart,
  c.received,
  c.rejected,
  c.within,
  c.beyond,
  c.pendingEnd,
  c.compliancePct,
  c.compensationDueRs,
  c.compensationPaidRs,
];

/** Writes the report to `out` as XLSX; resolves when the last byte is written. */
export async function writeSopXlsx(report: SopReport, language: "hi" | "en", out: Writable): Promise<void> {
  const L = SOP_LABELS;
  const t = (l: { en: string; hi: string }) =>
    language === "hi" ? `${l.hi} (${l.en})` : `${l.en} (${l.hi})`;
  const one = (l: { en: string; hi: string }) => l[language];
  const done = new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("error", reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet("SoP");
  ws.columns = [
    { width: 6 },
    { width: 36 },
    { width: 26 },
    { width: 10 },
    ...Array.from({ length: 9 }, () => ({ width: 14 })),
  ];
  const title = ws.addRow([t(L.title)]);
  title.font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, 13);
  title.commit();
  const name = (en: string, hi: string) => (language === "hi" ? hi || en : en);
  ws.addRow([one(L.discom), name(report.discom.nameEn, report.discom.nameHi)]).commit();
  ws.addRow([one(L.area), `${report.unit.code}: ${name(report.unit.nameEn, report.unit.nameHi)}`]).commit();
  ws.addRow([
    one(L.period),
    `${report.period.code} (${report.period.firstDay} – ${report.period.lastDay})`,
  ]).commit();
  ws.addRow([one(L.generated), `${report.generatedAt} (${report.timeZone})`]).commit();
  ws.addRow([]).commit();
  // Two heading rows: the figures' group merged over its columns.
  const headRow = 7;
  const h1 = ws.addRow([
    one(L.sno),
    one(L.service),
    one(L.standard),
    one(L.areaType),
    one(L.received),
    null,
    null,
    null,
    null,
    null,
    one(L.compliance),
    one(L.compDue),
    one(L.compPaid),
  ]);
  h1.getCell(5).value = language === "hi" ? "शिकायतें / आवेदन" : "Complaints / applications";
  const h2 = ws.addRow([
    null,
    null,
    null,
    null,
    one(L.pendingStart),
    one(L.received),
    one(L.rejected),
    one(L.within),
    one(L.beyond),
    one(L.pendingEnd),
    null,
    null,
    null,
  ]);
  for (const r of [h1, h2]) {
    r.font = { bold: true };
    r.alignment = { wrapText: true, vertical: "middle", horizontal: "center" };
  }
  ws.mergeCells(headRow, 5, headRow, 10);
  for (const c of [1, 2, 3, 4, 11, 12, 13]) ws.mergeCells(headRow, c, headRow + 1, c);
  h1.commit();
  h2.commit();
  // A service's three rows are merged in its first columns, so they are committed only after the merge.
  let rowNo = headRow + 2;
  report.rows.forEach((line, i) => {
    const added = AREAS.map((a) => {
      const r = ws.addRow([
        i + 1,
        name(line.labelEn, line.labelHi),
        name(line.standardEn, line.standardHi),
        one(L[a]),
        ...cellValues(line.cells[a]),
      ]);
      if (a === "total") r.font = { bold: true };
      return r;
    });
    for (const c of [1, 2, 3]) ws.mergeCells(rowNo, c, rowNo + 2, c);
    for (const r of added) r.commit();
    rowNo += 3;
  });
  const totals = AREAS.map((a) => {
    const r = ws.addRow([null, one(L.allServices), null, one(L[a]), ...cellValues(report.total[a])]);
    r.font = { bold: true };
    return r;
  });
  ws.mergeCells(rowNo, 2, rowNo + 2, 3);
  for (const r of totals) r.commit();
  ws.addRow([]).commit();
  for (const d of SOP_DEFINITIONS) ws.addRow([null, one(d)]).commit();
  ws.commit();

  const rel = wb.addWorksheet(language === "hi" ? "विश्वसनीयता" : "Reliability");
  rel.columns = [
    { width: 12 },
    { width: 30 },
    { width: 16 },
    { width: 10 },
    { width: 12 },
    { width: 12 },
    { width: 10 },
  ];
  const rh = rel.addRow([
    one(L.office),
    null,
    one(L.customers),
    "SAIFI",
    "SAIDI (min)",
    "CAIDI (min)",
    "MAIFI",
  ]);
  rh.font = { bold: true };
  rh.commit();
  for (const r of report.reliability.rows)
    rel
      .addRow([r.code, name(r.nameEn, r.nameHi), r.customersServed, r.saifi, r.saidi, r.caidi, r.maifi])
      .commit();
  const tt = report.reliability.total;
  const tr = rel.addRow([one(L.total), null, tt.customersServed, tt.saifi, tt.saidi, tt.caidi, tt.maifi]);
  tr.font = { bold: true };
  tr.commit();
  rel.commit();
  await wb.commit();
  await done;
}
