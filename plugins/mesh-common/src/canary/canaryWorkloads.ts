import { MeshIndex } from '../istio/index/MeshIndex';
import { Service } from '../kube/types';
import { workloadNameOfPod } from '../security/workloadIdentity';

/** What a canary's checks measure: the workloads of one version of one Service. */
export interface CanaryTarget {
  namespace: string;
  /** The Kubernetes Service whose traffic is shifted. */
  service: string;
  /** The canary's `version` label. */
  version: string;
  /** Its workloads as Istio's telemetry names them (`destination_workload`), sorted. */
  workloads: string[];
}

/**
 * The workloads of the Service's pods that carry `version=<version>`, named as Istio's
 * `destination_workload` label names them (the Deployment of a ReplicaSet's pod, the owner of
 * other pods, the pod itself without one: `workloadNameOfPod`), sorted and unique. Empty when the
 * Service is unknown, selects nothing (no selector), or no pod of it has that version.
 */
export function canaryWorkloads(
  index: MeshIndex,
  service: { namespace: string; name: string },
  version: string,
  cluster?: string,
): string[] {
  const svc = index.get<Service>(
    'Service',
    service.namespace,
    service.name,
    cluster,
  );
  const selector = svc?.spec?.selector;
  // A Service without a selector selects no pods (its endpoints are managed by hand).
  if (!selector || Object.keys(selector).length === 0) return [];
  // A Service that itself pins another version selects none of this version's pods.
  if (selector.version !== undefined && selector.version !== version) return [];
  const names = new Set<string>();
  for (const pod of index.podsMatching(
    service.namespace,
    { ...selector, version },
    cluster,
  ))
    names.add(workloadNameOfPod(index, pod, cluster ?? index.clusterOf(pod)));
  return [...names].sort();
}
