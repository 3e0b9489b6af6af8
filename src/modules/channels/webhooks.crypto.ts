import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** Equal in constant time whatever the lengths (both sides hashed first). */
function same(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Meta's X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256(app secret, the raw body bytes). */
export function metaSignature(secret: string, raw: Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;
}

/** X's x-twitter-webhooks-signature: "sha256=" + base64 HMAC-SHA256(consumer secret, the raw body bytes). */
export function xSignature(secret: string, raw: Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(raw).digest("base64")}`;
}

/** X's challenge-response check: the response_token for a crc_token. */
export function xCrcResponse(secret: string, crcToken: string): string {
  return `sha256=${createHmac("sha256", secret).update(crcToken).digest("base64")}`;
}

/** Whether a signature header (missing: false) is the expected one. */
export function signatureMatches(header: string | string[] | undefined, expected: string): boolean {
  const given = Array.isArray(header) ? header[0] : header;
  if (typeof given !== "string" || !given) return false;
  // Hex digests may come in either case; base64 ones are case-sensitive.
  return same(
    given.startsWith("sha256=") &&
      /^[0-9A-Fa-f]{64}$/.test(given.slice(7)) &&
      /^sha256=[0-9a-f]{64}$/.test(expected)
      ? given.toLowerCase()
      : given,
    expected,
  );
}

/** The hash a stored body is unique by (per channel): a replayed delivery stores nothing new. */
export function bodySha256(raw: Buffer): string {
  return createHash("sha256").update(raw).digest("hex");
}
