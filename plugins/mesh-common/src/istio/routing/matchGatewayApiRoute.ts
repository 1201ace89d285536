import { HTTPRouteMatch } from '../model/gatewayApi';
import { HttpMatchContext } from './matchHttpRequest';
import { compileFullMatch } from './stringMatch';

/** Gateway API path prefixes match whole segments: `/api` covers `/api` and `/api/x`, not `/apix`. */
function prefixMatches(prefix: string, path: string): boolean {
  const p =
    prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (p === '/') return true;
  return path === p || path.startsWith(`${p}/`);
}

function valueMatches(
  type: string | undefined,
  want: string,
  actual: string | undefined,
): boolean {
  if (actual === undefined) return false;
  if (type === 'RegularExpression')
    return compileFullMatch(want)?.test(actual) ?? false;
  return actual === want;
}

/** One HTTPRouteMatch (all its conditions AND'ed); null when it matches, else why not. */
export function matchGatewayApiRoute(
  m: HTTPRouteMatch,
  ctx: HttpMatchContext,
): string | null {
  const path = m.path ?? { type: 'PathPrefix', value: '/' };
  const value = path.value ?? '/';
  const type = path.type ?? 'PathPrefix';
  if (type === 'Exact' && ctx.path !== value)
    return `path "${ctx.path}" is not exactly "${value}"`;
  if (type === 'PathPrefix' && !prefixMatches(value, ctx.path))
    return `path "${ctx.path}" is not under prefix "${value}"`;
  if (
    type === 'RegularExpression' &&
    !(compileFullMatch(value)?.test(ctx.path) ?? false)
  )
    return `path "${ctx.path}" does not match regex "${value}"`;
  if (m.method && m.method.toUpperCase() !== ctx.method)
    return `method ${ctx.method} is not ${m.method}`;
  for (const h of m.headers ?? []) {
    const actual = ctx.headers[h.name.toLowerCase()];
    if (!valueMatches(h.type, h.value, actual))
      return `header ${h.name.toLowerCase()} ${actual === undefined ? 'is absent' : `"${actual}" does not match`} (wanted ${h.type ?? 'Exact'} "${h.value}")`;
  }
  for (const q of m.queryParams ?? []) {
    const actual = ctx.query[q.name];
    if (!valueMatches(q.type, q.value, actual))
      return `query parameter ${q.name} ${actual === undefined ? 'is absent' : `"${actual}" does not match`}`;
  }
  return null;
}

/**
 * The Gateway API's precedence between matches that all hold: an Exact path beats a prefix,
 * a longer prefix beats a shorter one (regexes rank last), then a method match, then more
 * header matches, then more query matches. Returns a sortable tuple, larger first.
 */
export function matchPrecedence(m: HTTPRouteMatch): number[] {
  const type = m.path?.type ?? 'PathPrefix';
  const typeRank = { Exact: 3, PathPrefix: 2, RegularExpression: 1 }[type] ?? 0;
  return [
    typeRank,
    (m.path?.value ?? '/').length,
    m.method ? 1 : 0,
    m.headers?.length ?? 0,
    m.queryParams?.length ?? 0,
  ];
}
