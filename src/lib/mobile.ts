/**
 * Indian mobile numbers: 10 digits starting 6-9. Accepts what people type or
 * what a CTI sends (+91 98765 43210, 098765-43210, 919876543210) and returns the
 * 10 digits, or undefined when it is not a mobile number.
 */
export function normaliseMobile(input: string): string | undefined {
  let digits = input.replace(/[\s\-().]/g, "");
  if (digits.startsWith("+91")) digits = digits.slice(3);
  else if (digits.length === 12 && digits.startsWith("91")) digits = digits.slice(2);
  else if (digits.length === 11 && digits.startsWith("0")) digits = digits.slice(1);
  return /^[6-9]\d{9}$/.test(digits) ? digits : undefined;
}

/** Shows only the last four digits: ******3210. */
export function maskMobile(mobile: string): string {
  return `******${mobile.slice(-4)}`;
}

// A mobile inside free text: 10 digits starting 6-9, optionally after +91, 91 or 0, with single
// spaces or hyphens anywhere between the digits ("98765 43210", "+91-98765-43210"), and no digit
// right before or after it (so longer numbers, dates and amounts are left alone). Devanagari or
// any other letters may touch it: "फ़ोन9876543210" is still a mobile.
const MOBILE_IN_TEXT = /(?<!\d)(?:(?:\+\s?91|91|0)[\s-]?)?([6-9](?:[\s-]?\d){9})(?!\d)/g;

/** Every mobile number inside a text, masked to its last four digits: "फ़ोन ******3210". */
export function maskMobilesInText(text: string): string {
  if (!/[\d\u0966-\u096f]/.test(text)) return text;
  // Hindi text may write the digits in Devanagari ("९८७६५४३२१०"): match on a copy with ASCII
  // digits (one UTF-16 unit each way, so positions agree) and mask those spans of the original.
  const ascii = text.replace(/[\u0966-\u096f]/g, (d) => String(d.charCodeAt(0) - 0x966));
  let out = "";
  let last = 0;
  for (const m of ascii.matchAll(MOBILE_IN_TEXT)) {
    const at = m.index ?? 0;
    out += text.slice(last, at) + maskMobile((m[1] ?? "").replace(/\D/g, ""));
    last = at + m[0].length;
  }
  return out + text.slice(last);
}

/**
 * A copy of a JSON value with the mobiles in every string masked, except under the keys given
 * (identifiers such as a consumer number, which may look like a mobile but are not personal data).
 */
export function maskMobilesInJson<T>(value: T, keepKey: (key: string) => boolean = () => false): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return maskMobilesInText(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof Date || v === null || typeof v !== "object") return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = keepKey(k) ? x : walk(x);
    return out;
  };
  return walk(value) as T;
}
