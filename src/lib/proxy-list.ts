import net from "node:net";

// TRUST_PROXY's address list, read once by config (to refuse a bad entry at
// start) and by the HTTP server (to build its trust function).

const NAMED: Record<string, string[]> = {
  loopback: ["127.0.0.1/8", "::1/128"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
  uniquelocal: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

/**
 * Reads one TRUST_PROXY entry (an address, a CIDR, or loopback / linklocal /
 * uniquelocal) into `list`; returns a problem or undefined.
 */
export function addEntry(list: net.BlockList, entry: string): string | undefined {
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
