// The knowledge base's text rules, pure (no React): the SMS part counter, the language of a query,
// a snippet's clean start. test/kb-web.test.ts checks them.

// GSM 03.38: a text of these characters goes 160 to an SMS (153 a part); anything else (Hindi) as
// UCS-2, 70 (67 a part). The editor's live counter; the server counts again when it saves.
const GSM =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXT = "\f^{}\\[~]|€";

/** The SMS parts a text takes, and its length as the network counts it. */
export function smsParts(text: string): { parts: number; units: number; ucs2: boolean } {
  const chars = [...text];
  const ucs2 = chars.some((c) => !GSM.includes(c) && !GSM_EXT.includes(c));
  const units = ucs2 ? text.length : chars.reduce((n, c) => n + (GSM_EXT.includes(c) ? 2 : 1), 0);
  const [single, part] = ucs2 ? [70, 67] : [160, 153];
  return { parts: units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / part), units, ucs2 };
}

/**
 * A snippet cut from the middle of a text may start on a Devanagari vowel sign or virama, which
 * then shows on a dotted circle: drop those after the leading "…".
 */
export function cleanSnippet(snippet: string): string {
  return snippet.replace(/^(…\s*)[\u0900-\u0903\u093A-\u094F\u0951-\u0957\u0962\u0963\u200C\u200D]+/u, "$1");
}

/** The language a search was typed in: Devanagari is Hindi. */
export function languageOfText(text: string): "hi" | "en" | undefined {
  if (/[\u0900-\u097F]/.test(text)) return "hi";
  if (/[A-Za-z]/.test(text)) return "en";
  return undefined;
}
