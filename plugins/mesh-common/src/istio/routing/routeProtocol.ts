import { hostMatches } from '../index/hostNames';
import { MeshIndex } from '../index/MeshIndex';
import { namespaceOf } from '../model/common';
import { Server } from '../model/networking';
import {
  RouteTable,
  routeTableForProtocol,
  servicePortProtocol,
} from '../model/portProtocol';
import { ResolvedSource } from './resolveSource';
import { splitServerHost } from './serverHosts';

/** The route table a proxy picks for a connection, and what declared it. */
export interface InferredRouteTable {
  table: RouteTable;
  because: string;
}

const PASSTHROUGH = new Set(['PASSTHROUGH', 'AUTO_PASSTHROUGH']);

/**
 * A gateway routes by its server's protocol: HTTP and terminated HTTPS take `http` routes,
 * passed-through TLS takes `tls` routes by SNI, TCP and terminated TLS take `tcp` routes.
 */
function gatewayServerTable(server: Server): RouteTable {
  const protocol = server.port.protocol?.toUpperCase();
  const passthrough = PASSTHROUGH.has(server.tls?.mode ?? '');
  if (protocol === 'HTTPS') return passthrough ? 'tls' : 'http';
  if (protocol === 'TLS') return passthrough ? 'tls' : 'tcp';
  return routeTableForProtocol(protocol) ?? 'http';
}

/**
 * Which route table (http, tcp or tls) the source proxy uses for a connection to host:port, as
 * Istio decides it: on a sidecar from the protocol of the Service or ServiceEntry port, on a gateway
 * from the server listening on the port. Undefined when nothing declares a protocol, where Istio
 * sniffs, so an HTTP request is routed as HTTP.
 */
export function inferRouteTable(
  index: MeshIndex,
  src: ResolvedSource,
  host: string,
  port: number,
): InferredRouteTable | undefined {
  const gw = src.gatewayObject;
  if (src.gateway !== 'mesh') {
    if (!gw) return undefined;
    const servers = (gw.spec?.servers ?? []).filter(
      s => s.port.number === port,
    );
    const server =
      servers.find(s =>
        s.hosts.some(h =>
          hostMatches(
            splitServerHost(h, namespaceOf(gw)).host.toLowerCase(),
            host,
          ),
        ),
      ) ?? servers[0];
    if (!server) return undefined;
    return {
      table: gatewayServerTable(server),
      because: `the server on port ${port} of Gateway ${src.gateway} speaks ${server.port.protocol}${server.tls?.mode ? ` with TLS mode ${server.tls.mode}` : ''}`,
    };
  }
  for (const svc of index.servicesForHost(host)) {
    const p = svc.spec?.ports?.find(sp => sp.port === port);
    if (!p) continue;
    const protocol = servicePortProtocol(p);
    const table = routeTableForProtocol(protocol);
    if (table)
      return {
        table,
        because: `port ${port} of Service ${namespaceOf(svc)}/${svc.metadata.name} is ${protocol?.toUpperCase()}`,
      };
  }
  for (const se of index.serviceEntriesForHost(host)) {
    const p = se.spec?.ports?.find(sp => sp.number === port);
    const table = routeTableForProtocol(p?.protocol);
    if (p && table)
      return {
        table,
        because: `port ${port} of ServiceEntry ${namespaceOf(se)}/${se.metadata.name} is ${p.protocol?.toUpperCase()}`,
      };
  }
  return undefined;
}
