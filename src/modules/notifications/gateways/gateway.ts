import type { SmsLayout } from "../../../lib/sms-text.ts";

/** One SMS as a gateway sends it: the text already in the recipient's language, with its DLT registration. */
export interface OutgoingSms {
  outboxId: number;
  /** Ten digits, 6-9 first (the outbox checks it). */
  to: string;
  text: string;
  /** Its encoding and parts, worked out once by the dispatcher. */
  layout: SmsLayout;
  sender: string;
  dltTemplateId: string;
}

/** What the gateway said: one SMSC message id per part. */
export interface SubmitResult {
  smscIds: string[];
}

/** A delivery receipt: the SMSC's id of one part and its final state (DELIVRD, UNDELIV, EXPIRED, REJECTD, ...). */
export interface DeliveryReceipt {
  smscId: string;
  status: string;
  at: Date;
  error?: string | undefined;
}

/** An SMS a consumer sent us (mobile originated). */
export interface InboundSms {
  from: string;
  text: string;
  at: Date;
}

/**
 * A refusal or failure. `transient`: try again later (the gateway is down,
 * the SMSC is busy); otherwise the message fails for good. `throttled`: the
 * SMSC asks us to slow down.
 */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly throttled = false,
  ) {
    super(message);
  }
}

export interface GatewayHandlers {
  receipt(r: DeliveryReceipt): void;
  inbound(m: InboundSms): void;
  /** The gateway can (true) or cannot (false) send now. */
  state?(up: boolean): void;
}

export interface SmsGateway {
  readonly name: string;
  /** How many submits may be outstanding at once. */
  readonly window: number;
  start(handlers: GatewayHandlers): Promise<void>;
  submit(sms: OutgoingSms): Promise<SubmitResult>;
  close(): Promise<void>;
}

/** A mobile for logs: 98******11. */
export function maskMobile(m: string): string {
  return m.length < 6 ? "***" : `${m.slice(0, 2)}${"*".repeat(m.length - 4)}${m.slice(-2)}`;
}
