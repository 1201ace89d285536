/** Small predicates for Istio's field formats: hosts, header names, regexes, ports. */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i;

/**
 * Istio's host format: a DNS name (short, `name.ns` or FQDN, optional trailing dot), `*`, or a
 * wildcard that is only the leftmost label (`*.example.com`; Istio also accepts `*example.com`
 * in some kinds, which we flag because Envoy treats it differently). Returns why it is bad, or undefined.
 */
export function hostProblem(
  host: string,
  allowWildcard = true,
): string | undefined {
  if (host.length === 0) return 'host must not be empty';
  if (host.length > 255) return 'host is longer than 255 characters';
  if (host === '*')
    return allowWildcard ? undefined : 'wildcard host "*" is not allowed here';
  let name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.startsWith('*.')) {
    if (!allowWildcard) return `wildcard host "${host}" is not allowed here`;
    name = name.slice(2);
  }
  if (name.includes('*'))
    return `"${host}": a wildcard may only be the whole leftmost label (e.g. *.example.com)`;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return undefined;
  for (const label of name.split('.')) {
    if (!DNS_LABEL.test(label) || label.length > 63)
      return `"${host}" is not a valid DNS name (label "${label}")`;
  }
  return undefined;
}

/** RFC 7230 token characters, which HTTP header names are made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function headerNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'header name must not be empty';
  // Envoy's pseudo-headers (`:authority`, `:path`) are valid match keys.
  const bare = name.startsWith(':') ? name.slice(1) : name;
  if (!TOKEN.test(bare)) return `"${name}" is not a valid HTTP header name`;
  return undefined;
}

/**
 * Envoy compiles route regexes with RE2. JavaScript understands nearly the same syntax; the
 * differences that matter are translated (named groups `(?P<n>`) or reported (lookaround and
 * backreferences, which RE2 rejects).
 */
export function regexProblem(pattern: string): string | undefined {
  if (/\(\?<?[=!]/.test(pattern))
    return `regex "${pattern}" uses lookaround, which RE2 does not support`;
  if (/\\[1-9]/.test(pattern))
    return `regex "${pattern}" uses a backreference, which RE2 does not support`;
  try {
    RegExp(pattern.replace(/\(\?P</g, '(?<'), 'u');
    return undefined;
  } catch (e) {
    return `regex "${pattern}" does not compile: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
}

export function portProblem(port: unknown): string | undefined {
  if (
    typeof port !== 'number' ||
    !Number.isInteger(port) ||
    port < 1 ||
    port > 65535
  ) {
    return `port must be an integer from 1 to 65535; got ${JSON.stringify(port)}`;
  }
  return undefined;
}

export const HTTP_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
];
