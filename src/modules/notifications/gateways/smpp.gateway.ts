import type { Logger } from "pino";
import smpp, { type PDU, type Session } from "smpp";
import { concatUdh } from "../../../lib/sms-text.ts";
import {
  type DeliveryReceipt,
  GatewayError,
  type GatewayHandlers,
  type OutgoingSms,
  type SmsGateway,
  type SubmitResult,
} from "./gateway.ts";

export interface SmppOptions {
  /** smpp://system_id:password@host:port */
  url: string;
  /** The DLT principal entity id, sent with every submit. */
  entityId: string;
  /** TLV tags of the DLT entity and template ids (aggregators differ; 0x1400 and 0x1401 by default). */
  entityTag?: number;
  templateTag?: number;
  /**
   * How the DLT ids are written in their TLVs: `cstring` (the default) ends
   * each with a NUL, as SMPP 3.4 C-Octet Strings; `octets` sends the digits
   * alone. Operators' DLT specifications differ.
   */
  dltTlvEncoding?: DltTlvEncoding;
  /** Submits outstanding at once. */
  window?: number;
  /**
   * A long message as concatenated parts, each with a UDH (`udh`, the
   * default), or as one submit_sm with the whole text in the message_payload
   * TLV (`payload`: the SMSC splits it; one message id).
   */
  longMessages?: "udh" | "payload";
  enquireLinkMs?: number;
  responseTimeoutMs?: number;
  logger?: Logger | undefined;
}

export type DltTlvEncoding = "cstring" | "octets";

const registered = new Map<number, string>();

/**
 * The smpp package reads TLVs by name; give each configured tag one. Its
 * value is raw bytes, so the encoding is ours (see `dltTlvValue`), and an
 * SMSC built on the package reads exactly what went on the wire.
 */
function tlvName(tag: number): string {
  let name = registered.get(tag);
  if (!name) {
    name = `powerdesk_tlv_${tag.toString(16)}`;
    smpp.addTLV(name, { id: tag, type: smpp.types.tlv.buffer });
    registered.set(tag, name);
  }
  return name;
}

/** A DLT id as its TLV's value: ASCII digits, NUL-terminated for `cstring`. */
export function dltTlvValue(id: string, encoding: DltTlvEncoding): Buffer {
  const digits = Buffer.from(id, "ascii");
  return encoding === "cstring" ? Buffer.concat([digits, Buffer.from([0])]) : digits;
}

/** "id:abc sub:001 dlvrd:001 submit date:2611281200 done date:2611281201 stat:DELIVRD err:000 text:..." */
export function parseReceiptText(text: string): { id?: string; stat?: string; err?: string } {
  const pick = (key: string) => new RegExp(`(?:^|\\s)${key}:(\\S+)`, "i").exec(text)?.[1];
  return { id: pick("id"), stat: pick("stat")?.toUpperCase(), err: pick("err") };
}

function messageText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "message" in value) {
    const m = (value as { message: unknown }).message;
    return typeof m === "string" ? m : Buffer.isBuffer(m) ? m.toString("utf8") : "";
  }
  return Buffer.isBuffer(value) ? value.toString("latin1") : "";
}

/** States of a receipt's message_state TLV (SMPP 3.4, 5.2.28). */
const MESSAGE_STATE: Record<number, string> = {
  1: "ENROUTE",
  2: "DELIVRD",
  3: "EXPIRED",
  4: "DELETED",
  5: "UNDELIV",
  6: "ACCEPTD",
  7: "UNKNOWN",
  8: "REJECTD",
};

/**
 * SMPP 3.4 as an ESME: bind_transceiver, enquire_link keep-alive, reconnect
 * with backoff, long and Hindi messages as concatenated parts (UDH) or in
 * message_payload, the DLT ids in TLVs, delivery receipts and inbound SMS from deliver_sm.
 */
export class SmppGateway implements SmsGateway {
  readonly name = "smpp";
  readonly window: number;
  private session: Session | undefined;
  private bound = false;
  private closing = false;
  private backoff = 1000;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private handlers: GatewayHandlers | undefined;
  private readonly pending = new Set<(err: Error) => void>();
  private reference = Math.floor(Math.random() * 256);
  private readonly entityTlv: string;
  private readonly templateTlv: string;
  private readonly credentials: { system_id: string; password: string; host: string; port: number };

  constructor(private readonly options: SmppOptions) {
    this.window = options.window ?? 10;
    const u = new URL(options.url);
    this.credentials = {
      system_id: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      host: u.hostname,
      port: Number(u.port || 2775),
    };
    this.entityTlv = tlvName(options.entityTag ?? 0x1400);
    this.templateTlv = tlvName(options.templateTag ?? 0x1401);
  }

  /** Resolves once bound, or after the first attempt failed (it keeps trying in the background). */
  start(handlers: GatewayHandlers): Promise<void> {
    this.handlers = handlers;
    return new Promise((resolve) => this.connect(resolve));
  }

  private connect(done?: () => void): void {
    if (this.closing) return;
    const { host, port, system_id, password } = this.credentials;
    const log = this.options.logger;
    const session = smpp.connect({
      host,
      port,
      auto_enquire_link_period: this.options.enquireLinkMs ?? 30_000,
    });
    this.session = session;
    let settled = false;
    const settle = () => {
      if (!settled) {
        settled = true;
        done?.();
      }
    };
    session.on("connect", () => {
      session.bind_transceiver({ system_id, password, interface_version: 0x34 }, (pdu) => {
        if (pdu.command_status === 0) {
          this.bound = true;
          this.backoff = 1000;
          log?.info({ host, port }, "smpp: bound as transceiver");
          this.handlers?.state?.(true);
        } else {
          log?.error({ status: pdu.command_status }, "smpp: bind refused");
          session.close();
        }
        settle();
      });
    });
    session.on("deliver_sm", (pdu: PDU) => this.onDeliver(session, pdu));
    session.on("enquire_link", (pdu: PDU) => session.send(pdu.response()));
    session.on("unbind", (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on("error", (err: Error) => {
      log?.warn({ err: err.message }, "smpp: connection error");
    });
    session.on("close", () => {
      const was = this.bound;
      this.bound = false;
      if (this.session === session) this.session = undefined;
      for (const fail of this.pending) fail(new GatewayError("SMPP connection lost", true));
      this.pending.clear();
      if (was) this.handlers?.state?.(false);
      settle();
      if (this.closing) return;
      log?.warn({ retryInMs: this.backoff }, "smpp: disconnected; reconnecting");
      this.reconnectTimer = setTimeout(() => this.connect(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, 30_000);
    });
  }

  private onDeliver(session: Session, pdu: PDU): void {
    session.send(pdu.response());
    const esm = Number(pdu.esm_class ?? 0);
    const text = messageText(pdu.short_message) || messageText(pdu.message_payload);
    if ((esm & 0x3c) === 0x04) {
      const parsed = parseReceiptText(text);
      const id = (pdu.receipted_message_id as string | undefined) || parsed.id;
      const state = pdu.message_state !== undefined ? MESSAGE_STATE[Number(pdu.message_state)] : undefined;
      if (!id) return;
      const receipt: DeliveryReceipt = {
        smscId: String(id),
        status: parsed.stat ?? state ?? "UNKNOWN",
        at: new Date(),
        error: parsed.err && parsed.err !== "000" ? `err ${parsed.err}` : undefined,
      };
      this.handlers?.receipt(receipt);
      return;
    }
    const from = String(pdu.source_addr ?? "").replace(/^\+?91(?=[6-9]\d{9}$)/, "");
    this.handlers?.inbound({ from, text, at: new Date() });
  }

  private submitPart(fields: Record<string, unknown>): Promise<string> {
    const session = this.session;
    if (!session || !this.bound) return Promise.reject(new GatewayError("not bound to the SMSC", true));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(fail);
        reject(new GatewayError("no submit_sm_resp in time", true));
      }, this.options.responseTimeoutMs ?? 30_000);
      const fail = (err: Error) => {
        clearTimeout(timer);
        reject(err);
      };
      this.pending.add(fail);
      session.submit_sm(fields, (resp) => {
        clearTimeout(timer);
        this.pending.delete(fail);
        const status = resp.command_status;
        if (status === 0) return resolve(String(resp.message_id));
        if (status === smpp.ESME_RTHROTTLED || status === smpp.ESME_RMSGQFUL)
          return reject(new GatewayError(`SMSC throttling (0x${status.toString(16)})`, true, true));
        if (status === smpp.ESME_RSYSERR)
          return reject(new GatewayError(`SMSC system error (0x${status.toString(16)})`, true));
        reject(new GatewayError(`SMSC refused the message (0x${status.toString(16)})`, false));
      });
    });
  }

  async submit(sms: OutgoingSms): Promise<SubmitResult> {
    const layout = sms.layout;
    const dataCoding = layout.encoding === "gsm7" ? 0x00 : 0x08;
    const base = {
      source_addr_ton: 5,
      source_addr_npi: 0,
      source_addr: sms.sender,
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: `91${sms.to}`,
      registered_delivery: 1,
      data_coding: dataCoding,
      [this.entityTlv]: dltTlvValue(this.options.entityId, this.options.dltTlvEncoding ?? "cstring"),
      [this.templateTlv]: dltTlvValue(sms.dltTemplateId, this.options.dltTlvEncoding ?? "cstring"),
    };
    if (layout.parts.length === 1)
      return { smscIds: [await this.submitPart({ ...base, short_message: sms.text })] };
    if (this.options.longMessages === "payload")
      // Encoded by data_coding like short_message (UCS-2 big-endian for Hindi), which stays empty.
      return {
        smscIds: [await this.submitPart({ ...base, short_message: "", message_payload: sms.text })],
      };
    this.reference = (this.reference + 1) % 256;
    const ref = this.reference;
    const total = layout.parts.length;
    // The parts go in order, together: the handset reassembles them by the header.
    const ids = await Promise.all(
      layout.parts.map((part, i) =>
        this.submitPart({
          ...base,
          esm_class: 0x40,
          short_message: { udh: concatUdh(ref, total, i + 1), message: part },
        }),
      ),
    );
    return { smscIds: ids };
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const session = this.session;
    if (!session) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        session.close();
        resolve();
      }, 2000);
      if (this.bound)
        session.unbind({}, () => {
          clearTimeout(t);
          session.close(() => resolve());
        });
      else {
        clearTimeout(t);
        session.close();
        resolve();
      }
    });
  }
}
