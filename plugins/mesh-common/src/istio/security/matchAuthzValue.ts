import { escapeRegex } from '../../metrics/regexOfValues';
import { ipInCidr } from '../routing/ipInCidr';
import { compileFullMatch } from '../routing/stringMatch';

function templateToRegex(template: string): string {
  // `{*}` is one path segment, `{**}` any number; everything else literal.
  return template
    .split(/(\{\*\*\}|\{\*\})/)
    .map(part => {
      if (part === '{**}') return '.+';
      if (part === '{*}') return '[^/]+';
      return escapeRegex(part);
    })
    .join('');
}

/**
 * AuthorizationPolicy string matching: `*` means present (non-empty), `abc*` a prefix, `*abc` a
 * suffix, anything else exact. Paths also accept Istio's `{*}`/`{**}` segment templates.
 */
export function matchAuthzValue(
  pattern: string,
  value: string | undefined,
  opts: { ignoreCase?: boolean; path?: boolean } = {},
): boolean {
  if (value === undefined) return false;
  let p = pattern;
  let v = value;
  if (opts.ignoreCase) {
    p = p.toLowerCase();
    v = v.toLowerCase();
  }
  if (p === '*') return v.length > 0;
  if (opts.path && p.includes('{*'))
    return compileFullMatch(templateToRegex(p))?.test(v) ?? false;
  if (p.startsWith('*')) return v.endsWith(p.slice(1));
  if (p.endsWith('*')) return v.startsWith(p.slice(0, -1));
  return v === p;
}

export function matchAnyValue(
  patterns: string[],
  value: string | undefined,
  opts?: { ignoreCase?: boolean; path?: boolean },
): boolean {
  return patterns.some(p => matchAuthzValue(p, value, opts));
}

export function matchAnyIp(blocks: string[], ip: string | undefined): boolean {
  return ip !== undefined && blocks.some(b => ipInCidr(ip, b));
}
