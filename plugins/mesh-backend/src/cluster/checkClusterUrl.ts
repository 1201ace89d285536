import { InputError } from '@backstage/errors';
import { promises as dns } from 'dns';
import ipaddr from 'ipaddr.js';

/** Resolves a host name to all its addresses, as `dns.promises.lookup(host, { all: true })` does. */
export type LookupAll = (
  hostname: string,
) => Promise<Array<{ address: string; family: number }>>;

const lookupAll: LookupAll = hostname =>
  dns.lookup(hostname, { all: true, verbatim: true });

export interface CheckClusterUrlOptions {
  /** The registration's `allowInsecure`: permits an `http://` URL. Default false: https only. */
  allowInsecure?: boolean;
  /**
   * `mesh.allowPrivateClusterUrls`: permits private, loopback, link-local, unique-local and
   * unspecified addresses. Default false.
   */
  allowPrivateClusterUrls?: boolean;
  /** The field named in error messages: `apiUrl` for the API, `mesh.clusters[0].apiUrl` for config. */
  field?: string;
  /** Name resolution; tests pass a fake. */
  lookup?: LookupAll;
}

/**
 * Address ranges (ipaddr.js names) a cluster URL may not point at unless private URLs are allowed.
 * Beyond private, loopback, link-local, unique-local and unspecified: carrier-grade NAT
 * (100.64/10, a provider's internal network), IPv4 broadcast, and IPv6 site-local (fec0::/10,
 * the deprecated predecessor of unique-local that some stacks still route internally).
 */
const PRIVATE_RANGES = new Set([
  'unspecified',
  'private',
  'loopback',
  'linkLocal',
  'uniqueLocal',
  'carrierGradeNat',
  'broadcast',
  'deprecatedSiteLocal',
]);

/** IPv6 forms that carry an IPv4 address in their last 32 bits, which is what a connection reaches. */
const IPV4_EMBEDDING_RANGES = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052']);

function embeddedIPv4(addr: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const p = addr.parts;
  // IPv4-compatible (::a.b.c.d, deprecated) has no range name of its own: ipaddr calls it unicast.
  const ipv4Compatible =
    p.slice(0, 6).every(x => x === 0) && (p[6] !== 0 || p[7] > 1);
  if (!ipv4Compatible && !IPV4_EMBEDDING_RANGES.has(addr.range()))
    return undefined;
  return new ipaddr.IPv4([p[6] >> 8, p[6] & 0xff, p[7] >> 8, p[7] & 0xff]);
}

/**
 * The private range an IP address is in (`loopback`, `private`, …), or undefined for an address
 * a public cluster may have. IPv6 addresses that embed an IPv4 one are judged by that IPv4 address.
 * Throws for a string that is not an IP address.
 */
export function privateAddressRange(address: string): string | undefined {
  let addr = ipaddr.parse(address);
  if (addr.kind() === 'ipv6') {
    addr = embeddedIPv4(addr as ipaddr.IPv6) ?? addr;
  }
  const range = addr.range();
  return PRIVATE_RANGES.has(range) ? range : undefined;
}

/** What the check found, for callers that want to log or pin the addresses. */
export interface CheckedClusterUrl {
  url: URL;
  /** The addresses the host resolved to (the host itself for an IP literal); empty when not resolved. */
  addresses: string[];
}

/**
 * Checks a cluster API URL before Meshport sends a token to it (registration, connection test,
 * clusters from config). A registration is an admin's request to make this backend connect
 * somewhere with a credential, so without these rules it could be used to reach the backend's
 * own network (metadata services, databases, other pods).
 *
 * - https only, unless `allowInsecure` (then http too): a bearer token over plain http is readable
 *   by anyone on the path.
 * - no `user:password@`: credentials belong in `token`, where they are encrypted; the URL is
 *   shown to every reader of the clusters list.
 * - no private, loopback, link-local, unique-local or unspecified address, for IP literals and for
 *   every address a host name resolves to, unless `allowPrivateClusterUrls`.
 *
 * Throws InputError naming the field (`apiUrl …`). The message never repeats a URL that carries
 * credentials. The resolution is checked when called; a host whose DNS later changes is not
 * re-checked here.
 */
export async function checkClusterUrl(
  apiUrl: string,
  options: CheckClusterUrlOptions = {},
): Promise<CheckedClusterUrl> {
  const field = options.field ?? 'apiUrl';
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new InputError(
      `${field} must be a URL such as https://10.0.0.1:6443`,
    );
  }
  if (url.username || url.password) {
    throw new InputError(
      `${field} must not contain a user name or password: put the credential in token`,
    );
  }
  if (url.protocol === 'http:') {
    if (!options.allowInsecure) {
      throw new InputError(
        `${field} must use https: set allowInsecure to true to send the token over plain http`,
      );
    }
  } else if (url.protocol !== 'https:') {
    throw new InputError(
      `${field} must start with https:// (or http:// with allowInsecure)`,
    );
  }

  // WHATWG URL has already normalised IPv4 shorthands (2130706433, 0x7f.1) to dotted form and
  // wraps IPv6 literals in brackets.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // Strict forms only: ipaddr's own parser also takes "1" or "0x7f" as IPv4, which a host name may not be.
  const isIpLiteral =
    ipaddr.IPv4.isValidFourPartDecimal(host) || ipaddr.IPv6.isValid(host);
  if (options.allowPrivateClusterUrls) {
    return { url, addresses: isIpLiteral ? [host] : [] };
  }

  let addresses: string[];
  if (isIpLiteral) {
    addresses = [host];
  } else {
    try {
      addresses = (await (options.lookup ?? lookupAll)(host)).map(
        a => a.address,
      );
    } catch (e) {
      // Failing closed: an unresolvable name cannot be shown to be public.
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new InputError(
        `${field} host ${host} cannot be resolved (${code})`,
      );
    }
    if (addresses.length === 0)
      throw new InputError(`${field} host ${host} cannot be resolved`);
  }
  for (const address of addresses) {
    const range = privateAddressRange(address);
    if (range) {
      const via = address === host ? '' : ` (${host} resolves to ${address})`;
      throw new InputError(
        `${field} points at a ${range} address${via}; set mesh.allowPrivateClusterUrls to true to allow clusters on private networks`,
      );
    }
  }
  return { url, addresses };
}
