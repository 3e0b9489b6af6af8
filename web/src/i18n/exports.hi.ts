import type { exportsEn } from "./exports.en.ts";

/** Issue 16's export strings in Hindi. A missing key is a type error. */
export const exportsHi: Record<keyof typeof exportsEn, string> = {
  "export.download": "डाउनलोड",
  "export.csv": "CSV फ़ाइल",
  "export.xlsx": "एक्सेल",
  "export.cb.history": "इतिहास",
  "export.cb.historyIntro":
    "आपके क्षेत्र की हर कॉलबैक, उसका जो भी परिणाम रहा, नवीनतम पहले। फ़िल्टर करें, फिर ठीक वही डाउनलोड करें जो दिख रहा है।",
  "export.cb.status": "स्थिति",
  "export.cb.anyStatus": "कोई भी स्थिति",
  "export.cb.lastCall": "अंतिम कॉल",
  "export.cb.anyOutcome": "कोई भी अंतिम कॉल",
  "export.cb.office": "वितरण केंद्र या कार्यालय कोड",
  "export.cb.closedFrom": "बंद होने की तिथि से",
  "export.cb.closedTo": "तक",
  "export.cb.closed": "बंद",
  "export.cb.rating": "रेटिंग",
  "export.cb.none": "इन फ़िल्टर से कोई कॉलबैक नहीं मिली।",
  "export.cb.status.open": "खुली",
  "export.cb.status.link_sent": "लिंक भेजा गया",
  "export.cb.status.confirmed": "ठीक होने की पुष्टि",
  "export.cb.status.not_fixed": "ठीक नहीं हुई",
  "export.cb.status.not_confirmed": "पुष्टि नहीं हुई",
  "export.cb.status.cancelled": "रद्द",
};
