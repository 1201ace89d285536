import { StringMatch } from '../model/common';

const cache = new Map<string, RegExp | null>();

/**
 * Istio regexes are RE2 and must match the whole value (Envoy's safe_regex full match). JS's
 * engine accepts RE2's syntax for everything Istio allows, so anchoring is the only change.
 * Invalid patterns never match (Istio's validation would have rejected them).
 */
export function compileFullMatch(pattern: string): RegExp | null {
  let re = cache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`);
    } catch {
      re = null;
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

/** Which kind of StringMatch this is, for messages. */
export function describeStringMatch(m: StringMatch): string {
  if (m.exact !== undefined) return `exact "${m.exact}"`;
  if (m.prefix !== undefined) return `prefix "${m.prefix}"`;
  if (m.regex !== undefined) return `regex "${m.regex}"`;
  return 'present';
}

/**
 * Istio's StringMatch against a value (undefined = absent). An empty StringMatch asks only that
 * the value be present. `ignoreCase` applies to exact and prefix, as Istio's ignoreUriCase does.
 */
export function matchString(
  m: StringMatch,
  value: string | undefined,
  ignoreCase = false,
): boolean {
  if (value === undefined) return false;
  if (m.exact !== undefined)
    return ignoreCase
      ? value.toLowerCase() === m.exact.toLowerCase()
      : value === m.exact;
  if (m.prefix !== undefined) {
    return ignoreCase
      ? value.toLowerCase().startsWith(m.prefix.toLowerCase())
      : value.startsWith(m.prefix);
  }
  if (m.regex !== undefined)
    return compileFullMatch(m.regex)?.test(value) ?? false;
  return true;
}
