import { RuleDestination } from '../api/trafficTypes';
import { StringMatch } from '../istio/model/common';
import {
  Destination,
  HeaderOperations,
  HeaderRules,
  HTTPRoute,
  Percent,
  RouteDestination,
} from '../istio/model/networking';
import { describeStringCondition } from './describeMatch';

/** `reviews (subset v3)`, `reviews:9080` — the destination as written, so it reads like the YAML. */
export function describeDestination(d: Destination): string {
  const port = d.port?.number !== undefined ? `:${d.port.number}` : '';
  return `${d.host}${port}${d.subset ? ` (subset ${d.subset})` : ''}`;
}

/**
 * A rule's destinations with their share: a lone destination without weight takes every request,
 * unweighted ones among several take none (as Istio and the route tracer read them).
 */
export function describeDestinations(
  route: RouteDestination[] | undefined,
): RuleDestination[] {
  const list = route ?? [];
  return list.map(r => {
    const weight = list.length === 1 ? (r.weight ?? 100) : (r.weight ?? 0);
    return {
      host: r.destination.host,
      subset: r.destination.subset,
      port: r.destination.port?.number,
      weight,
      text: `${describeDestination(r.destination)} — ${weight} %`,
    };
  });
}

/** A percentage as Istio reads it: absent means every request. */
function percentOf(p: Percent | undefined, legacy?: number): number {
  if (p?.value !== undefined) return p.value;
  if (legacy !== undefined) return legacy;
  return 100;
}

function headerOps(what: string, ops: HeaderOperations | undefined): string[] {
  if (!ops) return [];
  const parts: string[] = [];
  const pairs = (o: Record<string, string>) =>
    Object.entries(o).map(([k, v]) => `${k}: ${v}`);
  if (ops.set && Object.keys(ops.set).length)
    parts.push(`set ${pairs(ops.set).join(', ')}`);
  if (ops.add && Object.keys(ops.add).length)
    parts.push(`add ${pairs(ops.add).join(', ')}`);
  if (ops.remove?.length) parts.push(`remove ${ops.remove.join(', ')}`);
  return parts.length ? [`${what} headers: ${parts.join('; ')}`] : [];
}

/** Header changes of a rule or destination: `request headers: set x-a: 1; remove x-b`. */
export function describeHeaderRules(h: HeaderRules | undefined): string[] {
  return [
    ...headerOps('request', h?.request),
    ...headerOps('response', h?.response),
  ];
}

interface CorsPolicy {
  allowOrigins?: StringMatch[];
  allowOrigin?: string[];
  allowMethods?: string[];
  allowHeaders?: string[];
  exposeHeaders?: string[];
  maxAge?: string;
  allowCredentials?: boolean;
}

/** A corsPolicy in one line: origins, methods, headers, max age, credentials. */
export function describeCors(cors: CorsPolicy): string {
  const origins = [
    ...(cors.allowOrigins ?? []).map(o =>
      o.exact !== undefined ? o.exact : `origin ${describeStringCondition(o)}`,
    ),
    ...(cors.allowOrigin ?? []),
  ];
  const parts = [
    origins.length ? `origins ${origins.join(', ')}` : 'no origins',
  ];
  if (cors.allowMethods?.length)
    parts.push(`methods ${cors.allowMethods.join(', ')}`);
  if (cors.allowHeaders?.length)
    parts.push(`headers ${cors.allowHeaders.join(', ')}`);
  if (cors.exposeHeaders?.length)
    parts.push(`exposes ${cors.exposeHeaders.join(', ')}`);
  if (cors.maxAge) parts.push(`max age ${cors.maxAge}`);
  if (cors.allowCredentials) parts.push('with credentials');
  return `CORS: allow ${parts.join('; ')}`;
}

/**
 * What an HTTP rule does besides choosing a destination, in the order Envoy applies it: redirect
 * or direct response (which end the request), rewrite, header changes, fault, timeout, retries,
 * mirrors, CORS, delegation.
 */
export function describeRouteActions(rule: HTTPRoute): string[] {
  const out: string[] = [];
  if (rule.redirect) {
    const r = rule.redirect;
    const target = [
      r.scheme ? `scheme ${r.scheme}` : '',
      r.authority ? `authority ${r.authority}` : '',
      r.port !== undefined ? `port ${r.port}` : '',
      r.uri !== undefined ? `path "${r.uri}"` : '',
    ].filter(Boolean);
    out.push(
      `redirect (${r.redirectCode ?? 301})${target.length ? ` to ${target.join(', ')}` : ''}`,
    );
  }
  if (rule.directResponse) {
    const body = rule.directResponse.body;
    let withBody = '';
    if (body?.string !== undefined) withBody = ` with "${body.string}"`;
    else if (body?.bytes !== undefined) withBody = ' with a binary body';
    out.push(`respond ${rule.directResponse.status}${withBody}`);
  }
  if (rule.rewrite) {
    const r = rule.rewrite;
    if (r.uri !== undefined) out.push(`rewrite path to "${r.uri}"`);
    if (r.uriRegexRewrite)
      out.push(
        `rewrite path matching regex "${r.uriRegexRewrite.match ?? ''}" to "${r.uriRegexRewrite.rewrite ?? ''}"`,
      );
    if (r.authority !== undefined)
      out.push(`rewrite authority to "${r.authority}"`);
  }
  out.push(...describeHeaderRules(rule.headers));
  for (const d of rule.route ?? []) {
    for (const line of describeHeaderRules(d.headers))
      out.push(`to ${describeDestination(d.destination)}: ${line}`);
  }
  const fault = rule.fault;
  if (fault?.delay)
    out.push(
      `fault: delay ${fault.delay.fixedDelay ?? '?'} for ${percentOf(fault.delay.percentage, fault.delay.percent)} % of requests`,
    );
  if (fault?.abort) {
    const a = fault.abort;
    let what = 'an error';
    if (a.httpStatus !== undefined) what = `HTTP ${a.httpStatus}`;
    else if (a.grpcStatus !== undefined) what = `gRPC status ${a.grpcStatus}`;
    else if (a.http2Error !== undefined) what = `HTTP/2 error ${a.http2Error}`;
    out.push(
      `fault: abort with ${what} for ${percentOf(a.percentage)} % of requests`,
    );
  }
  if (rule.timeout) out.push(`timeout ${rule.timeout}`);
  if (rule.retries) {
    const r = rule.retries;
    if (r.attempts === 0) out.push('no retries');
    else {
      const tries = `${r.attempts ?? 2}${r.perTryTimeout ? ` × ${r.perTryTimeout}` : ''}`;
      out.push(`retries: ${tries}${r.retryOn ? ` on ${r.retryOn}` : ''}`);
    }
  }
  if (rule.mirror)
    out.push(
      `mirror to ${describeDestination(rule.mirror)} — ${percentOf(rule.mirrorPercentage, rule.mirrorPercent)} %`,
    );
  for (const m of rule.mirrors ?? [])
    out.push(
      `mirror to ${describeDestination(m.destination)} — ${percentOf(m.percentage)} %`,
    );
  if (rule.corsPolicy) out.push(describeCors(rule.corsPolicy as CorsPolicy));
  if (rule.delegate)
    out.push(
      `delegate to VirtualService ${rule.delegate.namespace ? `${rule.delegate.namespace}/` : ''}${rule.delegate.name}`,
    );
  return out;
}
