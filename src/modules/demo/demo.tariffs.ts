import { DEMO_TARIFF_NOTE } from "../tariffs/tariffs.constants.ts";
import type { CsvRecord } from "./demo.generator.ts";

type Version = {
  category: string;
  supply_type: string;
  effective_from: string;
  effective_to?: string;
  en: string;
  hi: string;
  fixed_charge: string;
  fixed_basis: "per_kw" | "per_connection";
  /** [from, to ("" for the last), rupees per unit] */
  slabs: [number, number | "", string][];
  extras: [string, string, string][];
};

const DUTY: [string, string, string] = ["Electricity duty", "विद्युत शुल्क", "9"];
const FPPAS: [string, string, string] = [
  "Fuel and power purchase adjustment (FPPAS)",
  "ईंधन एवं विद्युत क्रय समायोजन अधिभार (FPPAS)",
  "3",
];

// Made-up figures shaped like an Indian tariff order, clearly named as such: the
// estimator works in the demo, and nobody mistakes them for a commission's rates.
const VERSIONS: Version[] = [
  {
    category: "domestic",
    supply_type: "lt",
    effective_from: "2025-04-01",
    effective_to: "2026-03-31",
    en: "Domestic LT 2025-26",
    hi: "घरेलू एलटी 2025-26",
    fixed_charge: "65",
    fixed_basis: "per_connection",
    slabs: [
      [0, 50, "4.20"],
      [50, 150, "5.20"],
      [150, 300, "6.50"],
      [300, "", "6.70"],
    ],
    extras: [DUTY],
  },
  {
    category: "domestic",
    supply_type: "lt",
    effective_from: "2026-04-01",
    en: "Domestic LT 2026-27",
    hi: "घरेलू एलटी 2026-27",
    fixed_charge: "70",
    fixed_basis: "per_connection",
    slabs: [
      [0, 50, "4.45"],
      [50, 150, "5.50"],
      [150, 300, "6.80"],
      [300, "", "7.00"],
    ],
    extras: [DUTY, FPPAS],
  },
  {
    category: "non_domestic",
    supply_type: "lt",
    effective_from: "2026-04-01",
    en: "Non-domestic LT 2026-27",
    hi: "गैर-घरेलू एलटी 2026-27",
    fixed_charge: "140",
    fixed_basis: "per_kw",
    slabs: [
      [0, 50, "6.50"],
      [50, "", "7.90"],
    ],
    extras: [["Electricity duty", "विद्युत शुल्क", "12"], FPPAS],
  },
  {
    category: "agriculture",
    supply_type: "lt",
    effective_from: "2026-04-01",
    en: "Agriculture LT 2026-27",
    hi: "कृषि एलटी 2026-27",
    fixed_charge: "60",
    fixed_basis: "per_kw",
    slabs: [[0, "", "5.20"]],
    extras: [],
  },
  {
    category: "industrial",
    supply_type: "lt",
    effective_from: "2026-04-01",
    en: "Industrial LT 2026-27",
    hi: "औद्योगिक एलटी 2026-27",
    fixed_charge: "300",
    fixed_basis: "per_kw",
    slabs: [[0, "", "7.00"]],
    extras: [DUTY, FPPAS],
  },
  {
    category: "industrial",
    supply_type: "ht",
    effective_from: "2026-04-01",
    en: "Industrial HT 2026-27",
    hi: "औद्योगिक एचटी 2026-27",
    fixed_charge: "400",
    fixed_basis: "per_kw",
    slabs: [[0, "", "6.50"]],
    extras: [DUTY, FPPAS],
  },
];

/** tariffs.csv records of the demo: every name says the rates are demo figures. */
export function* demoTariffs(): Generator<CsvRecord> {
  for (const v of VERSIONS) {
    const common = {
      category: v.category,
      supply_type: v.supply_type,
      effective_from: v.effective_from,
      effective_to: v.effective_to ?? "",
      name_en: `${v.en} (${DEMO_TARIFF_NOTE.en})`,
      name_hi: `${v.hi} (${DEMO_TARIFF_NOTE.hi})`,
      fixed_charge: v.fixed_charge,
      fixed_basis: v.fixed_basis,
    };
    for (const [from, to, rate] of v.slabs)
      yield {
        ...common,
        line: "slab",
        slab_from: String(from),
        slab_to: String(to),
        rate,
        extra_name_en: "",
        extra_name_hi: "",
        extra_percent: "",
      };
    for (const [en, hi, pct] of v.extras)
      yield {
        ...common,
        line: "extra",
        slab_from: "",
        slab_to: "",
        rate: "",
        extra_name_en: en,
        extra_name_hi: hi,
        extra_percent: pct,
      };
  }
}
