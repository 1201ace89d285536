/**
 * Engine benchmark: builds a MeshIndex over a generated mesh and times index build, incremental
 * updates, route traces and authorization decisions. Prints one JSON object.
 *
 *   node --expose-gc --import tsx bench/engines/run.ts [--kube 20000] [--istio 10000] [--ops 10000]
 */
import os from 'node:os';
import { MeshIndex } from '../../plugins/mesh-common/src/istio/index/MeshIndex';
import { traceRequest } from '../../plugins/mesh-common/src/istio/routing/traceRequest';
import { RouteRequest } from '../../plugins/mesh-common/src/istio/routing/types';
import { authorizeRequest } from '../../plugins/mesh-common/src/istio/security/authorizeRequest';
import { AuthzRequest } from '../../plugins/mesh-common/src/istio/security/types';
import { generateMesh, rng } from './generateMesh';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const sampler = setInterval(sample, 5);

function stats(samplesNs: number[]) {
  const sorted = [...samplesNs].sort((a, b) => a - b);
  const q = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000;
  const mean = samplesNs.reduce((a, b) => a + b, 0) / samplesNs.length / 1000;
  // Without the slowest 1% (GC pauses, preemption on a shared machine): the steady-state cost.
  const kept = sorted.slice(0, Math.max(1, Math.floor(sorted.length * 0.99)));
  const trimmed = kept.reduce((a, b) => a + b, 0) / kept.length / 1000;
  return {
    count: samplesNs.length,
    meanUs: +mean.toFixed(2),
    trimmedMeanUs: +trimmed.toFixed(2),
    p50Us: +q(0.5).toFixed(2),
    p99Us: +q(0.99).toFixed(2),
    maxUs: +q(1).toFixed(2),
  };
}

function time<T>(fn: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const r = fn();
  return [r, Number(process.hrtime.bigint() - t0)];
}

const ops = arg('ops', 10_000);
const mesh = generateMesh({
  kubeObjects: arg('kube', 20_000),
  istioResources: arg('istio', 10_000),
});
const all = [...mesh.kube, ...mesh.istio];
sample();
const heapBefore = process.memoryUsage().heapUsed;
const [index, buildNs] = time(() => MeshIndex.build(all));
sample();
const heapAfter = process.memoryUsage().heapUsed;

// Incremental: change 1,000 VirtualServices one at a time.
const vss = mesh.istio.filter(o => o.kind === 'VirtualService').slice(0, 1000);
const upserts: number[] = [];
for (const vs of vss) {
  const changed = { ...vs, metadata: { ...vs.metadata, resourceVersion: '2' } };
  upserts.push(time(() => index.upsert(changed))[1]);
}

const paths = [
  '/',
  '/api/v1/items/42',
  '/api/list',
  '/admin/users',
  '/health',
  '/x.php',
  '/static/app.js?debug=1',
];

function makeRequests(
  seed: number,
  count: number,
): { traces: RouteRequest[]; decisions: AuthzRequest[] } {
  const rand = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const traces: RouteRequest[] = [];
  for (let i = 0; i < count; i++) {
    const src = pick(mesh.pods);
    const dst =
      rand() < 0.7
        ? pick(
            mesh.services
              .filter(s => s.namespace === src.namespace)
              .slice(0, 20),
          )
        : pick(mesh.services);
    const viaGateway = rand() < 0.05;
    traces.push(
      viaGateway
        ? {
            host: `${dst.name}.${dst.namespace}.gw${Number(dst.name.slice(4)) % 10}.example.com`,
            port: 80,
            path: pick(paths),
            source: { gateway: mesh.gateways[Number(dst.name.slice(4)) % 10] },
          }
        : {
            host:
              dst.namespace === src.namespace
                ? dst.name
                : `${dst.name}.${dst.namespace}`,
            path: pick(paths),
            method: rand() < 0.2 ? 'POST' : 'GET',
            headers:
              rand() < 0.1 ? { 'x-user': `tester-${dst.name.slice(4)}` } : {},
            source: { namespace: src.namespace, pod: src.name },
          },
    );
  }
  const decisions: AuthzRequest[] = [];
  for (let i = 0; i < count; i++) {
    const src = pick(mesh.pods);
    const dst =
      rand() < 0.7
        ? pick(
            mesh.pods.filter(p => p.namespace === src.namespace).slice(0, 200),
          )
        : pick(mesh.pods);
    decisions.push({
      source: { namespace: src.namespace, pod: src.name },
      destination: { namespace: dst.namespace, pod: dst.name },
      port: 8080,
      method: rand() < 0.2 ? 'POST' : 'GET',
      path: pick(paths),
      headers: rand() < 0.5 ? { 'x-team': src.namespace } : {},
    });
  }
  return { traces, decisions };
}

// Warm the JIT on other requests (as a running backend is), then change the index once, which
// empties the engines' per-generation memos: the first timed pass meets every workload cold.
const warmup = makeRequests(99, Math.max(2000, ops / 2));
for (let i = 0; i < warmup.traces.length; i++) {
  traceRequest(index, warmup.traces[i]);
  authorizeRequest(index, warmup.decisions[i]);
}
const { traces, decisions } = makeRequests(7, ops);
index.upsert({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'bench-generation-bump', namespace: 'default' },
});
const gc = (globalThis as { gc?: () => void }).gc;

function timeTraces(outcomes: Record<string, number>): number[] {
  gc?.();
  return traces.map(r => {
    const [t, ns] = time(() => traceRequest(index, r));
    outcomes[t.outcome] = (outcomes[t.outcome] ?? 0) + 1;
    return ns;
  });
}

function timeDecisions(verdicts: Record<string, number>): number[] {
  gc?.();
  return decisions.map(r => {
    const [d, ns] = time(() => authorizeRequest(index, r));
    let key = d.allowed
      ? `allowed:${d.action ?? 'no-policy-applies'}`
      : `denied:${d.action ?? 'no-allow-match'}`;
    if (d.status === 0) key = 'reset:plaintext-to-strict';
    verdicts[key] = (verdicts[key] ?? 0) + 1;
    return ns;
  });
}

const outcomes: Record<string, number> = {};
const verdicts: Record<string, number> = {};
const traceNs = timeTraces(outcomes);
const authzNs = timeDecisions(verdicts);
sample();
// The same requests again: memos now hold every workload seen (the steady state between changes).
const traceWarmNs = timeTraces({});
const authzWarmNs = timeDecisions({});
sample();
clearInterval(sampler);

const kinds: Record<string, number> = {};
for (const o of mesh.istio) kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
console.log(
  JSON.stringify(
    {
      node: process.version,
      mesh: {
        kubeObjects: mesh.kube.length,
        istioResources: mesh.istio.length,
        istioKinds: kinds,
      },
      indexBuildMs: +(buildNs / 1e6).toFixed(1),
      indexHeapMB: +((heapAfter - heapBefore) / 2 ** 20).toFixed(1),
      upsertVirtualService: stats(upserts),
      traceRequest: { ...stats(traceNs), outcomes },
      authorizeRequest: { ...stats(authzNs), verdicts },
      traceRequestWarmCaches: stats(traceWarmNs),
      authorizeRequestWarmCaches: stats(authzWarmNs),
      peakRssMB: +(peakRss / 2 ** 20).toFixed(1),
      loadAverage: os.loadavg().map(l => +l.toFixed(2)),
      cpus: os.cpus().length,
      targetUs: 50,
    },
    null,
    2,
  ),
);
