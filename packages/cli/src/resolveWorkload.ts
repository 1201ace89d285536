import {
  MeshIndex,
  Pod,
  Service,
  Workload,
} from '@meshport/plugin-mesh-common';
import { UsageError } from './parseArgs';

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

/** Splits `ns/name`; a bare name is in `default`, as kubectl would read it. */
export function splitRef(
  ref: string,
  flagName: string,
): { namespace: string; name: string } {
  const parts = ref.split('/');
  if (parts.length > 2 || parts.some(p => p.length === 0))
    throw new UsageError(`--${flagName} must be namespace/name, not "${ref}"`);
  return parts.length === 2
    ? { namespace: parts[0], name: parts[1] }
    : { namespace: 'default', name: parts[0] };
}

/**
 * Finds what `ns/name` names among the loaded objects: a Pod, a controller (Deployment…, by its
 * pod template), or a Service (by its selector). Undefined when nothing by that name exists.
 */
export function resolveWorkload(
  index: MeshIndex,
  namespace: string,
  name: string,
): ResolvedWorkload | undefined {
  const pod = index.get<Pod>('Pod', namespace, name);
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
    const w = index.get<Workload>(kind, namespace, name);
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
  const svc = index.get<Service>('Service', namespace, name);
  if (svc) {
    const p = svc.spec?.ports?.[0];
    const port = typeof p?.targetPort === 'number' ? p.targetPort : p?.port;
    return { namespace, labels: svc.spec?.selector ?? {}, service: svc, port };
  }
  return undefined;
}
