import { MeshIndex } from '../index/MeshIndex';
import { resolveSource } from './resolveSource';
import { sidecarScopeFor, UNSCOPED } from './sidecarScope';
import { traceGatewayApi } from './traceGatewayApi';
import { RouteRequest, RouteTrace, TraceStep } from './types';
import { checkGatewayServer, stripPort } from './routeSelection';
import { httpContext, traceHttp } from './traceHttp';
import { traceL4 } from './traceL4';
import { inferRouteTable } from './routeProtocol';

function emptyTrace(
  req: RouteTrace['request'],
  steps: TraceStep[],
): RouteTrace {
  return {
    request: req,
    outcome: 'no-route',
    virtualService: null,
    ruleIndex: null,
    ruleName: null,
    matchIndex: null,
    destinations: [],
    fault: null,
    timeout: null,
    retries: null,
    mirror: [],
    rewrite: null,
    redirect: null,
    directResponse: null,
    headers: null,
    steps,
  };
}

function defaultPort(index: MeshIndex, fqdn: string, protocol: string): number {
  const svc = index.servicesForHost(fqdn)[0];
  const ports = svc?.spec?.ports ?? [];
  if (ports.length === 1) return ports[0].port;
  const se = index.serviceEntriesForHost(fqdn)[0];
  if (se?.spec?.ports?.length === 1) return se.spec.ports[0].number;
  return protocol === 'tls' ? 443 : 80;
}

/**
 * Follows one request through Istio's routing as the source proxy (sidecar or gateway) would:
 * which VirtualService and rule match and why earlier rules did not, where the request goes
 * (hosts, subsets, weights) with the DestinationRule policy for each destination, and the
 * fault, timeout, retries and mirrors in effect. HTTP, TCP (by port) or TLS (by SNI) routes, as
 * the request says or, when it does not, as the destination port's protocol declares.
 */
export function traceRequest(
  index: MeshIndex,
  request: RouteRequest,
): RouteTrace {
  const steps: TraceStep[] = [];
  const src = resolveSource(index, request.source);
  for (const note of src.notes) steps.push({ kind: 'source', message: note });
  const sourceMessage =
    src.gateway === 'mesh'
      ? `sent by a sidecar in namespace ${src.namespace}`
      : `enters through gateway ${src.gateway} (proxy in ${src.namespace})`;
  steps.push({ kind: 'source', message: sourceMessage });
  const written = stripPort(request.host);
  // Sidecars see the name the client resolved through Kubernetes DNS; gateways see the Host header.
  const host =
    src.gateway === 'mesh'
      ? index.resolveHost(written, src.namespace)
      : written;
  if (host !== written)
    steps.push({
      kind: 'host-resolved',
      message: `${written} resolves to ${host}`,
    });
  const portInHost = request.host.trim().match(/:(\d+)$/);
  const port =
    request.port ??
    (portInHost
      ? Number(portInHost[1])
      : defaultPort(index, host, request.protocol ?? 'http'));
  let protocol = request.protocol;
  if (!protocol) {
    const inferred = inferRouteTable(index, src, host, port);
    protocol = inferred?.table ?? 'http';
    if (inferred && inferred.table !== 'http') {
      steps.push({
        kind: 'protocol',
        message: `${inferred.because}, so ${inferred.table.toUpperCase()} routes apply`,
      });
    }
  }
  const trace = emptyTrace(
    {
      protocol,
      sourceNamespace: src.namespace,
      sourceLabels: src.labels,
      gateway: src.gateway,
      host,
      port,
      method: (request.method ?? 'GET').toUpperCase(),
      path: request.path ?? '/',
    },
    steps,
  );
  if (src.gatewayApiObject) {
    if (protocol !== 'http') {
      steps.push({
        kind: 'gateway-server',
        message: 'only HTTP routes are traced through Gateway API gateways',
      });
      return trace;
    }
    return traceGatewayApi(
      index,
      src,
      httpContext(request, src, port),
      host,
      port,
      trace,
    );
  }
  if (
    src.gateway !== 'mesh' &&
    !checkGatewayServer(
      src,
      protocol === 'tls' ? stripPort(request.sni ?? request.host) : host,
      port,
      steps,
    )
  ) {
    return trace;
  }
  // Sidecar resources scope sidecars only; gateways see every exported host.
  const scope =
    src.gateway === 'mesh'
      ? sidecarScopeFor(index, src.namespace, src.labels)
      : UNSCOPED;
  if (scope.sidecar)
    steps.push({
      kind: 'sidecar-scope',
      message: `the source proxy is scoped by Sidecar ${scope.sidecar.namespace}/${scope.sidecar.name}`,
    });
  return protocol === 'http'
    ? traceHttp(index, request, src, scope, host, port, trace)
    : traceL4(index, request, src, scope, host, port, trace);
}
