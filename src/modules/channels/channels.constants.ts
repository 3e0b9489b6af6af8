// Dependency-free values of the channel intake and senders (issue 14 §1).

/** A webhook body larger than this is refused (400); kept for inspection only when signed. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;
/** What the webhook routes read at most: past it the server answers 413 without reading further. */
export const WEBHOOK_READ_LIMIT = 4 * MAX_WEBHOOK_BYTES;

/** Webhook processing tries before a stored body is left as failed (for an operator to read). */
export const WEBHOOK_MAX_ATTEMPTS = 10;
/** Processing tries of a body whose status names a message we have not recorded (yet) before it is let go. */
export const STATUS_WAIT_ATTEMPTS = 3;
/** Sending tries before an outgoing message fails for good (a 4xx fails it at once). */
export const SEND_MAX_ATTEMPTS = 8;

/** Back-off after the n-th failure in a row: 5 s, 10 s, 20 s... at most 10 minutes. */
export function channelBackoffMs(failures: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, failures - 1), 10 * 60_000);
}

/** WhatsApp lets a business write free text only this long after the consumer's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 3600_000;

/**
 * The approved WhatsApp template a free-text reply goes out as when the
 * 24-hour window has closed: its one body variable is the reply's text
 * (register it with Meta in Hindi and English, e.g. "{{1}} - PowerDesk").
 */
export const WHATSAPP_FALLBACK_TEMPLATE = "powerdesk_reply";

/** The inbox's first-response SLA (app_settings key, minutes), and its default. */
export const FIRST_RESPONSE_SETTING = "inbox.first_response_minutes";
export const DEFAULT_FIRST_RESPONSE_MINUTES = 30;

/**
 * A sender past 20 messages a minute is slowed: his further messages are
 * stored (the inbox shows them) but raise no new work for the bot or the
 * inbox until the minute is over.
 */
export const FLOOD_RULE = { windowMs: 60_000, limit: 20, lockMs: 60_000 };

/** Longest text kept from one message (platforms allow 4,096; X DMs 10,000). */
export const MAX_MESSAGE_CHARS = 10_000;
