import net from "node:net";

/**
 * The key a client address is throttled under. An IPv6 client usually holds a
 * whole /64 (and picks new addresses in it at will), so IPv6 addresses count
 * per /64; an IPv4-mapped IPv6 address counts as its IPv4 address.
 */
export function throttleAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (net.isIPv6(ip)) return `${expandIPv6(ip).slice(0, 4).join(":")}::/64`;
  return ip;
}

/** The eight hextets of an IPv6 address, without a zone, each without leading zeros. */
function expandIPv6(ip: string): string[] {
  const bare = ip.split("%")[0] ?? ip;
  const [head = "", tail] = bare.split("::");
  const parts = (s: string) => (s === "" ? [] : s.split(":"));
  const h = parts(head);
  const t = tail === undefined ? [] : parts(tail);
  // An embedded IPv4 tail (::1.2.3.4) takes two hextets; its exact value does not matter past the /64.
  const width = (xs: string[]) => xs.reduce((n, x) => n + (x.includes(".") ? 2 : 1), 0);
  const zeros = tail === undefined ? [] : Array(Math.max(0, 8 - width(h) - width(t))).fill("0");
  return [...h, ...zeros, ...t].map((x) =>
    x.includes(".") ? x : (Number.parseInt(x, 16) || 0).toString(16),
  );
}
