import { MeshIndex } from '../index/MeshIndex';
import { namespaceOf, refOf } from '../model/common';
import { L4MatchAttributes, TCPRoute, TLSRoute } from '../model/networking';
import { L4MatchContext, matchL4 } from './matchL4';
import { ResolvedSource } from './resolveSource';
import { DestinationContext, traceDestinations } from './routeActions';
import { SidecarScope } from './sidecarScope';
import { RouteRequest, RouteTrace } from './types';
import {
  Candidate,
  defaultRoute,
  firstMatch,
  selectVirtualServices,
  stripPort,
} from './routeSelection';

/** TCP routes chosen by port/subnet, TLS routes by SNI; first matching rule wins, no retries. */
export function traceL4(
  index: MeshIndex,
  req: RouteRequest,
  src: ResolvedSource,
  scope: SidecarScope,
  host: string,
  port: number,
  trace: RouteTrace,
): RouteTrace {
  const steps = trace.steps;
  const tls = trace.request.protocol === 'tls';
  const sni = stripPort(req.sni ?? req.host);
  // TLS routes are chosen by SNI; the sidecar resolves it like any host, a gateway takes it as sent.
  let lookup = host;
  if (tls)
    lookup =
      src.gateway === 'mesh' ? index.resolveHost(sni, src.namespace) : sni;
  const vss = selectVirtualServices(index, lookup, port, src, scope, steps);
  const dctx: DestinationContext = {
    index,
    routeNamespace: src.namespace,
    clientNamespace: src.namespace,
    clientLabels: src.labels,
    port,
    steps,
  };
  const candidates: Array<Candidate<TCPRoute | TLSRoute>> = vss.flatMap(vs =>
    ((tls ? vs.spec?.tls : vs.spec?.tcp) ?? []).map((rule, ruleIndex) => ({
      vs,
      ruleIndex,
      rule: rule as TCPRoute | TLSRoute,
    })),
  );
  if (candidates.length === 0) {
    if (src.gateway !== 'mesh') {
      steps.push({
        kind: 'no-virtual-service',
        message: `no ${tls ? 'TLS' : 'TCP'} route bound to ${src.gateway} serves ${lookup}`,
      });
      return trace;
    }
    steps.push({
      kind: 'no-virtual-service',
      message: `no ${tls ? 'TLS' : 'TCP'} route for ${lookup}; connections go to the service as addressed`,
    });
    defaultRoute(index, scope, host, port, dctx, trace);
    return trace;
  }
  const ctx: L4MatchContext = {
    port,
    destinationIp: req.destinationIp,
    sourceLabels: src.labels,
    sourceNamespace: src.namespace,
    gateway: src.gateway,
    sni,
  };
  const hit = firstMatch<TCPRoute | TLSRoute, L4MatchAttributes>(
    candidates,
    (m, vs) =>
      matchL4(m, ctx, namespaceOf(vs), h =>
        index.resolveHost(h, namespaceOf(vs)),
      ),
    steps,
    tls,
  );
  if (!hit) {
    steps.push({
      kind: 'no-rule-matched',
      message: `no ${tls ? 'TLS' : 'TCP'} rule matches; the connection is not routed`,
    });
    return trace;
  }
  trace.virtualService = refOf(hit.c.vs);
  trace.ruleIndex = hit.c.ruleIndex;
  trace.matchIndex = hit.matchIndex;
  steps.push({
    kind: 'rule-matched',
    message: `${tls ? 'TLS' : 'TCP'} rule ${hit.c.ruleIndex} of ${trace.virtualService.namespace}/${trace.virtualService.name} matches`,
    virtualService: trace.virtualService,
    ruleIndex: hit.c.ruleIndex,
  });
  dctx.routeNamespace = namespaceOf(hit.c.vs);
  trace.outcome = 'route';
  trace.destinations = traceDestinations(dctx, hit.c.rule.route);
  return trace;
}
