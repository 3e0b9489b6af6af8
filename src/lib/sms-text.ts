/**
 * How an SMS travels: GSM-7 (the GSM 03.38 default alphabet; 160 characters
 * in one SMS, 153 a part of a long one, extension characters counting two)
 * or UCS-2 (anything else, Hindi among it; 70 in one SMS, 67 a part).
 */
export type SmsEncoding = "gsm7" | "ucs2";

const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED = "\f^{}\\[~]|€";
const basic = new Set([...GSM_BASIC]);
const extended = new Set([...GSM_EXTENDED]);

export function smsEncoding(text: string): SmsEncoding {
  for (const ch of text) if (!basic.has(ch) && !extended.has(ch)) return "ucs2";
  return "gsm7";
}

/** Septets a GSM-7 text takes (extension characters take an escape and themselves). */
function septets(ch: string): number {
  return extended.has(ch) ? 2 : 1;
}

/** UTF-16 code units a character takes in UCS-2 (a character outside the BMP takes two). */
function units(ch: string): number {
  return ch.length;
}

export interface SmsLayout {
  encoding: SmsEncoding;
  /** Characters as the user sees them. */
  characters: number;
  /** The parts it goes as (1 when it fits one SMS). */
  parts: string[];
}

/**
 * Splits a text into the parts of a concatenated SMS, never inside an
 * extension character's escape or a surrogate pair.
 */
export function smsLayout(text: string): SmsLayout {
  const encoding = smsEncoding(text);
  const size = encoding === "gsm7" ? septets : units;
  const single = encoding === "gsm7" ? 160 : 70;
  const part = encoding === "gsm7" ? 153 : 67;
  const chars = [...text];
  const total = chars.reduce((n, ch) => n + size(ch), 0);
  if (total <= single) return { encoding, characters: chars.length, parts: [text] };
  const parts: string[] = [];
  let current = "";
  let used = 0;
  for (const ch of chars) {
    const n = size(ch);
    if (used + n > part) {
      parts.push(current);
      current = "";
      used = 0;
    }
    current += ch;
    used += n;
  }
  if (current) parts.push(current);
  return { encoding, characters: chars.length, parts };
}

/** The 6-byte concatenation header (IEI 0x00, 8-bit reference) of part `seq` of `total`. */
export function concatUdh(reference: number, total: number, seq: number): Buffer {
  return Buffer.from([0x05, 0x00, 0x03, reference & 0xff, total, seq]);
}
