import { createHmac, timingSafeEqual } from "node:crypto";

// A scheduled report's link: /r/<token>, where the token is the document's id
// (a varint), the day it expires (days since 1970, UTC, 2 bytes) and the first
// 6 bytes of an HMAC-SHA256 of both under the server's secret, in base64url.
// Nothing is stored per link, and the token is short enough that the whole
// link fits a DLT variable (30 characters): 12 characters up to document 127,
// 15 up to two million. A 48-bit MAC cannot be guessed online: tries are
// throttled per address.

const DAY_MS = 86_400_000;
const MAC_BYTES = 6;

export interface ReportLinkClaims {
  documentId: number;
  /** The instant the link stops working: a UTC midnight. */
  expiresAt: Date;
}

/** The UTC midnight on or after `at`: links end at a day's boundary so the token carries a day number. */
export function linkExpiry(at: Date): Date {
  return new Date(Math.ceil(at.getTime() / DAY_MS) * DAY_MS);
}

function mac(secret: Buffer, body: Buffer): Buffer {
  return createHmac("sha256", secret).update("report-link:v1:").update(body).digest().subarray(0, MAC_BYTES);
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** The token of a document's link (expiresAt must be a UTC midnight: see linkExpiry). */
export function signReportLink(secret: Buffer, claims: ReportLinkClaims): string {
  if (!Number.isSafeInteger(claims.documentId) || claims.documentId < 1) throw new Error("bad document id");
  const day = claims.expiresAt.getTime() / DAY_MS;
  if (!Number.isInteger(day) || day < 0 || day > 0xffff) throw new Error("expiry must be a UTC midnight");
  const body = Buffer.from([...varint(claims.documentId), day >> 8, day & 0xff]);
  return Buffer.concat([body, mac(secret, body)]).toString("base64url");
}

/**
 * The claims of a token whose MAC is right (compared in constant time), or
 * undefined for anything else: malformed, truncated, padded, tampered. Expiry
 * is the caller's to check against its clock.
 */
export function verifyReportLink(secret: Buffer, token: string): ReportLinkClaims | undefined {
  if (!/^[A-Za-z0-9_-]{10,24}$/.test(token)) return undefined;
  const raw = Buffer.from(token, "base64url");
  // One spelling per token: trailing bits that base64url ignores would make a second.
  if (raw.toString("base64url") !== token) return undefined;
  let id = 0;
  let i = 0;
  let scale = 1;
  for (; ; i++) {
    if (i >= 8 || i >= raw.length) return undefined;
    const b = raw[i] as number;
    id += (b & 0x7f) * scale;
    scale *= 0x80;
    if ((b & 0x80) === 0) break;
  }
  // The varint's last byte, then 2 bytes of day and the MAC, exactly.
  const bodyEnd = i + 1 + 2;
  if (raw.length !== bodyEnd + MAC_BYTES) return undefined;
  const body = raw.subarray(0, bodyEnd);
  const given = raw.subarray(bodyEnd);
  if (!timingSafeEqual(given, mac(secret, body))) return undefined;
  // A varint with a needless 0x80 byte would be a second spelling of the id; the MAC covers the bytes, so it is ours anyway.
  if (id < 1) return undefined;
  const day = ((raw[i + 1] as number) << 8) | (raw[i + 2] as number);
  return { documentId: id, expiresAt: new Date(day * DAY_MS) };
}

/** The link in the SMS: the scheme goes when the whole would pass 30 characters (as the other SMS links). */
export function reportLinkUrl(base: string, token: string): string {
  const full = `${base.replace(/\/+$/, "")}/r/${token}`;
  return full.length <= 30 ? full : full.replace(/^https?:\/\//, "");
}
