import {
  ClusterOverview,
  ClusterSyncState,
  PodView,
  ServiceView,
  WorkloadView,
} from '../api/types';
import { matchesSelectorTerms, serviceSelects } from '../kube/labelSelector';
import { KubeObject, Namespace, Pod, Service, Workload } from '../kube/types';
import { EntityMeshSelector } from './entitySelector';
import { serviceFqdn } from '../istio/index/hostNames';
import { MeshIndex } from '../istio/index/MeshIndex';
import {
  InjectorSetup,
  injectorSetupOf,
} from '../istio/injection/injectorSetup';
import { findIstioReferences } from './istioReferences';
import { explainSidecar, proxyVersion } from './sidecar';

/**
 * A snapshot of the kinds the overview used to take from one cluster's cache.
 * @deprecated The overview reads a MeshIndex now; kept so callers can migrate.
 */
export interface ClusterObjects {
  namespaces: Namespace[];
  pods: Pod[];
  services: Service[];
  deployments: Workload[];
  replicaSets: Workload[];
  statefulSets: Workload[];
  daemonSets?: Workload[];
  /** Every Istio (and Gateway API) object in the cluster. */
  istio: KubeObject[];
}

function podView(
  pod: Pod,
  ns: Namespace | undefined,
  setup: InjectorSetup | undefined,
): PodView {
  const statuses = pod.status?.containerStatuses ?? [];
  const readyCondition = pod.status?.conditions?.find(c => c.type === 'Ready');
  return {
    name: pod.metadata.name,
    namespace: pod.metadata.namespace ?? 'default',
    phase: pod.status?.phase ?? 'Unknown',
    ready: readyCondition ? readyCondition.status === 'True' : false,
    restarts: statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0),
    nodeName: pod.spec?.nodeName,
    sidecar: explainSidecar(pod, ns, setup),
    proxyVersion: proxyVersion(pod),
  };
}

const key = (kind: string, ns: string | undefined, name: string) =>
  `${kind}/${ns ?? 'default'}/${name}`;

/**
 * Computes what the Mesh tab shows for one entity in one cluster: its workloads with their pods
 * and sidecars, the Services selecting them, and the Istio resources that refer to either.
 * Reads only `cluster`'s objects from the mesh's index (and, when the entity names a namespace,
 * only that namespace's workloads, pods and Services); Istio resources are found with the index's
 * host resolution and the engines' own lookups, and injection is decided from the cluster's
 * injector webhooks. Pure: the backend feeds it its live index, tests an index built from literals.
 */
export function buildClusterOverview(
  cluster: string,
  sync: ClusterSyncState,
  index: MeshIndex,
  selector: EntityMeshSelector,
): ClusterOverview {
  // Everything below works on the entity's namespace only, when it names one: on a big cluster
  // that is most of the saving. Istio objects stay whole, as other namespaces may route here.
  const read = <T extends KubeObject>(kind: string): T[] =>
    selector.namespace
      ? index.inNamespace<T>(kind, selector.namespace, cluster)
      : index.all<T>(kind, cluster);
  const pods = read<Pod>('Pod');
  const setup = injectorSetupOf(index, cluster);
  const namespaceOfPod = (p: Pod) =>
    index.namespace(p.metadata.namespace ?? 'default', cluster);

  // Owner chain Pod → ReplicaSet → Deployment, resolved by name within the namespace.
  const workloadsByKey = new Map<string, Workload>();
  for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet']) {
    for (const w of read<Workload>(kind))
      workloadsByKey.set(key(w.kind, w.metadata.namespace, w.metadata.name), w);
  }
  const topOwner = (pod: Pod): Workload | undefined => {
    const ref =
      pod.metadata.ownerReferences?.find(o => o.controller) ??
      pod.metadata.ownerReferences?.[0];
    if (!ref) return undefined;
    if (ref.kind === 'ReplicaSet') {
      const rs = index.get<Workload>(
        'ReplicaSet',
        pod.metadata.namespace ?? 'default',
        ref.name,
        cluster,
      );
      const rsOwner = rs?.metadata.ownerReferences?.find(
        o => o.kind === 'Deployment',
      );
      if (rsOwner)
        return workloadsByKey.get(
          key('Deployment', pod.metadata.namespace, rsOwner.name),
        );
      if (rs) return rs;
      // Kinds are watched independently, so a pod can arrive before its ReplicaSet. Deployments
      // name their ReplicaSets <deployment>-<pod-template-hash>, which the pod carries as a label.
      const hash = pod.metadata.labels?.['pod-template-hash'];
      if (hash && ref.name.endsWith(`-${hash}`)) {
        return workloadsByKey.get(
          key(
            'Deployment',
            pod.metadata.namespace,
            ref.name.slice(0, -hash.length - 1),
          ),
        );
      }
      return undefined;
    }
    return workloadsByKey.get(key(ref.kind, pod.metadata.namespace, ref.name));
  };

  const matchedPods = new Set(
    pods.filter(p => matchesSelectorTerms(p.metadata.labels, selector.terms)),
  );
  const workloads = new Map<string, { workload: Workload; pods: Pod[] }>();
  for (const w of workloadsByKey.values()) {
    if (matchesSelectorTerms(w.metadata.labels, selector.terms)) {
      workloads.set(key(w.kind, w.metadata.namespace, w.metadata.name), {
        workload: w,
        pods: [],
      });
    }
  }
  const orphanPods: Pod[] = [];
  for (const pod of pods) {
    const owner = topOwner(pod);
    const ownerKey =
      owner && key(owner.kind, owner.metadata.namespace, owner.metadata.name);
    const matched = matchedPods.has(pod);
    if (ownerKey && (workloads.has(ownerKey) || matched)) {
      const entry = workloads.get(ownerKey) ?? { workload: owner!, pods: [] };
      entry.pods.push(pod);
      workloads.set(ownerKey, entry);
    } else if (matched) {
      orphanPods.push(pod);
    }
  }

  const workloadViews: WorkloadView[] = [...workloads.values()].map(
    ({ workload, pods: workloadPods }) => {
      const podViews = workloadPods.map(p =>
        podView(p, namespaceOfPod(p), setup),
      );
      return {
        kind: workload.kind,
        name: workload.metadata.name,
        namespace: workload.metadata.namespace ?? 'default',
        labels: workload.metadata.labels ?? {},
        replicas: {
          desired:
            workload.spec?.replicas ??
            (workload.kind === 'DaemonSet' ? workloadPods.length : 1),
          ready: podViews.filter(p => p.ready).length,
        },
        pods: podViews,
      };
    },
  );
  for (const pod of orphanPods) {
    const view = podView(pod, namespaceOfPod(pod), setup);
    workloadViews.push({
      kind: 'Pod',
      name: pod.metadata.name,
      namespace: view.namespace,
      labels: pod.metadata.labels ?? {},
      replicas: { desired: 1, ready: view.ready ? 1 : 0 },
      pods: [view],
    });
  }
  workloadViews.sort((a, b) =>
    `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
  );

  // Pod label sets the entity owns: the pods themselves, plus templates of workloads not yet running.
  const podLabels = [
    ...[...workloads.values()].flatMap(w =>
      w.pods.map(p => ({
        namespace: p.metadata.namespace ?? 'default',
        labels: p.metadata.labels ?? {},
      })),
    ),
    ...[...workloads.values()].map(w => ({
      namespace: w.workload.metadata.namespace ?? 'default',
      labels: w.workload.spec?.template?.metadata?.labels ?? {},
    })),
    ...orphanPods.map(p => ({
      namespace: p.metadata.namespace ?? 'default',
      labels: p.metadata.labels ?? {},
    })),
  ];
  const labelsByNamespace = new Map<string, Array<Record<string, string>>>();
  for (const p of podLabels)
    labelsByNamespace.set(p.namespace, [
      ...(labelsByNamespace.get(p.namespace) ?? []),
      p.labels,
    ]);
  const services: ServiceView[] = read<Service>('Service')
    .filter(
      s =>
        selector.serviceNames.includes(s.metadata.name) ||
        (labelsByNamespace.get(s.metadata.namespace ?? 'default') ?? []).some(
          podSet => serviceSelects(s.spec?.selector, podSet),
        ),
    )
    .map(s => ({
      name: s.metadata.name,
      namespace: s.metadata.namespace ?? 'default',
      host: serviceFqdn(
        s.metadata.name,
        s.metadata.namespace ?? 'default',
        index.domain,
      ),
      type: s.spec?.type,
      clusterIP: s.spec?.clusterIP,
      selector: s.spec?.selector ?? {},
      ports: (s.spec?.ports ?? []).map(p => ({
        name: p.name,
        port: p.port,
        protocol: p.protocol,
        appProtocol: p.appProtocol,
        targetPort: p.targetPort,
      })),
    }))
    .sort((a, b) => a.host.localeCompare(b.host));

  const istioResources = findIstioReferences(index, {
    cluster,
    services: services.map(s => ({
      name: s.name,
      namespace: s.namespace,
      host: s.host,
    })),
    podLabels,
  });

  const allPods = workloadViews.flatMap(w => w.pods);
  return {
    cluster,
    sync,
    workloads: workloadViews,
    services,
    istioResources,
    summary: {
      pods: allPods.length,
      podsReady: allPods.filter(p => p.ready).length,
      podsWithSidecar: allPods.filter(p => p.sidecar.injected).length,
      injectionMismatches: allPods.filter(
        p => p.sidecar.injected !== p.sidecar.expected,
      ).length,
      proxyVersions: [
        ...new Set(
          allPods.map(p => p.proxyVersion).filter((v): v is string => !!v),
        ),
      ].sort(),
    },
  };
}
