import { hostMatches } from '../index/hostNames';
import { MeshIndex } from '../index/MeshIndex';
import { compareByCreation } from '../index/sortByCreation';
import { namespaceOf, refOf } from '../model/common';
import {
  GATEWAY_API_GROUP,
  GatewayApiHTTPRoute,
  HTTPRouteMatch,
  HTTPRouteRule,
} from '../model/gatewayApi';
import { HttpMatchContext } from './matchHttpRequest';
import { matchGatewayApiRoute, matchPrecedence } from './matchGatewayApiRoute';
import { referenceGranted } from './referenceGranted';
import { ResolvedSource } from './resolveSource';
import {
  DestinationContext,
  retryPolicyOf,
  traceDestination,
} from './routeActions';
import { RouteTrace } from './types';

interface Candidate {
  route: GatewayApiHTTPRoute;
  ruleIndex: number;
  matchIndex: number;
  rule: HTTPRouteRule;
  match: HTTPRouteMatch;
}

function comparePrecedence(a: Candidate, b: Candidate): number {
  const pa = matchPrecedence(a.match);
  const pb = matchPrecedence(b.match);
  for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) return pb[i] - pa[i];
  return (
    compareByCreation(a.route, b.route) ||
    a.ruleIndex - b.ruleIndex ||
    a.matchIndex - b.matchIndex
  );
}

/**
 * Routing through a Gateway API Gateway: a listener for the port and host, then the HTTPRoutes
 * attached to it (parentRefs, allowedRoutes, hostnames), the most precise matching rule across
 * all of them (Gateway API precedence, not first-match), and its weighted backendRefs.
 */
export function traceGatewayApi(
  index: MeshIndex,
  src: ResolvedSource,
  ctx: HttpMatchContext,
  host: string,
  port: number,
  trace: RouteTrace,
): RouteTrace {
  const steps = trace.steps;
  const gw = src.gatewayApiObject;
  if (!gw) return trace;
  const gwNs = namespaceOf(gw);
  trace.httpRoute = null;
  const listeners = (gw.spec?.listeners ?? []).filter(
    l =>
      l.port === port &&
      (l.protocol === 'HTTP' || l.protocol === 'HTTPS') &&
      (!l.hostname || hostMatches(l.hostname.toLowerCase(), host)),
  );
  if (listeners.length === 0) {
    steps.push({
      kind: 'gateway-server',
      message: `Gateway ${src.gateway} has no HTTP listener on port ${port} for ${host} (404)`,
    });
    return trace;
  }
  steps.push({
    kind: 'gateway-server',
    message: `Gateway ${src.gateway} listener ${listeners.map(l => l.name).join(', ')} accepts ${host}:${port}`,
  });

  const routes = index.all<GatewayApiHTTPRoute>('HTTPRoute').filter(route => {
    const routeNs = namespaceOf(route);
    const attached = (route.spec?.parentRefs ?? []).some(ref => {
      if (
        (ref.kind ?? 'Gateway') !== 'Gateway' ||
        (ref.group ?? GATEWAY_API_GROUP) !== GATEWAY_API_GROUP
      )
        return false;
      if (ref.name !== gw.metadata.name || (ref.namespace ?? routeNs) !== gwNs)
        return false;
      if (ref.port !== undefined && ref.port !== port) return false;
      return listeners.some(l => {
        if (ref.sectionName && ref.sectionName !== l.name) return false;
        const from = l.allowedRoutes?.namespaces?.from ?? 'Same';
        // Selector-based admission needs namespace labels; treated as admitted.
        return from === 'All' || from === 'Selector' || routeNs === gwNs;
      });
    });
    if (!attached) return false;
    const hostnames = route.spec?.hostnames ?? [];
    return (
      hostnames.length === 0 ||
      hostnames.some(h => hostMatches(h.toLowerCase(), host))
    );
  });
  return applyHttpRoutes(
    index,
    routes,
    src,
    ctx,
    port,
    trace,
    `attached to ${src.gateway}`,
  );
}

/**
 * Picks, among the rules of `routes`, the most precise match for the request (Gateway API
 * precedence, not first-match) and fills the trace from it: weighted backendRefs, timeout,
 * redirect, mirror, rewrite. `where` says in messages which routes were considered.
 */
export function applyHttpRoutes(
  index: MeshIndex,
  routes: GatewayApiHTTPRoute[],
  src: ResolvedSource,
  ctx: HttpMatchContext,
  port: number,
  trace: RouteTrace,
  where: string,
): RouteTrace {
  const steps = trace.steps;
  trace.httpRoute = null;
  const candidates: Candidate[] = [];
  for (const route of routes) {
    (route.spec?.rules ?? []).forEach((rule, ruleIndex) => {
      const matches =
        rule.matches && rule.matches.length > 0
          ? rule.matches
          : [{ path: { type: 'PathPrefix' as const, value: '/' } }];
      matches.forEach((match, matchIndex) =>
        candidates.push({ route, ruleIndex, matchIndex, rule, match }),
      );
    });
  }
  const hits: Candidate[] = [];
  for (const c of candidates) {
    const why = matchGatewayApiRoute(c.match, ctx);
    if (why === null) hits.push(c);
    else
      steps.push({
        kind: 'rule-skipped',
        message: `rule ${c.ruleIndex} match ${c.matchIndex} of HTTPRoute ${namespaceOf(c.route)}/${c.route.metadata.name} does not match`,
        ruleIndex: c.ruleIndex,
        reason: why,
      });
  }
  if (hits.length === 0) {
    steps.push({
      kind: 'no-rule-matched',
      message: `no HTTPRoute ${where} matches; 404`,
    });
    return trace;
  }
  hits.sort(comparePrecedence);
  const win = hits[0];
  const routeNs = namespaceOf(win.route);
  trace.httpRoute = refOf(win.route);
  trace.ruleIndex = win.ruleIndex;
  trace.ruleName = win.rule.name ?? null;
  trace.matchIndex = win.matchIndex;
  steps.push({
    kind: 'rule-matched',
    message: `rule ${win.ruleIndex} of HTTPRoute ${routeNs}/${win.route.metadata.name} is the most precise match${hits.length > 1 ? ` of ${hits.length}` : ''}`,
    ruleIndex: win.ruleIndex,
  });
  trace.timeout = win.rule.timeouts?.request ?? null;
  const redirect = win.rule.filters?.find(f => f.type === 'RequestRedirect');
  if (redirect) {
    trace.outcome = 'redirect';
    const r = (redirect.requestRedirect ?? {}) as {
      hostname?: string;
      statusCode?: number;
      scheme?: string;
      port?: number;
    };
    trace.redirect = {
      authority: r.hostname,
      redirectCode: r.statusCode ?? 302,
      scheme: r.scheme,
      port: r.port,
    };
    steps.push({
      kind: 'redirect',
      message: `RequestRedirect filter (${r.statusCode ?? 302})`,
    });
    return trace;
  }
  const dctx: DestinationContext = {
    index,
    routeNamespace: routeNs,
    clientNamespace: src.namespace,
    clientLabels: src.labels,
    port,
    steps,
  };
  const backends = (win.rule.backendRefs ?? []).filter(
    b => (b.kind ?? 'Service') === 'Service' && (b.group ?? '') === '',
  );
  const total = backends.reduce((sum, b) => sum + (b.weight ?? 1), 0);
  trace.destinations = backends.map(b => {
    const ns = b.namespace ?? routeNs;
    if (
      ns !== routeNs &&
      !referenceGranted(
        index,
        { group: GATEWAY_API_GROUP, kind: 'HTTPRoute', namespace: routeNs },
        { group: '', kind: 'Service', namespace: ns, name: b.name },
      )
    ) {
      steps.push({
        kind: 'reference-grant',
        message: `backend ${ns}/${b.name} is in another namespace and no ReferenceGrant allows it; Istio drops it (500)`,
      });
    }
    const weight =
      total > 0 ? Math.round(((b.weight ?? 1) / total) * 10000) / 100 : 0;
    return traceDestination(
      dctx,
      `${b.name}.${ns}.svc.${index.domain}`,
      undefined,
      b.port,
      weight,
    );
  });
  trace.outcome = trace.destinations.length > 0 ? 'route' : 'no-route';
  if (trace.destinations.length === 0)
    steps.push({
      kind: 'no-rule-matched',
      message: 'the matching rule has no backendRefs; 500',
    });
  trace.retries = retryPolicyOf(undefined, steps);
  const mirror = win.rule.filters?.find(f => f.type === 'RequestMirror');
  const mirrorRef = (
    mirror?.requestMirror as
      | { backendRef?: { name: string; namespace?: string; port?: number } }
      | undefined
  )?.backendRef;
  if (mirrorRef) {
    trace.mirror = [
      {
        host: `${mirrorRef.name}.${mirrorRef.namespace ?? routeNs}.svc.${index.domain}`,
        subset: null,
        port: mirrorRef.port ?? port,
        percentage: 100,
      },
    ];
  }
  const rewrite = win.rule.filters?.find(f => f.type === 'URLRewrite')
    ?.urlRewrite as
    | {
        hostname?: string;
        path?: { replaceFullPath?: string; replacePrefixMatch?: string };
      }
    | undefined;
  if (rewrite)
    trace.rewrite = {
      authority: rewrite.hostname,
      uri: rewrite.path?.replaceFullPath ?? rewrite.path?.replacePrefixMatch,
    };
  return trace;
}

/**
 * GAMMA: HTTPRoutes whose parentRef is a Service route mesh traffic to it. A consumer route (in
 * the client's namespace) overrides producer routes (in the Service's namespace) for that
 * client's namespace only; routes in any other namespace do not apply.
 */
export function meshHttpRoutesFor(
  index: MeshIndex,
  host: string,
  port: number,
  clientNamespace: string,
): GatewayApiHTTPRoute[] {
  const services = index.servicesForHost(host);
  if (services.length === 0) return [];
  const svcNs = namespaceOf(services[0]);
  const svcName = services[0].metadata.name;
  const attached = index.all<GatewayApiHTTPRoute>('HTTPRoute').filter(route => {
    const routeNs = namespaceOf(route);
    if (routeNs !== svcNs && routeNs !== clientNamespace) return false;
    return (route.spec?.parentRefs ?? []).some(
      ref =>
        ref.kind === 'Service' &&
        ['', 'core'].includes(ref.group ?? '') &&
        ref.name === svcName &&
        (ref.namespace ?? routeNs) === svcNs &&
        (ref.port === undefined || ref.port === port),
    );
  });
  const consumer = attached.filter(
    r => namespaceOf(r) === clientNamespace && clientNamespace !== svcNs,
  );
  return consumer.length > 0
    ? consumer
    : attached.filter(r => namespaceOf(r) === svcNs);
}
