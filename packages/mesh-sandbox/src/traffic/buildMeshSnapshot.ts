import { KubeObject } from '../store/types';
import { serviceHost } from './hosts';
import {
  Endpoint,
  IstioConfigObject,
  MeshService,
  MeshSnapshot,
} from './types';

export interface SnapshotSources {
  clusterName: string;
  services: KubeObject[];
  pods: KubeObject[];
  gateways: KubeObject[];
  virtualServices: KubeObject[];
  destinationRules: KubeObject[];
  authorizationPolicies: KubeObject[];
  peerAuthentications: KubeObject[];
}

function isReady(pod: KubeObject): boolean {
  const status = pod.status as
    | { phase?: string; conditions?: Array<{ type: string; status: string }> }
    | undefined;
  return (
    !pod.metadata.deletionTimestamp &&
    status?.phase === 'Running' &&
    !!status.conditions?.some(c => c.type === 'Ready' && c.status === 'True')
  );
}

/** Istio names a pod's workload after its controller: a ReplicaSet's pods after its Deployment. */
export function workloadName(pod: KubeObject): string {
  const owner =
    pod.metadata.ownerReferences?.find(o => o.controller) ??
    pod.metadata.ownerReferences?.[0];
  if (!owner) return pod.metadata.name ?? 'unknown';
  const hash = pod.metadata.labels?.['pod-template-hash'];
  if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`))
    return owner.name.slice(0, -hash.length - 1);
  return owner.name;
}

function toEndpoint(pod: KubeObject): Endpoint {
  const spec = pod.spec as
    | { serviceAccountName?: string; containers?: Array<{ name: string }> }
    | undefined;
  return {
    pod: pod.metadata.name ?? '',
    namespace: pod.metadata.namespace ?? 'default',
    labels: pod.metadata.labels ?? {},
    workload: workloadName(pod),
    serviceAccount: spec?.serviceAccountName ?? 'default',
    sidecar: !!spec?.containers?.some(c => c.name === 'istio-proxy'),
  };
}

function toService(service: KubeObject): MeshService {
  const spec = service.spec as
    | {
        selector?: Record<string, string>;
        ports?: Array<{ port: number; name?: string }>;
      }
    | undefined;
  const name = service.metadata.name ?? '';
  const namespace = service.metadata.namespace ?? 'default';
  return {
    name,
    namespace,
    host: serviceHost(name, namespace),
    selector: spec?.selector ?? {},
    ports: spec?.ports ?? [],
  };
}

const asConfig = (o: KubeObject): IstioConfigObject => ({
  metadata: o.metadata,
  spec: o.spec as Record<string, unknown> | undefined,
});

/** The mesh as the proxies would see it after istiod pushed the current configuration. */
export function buildMeshSnapshot(sources: SnapshotSources): MeshSnapshot {
  return {
    clusterName: sources.clusterName,
    trustDomain: 'cluster.local',
    rootNamespace: 'istio-system',
    services: new Map(
      sources.services.map(s => toService(s)).map(s => [s.host, s]),
    ),
    endpoints: sources.pods.filter(isReady).map(toEndpoint),
    gateways: sources.gateways.map(asConfig),
    virtualServices: sources.virtualServices.map(asConfig),
    destinationRules: sources.destinationRules.map(asConfig),
    authorizationPolicies: sources.authorizationPolicies.map(asConfig),
    peerAuthentications: sources.peerAuthentications.map(asConfig),
  };
}
