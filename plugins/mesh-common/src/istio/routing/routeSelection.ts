import { hostMatches } from '../index/hostNames';
import { MeshIndex } from '../index/MeshIndex';
import { namespaceOf, refOf } from '../model/common';
import { VirtualService } from '../model/networking';
import { ResolvedSource } from './resolveSource';
import {
  DestinationContext,
  retryPolicyOf,
  traceDestination,
} from './routeActions';
import { namespaceMayBind, splitServerHost } from './serverHosts';
import { SidecarScope } from './sidecarScope';
import { RouteTrace, TraceStep } from './types';

export interface Candidate<R> {
  vs: VirtualService;
  ruleIndex: number;
  rule: R;
}

export function stripPort(host: string): string {
  const h = host.trim().toLowerCase();
  return h.startsWith('[') ? h : h.replace(/:\d+$/, '');
}

/** The Gateway must have a server on this port whose hosts cover the request's host. */
export function checkGatewayServer(
  src: ResolvedSource,
  host: string,
  port: number,
  steps: TraceStep[],
): boolean {
  const gw = src.gatewayObject;
  if (!gw) {
    steps.push({
      kind: 'gateway-server',
      message: `Gateway ${src.gateway} does not exist, so nothing is routed through it`,
    });
    return false;
  }
  for (const server of gw.spec?.servers ?? []) {
    if (server.port.number !== port) continue;
    // Server hosts may be written `ns/host`; the namespace part limits which VirtualServices bind.
    const hosts = server.hosts.map(h =>
      splitServerHost(h, namespaceOf(gw)).host.toLowerCase(),
    );
    if (hosts.some(h => hostMatches(h, host))) {
      steps.push({
        kind: 'gateway-server',
        message: `Gateway ${src.gateway} listens on port ${port} (${server.port.protocol}) for ${hosts.join(', ')}`,
      });
      return true;
    }
  }
  steps.push({
    kind: 'gateway-server',
    message: `Gateway ${src.gateway} has no server on port ${port} for host ${host} (404)`,
  });
  return false;
}

/** Whether a server of the source gateway on `port` accepts `host` from VirtualServices in `namespace`. */
function gatewayLetsBind(
  src: ResolvedSource,
  host: string,
  port: number,
  namespace: string,
): boolean {
  const gw = src.gatewayObject;
  if (!gw) return true;
  return (gw.spec?.servers ?? []).some(
    server =>
      server.port.number === port &&
      server.hosts.some(written => {
        const { namespace: allowed, host: serverHost } = splitServerHost(
          written,
          namespaceOf(gw),
        );
        return (
          namespaceMayBind(allowed, namespace) &&
          hostMatches(serverHost.toLowerCase(), host)
        );
      }),
  );
}

/**
 * The VirtualServices whose rules the proxy uses for the host: on a gateway all of them merged
 * in order; on a sidecar only the first, and the others are reported as conflicting.
 */
export function selectVirtualServices(
  index: MeshIndex,
  host: string,
  port: number,
  src: ResolvedSource,
  scope: SidecarScope,
  steps: TraceStep[],
): VirtualService[] {
  let vss = index.virtualServicesFor(host, src.namespace, src.gateway);
  if (src.gateway === 'mesh' && scope.sidecar) {
    vss = vss.filter(vs => {
      if (scope.imports(namespaceOf(vs), host, port)) return true;
      steps.push({
        kind: 'sidecar-scope',
        message: `Sidecar ${scope.sidecar?.namespace}/${scope.sidecar?.name} does not import namespace ${namespaceOf(vs)} for ${host}, so VirtualService ${namespaceOf(vs)}/${vs.metadata.name} is ignored`,
        virtualService: refOf(vs),
      });
      return false;
    });
  }
  if (vss.length === 0) return [];
  if (src.gateway !== 'mesh') {
    vss = vss.filter(vs => {
      if (gatewayLetsBind(src, host, port, namespaceOf(vs))) return true;
      steps.push({
        kind: 'virtual-service-not-bound',
        message: `VirtualService ${namespaceOf(vs)}/${vs.metadata.name} names gateway ${src.gateway}, but its servers on port ${port} accept ${host} only from VirtualServices in other namespaces (server hosts ns/host), so it is ignored`,
        virtualService: refOf(vs),
      });
      return false;
    });
    for (const vs of vss) {
      steps.push({
        kind: 'virtual-service-selected',
        message: `VirtualService ${namespaceOf(vs)}/${vs.metadata.name} is bound to ${src.gateway} for ${host}`,
        virtualService: refOf(vs),
      });
    }
    return vss;
  }
  const [first, ...rest] = vss;
  steps.push({
    kind: 'virtual-service-selected',
    message: `VirtualService ${namespaceOf(first)}/${first.metadata.name} routes ${host} for sidecars in ${src.namespace}`,
    virtualService: refOf(first),
  });
  for (const vs of rest) {
    steps.push({
      kind: 'virtual-service-conflict',
      message: `VirtualService ${namespaceOf(vs)}/${vs.metadata.name} also claims ${host} for the mesh; sidecars use only ${namespaceOf(first)}/${first.metadata.name}`,
      virtualService: refOf(vs),
    });
  }
  return [first];
}

/** First rule whose match blocks (OR) have one whose conditions (AND) all hold; records each miss. */
export function firstMatch<R extends { match?: M[] }, M>(
  candidates: Array<Candidate<R>>,
  test: (m: M, vs: VirtualService) => string | null,
  steps: TraceStep[],
  requireMatch = false,
): { c: Candidate<R>; matchIndex: number | null } | undefined {
  for (const c of candidates) {
    const ref = refOf(c.vs);
    const matches = c.rule.match ?? [];
    if (matches.length === 0 && !requireMatch) return { c, matchIndex: null };
    const reasons: string[] = [];
    for (let j = 0; j < matches.length; j++) {
      const why = test(matches[j], c.vs);
      if (why === null) return { c, matchIndex: j };
      reasons.push(matches.length > 1 ? `match[${j}]: ${why}` : why);
    }
    steps.push({
      kind: 'rule-skipped',
      message: `rule ${c.ruleIndex} of ${ref.namespace}/${ref.name} does not match`,
      virtualService: ref,
      ruleIndex: c.ruleIndex,
      reason:
        reasons.length > 0
          ? reasons.join('; ')
          : 'it has no match, which TLS routes require',
    });
  }
  return undefined;
}

/**
 * Where a sidecar sends a request no VirtualService routes: to the service as addressed when it
 * is in the registry and in the proxy's Sidecar scope; otherwise through the passthrough cluster
 * (ALLOW_ANY) or into the blackhole (REGISTRY_ONLY, 502).
 */
export function defaultRoute(
  index: MeshIndex,
  scope: SidecarScope,
  host: string,
  port: number,
  dctx: DestinationContext,
  trace: RouteTrace,
): void {
  const steps = trace.steps;
  const owners = [
    ...index.servicesForHost(host),
    ...index.serviceEntriesForHost(host),
  ];
  const known = owners.length > 0;
  const inScope =
    known && owners.some(o => scope.imports(namespaceOf(o), host, port));
  if (known && !inScope) {
    steps.push({
      kind: 'sidecar-scope',
      message: `Sidecar ${scope.sidecar?.namespace}/${scope.sidecar?.name} does not import ${host}`,
    });
  }
  if (inScope) {
    trace.outcome = 'default-route';
    steps.push({
      kind: 'default-route',
      message: `default route: round-robin over all endpoints of ${host}`,
    });
  } else if (scope.outboundMode === 'REGISTRY_ONLY') {
    trace.outcome = 'no-route';
    steps.push({
      kind: 'blackhole',
      message: `${host} is outside the proxy's registry and outboundTrafficPolicy is REGISTRY_ONLY: the request goes to the BlackHoleCluster (502)`,
    });
    return;
  } else {
    trace.outcome = 'passthrough';
    steps.push({
      kind: 'passthrough',
      message: `${host} is outside the proxy's registry; with outboundTrafficPolicy ALLOW_ANY the sidecar passes it through unchanged`,
    });
  }
  trace.destinations = [traceDestination(dctx, host, undefined, port, 100)];
  if (trace.request.protocol === 'http')
    trace.retries = retryPolicyOf(undefined, steps);
}
