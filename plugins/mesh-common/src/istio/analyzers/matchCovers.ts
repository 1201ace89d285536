import { StringMatch } from '../model/common';
import { HTTPMatchRequest } from '../model/networking';

/** Whether every value `b` accepts is also accepted by `a` (conservative: false when unsure). */
export function stringMatchCovers(
  a: StringMatch | undefined,
  b: StringMatch | undefined,
): boolean {
  if (!a || Object.keys(a).length === 0) return true;
  if (!b) return false;
  if (a.prefix !== undefined) {
    if (b.exact !== undefined) return b.exact.startsWith(a.prefix);
    if (b.prefix !== undefined) return b.prefix.startsWith(a.prefix);
    return a.prefix === '';
  }
  if (a.exact !== undefined) return b.exact === a.exact;
  if (a.regex !== undefined)
    return b.regex === a.regex || a.regex === '.*' || a.regex === '^.*$';
  return false;
}

function mapCovers(
  a: Record<string, StringMatch> | undefined,
  b: Record<string, StringMatch> | undefined,
): boolean {
  return Object.entries(a ?? {}).every(
    ([k, m]) => b?.[k] !== undefined && stringMatchCovers(m, b[k]),
  );
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Whether match `a` accepts every request match `b` accepts, so that a rule with `a` placed
 * earlier leaves `b` unused. Every condition `a` sets must be implied by `b`'s.
 */
export function httpMatchCovers(
  a: HTTPMatchRequest,
  b: HTTPMatchRequest,
): boolean {
  // Every path starts with '/', so prefix '/' is no condition at all.
  const aUri = a.uri?.prefix === '/' ? undefined : a.uri;
  if (!!a.ignoreUriCase !== !!b.ignoreUriCase && aUri) return false;
  return (
    stringMatchCovers(aUri, b.uri) &&
    stringMatchCovers(a.scheme, b.scheme) &&
    stringMatchCovers(a.method, b.method) &&
    stringMatchCovers(a.authority, b.authority) &&
    mapCovers(a.headers, b.headers) &&
    mapCovers(a.queryParams, b.queryParams) &&
    (a.withoutHeaders === undefined ||
      same(a.withoutHeaders, b.withoutHeaders)) &&
    (a.port === undefined || a.port === b.port) &&
    (a.sourceNamespace === undefined ||
      a.sourceNamespace === b.sourceNamespace) &&
    (a.sourceLabels === undefined ||
      Object.entries(a.sourceLabels).every(
        ([k, v]) => b.sourceLabels?.[k] === v,
      )) &&
    (a.gateways === undefined ||
      same([...a.gateways].sort(), [...(b.gateways ?? [])].sort()))
  );
}
