import { GatewayServerView } from '../api/trafficTypes';
import { namespaceOf } from '../istio/model/common';
import {
  GatewayApiGateway,
  GatewayApiHTTPRoute,
} from '../istio/model/gatewayApi';
import { Gateway, Server, VirtualService } from '../istio/model/networking';

/** Whether two host patterns (`*`, `*.example.com`, `shop.example.com`) can name the same host. */
export function hostsIntersect(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === '*' || y === '*' || x === y) return true;
  const suffix = (p: string) => (p.startsWith('*.') ? p.slice(1) : undefined);
  const sx = suffix(x);
  const sy = suffix(y);
  if (sx && sy) return sx.endsWith(sy) || sy.endsWith(sx);
  if (sx) return y.endsWith(sx);
  if (sy) return x.endsWith(sy);
  return false;
}

/** A server's TLS in words: `SIMPLE (credential shop-cert)`, `redirects to HTTPS`. */
function serverTls(tls: NonNullable<Server['tls']>): string {
  if (tls.httpsRedirect && !tls.mode) return 'redirects to HTTPS';
  return `${tls.mode ?? 'TLS'}${tls.credentialName ? ` (credential ${tls.credentialName})` : ''}${tls.httpsRedirect ? ', redirects to HTTPS' : ''}`;
}

/**
 * The servers of an Istio Gateway that expose the given VirtualServices: a server host
 * `[namespace/]dnsName` takes a VirtualService when the namespace part allows the VirtualService's
 * namespace (`*` or none: any; `.`: the Gateway's) and the names intersect. Each view lists the
 * server hosts that matched.
 */
export function istioGatewayServers(
  gateway: Gateway,
  virtualServices: VirtualService[],
): GatewayServerView[] {
  const gwNs = namespaceOf(gateway);
  const out: GatewayServerView[] = [];
  for (const server of gateway.spec?.servers ?? []) {
    const hosts = (server.hosts ?? []).filter(h => {
      const slash = h.indexOf('/');
      const nsPart = slash >= 0 ? h.slice(0, slash) : '*';
      const name = slash >= 0 ? h.slice(slash + 1) : h;
      return virtualServices.some(vs => {
        const vsNs = namespaceOf(vs);
        if (nsPart !== '*' && (nsPart === '.' ? gwNs : nsPart) !== vsNs)
          return false;
        return (vs.spec?.hosts ?? []).some(vh => hostsIntersect(name, vh));
      });
    });
    if (hosts.length === 0) continue;
    const tls = server.tls && serverTls(server.tls);
    out.push({
      port: server.port?.number,
      protocol: server.port?.protocol ?? '',
      hosts,
      ...(tls ? { tls } : {}),
    });
  }
  return out;
}

/**
 * The listeners of a Gateway API Gateway that the given routes attach to (by `sectionName` or
 * `port` when their parentRef names one) and whose hostname intersects the routes' hostnames.
 */
export function gatewayApiListeners(
  gateway: GatewayApiGateway,
  routes: GatewayApiHTTPRoute[],
): GatewayServerView[] {
  const gwNs = namespaceOf(gateway);
  const out: GatewayServerView[] = [];
  for (const l of gateway.spec?.listeners ?? []) {
    const attached = routes.filter(r =>
      (r.spec?.parentRefs ?? []).some(
        p =>
          (p.kind ?? 'Gateway') === 'Gateway' &&
          p.name === gateway.metadata.name &&
          (p.namespace ?? namespaceOf(r)) === gwNs &&
          (p.sectionName === undefined || p.sectionName === l.name) &&
          (p.port === undefined || p.port === l.port) &&
          (!l.hostname ||
            !r.spec?.hostnames?.length ||
            r.spec.hostnames.some(h => hostsIntersect(h, l.hostname!))),
      ),
    );
    if (attached.length === 0) continue;
    out.push({
      port: l.port,
      protocol: l.protocol,
      hosts: [l.hostname ?? '*'],
      ...(l.tls?.mode ? { tls: l.tls.mode } : {}),
    });
  }
  return out;
}
