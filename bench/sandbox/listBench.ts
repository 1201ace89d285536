// Benchmark: list latency and memory of one simulated cluster holding ~10,000 and ~50,000 objects
// (a generated mesh: Deployments, ReplicaSets, injected Pods, Services, Istio config), over HTTP.
//   node --expose-gc --import tsx bench/sandbox/listBench.ts [--sizes 10000,50000]
import { performance } from 'node:perf_hooks';
import { startSandbox } from '../../packages/mesh-sandbox/src/sandbox/startSandbox';
import { get, memoryMb, sleep, timeIt } from './benchUtil';

const sizesArg = process.argv.indexOf('--sizes');
const sizes = (sizesArg > 0 ? process.argv[sizesArg + 1] : '10000,50000')
  .split(',')
  .map(Number);

/** Objects per service with 2 versions: SA, Service, DR, VS + 2 × (Deployment, ReplicaSet, Pod) = 10. */
function shapeFor(target: number): {
  namespaces: number;
  services: number;
  versions: number;
} {
  const services = 50;
  return {
    namespaces: Math.max(1, Math.round(target / (services * 10))),
    services,
    versions: 2,
  };
}

async function measure(target: number): Promise<Record<string, unknown>> {
  const shape = shapeFor(target);
  const before = memoryMb();
  const t0 = performance.now();
  const sandbox = await startSandbox({
    clusters: [
      {
        name: 'bench',
        scenario: 'empty',
        mesh: { ...shape, ratePerNamespace: 1 },
      },
    ],
    tls: false,
    podReadyDelayMs: 0,
  });
  const cluster = sandbox.cluster('bench');
  const expectedPods = shape.namespaces * shape.services * shape.versions;
  const count = async (query: string) => {
    const page = JSON.parse(
      (await get(cluster, `/api/v1/pods?limit=1${query}`)).body,
    ) as { items: unknown[]; metadata: { remainingItemCount?: number } };
    return page.items.length + (page.metadata.remainingItemCount ?? 0);
  };
  // Settled: every expected pod exists and none is not Running. (A selector list of limit=1 stops
  // at the first match, and an unfiltered one reports remainingItemCount, so polling stays cheap.)
  for (;;) {
    const notRunning = JSON.parse(
      (
        await get(
          cluster,
          '/api/v1/pods?limit=1&fieldSelector=status.phase!%3DRunning',
        )
      ).body,
    ) as { items: unknown[] };
    if (notRunning.items.length === 0 && (await count('')) >= expectedPods)
      break;
    await sleep(250);
  }
  const settledMs = performance.now() - t0;
  await sleep(1500); // let the traffic model and the last status writes settle
  const counts: Record<string, number> = {};
  let total = 0;
  for (const path of [
    '/api/v1/pods',
    '/apis/apps/v1/replicasets',
    '/apis/apps/v1/deployments',
    '/api/v1/services',
    '/api/v1/serviceaccounts',
    '/api/v1/configmaps',
    '/apis/networking.istio.io/v1/virtualservices',
    '/apis/networking.istio.io/v1/destinationrules',
    '/api/v1/namespaces',
  ]) {
    const n = (
      JSON.parse((await get(cluster, path)).body) as { items: unknown[] }
    ).items.length;
    counts[path] = n;
    total += n;
  }
  const podsAll = await get(cluster, '/api/v1/pods');
  const result = {
    targetObjects: target,
    shape,
    objects: total,
    startAndSettleMs: Math.round(settledMs),
    memory: { before, after: memoryMb() },
    listAllPods: {
      items: counts['/api/v1/pods'],
      responseMb: Number((podsAll.bytes / 2 ** 20).toFixed(1)),
      ...(await timeIt(5, () => get(cluster, '/api/v1/pods'))),
    },
    listPodsPage500: await timeIt(20, () =>
      get(cluster, '/api/v1/pods?limit=500'),
    ),
    listPodsOneNamespace: await timeIt(20, () =>
      get(cluster, '/api/v1/namespaces/mesh-000/pods'),
    ),
    listPodsLabelSelector: await timeIt(20, () =>
      get(cluster, '/api/v1/pods?labelSelector=app%3Dsvc-001,version%3Dv2'),
    ),
    listAllVirtualServices: {
      items: counts['/apis/networking.istio.io/v1/virtualservices'],
      ...(await timeIt(10, () =>
        get(cluster, '/apis/networking.istio.io/v1/virtualservices'),
      )),
    },
    getOnePod: await timeIt(50, () =>
      get(cluster, '/api/v1/namespaces/mesh-000/pods?limit=1'),
    ),
  };
  await sandbox.stop();
  return result;
}

/** One JSON line per size as soon as it is measured (large sizes take minutes). */
async function main(): Promise<void> {
  for (const size of sizes)
    process.stdout.write(
      `${JSON.stringify({ bench: 'sandbox-list', node: process.version, ...(await measure(size)) })}\n`,
    );
}

void main();
