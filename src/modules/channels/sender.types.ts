/** One HTTP call to a platform: where, and what. */
export interface PlatformRequest {
  url: string;
  body: unknown;
  /** Reads the platform's message id from its answer. */
  idFrom: (answer: unknown) => string | undefined;
  /** The template a WhatsApp message went out as (outside the 24-hour window). */
  template?: string | undefined;
}

/** Refused before any call: the message fails for good with this text. */
export class NotSendable extends Error {}
