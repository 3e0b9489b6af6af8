import type { AddressInfo } from "node:net";
import smpp, { type PDU, type Session } from "smpp";
import { maxInWindow } from "../../src/modules/notifications/sms-pacer.ts";

export interface Submitted {
  at: number;
  pdu: PDU;
  messageId: string;
  /** The text of this part, or of the whole message_payload (decoded by data_coding). */
  text: string;
  /** The text came in the message_payload TLV. */
  payload?: true;
  /** The concatenation header's reference, total and sequence, when it is a part of a long message. */
  concat?: { ref: number; total: number; seq: number };
}

/**
 * An SMSC for tests: the smpp package's server mode on localhost. It binds
 * one system_id/password, answers each submit_sm with a message id (or a
 * throttling error while told to), records what it got (short_message or
 * message_payload), sends delivery receipts, and can send mobile-originated
 * SMS.
 */
export class TestSmsc {
  readonly submitted: Submitted[] = [];
  private readonly sessions = new Set<Session>();
  private server: smpp.Server | undefined;
  private seq = 0;
  throttleNext = 0;
  receipts: "DELIVRD" | "UNDELIV" | false = "DELIVRD";
  port = 0;

  constructor(
    readonly systemId = "pdtest",
    readonly password = "secret",
  ) {}

  get url(): string {
    return `smpp://${this.systemId}:${this.password}@127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<this> {
    this.server = smpp.createServer((session) => {
      session.on("bind_transceiver", (pdu: PDU) => {
        if (pdu.system_id !== this.systemId || pdu.password !== this.password) {
          session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
          session.close();
          return;
        }
        this.sessions.add(session);
        session.send(pdu.response({ system_id: "TESTSMSC" }));
      });
      session.on("enquire_link", (pdu: PDU) => session.send(pdu.response()));
      session.on("unbind", (pdu: PDU) => {
        session.send(pdu.response());
        session.close();
      });
      session.on("close", () => this.sessions.delete(session));
      session.on("error", () => {});
      session.on("submit_sm", (pdu: PDU) => this.onSubmit(session, pdu));
      session.on("deliver_sm_resp", () => {});
    });
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  private onSubmit(session: Session, pdu: PDU): void {
    if (this.throttleNext > 0) {
      this.throttleNext--;
      session.send(pdu.response({ command_status: smpp.ESME_RTHROTTLED }));
      return;
    }
    const messageId = `M${++this.seq}`;
    const sm = pdu.short_message as { message?: unknown; udh?: Buffer[] } | string;
    const short = typeof sm === "string" ? sm : typeof sm?.message === "string" ? sm.message : "";
    const udh = typeof sm === "object" ? sm.udh?.[0] : undefined;
    // A long message in the message_payload TLV (short_message empty): the package decodes it by data_coding too.
    const mp = pdu.message_payload as { message?: unknown } | undefined;
    const payload = typeof mp?.message === "string" ? mp.message : undefined;
    this.submitted.push({
      at: performance.now(),
      pdu,
      messageId,
      text: short || payload || "",
      ...(payload !== undefined ? { payload: true } : {}),
      ...(udh && udh[0] === 0x00
        ? { concat: { ref: udh[2] as number, total: udh[3] as number, seq: udh[4] as number } }
        : {}),
    });
    session.send(pdu.response({ message_id: messageId }));
    if (this.receipts) {
      const stat = this.receipts;
      setTimeout(() => {
        session.deliver_sm({
          source_addr: pdu.destination_addr,
          destination_addr: pdu.source_addr,
          esm_class: 0x04,
          short_message: `id:${messageId} sub:001 dlvrd:${stat === "DELIVRD" ? "001" : "000"} submit date:2611281200 done date:2611281201 stat:${stat} err:000 text:`,
          receipted_message_id: messageId,
        });
      }, 5);
    }
  }

  /** A consumer's SMS to the DISCOM's number. */
  deliverMo(from: string, text: string): void {
    for (const s of this.sessions) {
      s.deliver_sm({ source_addr: from, destination_addr: "1912", esm_class: 0, short_message: text });
      return;
    }
    throw new Error("no bound session");
  }

  /** The most parts that arrived in any sliding second (half-open), as an operator enforcing its TPS counts. */
  maxPartsInAnySecond(): number {
    return maxInWindow(this.submitted.map((s) => ({ at: s.at })));
  }

  /** The raw bytes of a TLV as they came on the wire (PowerDesk registers its DLT tags as raw bytes). */
  tlv(s: Submitted, tag: number): Buffer | undefined {
    const v = s.pdu[`powerdesk_tlv_${tag.toString(16)}`];
    return Buffer.isBuffer(v) ? v : undefined;
  }

  get bound(): number {
    return this.sessions.size;
  }

  async stop(): Promise<void> {
    for (const s of this.sessions) s.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
