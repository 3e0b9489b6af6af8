import type { ReliabilityLevel } from "../outages/outages.constants.ts";

// The SoP report's shape, apart from the service so that the HTML and XLSX renderers need not import it.

export const SOP_AREAS = ["urban", "rural", "total"] as const;
export type SopArea = (typeof SOP_AREAS)[number];

export interface SopCell {
  pendingStart: number;
  received: number;
  rejected: number;
  within: number;
  beyond: number;
  pendingEnd: number;
  /** within / (within + beyond) in percent, one decimal; null when nothing was redressed. */
  compliancePct: number | null;
  compensationDueRs: number;
  compensationPaidRs: number;
}

export interface SopReportLine {
  code: string;
  labelEn: string;
  labelHi: string;
  standardEn: string;
  standardHi: string;
  source: "complaints" | "connections";
  cells: Record<SopArea, SopCell>;
}

export interface SopReliabilityRow {
  code: string;
  nameEn: string;
  nameHi: string;
  customersServed: number;
  saifi: number;
  saidi: number;
  caidi: number;
  maifi: number;
}

export interface SopReport {
  period: { code: string; kind: "month" | "quarter"; firstDay: string; lastDay: string; months: string[] };
  unit: { code: string; kind: string; nameEn: string; nameHi: string };
  discom: { code: string; nameEn: string; nameHi: string };
  generatedAt: string;
  timeZone: string;
  language: "hi" | "en";
  rows: SopReportLine[];
  total: Record<SopArea, SopCell>;
  reliability: {
    level: ReliabilityLevel;
    momentaryMinutes: number;
    rows: SopReliabilityRow[];
    total: Omit<SopReliabilityRow, "code" | "nameEn" | "nameHi">;
  };
}
