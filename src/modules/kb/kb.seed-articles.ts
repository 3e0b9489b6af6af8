// The demo's knowledge-base articles for an MP DISCOM, Hindi and English: pure data, loaded by the demo.
// Rates are never written here: they come from the tariff table the admin fills.
import type { KbCategory } from "../../db/schema.constants.ts";

export interface SeedArticle {
  slug: string;
  category: KbCategory;
  titleEn: string;
  titleHi: string;
  /** Markdown. */
  bodyEn: string;
  bodyHi: string;
  /** The SMS summary: at most 2 SMS parts (306 GSM-7 / 134 UCS-2 characters). */
  summaryEn: string;
  summaryHi: string;
  keywords: string[];
  /** Complaint category codes the article helps with (complaint_categories.code). */
  complaintCategories: string[];
}

export const KB_SEED_ARTICLES: readonly SeedArticle[] = [];
