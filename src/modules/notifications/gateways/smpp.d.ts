// The smpp package (0.5.1) ships no types: what PowerDesk uses of it.
declare module "smpp" {
  import type { EventEmitter } from "node:events";
  import type { Server as NetServer } from "node:net";

  export interface PDU {
    command: string;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    response(fields?: Record<string, unknown>): PDU;
    isResponse(): boolean;
  }

  export class Session extends EventEmitter {
    socket: import("node:net").Socket;
    send(pdu: PDU, responseCallback?: (pdu: PDU) => void, sendCallback?: (pdu: PDU) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transceiver(fields: Record<string, unknown>, callback?: (pdu: PDU) => void): void;
    submit_sm(fields: Record<string, unknown>, callback?: (pdu: PDU) => void): void;
    deliver_sm(fields: Record<string, unknown>, callback?: (pdu: PDU) => void): void;
    enquire_link(fields?: Record<string, unknown>, callback?: (pdu: PDU) => void): void;
    unbind(fields?: Record<string, unknown>, callback?: (pdu: PDU) => void): void;
  }

  export class Server extends NetServer {}

  export function connect(options: {
    url?: string;
    host?: string;
    port?: number;
    auto_enquire_link_period?: number;
  }): Session;
  export function createServer(listener: (session: Session) => void): Server;
  export function addTLV(tag: string, options: { id: number; type: unknown }): void;
  export const types: { tlv: Record<string, unknown> };
  export class PDU {
    constructor(command: string, fields?: Record<string, unknown>);
  }
  export const ESME_ROK: number;
  export const ESME_RTHROTTLED: number;
  export const ESME_RMSGQFUL: number;
  export const ESME_RBINDFAIL: number;
  export const ESME_RSYSERR: number;
  export const ESME_RINVDSTADR: number;
  export const ESM_CLASS: { UDH_INDICATOR: number; MC_DELIVERY_RECEIPT: number };
}
