import { StringMatch } from '../model/common';
import { HTTPMatchRequest } from '../model/networking';
import { describeStringMatch, matchString } from './stringMatch';

/** The parts of a request that Istio's HTTPMatchRequest can look at, normalised once per trace. */
export interface HttpMatchContext {
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  method: string;
  scheme: string;
  authority: string;
  /** Header names lowercased. */
  headers: Record<string, string>;
  port: number;
  sourceLabels: Record<string, string>;
  sourceNamespace: string;
  /** `mesh` or `<ns>/<name>` of the gateway the request passes. */
  gateway: string;
}

/** `mesh` as is; `name` relative to the VirtualService's namespace. */
function resolveGateway(gateway: string, vsNamespace: string): string {
  if (gateway === 'mesh' || gateway.includes('/')) return gateway;
  return `${vsNamespace}/${gateway}`;
}

function mismatch(
  what: string,
  actual: string | undefined,
  m: StringMatch,
): string {
  return actual === undefined
    ? `${what} is absent (wanted ${describeStringMatch(m)})`
    : `${what} "${actual}" is not ${describeStringMatch(m)}`;
}

/**
 * Evaluates one match block; every condition in it must hold (AND). Returns null when it
 * matches, otherwise the first condition that failed, in words.
 */
export function matchHttpRequest(
  m: HTTPMatchRequest,
  ctx: HttpMatchContext,
  vsNamespace: string,
): string | null {
  if (m.gateways && m.gateways.length > 0) {
    const gws = m.gateways.map(g => resolveGateway(g, vsNamespace));
    if (!gws.includes(ctx.gateway))
      return `gateway ${ctx.gateway} is not one of ${gws.join(', ')}`;
  }
  if (m.port !== undefined && m.port !== ctx.port)
    return `port ${ctx.port} is not ${m.port}`;
  if (
    m.sourceNamespace !== undefined &&
    m.sourceNamespace !== ctx.sourceNamespace
  ) {
    return `source namespace "${ctx.sourceNamespace}" is not "${m.sourceNamespace}"`;
  }
  if (m.sourceLabels) {
    for (const [k, v] of Object.entries(m.sourceLabels)) {
      if (ctx.sourceLabels[k] !== v)
        return `source label ${k}=${ctx.sourceLabels[k] ?? '(unset)'} is not ${v}`;
    }
  }
  if (m.uri && !matchString(m.uri, ctx.path, m.ignoreUriCase === true))
    return mismatch('uri', ctx.path, m.uri);
  if (m.scheme && !matchString(m.scheme, ctx.scheme))
    return mismatch('scheme', ctx.scheme, m.scheme);
  if (m.method && !matchString(m.method, ctx.method))
    return mismatch('method', ctx.method, m.method);
  if (m.authority && !matchString(m.authority, ctx.authority))
    return mismatch('authority', ctx.authority, m.authority);
  for (const [name, sm] of Object.entries(m.headers ?? {})) {
    const key = name.toLowerCase();
    if (!matchString(sm, ctx.headers[key]))
      return mismatch(`header ${key}`, ctx.headers[key], sm);
  }
  for (const [name, sm] of Object.entries(m.withoutHeaders ?? {})) {
    const key = name.toLowerCase();
    // withoutHeaders inverts the header match: an absent header always passes.
    if (matchString(sm, ctx.headers[key])) {
      return `header ${key} "${ctx.headers[key]}" is ${describeStringMatch(sm)}, which withoutHeaders excludes`;
    }
  }
  for (const [name, sm] of Object.entries(m.queryParams ?? {})) {
    // Istio supports only exact and regex for query parameters; a prefix never matches.
    if (sm.prefix !== undefined)
      return `query parameter ${name} uses prefix, which Istio does not support`;
    if (!matchString(sm, ctx.query[name]))
      return mismatch(`query parameter ${name}`, ctx.query[name], sm);
  }
  return null;
}

/** Splits `/p?a=1&b` into the path and decoded parameters (a bare key has the empty value). */
export function splitPath(pathWithQuery: string): {
  path: string;
  query: Record<string, string>;
} {
  const q = pathWithQuery.indexOf('?');
  if (q < 0) return { path: pathWithQuery, query: {} };
  const query: Record<string, string> = {};
  for (const part of pathWithQuery.slice(q + 1).split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decodeComponent(eq < 0 ? part : part.slice(0, eq));
    if (!(key in query))
      query[key] = eq < 0 ? '' : decodeComponent(part.slice(eq + 1));
  }
  return { path: pathWithQuery.slice(0, q), query };
}

function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
