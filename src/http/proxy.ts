import net from "node:net";
import type { TrustProxy } from "../config.ts";

/** What a proxy-addr trust function gets: an address on the chain and its hop (0: the socket's peer). */
export type TrustFn = (address: string, hop: number) => boolean;

const NAMED: Record<string, string[]> = {
  loopback: ["127.0.0.1/8", "::1/128"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
  uniquelocal: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

/**
 * Reads one TRUST_PROXY entry (an address, a CIDR, or loopback / linklocal /
 * uniquelocal) into `list`; returns a problem or undefined.
 */
function addEntry(list: net.BlockList, entry: string): string | undefined {
  for (const named of NAMED[entry] ?? []) addEntry(list, named);
  if (NAMED[entry]) return undefined;
  const [address = "", prefix, extra] = entry.split("/");
  const family = net.isIP(address);
  if (family === 0 || extra !== undefined) return `"${entry}" is not an address or CIDR`;
  const type = family === 4 ? "ipv4" : "ipv6";
  if (prefix === undefined) {
    list.addAddress(address, type);
    return undefined;
  }
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  if (bits < 0 || bits > (family === 4 ? 32 : 128)) return `"${entry}" has a bad prefix length`;
  list.addSubnet(address, bits, type);
  return undefined;
}

/** Checks a TRUST_PROXY address list; returns the first problem, if any. */
export function proxyListProblem(entries: string[]): string | undefined {
  const list = new net.BlockList();
  for (const e of entries) {
    const problem = addEntry(list, e);
    if (problem) return problem;
  }
  return undefined;
}

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
