import { Pod, Service, Workload } from '../../kube/types';
import { MeshIndex } from '../index/MeshIndex';

export interface ResolvedWorkload {
  namespace: string;
  pod?: string;
  labels?: Record<string, string>;
  serviceAccount?: string;
  /** Set when the name was a Service: its name and the workloads' labels (its selector). */
  service?: Service;
  /** A port the workload listens on, for defaults. */
  port?: number;
}

const CONTROLLERS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

/**
 * Finds what `ns/name` names in the model: a Pod, a controller (Deployment…, by its pod
 * template), or a Service (by its selector); in one cluster when given. Undefined when nothing by
 * that name exists. The CLI's `--from` and the tab's tracer and can-i forms read callers this way.
 */
export function resolveWorkload(
  index: MeshIndex,
  namespace: string,
  name: string,
  cluster?: string,
): ResolvedWorkload | undefined {
  const pod = index.get<Pod>('Pod', namespace, name, cluster);
  if (pod) {
    const port = pod.spec?.containers?.flatMap(c => c.ports ?? [])[0]
      ?.containerPort;
    return {
      namespace,
      pod: name,
      labels: pod.metadata.labels ?? {},
      serviceAccount: pod.spec?.serviceAccountName,
      port,
    };
  }
  for (const kind of CONTROLLERS) {
    const w = index.get<Workload>(kind, namespace, name, cluster);
    if (!w) continue;
    const t = w.spec?.template;
    const port = t?.spec?.containers?.flatMap(c => c.ports ?? [])[0]
      ?.containerPort;
    return {
      namespace,
      labels: t?.metadata?.labels ?? {},
      serviceAccount: t?.spec?.serviceAccountName,
      port,
    };
  }
  const svc = index.get<Service>('Service', namespace, name, cluster);
  if (svc) {
    const p = svc.spec?.ports?.[0];
    const port = typeof p?.targetPort === 'number' ? p.targetPort : p?.port;
    return { namespace, labels: svc.spec?.selector ?? {}, service: svc, port };
  }
  return undefined;
}
