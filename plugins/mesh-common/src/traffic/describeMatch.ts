import { StringMatch } from '../istio/model/common';
import {
  HTTPMatchRequest,
  L4MatchAttributes,
  TLSMatchAttributes,
} from '../istio/model/networking';
import { HTTPRouteMatch } from '../istio/model/gatewayApi';

/** What the Traffic tab says of a rule without conditions. */
export const EVERY_REQUEST = 'every request';

/**
 * A StringMatch in words after its subject: `is exactly "jason"`, `starts with "/api"`,
 * `matches regex "v[0-9]+"`. An empty match only asks for the value to be present.
 */
export function describeStringCondition(m: StringMatch | undefined): string {
  if (!m) return 'is present';
  if (m.exact !== undefined) return `is exactly "${m.exact}"`;
  if (m.prefix !== undefined) return `starts with "${m.prefix}"`;
  if (m.regex !== undefined) return `matches regex "${m.regex}"`;
  return 'is present';
}

/** The negation of a StringMatch, for `withoutHeaders`. */
export function describeStringMismatch(m: StringMatch | undefined): string {
  if (!m) return 'is absent';
  if (m.exact !== undefined) return `is not "${m.exact}"`;
  if (m.prefix !== undefined) return `does not start with "${m.prefix}"`;
  if (m.regex !== undefined) return `does not match regex "${m.regex}"`;
  return 'is absent';
}

const labelsText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** One `match` block of an HTTP rule: its conditions joined with `and`. */
export function describeHttpMatch(m: HTTPMatchRequest): string {
  const parts: string[] = [];
  if (m.uri)
    parts.push(
      `path ${describeStringCondition(m.uri)}${m.ignoreUriCase ? ' (ignoring case)' : ''}`,
    );
  if (m.scheme) parts.push(`scheme ${describeStringCondition(m.scheme)}`);
  if (m.method) parts.push(`method ${describeStringCondition(m.method)}`);
  if (m.authority)
    parts.push(`authority ${describeStringCondition(m.authority)}`);
  for (const [name, sm] of Object.entries(m.headers ?? {}))
    parts.push(`header ${name} ${describeStringCondition(sm)}`);
  for (const [name, sm] of Object.entries(m.queryParams ?? {}))
    parts.push(`query parameter ${name} ${describeStringCondition(sm)}`);
  // withoutHeaders inverts each condition: an empty match means the header must be absent.
  for (const [name, sm] of Object.entries(m.withoutHeaders ?? {}))
    parts.push(`header ${name} ${describeStringMismatch(sm)}`);
  parts.push(...describeL4Parts(m));
  return parts.length > 0 ? parts.join(' and ') : EVERY_REQUEST;
}

function describeL4Parts(m: L4MatchAttributes): string[] {
  const parts: string[] = [];
  if (m.destinationSubnets?.length)
    parts.push(`destination in ${m.destinationSubnets.join(' or ')}`);
  if (m.port !== undefined) parts.push(`port ${m.port}`);
  if (m.sourceLabels && Object.keys(m.sourceLabels).length > 0)
    parts.push(`from workloads labelled ${labelsText(m.sourceLabels)}`);
  if (m.sourceNamespace) parts.push(`from namespace ${m.sourceNamespace}`);
  if (m.gateways?.length) parts.push(`through ${m.gateways.join(' or ')}`);
  return parts;
}

/**
 * An HTTP rule's `match` list in words: blocks joined with `or`; no list, or a block without
 * conditions, matches every request (Envoy then never reaches the rules after it).
 */
export function describeHttpMatches(
  matches: HTTPMatchRequest[] | undefined,
): string {
  if (!matches || matches.length === 0) return EVERY_REQUEST;
  const texts = matches.map(describeHttpMatch);
  if (texts.includes(EVERY_REQUEST)) return EVERY_REQUEST;
  return texts.join(' or ');
}

/** A TCP rule's matches (L4 attributes) in words. */
export function describeTcpMatches(
  matches: L4MatchAttributes[] | undefined,
): string {
  if (!matches || matches.length === 0) return 'every connection';
  const texts = matches.map(m => describeL4Parts(m).join(' and '));
  if (texts.includes('')) return 'every connection';
  return texts.join(' or ');
}

/** A TLS rule's matches: SNI hosts first, then the L4 attributes. */
export function describeTlsMatches(
  matches: TLSMatchAttributes[] | undefined,
): string {
  if (!matches || matches.length === 0) return 'every connection';
  return matches
    .map(m =>
      [
        ...(m.sniHosts?.length ? [`SNI ${m.sniHosts.join(' or ')}`] : []),
        ...describeL4Parts(m),
      ].join(' and '),
    )
    .map(t => t || 'every connection')
    .join(' or ');
}

const PATH_TYPE: Record<string, string> = {
  Exact: 'is exactly',
  PathPrefix: 'starts with',
  RegularExpression: 'matches regex',
};

/** A Gateway API HTTPRoute match (a missing path type is PathPrefix `/`, i.e. every request). */
export function describeGatewayApiMatch(m: HTTPRouteMatch): string {
  const parts: string[] = [];
  if (m.path?.value !== undefined) {
    const type = m.path.type ?? 'PathPrefix';
    if (!(type === 'PathPrefix' && m.path.value === '/'))
      parts.push(`path ${PATH_TYPE[type] ?? 'starts with'} "${m.path.value}"`);
  }
  if (m.method) parts.push(`method is exactly "${m.method}"`);
  const kv = (
    what: string,
    list: HTTPRouteMatch['headers'] | HTTPRouteMatch['queryParams'],
  ) =>
    (list ?? []).map(
      h =>
        `${what} ${h.name} ${h.type === 'RegularExpression' ? `matches regex "${h.value}"` : `is exactly "${h.value}"`}`,
    );
  parts.push(
    ...kv('header', m.headers),
    ...kv('query parameter', m.queryParams),
  );
  return parts.length > 0 ? parts.join(' and ') : EVERY_REQUEST;
}

/** A GRPCRoute match: `method` is `{ service, method }`. */
export interface GrpcRouteMatch {
  method?: { type?: string; service?: string; method?: string };
  headers?: HTTPRouteMatch['headers'];
}

export function describeGrpcMatch(m: GrpcRouteMatch): string {
  const parts: string[] = [];
  if (m.method?.service || m.method?.method)
    parts.push(
      `gRPC method ${m.method.service ?? '*'}/${m.method.method ?? '*'}${m.method.type === 'RegularExpression' ? ' (regex)' : ''}`,
    );
  for (const h of m.headers ?? [])
    parts.push(
      `header ${h.name} ${h.type === 'RegularExpression' ? `matches regex "${h.value}"` : `is exactly "${h.value}"`}`,
    );
  return parts.length > 0 ? parts.join(' and ') : EVERY_REQUEST;
}

/** A Gateway API rule's `matches`: none means every request. */
export function describeRouteMatches<M>(
  matches: M[] | undefined,
  one: (m: M) => string,
): string {
  if (!matches || matches.length === 0) return EVERY_REQUEST;
  const texts = matches.map(one);
  if (texts.includes(EVERY_REQUEST)) return EVERY_REQUEST;
  return texts.join(' or ');
}
