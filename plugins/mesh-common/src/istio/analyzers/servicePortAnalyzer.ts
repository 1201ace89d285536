import { Service } from '../../kube/types';
import { Analyzer } from './analyzer';

/** Protocols Istio reads from a port name prefix (`http-web`, `grpc`) or from appProtocol. */
const PROTOCOLS = ['http', 'http2', 'https', 'grpc', 'grpc-web', 'tcp', 'tls', 'mongo', 'mysql', 'redis', 'udp'];
const APP_PROTOCOL_ALIASES: Record<string, string> = { 'kubernetes.io/h2c': 'http2', 'kubernetes.io/ws': 'http', 'kubernetes.io/wss': 'https' };
const SKIP_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/** The protocol a port name declares: `grpc-web-api` → grpc-web, `http` → http, `web` → undefined. */
export function protocolFromPortName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  return [...PROTOCOLS].sort((a, b) => b.length - a.length).find(p => n === p || n.startsWith(`${p}-`));
}

/** Service ports: named after their protocol or given an appProtocol, and the two agreeing. */
export const servicePortAnalyzer: Analyzer = {
  name: 'servicePorts',
  codes: ['IST0118', 'MSH0106'],
  run(ctx) {
    for (const svc of ctx.index.all<Service>('Service')) {
      if (SKIP_NAMESPACES.has(svc.metadata.namespace ?? 'default')) continue;
      svc.spec?.ports?.forEach((p, i) => {
        const fromName = protocolFromPortName(p.name);
        const app = p.appProtocol?.toLowerCase();
        if (app === undefined) {
          if (!fromName && (p.protocol ?? 'TCP') !== 'UDP') {
            ctx.report('IST0118', svc, `spec.ports[${i}].name`, `Port ${p.name ?? '(unnamed)'} (port ${p.port}) is not named <protocol>[-suffix] and has no appProtocol; Istio falls back to protocol sniffing.`);
          }
          return;
        }
        const appProto = APP_PROTOCOL_ALIASES[app] ?? app;
        if (!PROTOCOLS.includes(appProto)) {
          ctx.report('MSH0106', svc, `spec.ports[${i}].appProtocol`, `appProtocol "${p.appProtocol}" is not a protocol Istio knows (${PROTOCOLS.join(', ')}); the port is treated as TCP.`);
        } else if (fromName && fromName !== appProto) {
          ctx.report('MSH0106', svc, `spec.ports[${i}].appProtocol`, `appProtocol ${p.appProtocol} contradicts port name ${p.name} (${fromName}); Istio uses appProtocol.`);
        }
      });
    }
  },
};
