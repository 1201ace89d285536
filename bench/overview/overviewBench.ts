/*
 * How long the Mesh tab's overview takes to compute from a cluster snapshot, as the cluster grows.
 * Prints JSON. Run: node --import tsx bench/overview/overviewBench.ts
 */
import {
  buildClusterOverview,
  ClusterObjects,
  entityMeshSelector,
  KubeObject,
  MeshIndex,
  Pod,
  Service,
  Workload,
} from '../../plugins/mesh-common/src';

function generate(
  namespaces: number,
  servicesPerNs: number,
  versions: number,
  replicas: number,
): ClusterObjects {
  const o: ClusterObjects = {
    namespaces: [],
    pods: [],
    services: [],
    deployments: [],
    replicaSets: [],
    statefulSets: [],
    istio: [],
  };
  for (let n = 0; n < namespaces; n++) {
    const ns = `ns-${n}`;
    o.namespaces.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'istio-injection': 'enabled' } },
    });
    for (let s = 0; s < servicesPerNs; s++) {
      const app = `svc-${s}`;
      o.services.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: app, namespace: ns },
        spec: { selector: { app }, ports: [{ name: 'http', port: 8080 }] },
      } as Service);
      o.istio.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: app, namespace: ns },
        spec: {
          hosts: [app],
          http: [{ route: [{ destination: { host: app, subset: 'v0' } }] }],
        },
      } as KubeObject);
      o.istio.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: app, namespace: ns },
        spec: { host: app },
      } as KubeObject);
      for (let v = 0; v < versions; v++) {
        const name = `${app}-v${v}`;
        const labels = { app, version: `v${v}` };
        o.deployments.push({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name, namespace: ns, labels },
          spec: { replicas, template: { metadata: { labels } } },
        } as Workload);
        const rs = `${name}-abc123`;
        o.replicaSets.push({
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name: rs,
            namespace: ns,
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                name,
                uid: name,
                controller: true,
              },
            ],
          },
        } as Workload);
        for (let r = 0; r < replicas; r++) {
          o.pods.push({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: {
              name: `${rs}-${r}`,
              namespace: ns,
              labels: { ...labels, 'pod-template-hash': 'abc123' },
              ownerReferences: [
                {
                  apiVersion: 'apps/v1',
                  kind: 'ReplicaSet',
                  name: rs,
                  uid: rs,
                  controller: true,
                },
              ],
            },
            spec: {
              containers: [
                { name: 'app' },
                {
                  name: 'istio-proxy',
                  image: 'docker.io/istio/proxyv2:1.27.1',
                },
              ],
            },
            status: {
              phase: 'Running',
              conditions: [{ type: 'Ready', status: 'True' }],
            },
          } as Pod);
        }
      }
    }
  }
  return o;
}

const sync = { status: 'synced' as const, objectCounts: {}, missingKinds: [] };
const results = [];
for (const [namespaces, services] of [
  [10, 10],
  [50, 20],
  [100, 50],
]) {
  const objects = generate(namespaces, services, 2, 3);
  const index = MeshIndex.build(
    [
      ...objects.namespaces,
      ...objects.pods,
      ...objects.services,
      ...objects.deployments,
      ...objects.replicaSets,
      ...objects.statefulSets,
      ...objects.istio,
    ],
    {},
    'bench',
  );
  const total =
    objects.pods.length +
    objects.services.length +
    objects.deployments.length +
    objects.replicaSets.length +
    objects.istio.length;
  for (const scoped of [true, false]) {
    const annotations: Record<string, string> = {
      'backstage.io/kubernetes-label-selector': 'app=svc-1',
    };
    if (scoped) annotations['backstage.io/kubernetes-namespace'] = 'ns-1';
    const r = entityMeshSelector({ metadata: { annotations } });
    if (!r.ok) throw new Error(r.message);
    const runs = 20;
    buildClusterOverview('bench', sync, index, r.selector); // warm-up
    const t0 = process.hrtime.bigint();
    let workloads = 0;
    for (let i = 0; i < runs; i++)
      workloads = buildClusterOverview('bench', sync, index, r.selector)
        .workloads.length;
    const ms = Number(process.hrtime.bigint() - t0) / 1e6 / runs;
    results.push({
      objects: total,
      pods: objects.pods.length,
      namespaceAnnotation: scoped,
      workloadsFound: workloads,
      msPerOverview: Number(ms.toFixed(2)),
    });
  }
}
console.log(
  JSON.stringify(
    {
      bench: 'buildClusterOverview',
      node: process.version,
      heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1e6),
      results,
    },
    null,
    2,
  ),
);
