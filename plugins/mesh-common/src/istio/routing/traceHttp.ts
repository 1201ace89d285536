import { isExportedTo } from '../index/exportTo';
import { MeshIndex } from '../index/MeshIndex';
import { namespaceOf, refOf } from '../model/common';
import {
  HTTPMatchRequest,
  HTTPRoute,
  VirtualService,
} from '../model/networking';
import {
  HttpMatchContext,
  matchHttpRequest,
  splitPath,
} from './matchHttpRequest';
import { ResolvedSource } from './resolveSource';
import {
  DestinationContext,
  mirrorsOf,
  retryPolicyOf,
  traceDestinations,
} from './routeActions';
import { SidecarScope } from './sidecarScope';
import { applyHttpRoutes, meshHttpRoutesFor } from './traceGatewayApi';
import { RouteRequest, RouteTrace } from './types';
import {
  Candidate,
  defaultRoute,
  firstMatch,
  selectVirtualServices,
} from './routeSelection';

/** The request as HTTP matches see it, normalised once per trace. */
export function httpContext(
  req: RouteRequest,
  src: ResolvedSource,
  port: number,
): HttpMatchContext {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {}))
    headers[k.toLowerCase()] = v;
  const { path, query } = splitPath(req.path ?? '/');
  return {
    path,
    query,
    method: (req.method ?? 'GET').toUpperCase(),
    scheme: req.scheme ?? 'http',
    authority: headers[':authority'] ?? headers.host ?? req.host,
    headers,
    port,
    sourceLabels: src.labels,
    sourceNamespace: src.namespace,
    gateway: src.gateway,
  };
}

/**
 * HTTP through a sidecar or an Istio gateway: the VirtualServices for the host (or GAMMA
 * HTTPRoutes, or the default route), the first matching rule with the reasons earlier ones
 * failed, delegation, and the rule's destinations, fault, timeout, retries and mirrors.
 */
export function traceHttp(
  index: MeshIndex,
  req: RouteRequest,
  src: ResolvedSource,
  scope: SidecarScope,
  host: string,
  port: number,
  trace: RouteTrace,
): RouteTrace {
  const steps = trace.steps;
  const vss = selectVirtualServices(index, host, port, src, scope, steps);
  const dctx: DestinationContext = {
    index,
    routeNamespace: src.namespace,
    clientNamespace: src.namespace,
    clientLabels: src.labels,
    port,
    steps,
  };
  if (vss.length === 0) {
    if (src.gateway !== 'mesh') {
      steps.push({
        kind: 'no-virtual-service',
        message: `no VirtualService bound to ${src.gateway} serves ${host}; the gateway answers 404`,
      });
      return trace;
    }
    steps.push({
      kind: 'no-virtual-service',
      message: `no VirtualService for ${host} is visible from ${src.namespace}`,
    });
    const gamma = meshHttpRoutesFor(index, host, port, src.namespace);
    if (gamma.length > 0) {
      steps.push({
        kind: 'virtual-service-selected',
        message: `HTTPRoute ${gamma.map(r => `${namespaceOf(r)}/${r.metadata.name}`).join(', ')} attached to Service ${host} route mesh traffic`,
      });
      return applyHttpRoutes(
        index,
        gamma,
        src,
        httpContext(req, src, port),
        port,
        trace,
        `for Service ${host}`,
      );
    }
    defaultRoute(index, scope, host, port, dctx, trace);
    return trace;
  }
  const ctx = httpContext(req, src, port);
  const candidates: Array<Candidate<HTTPRoute>> = vss.flatMap(vs =>
    (vs.spec?.http ?? []).map((rule, ruleIndex) => ({ vs, ruleIndex, rule })),
  );
  let hit = firstMatch<HTTPRoute, HTTPMatchRequest>(
    candidates,
    (m, vs) => matchHttpRequest(m, ctx, namespaceOf(vs)),
    steps,
  );
  // Delegation: the root rule's matches held, so the delegate's rules decide (Istio merges both).
  for (let depth = 0; hit?.c.rule.delegate && depth < 2; depth++) {
    const d = hit.c.rule.delegate;
    const dns = d.namespace ?? namespaceOf(hit.c.vs);
    const delegate = index.get<VirtualService>('VirtualService', dns, d.name);
    steps.push({
      kind: 'delegate',
      message: delegate
        ? `rule ${hit.c.ruleIndex} delegates to VirtualService ${dns}/${d.name}`
        : `rule ${hit.c.ruleIndex} delegates to VirtualService ${dns}/${d.name}, which does not exist (404)`,
      virtualService: refOf(hit.c.vs),
      ruleIndex: hit.c.ruleIndex,
    });
    if (!delegate) return trace;
    const rootNs = namespaceOf(hit.c.vs);
    if (!isExportedTo(delegate.spec?.exportTo, dns, rootNs)) {
      // Istio looks delegates up among the VirtualServices exported to the root's namespace.
      steps.push({
        kind: 'delegate',
        message: `VirtualService ${dns}/${d.name} is not exported to namespace ${rootNs} (exportTo: ${(delegate.spec?.exportTo ?? []).join(', ')}), so the root cannot use it (404)`,
        virtualService: refOf(delegate),
      });
      return trace;
    }
    hit = firstMatch<HTTPRoute, HTTPMatchRequest>(
      (delegate.spec?.http ?? []).map((rule, ruleIndex) => ({
        vs: delegate,
        ruleIndex,
        rule,
      })),
      (m, vs) => matchHttpRequest(m, ctx, namespaceOf(vs)),
      steps,
    );
  }
  if (!hit) {
    steps.push({
      kind: 'no-rule-matched',
      message: `no HTTP rule matches; the proxy answers 404 (route not found)`,
    });
    return trace;
  }
  const { c, matchIndex } = hit;
  const rule = c.rule;
  const vsNs = namespaceOf(c.vs);
  trace.virtualService = refOf(c.vs);
  trace.ruleIndex = c.ruleIndex;
  trace.ruleName = rule.name ?? null;
  trace.matchIndex = matchIndex;
  steps.push({
    kind: 'rule-matched',
    message: `rule ${c.ruleIndex}${rule.name ? ` (${rule.name})` : ''} of ${vsNs}/${c.vs.metadata.name} matches${matchIndex === null ? ' (it has no conditions)' : ` on match[${matchIndex}]`}`,
    virtualService: trace.virtualService,
    ruleIndex: c.ruleIndex,
  });
  trace.fault = rule.fault ?? null;
  trace.timeout = rule.timeout ?? null;
  trace.rewrite = rule.rewrite ?? null;
  trace.headers = rule.headers ?? null;
  dctx.routeNamespace = vsNs;
  if (rule.redirect) {
    trace.outcome = 'redirect';
    trace.redirect = rule.redirect;
    steps.push({
      kind: 'redirect',
      message: `redirect (${rule.redirect.redirectCode ?? 301})${rule.redirect.uri ? ` to ${rule.redirect.uri}` : ''}${rule.redirect.authority ? ` at ${rule.redirect.authority}` : ''}`,
    });
    return trace;
  }
  if (rule.directResponse) {
    trace.outcome = 'direct-response';
    trace.directResponse = rule.directResponse;
    steps.push({
      kind: 'direct-response',
      message: `the proxy answers ${rule.directResponse.status} itself`,
    });
    return trace;
  }
  trace.outcome = 'route';
  trace.destinations = traceDestinations(dctx, rule.route);
  trace.retries = retryPolicyOf(rule.retries, steps);
  trace.mirror = mirrorsOf(rule, index, vsNs, port);
  return trace;
}
