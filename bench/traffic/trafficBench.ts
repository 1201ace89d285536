/*
 * How long the Traffic tab's per-cluster view (`buildClusterTraffic`) takes for one entity on a
 * generated mesh of 20,000 Kubernetes objects and 10,000 Istio resources (bench/engines' generator).
 * Prints JSON: p50/p95 over 200 builds, each for a different entity, with and without a namespace
 * annotation. Run: node --import tsx bench/traffic/trafficBench.ts [--kube 20000] [--istio 10000] [--builds 200]
 */
import os from 'node:os';
import {
  buildClusterTraffic,
  ClusterSyncState,
  entityMeshSelector,
  EntityMeshSelector,
  MeshIndex,
} from '../../plugins/mesh-common/src';
import { generateMesh } from '../engines/generateMesh';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const builds = arg('builds', 200);
const mesh = generateMesh({
  kubeObjects: arg('kube', 20_000),
  istioResources: arg('istio', 10_000),
});
const index = new MeshIndex();
for (const o of [...mesh.kube, ...mesh.istio]) index.upsert(o, 'east');
const sync: ClusterSyncState = {
  status: 'synced',
  objectCounts: {},
  missingKinds: [],
};

function selectorFor(
  service: { namespace: string; name: string },
  withNamespace: boolean,
): EntityMeshSelector {
  const r = entityMeshSelector({
    metadata: {
      annotations: {
        'backstage.io/kubernetes-label-selector': `app=${service.name}`,
        ...(withNamespace
          ? { 'backstage.io/kubernetes-namespace': service.namespace }
          : {}),
      },
    },
  });
  if (!r.ok) throw new Error(r.message);
  return r.selector;
}

function run(withNamespace: boolean) {
  const entities = Array.from(
    { length: builds },
    (_, i) =>
      mesh.services[
        Math.floor((i * mesh.services.length) / builds) % mesh.services.length
      ],
  );
  // Warm the JIT (a running backend is warm) and the index's lazily built destination lookup.
  for (const e of entities.slice(0, 20))
    buildClusterTraffic({
      cluster: 'east',
      sync,
      index,
      selector: selectorFor(e, withNamespace),
      findingsOf: () => [],
    });
  const ms: number[] = [];
  let resources = 0;
  let rules = 0;
  for (const e of entities) {
    const selector = selectorFor(e, withNamespace);
    const t0 = process.hrtime.bigint();
    const t = buildClusterTraffic({
      cluster: 'east',
      sync,
      index,
      selector,
      findingsOf: () => [],
    });
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    resources += t.resources.length;
    rules += t.resources.reduce((n, r) => n + (r.rules?.length ?? 0), 0);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  const q = (p: number) =>
    +sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(
      3,
    );
  return {
    builds: ms.length,
    p50Ms: q(0.5),
    p95Ms: q(0.95),
    maxMs: q(1),
    meanResourcesPerEntity: +(resources / ms.length).toFixed(2),
    meanRulesPerEntity: +(rules / ms.length).toFixed(2),
  };
}

console.log(
  JSON.stringify(
    {
      mesh: {
        kubeObjects: mesh.kube.length,
        istioResources: mesh.istio.length,
      },
      withNamespaceAnnotation: run(true),
      withoutNamespaceAnnotation: run(false),
      loadavg: os.loadavg().map(l => +l.toFixed(2)),
    },
    null,
    2,
  ),
);
