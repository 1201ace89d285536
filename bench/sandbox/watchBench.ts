// Benchmark: watch fan-out and event throughput. 20 HTTP watchers on all ConfigMaps while
// writers create objects over the API; then the store alone (in-process writes, 20 subscribers).
//   node --expose-gc --import tsx bench/sandbox/watchBench.ts [--events 5000] [--watchers 20]
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { startSandbox } from '../../packages/mesh-sandbox/src/sandbox/startSandbox';
import type { SandboxCluster } from '../../packages/mesh-sandbox/src/sandbox/types';
import { ObjectStore } from '../../packages/mesh-sandbox/src/store/ObjectStore';
import { memoryMb, post } from './benchUtil';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EVENTS = arg('--events', 5000);
const WATCHERS = arg('--watchers', 20);
const WRITERS = 8;

/** Opens a watch and counts ADDED events for objects labelled bench=watch, recording when each arrived. */
function openWatch(
  cluster: SandboxCluster,
  resourceVersion: string,
  onAdded: () => void,
): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const url = new URL(
      `/api/v1/configmaps?watch=true&labelSelector=bench%3Dwatch&resourceVersion=${resourceVersion}`,
      cluster.apiUrl,
    );
    const req = http.request(
      url,
      { headers: { Authorization: `Bearer ${cluster.token}` } },
      res => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let newline = buffer.indexOf('\n');
          while (newline >= 0) {
            const line = buffer.slice(0, newline);
            buffer = buffer.slice(newline + 1);
            if (line.startsWith('{"type":"ADDED"')) onAdded();
            newline = buffer.indexOf('\n');
          }
        });
        resolve(req);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function overHttp(): Promise<Record<string, unknown>> {
  const sandbox = await startSandbox({
    clusters: [{ name: 'watch', scenario: 'empty' }],
    tls: false,
    podReadyDelayMs: 0,
  });
  const cluster = sandbox.cluster('watch');
  const list = JSON.parse(
    await (
      await fetch(`${cluster.apiUrl}/api/v1/configmaps?limit=1`, {
        headers: { Authorization: `Bearer ${cluster.token}` },
      })
    ).text(),
  ) as { metadata: { resourceVersion: string } };
  let delivered = 0;
  const target = EVENTS * WATCHERS;
  let done: () => void = () => {};
  const allDelivered = new Promise<void>(resolve => (done = resolve));
  const watches = await Promise.all(
    Array.from({ length: WATCHERS }, () =>
      openWatch(cluster, list.metadata.resourceVersion, () => {
        delivered += 1;
        if (delivered === target) done();
      }),
    ),
  );
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < EVENTS) {
        const i = next++;
        await post(cluster, '/api/v1/namespaces/default/configmaps', {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `cm-${i}`, labels: { bench: 'watch' } },
          data: { i: String(i) },
        });
      }
    }),
  );
  const writesDone = performance.now() - t0;
  await allDelivered;
  const elapsed = performance.now() - t0;
  watches.forEach(w => w.destroy());
  const memory = memoryMb();
  await sandbox.stop();
  return {
    watchers: WATCHERS,
    writes: EVENTS,
    writers: WRITERS,
    writesPerSecond: Math.round(EVENTS / (writesDone / 1000)),
    eventsDelivered: delivered,
    eventsDeliveredPerSecond: Math.round(delivered / (elapsed / 1000)),
    lastEventAfterLastWriteMs: Math.round(elapsed - writesDone),
    totalMs: Math.round(elapsed),
    memory,
  };
}

function inProcess(): Record<string, unknown> {
  const store = new ObjectStore(1000);
  let received = 0;
  for (let i = 0; i < WATCHERS; i += 1)
    store.watch({ resource: '/configmaps' }, () => (received += 1));
  const n = EVENTS * 4;
  const t0 = performance.now();
  for (let i = 0; i < n; i += 1)
    store.create('/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${i}`, namespace: 'default' },
      data: { i: String(i) },
    });
  const elapsed = performance.now() - t0;
  return {
    watchers: WATCHERS,
    writes: n,
    writesPerSecond: Math.round(n / (elapsed / 1000)),
    eventsDeliveredPerSecond: Math.round(received / (elapsed / 1000)),
  };
}

async function main(): Promise<void> {
  const http = await overHttp();
  const store = inProcess();
  process.stdout.write(
    `${JSON.stringify({ bench: 'sandbox-watch', node: process.version, overHttp: http, storeOnly: store }, null, 2)}\n`,
  );
}

void main();
