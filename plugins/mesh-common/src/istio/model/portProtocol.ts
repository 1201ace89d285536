import { ServicePort } from '../../kube/types';

/** Protocols Istio reads from a port name prefix (`http-web`, `grpc`) or from appProtocol. */
export const ISTIO_PORT_PROTOCOLS = [
  'http',
  'http2',
  'https',
  'grpc',
  'grpc-web',
  'tcp',
  'tls',
  'mongo',
  'mysql',
  'redis',
  'udp',
];
const BY_LENGTH = [...ISTIO_PORT_PROTOCOLS].sort((a, b) => b.length - a.length);

/** Kubernetes' standard appProtocol values and the Istio protocol each means. */
export const APP_PROTOCOL_ALIASES: Record<string, string> = {
  'kubernetes.io/h2c': 'http2',
  'kubernetes.io/ws': 'http',
  'kubernetes.io/wss': 'https',
};

/** The protocol a port name declares: `grpc-web-api` → grpc-web, `http` → http, `web` → undefined. */
export function protocolFromPortName(
  name: string | undefined,
): string | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  return BY_LENGTH.find(p => n === p || n.startsWith(`${p}-`));
}

/**
 * The protocol Istio gives a Service port, lower-case: appProtocol first, then the name's prefix.
 * Undefined when neither says, and Istio sniffs the protocol from the first bytes.
 */
export function servicePortProtocol(port: ServicePort): string | undefined {
  const app = port.appProtocol?.toLowerCase();
  if (app !== undefined) {
    const resolved = APP_PROTOCOL_ALIASES[app] ?? app;
    // An appProtocol Istio does not know makes the port plain TCP.
    return ISTIO_PORT_PROTOCOLS.includes(resolved) ? resolved : 'tcp';
  }
  return protocolFromPortName(port.name);
}

/** Which route table a proxy uses for a connection on a port of this protocol, if it is proxied. */
export type RouteTable = 'http' | 'tcp' | 'tls';

/**
 * The route table for a port's protocol on a sidecar's outbound side: HTTP-family protocols use
 * `http` routes, HTTPS and TLS are routed by SNI (`tls`), TCP-family by port (`tcp`). Undefined
 * for an undeclared protocol (sniffed: an HTTP request still takes `http` routes) and for UDP,
 * which the sidecar does not capture.
 */
export function routeTableForProtocol(
  protocol: string | undefined,
): RouteTable | undefined {
  switch (protocol?.toLowerCase()) {
    case 'http':
    case 'http2':
    case 'grpc':
    case 'grpc-web':
      return 'http';
    case 'https':
    case 'tls':
      return 'tls';
    case 'tcp':
    case 'mongo':
    case 'mysql':
    case 'redis':
      return 'tcp';
    default:
      return undefined;
  }
}
