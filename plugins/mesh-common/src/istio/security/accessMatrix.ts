import { Pod, Service } from '../../kube/types';
import { serviceSelects } from '../../kube/labelSelector';
import { MeshIndex } from '../index/MeshIndex';
import { ResourceRef } from '../routing/types';
import { authorizeRequest } from './authorizeRequest';
import { AuthzAction } from '../model/security';

export interface AccessProbe {
  /** Workload (target) port; defaults to each port the destination's pod declares, else 80. */
  port?: number;
  method?: string;
  path?: string;
}

export interface AccessMatrixInput {
  /** Callers and callees, as pods. */
  workloads: Array<{ namespace: string; pod: string }>;
  /** What to ask for each pair; defaults to one GET / per destination port. */
  probes?: AccessProbe[];
  trustDomain?: string;
}

export interface AccessCell {
  source: string;
  destination: string;
  port: number;
  method: string;
  path: string;
  allowed: boolean;
  action: AuthzAction | null;
  policy: ResourceRef | null;
  ruleIndex: number | null;
  reason: string;
}

export interface AccessMatrix {
  workloads: string[];
  cells: AccessCell[];
  /** How many pairs are allowed for every probe, some, or none. */
  summary: { allowed: number; partial: number; denied: number };
}

function portsOf(pod: Pod | undefined): number[] {
  const ports = (pod?.spec?.containers ?? [])
    .filter(c => c.name !== 'istio-proxy')
    .flatMap(c => (c.ports ?? []).map(p => p.containerPort));
  return ports.length > 0 ? [...new Set(ports)] : [80];
}

/**
 * Who may call whom: every ordered pair of the given workloads (a workload calling itself
 * included), for each probe (port, method, path), decided by `authorizeRequest`.
 */
export function accessMatrix(
  index: MeshIndex,
  input: AccessMatrixInput,
): AccessMatrix {
  const name = (w: { namespace: string; pod: string }) =>
    `${w.namespace}/${w.pod}`;
  const cells: AccessCell[] = [];
  const summary = { allowed: 0, partial: 0, denied: 0 };
  for (const dst of input.workloads) {
    const dstPod = index.get<Pod>('Pod', dst.namespace, dst.pod);
    const probes: AccessProbe[] =
      input.probes ?? portsOf(dstPod).map(port => ({ port }));
    const service = dstPod
      ? index
          .inNamespace<Service>('Service', dst.namespace)
          .find(s => serviceSelects(s.spec?.selector, dstPod.metadata.labels))
      : undefined;
    for (const src of input.workloads) {
      let yes = 0;
      for (const probe of probes) {
        const port = probe.port ?? portsOf(dstPod)[0];
        const method = (probe.method ?? 'GET').toUpperCase();
        const path = probe.path ?? '/';
        const d = authorizeRequest(index, {
          source: { namespace: src.namespace, pod: src.pod },
          destination: {
            namespace: dst.namespace,
            pod: dst.pod,
            service: service?.metadata.name,
          },
          host: service
            ? `${service.metadata.name}.${dst.namespace}.svc.${index.domain}`
            : undefined,
          port,
          method,
          path,
          trustDomain: input.trustDomain,
        });
        if (d.allowed) yes++;
        cells.push({
          source: name(src),
          destination: name(dst),
          port,
          method,
          path,
          allowed: d.allowed,
          action: d.action,
          policy: d.policy,
          ruleIndex: d.ruleIndex,
          reason: d.reason,
        });
      }
      if (yes === probes.length) summary.allowed++;
      else if (yes === 0) summary.denied++;
      else summary.partial++;
    }
  }
  return { workloads: input.workloads.map(name), cells, summary };
}
