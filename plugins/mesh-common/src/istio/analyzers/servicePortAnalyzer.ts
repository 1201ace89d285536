import { Service } from '../../kube/types';
import {
  APP_PROTOCOL_ALIASES,
  ISTIO_PORT_PROTOCOLS as PROTOCOLS,
  protocolFromPortName,
} from '../model/portProtocol';
import { Analyzer } from './analyzer';

const SKIP_NAMESPACES = new Set([
  'kube-system',
  'kube-public',
  'kube-node-lease',
]);

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
            ctx.report(
              'IST0118',
              svc,
              `spec.ports[${i}].name`,
              `Port ${p.name ?? '(unnamed)'} (port ${p.port}) is not named <protocol>[-suffix] and has no appProtocol; Istio falls back to protocol sniffing.`,
            );
          }
          return;
        }
        const appProto = APP_PROTOCOL_ALIASES[app] ?? app;
        if (!PROTOCOLS.includes(appProto)) {
          ctx.report(
            'MSH0106',
            svc,
            `spec.ports[${i}].appProtocol`,
            `appProtocol "${p.appProtocol}" is not a protocol Istio knows (${PROTOCOLS.join(', ')}); the port is treated as TCP.`,
          );
        } else if (fromName && fromName !== appProto) {
          ctx.report(
            'MSH0106',
            svc,
            `spec.ports[${i}].appProtocol`,
            `appProtocol ${p.appProtocol} contradicts port name ${p.name} (${fromName}); Istio uses appProtocol.`,
          );
        }
      });
    }
  },
};
