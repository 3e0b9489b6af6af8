import type { Logger } from "pino";
import {
  type GatewayHandlers,
  maskMobile,
  type OutgoingSms,
  type SmsGateway,
  type SubmitResult,
} from "./gateway.ts";

/**
 * The gateway of `npm start`: nothing leaves the machine. Each message is
 * marked sent in the outbox (the UI shows what consumers would get) and
 * logged without its text or the full mobile.
 */
export class LogGateway implements SmsGateway {
  readonly name = "log";
  readonly window = 100;
  private seq = 0;
  constructor(private readonly logger?: Logger) {}

  async start(handlers: GatewayHandlers): Promise<void> {
    handlers.state?.(true);
  }

  async submit(sms: OutgoingSms): Promise<SubmitResult> {
    const layout = sms.layout;
    this.logger?.info(
      {
        outboxId: sms.outboxId,
        to: maskMobile(sms.to),
        parts: layout.parts.length,
        encoding: layout.encoding,
      },
      "sms (log gateway): not sent anywhere",
    );
    return { smscIds: layout.parts.map(() => `log-${Date.now().toString(36)}-${++this.seq}`) };
  }

  async close(): Promise<void> {}
}
