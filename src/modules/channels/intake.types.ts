import type { ConversationChannel, ConversationVisibility, MessageKind } from "../../db/schema.constants.ts";
import { MAX_MESSAGE_CHARS } from "./channels.constants.ts";

/** One consumer's message, whatever platform it came from. */
export interface InboundMessage {
  channel: ConversationChannel;
  /** The platform's id of the sender: WhatsApp/SMS number, X user id, page-scoped id. */
  senderId: string;
  senderHandle?: string | undefined;
  senderName?: string | undefined;
  visibility: ConversationVisibility;
  /** A public thread's root post id; '' for direct messages. */
  threadRef: string;
  /** A public reply's parent: when it is one of ours, the reply joins that conversation's thread. */
  parentRef?: string | undefined;
  /** Unique per channel; null only for SMS (their gateway gives none). */
  platformMessageId: string | null;
  kind: Extract<MessageKind, "text" | "image" | "other">;
  body: string;
  mediaUrl?: string | undefined;
  /** When the platform says it was sent; undefined or in the future: when we got it. */
  sentAt?: Date | undefined;
}

/** What a platform says became of one of our outgoing messages. */
export interface StatusUpdate {
  channel: ConversationChannel;
  platformMessageId: string;
  status: "sent" | "delivered" | "read" | "failed";
  error?: string | undefined;
}

/** Everything one webhook body asks for. */
export interface IntakeBatch {
  messages: InboundMessage[];
  statuses: StatusUpdate[];
}

/** Text a platform sent, fit for a text column: no NUL (PostgreSQL refuses it), at most `max` characters. */
export function clean(v: unknown, max = MAX_MESSAGE_CHARS): string {
  if (typeof v !== "string") return "";
  return v.replaceAll("\u0000", "").slice(0, max);
}

/** An id a platform sent (string or number), or undefined. */
export function idOf(v: unknown): string | undefined {
  if (typeof v === "number" && Number.isSafeInteger(v)) return String(v);
  if (typeof v !== "string") return undefined;
  const s = clean(v, 200).trim();
  return s || undefined;
}

/** A platform's unix time (seconds or milliseconds, number or string), or undefined. */
export function unixTime(v: unknown, unit: "s" | "ms"): Date | undefined {
  const n =
    typeof v === "string" && /^\d{1,16}$/.test(v) ? Number(v) : typeof v === "number" ? v : Number.NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  const d = new Date(unit === "s" ? n * 1000 : n);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export const asObject = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
