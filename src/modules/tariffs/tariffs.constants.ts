// Words the tariff module says in both languages: the server's estimate is read out to callers.
// Dependency-free apart from the constants file: the web may import it.
import type { FixedBasis, SupplyType, TariffCategory } from "../../db/schema.constants.ts";

type Bilingual = { en: string; hi: string };

export const CATEGORY_NAMES: Record<TariffCategory, Bilingual> = {
  domestic: { en: "Domestic", hi: "घरेलू" },
  non_domestic: { en: "Non-domestic", hi: "गैर-घरेलू" },
  agriculture: { en: "Agriculture", hi: "कृषि" },
  industrial: { en: "Industrial", hi: "औद्योगिक" },
};

export const SUPPLY_TYPE_NAMES: Record<SupplyType, Bilingual> = {
  lt: { en: "LT (low tension)", hi: "एलटी (निम्न दाब)" },
  ht: { en: "HT (high tension)", hi: "एचटी (उच्च दाब)" },
};

export const FIXED_BASIS_NAMES: Record<FixedBasis, Bilingual> = {
  per_kw: { en: "per kW per month", hi: "प्रति किलोवाट प्रति माह" },
  per_connection: { en: "per connection per month", hi: "प्रति कनेक्शन प्रति माह" },
};

/** The note the demo's tariff table carries in its names: its figures are not a commission's. */
export const DEMO_TARIFF_NOTE: Bilingual = {
  en: "demo rates: replace with the commission's tariff order",
  hi: "डेमो दरें: आयोग के टैरिफ आदेश से बदलें",
};
