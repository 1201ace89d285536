import { KubeObject, Service, ServicePort } from '../../kube/types';
import { Analyzer } from './analyzer';
import { protocolFromPortName } from '../model/portProtocol';

interface PodTemplateOwner extends KubeObject<{
  template?: { metadata?: { labels?: Record<string, string> } };
}> {}

function selects(
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** The protocol Istio gives a port: appProtocol, else the name's prefix, else the Kubernetes protocol. */
function istioProtocol(port: ServicePort): string {
  return (
    port.appProtocol ??
    protocolFromPortName(port.name) ??
    port.protocol ??
    'TCP'
  ).toUpperCase();
}

/** A Service port with the Service it belongs to. */
interface PortOfService {
  service: string;
  port: ServicePort;
}

/**
 * Services that select the same Deployment must agree on their ports, as istioctl checks: one
 * port number may not carry two protocols (IST0116), and one targetPort may not be reached from
 * two different service ports (IST0137), since the sidecar builds one inbound listener per port.
 */
export const deploymentServicesAnalyzer: Analyzer = {
  name: 'deploymentServices',
  codes: ['IST0116', 'IST0137'],
  run(ctx) {
    if (!ctx.has('Service')) return;
    for (const deployment of ctx.index.all<PodTemplateOwner>('Deployment')) {
      const ns = deployment.metadata.namespace ?? 'default';
      const labels = deployment.spec?.template?.metadata?.labels ?? {};
      const services = ctx.index
        .inNamespace<Service>('Service', ns)
        .filter(s => selects(s.spec?.selector, labels));
      if (services.length < 2) continue;
      const byPort = new Map<number, PortOfService[]>();
      const byTargetPort = new Map<string, PortOfService[]>();
      for (const service of services) {
        for (const port of service.spec?.ports ?? []) {
          const entry = { service: service.metadata.name, port };
          byPort.set(port.port, [...(byPort.get(port.port) ?? []), entry]);
          const target = String(port.targetPort ?? port.port);
          byTargetPort.set(target, [
            ...(byTargetPort.get(target) ?? []),
            entry,
          ]);
        }
      }
      for (const [number, entries] of byPort) {
        const protocols = [...new Set(entries.map(e => istioProtocol(e.port)))];
        if (protocols.length > 1) {
          ctx.report(
            'IST0116',
            deployment,
            'spec.template.metadata.labels',
            `This deployment ${deployment.metadata.name} is associated with multiple services using port ${number} but different protocols: ${protocols.join(', ')} (services ${entries.map(e => e.service).join(', ')})`,
          );
        }
      }
      for (const [target, entries] of byTargetPort) {
        const ports = [...new Set(entries.map(e => e.port.port))];
        if (ports.length > 1) {
          ctx.report(
            'IST0137',
            deployment,
            'spec.template.metadata.labels',
            `This deployment ${deployment.metadata.name} is associated with multiple services ${[...new Set(entries.map(e => e.service))].join(', ')} using targetPort "${target}" but different ports: ${ports.join(', ')}`,
          );
        }
      }
    }
  },
};
