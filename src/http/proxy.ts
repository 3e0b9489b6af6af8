import net from "node:net";
import type { TrustProxy } from "../config.ts";
import { addEntry } from "../lib/proxy-list.ts";

/** What a proxy-addr trust function gets: an address on the chain and its hop (0: the socket's peer). */
export type TrustFn = (address: string, hop: number) => boolean;

/**
 * The trust function Fastify's trustProxy takes. A function, not Fastify's own
 * forms: Fastify 5 trusts nothing for a bare number, and `true` trusts every
 * X-Forwarded-For a client makes up. Hops: the nearest `hops` addresses on the
 * chain (the socket's peer first) are our proxies; addresses: only proxies at
 * those addresses are believed, so a client's own X-Forwarded-For is ignored
 * unless it came through one of them.
 */
export function trustProxyFn(trust: TrustProxy): TrustFn | false {
  if (trust === false) return false;
  if ("hops" in trust) {
    const hops = trust.hops;
    return (_address, hop) => hop < hops;
  }
  const list = new net.BlockList();
  for (const e of trust.addresses) addEntry(list, e);
  return (address) => {
    // An IPv4 client on a dual-stack socket shows as ::ffff:10.0.0.1.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    const plain = mapped ?? address;
    const family = net.isIP(plain);
    return family !== 0 && list.check(plain, family === 4 ? "ipv4" : "ipv6");
  };
}
