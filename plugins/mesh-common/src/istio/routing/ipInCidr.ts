function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/**
 * Whether an address is inside a CIDR block (or equals a bare address), as Istio's
 * destinationSubnets and ipBlocks compare them. IPv4 by prefix; IPv6 only as an exact address.
 */
export function ipInCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.trim().split('/');
  const a = ipv4ToInt(ip);
  const b = ipv4ToInt(base);
  if (a === undefined || b === undefined)
    return bitsText === undefined && ip.toLowerCase() === base.toLowerCase();
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  // Division instead of bit shifts: JS shifts are signed 32-bit.
  const block = 2 ** (32 - bits);
  return Math.floor(a / block) === Math.floor(b / block);
}
