/*
 * The Security tab on the server: an entity's view (effective mTLS, policies in words, and the access
 * matrix in and out against every workload of a generated mesh of ~1,000 workloads, default 100
 * namespaces × 10 services, each namespace with an ALLOW policy) and one "may A call B" answer, over
 * HTTP against the backend bundled for production. Side by side in one run: GET …/security cold (a
 * different entity each run, so the per-generation memo misses and the access matrix is computed; the
 * entity's permission and catalog lookups are warmed first by its overview, untimed), GET …/security warm (one entity again: a memo hit), POST
 * …/can-i (a different caller each run), and the HTTP floor (the backend's readiness route). The mesh
 * has no metrics source, so the view's observed part answers `not-configured` without a query.
 * Prints one JSON document.
 *   npm run bench:security -- [--namespaces 100] [--services 10] [--versions 1] [--runs 40]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSandbox } from '../../packages/mesh-sandbox/src/sandbox/startSandbox';
import { listWatchedObjects } from '../lib/listWatchedObjects';
import {
  authorizeRequest,
  buildClusterSecurity,
  ClusterSyncState,
  entityMeshSelector,
  MeshIndex,
  principalOf,
} from '../../plugins/mesh-common/src';
import {
  BackendClient,
  loadavg,
  timingSummary,
  startBackend,
  waitFor,
  numberFlag,
  benchMeshClusters,
  benchBackendConfig,
} from '../lib/backendHarness';

const flag = (name: string, fallback: number) => numberFlag(name, fallback, 1);
const NAMESPACES = flag('--namespaces', 100);
const SERVICES = flag('--services', 10);
const VERSIONS = flag('--versions', 1);
const RUNS = flag('--runs', 40);
const log = (line: string) =>
  process.stderr.write(`[security-bench] ${line}\n`);

const nsName = (i: number) => `mesh-${String(i).padStart(3, '0')}`;
const svcName = (j: number) => `svc-${String(j).padStart(3, '0')}`;

/** One catalog Component per (namespace, service) the cold runs visit, spread over the mesh. */
function entitiesFor(count: number) {
  return Array.from({ length: count }, (_, k) => {
    const ns = nsName(Math.floor((k * NAMESPACES) / count) % NAMESPACES);
    // Not the last service of a namespace: that one is a TCP database, with fewer callers.
    const svc = svcName(k % Math.max(1, SERVICES - 1));
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `security-bench-${k}`,
        namespace: 'default',
        annotations: {
          'backstage.io/kubernetes-label-selector': `app=${svc}`,
          'backstage.io/kubernetes-namespace': ns,
          'meshport.io/mesh': 'bench',
        },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'guests' },
    };
  });
}

const summary = (xs: number[]) => ({
  runs: xs.length,
  ...timingSummary(xs),
});

async function timed(
  api: BackendClient,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ ms: number; text: string }> {
  const t = performance.now();
  const r = await api.request(method, route, body);
  const ms = performance.now() - t;
  if (r.status !== 200)
    throw new Error(`${method} ${route}: ${r.status} ${r.text.slice(0, 400)}`);
  return { ms, text: r.text };
}

async function main() {
  const startLoad = loadavg();
  const tmp = fs.mkdtempSync(
    path.join(os.tmpdir(), 'meshport-security-bench-'),
  );
  const stops: Array<() => Promise<void>> = [];
  try {
    log(
      `sandbox: ${NAMESPACES} namespaces × ${SERVICES} services × ${VERSIONS} versions`,
    );
    const sandbox = await startSandbox({
      clusters: [
        {
          name: 'sec',
          scenario: 'empty',
          mesh: {
            namespaces: NAMESPACES,
            services: SERVICES,
            versions: VERSIONS,
            // Traffic plays no part here; keep the sandbox quiet on a 2-core machine.
            ratePerNamespace: 0.1,
          },
        },
      ],
      stateDir: path.join(tmp, 'sandbox'),
      tls: true,
      podReadyDelayMs: 0,
      traffic: { tickMs: 5000, rateMultiplier: 1, seed: 1 },
    });
    stops.push(() => sandbox.stop());
    const cluster = sandbox.cluster('sec');

    const entities = entitiesFor(RUNS + 1);
    const entityFile = path.join(tmp, 'entities.yaml');
    fs.writeFileSync(
      entityFile,
      entities.map(e => JSON.stringify(e)).join('\n---\n'),
    );
    const backend = await startBackend(
      port =>
        benchBackendConfig(port, {
          catalogFiles: [entityFile],
          mesh: benchMeshClusters(cluster, { title: 'security bench' }),
        }),
      tmp,
    );
    stops.push(() => backend.stop());
    const api = backend.client;
    const route = (k: number, what: 'security' | 'can-i') =>
      `/api/mesh/entities/component/default/security-bench-${k}/${what}`;

    // Synced, every workload running, and the catalog has read the entities.
    const workloads = NAMESPACES * SERVICES * VERSIONS;
    const warmEntity = RUNS;
    const first = await waitFor(
      'cluster synced with every pod and the entities in the catalog',
      10 * 60_000,
      async () => {
        const r = await api.request('GET', route(warmEntity, 'security'));
        if (r.status !== 200) return undefined;
        const body = JSON.parse(r.text);
        const c = body.clusters[0];
        return c?.sync.status === 'synced' && c.access.peers >= workloads
          ? { body, text: r.text }
          : undefined;
      },
      1000,
    );
    const view = first.body.clusters[0];
    log(
      `view: ${view.workloads.length} workloads, ${view.access.inbound.length} inbound and ${view.access.outbound.length} outbound rows over ${view.access.peers} peers, metrics ${view.observed?.metrics.status}`,
    );
    // Every cold entity must exist before timing, or a 404 would be timed.
    for (let k = 0; k < RUNS; k += 1)
      await waitFor(`entity ${k}`, 120_000, async () =>
        (
          await api.request(
            'GET',
            `/api/catalog/entities/by-name/component/default/security-bench-${k}`,
          )
        ).status === 200
          ? true
          : undefined,
      );

    const coldMs: number[] = [];
    const warmMs: number[] = [];
    const canIMs: number[] = [];
    const floorMs: number[] = [];
    const decisions = { allowed: 0, denied: 0 };
    // Interleaved, so load drifts hit all of them alike.
    for (let k = 0; k < RUNS; k += 1) {
      // Untimed: the entity's overview warms the per-caller permission and catalog lookups, so the
      // cold figure is the security view's own cost (its memo is separate, so it still misses).
      await timed(
        api,
        'GET',
        `/api/mesh/entities/component/default/security-bench-${k}/overview`,
      );
      coldMs.push((await timed(api, 'GET', route(k, 'security'))).ms);
      warmMs.push((await timed(api, 'GET', route(warmEntity, 'security'))).ms);
      // A caller from a different namespace each time: its own namespace's policy admits some, not others.
      const fromNs = nsName((k * 7) % NAMESPACES);
      const e = entities[warmEntity].metadata.annotations;
      const target = `${e['backstage.io/kubernetes-namespace']}/${e['backstage.io/kubernetes-label-selector'].slice(4)}-v1`;
      const answer = await timed(api, 'POST', route(warmEntity, 'can-i'), {
        from: `${fromNs}/${svcName(k % SERVICES)}-v1`,
        to: target,
        method: 'GET',
        path: '/',
      });
      canIMs.push(answer.ms);
      if (JSON.parse(answer.text).allowed) decisions.allowed += 1;
      else decisions.denied += 1;
      const t = performance.now();
      await api.request('GET', '/.backstage/health/v1/readiness');
      floorMs.push(performance.now() - t);
    }
    // can-i on its own, back to back (200 runs, callers cycling), as bench:tabs measures the tracer:
    // above, each one follows a cold view whose ~0.7 MB of garbage the collector may be reclaiming.
    const canIAloneMs: number[] = [];
    {
      const e = entities[warmEntity].metadata.annotations;
      const target = `${e['backstage.io/kubernetes-namespace']}/${e['backstage.io/kubernetes-label-selector'].slice(4)}-v1`;
      for (let k = 0; k < 200; k += 1) {
        const answer = await timed(api, 'POST', route(warmEntity, 'can-i'), {
          from: `${nsName((k * 7) % NAMESPACES)}/${svcName(k % SERVICES)}-v1`,
          to: target,
          method: 'GET',
          path: '/',
        });
        canIAloneMs.push(answer.ms);
      }
    }
    // In-process on the same objects, without HTTP: what the engine and the JSON cost on their own.
    const index = new MeshIndex();
    for (const object of await listWatchedObjects(cluster))
      index.upsert(object, cluster.name);
    const sync: ClusterSyncState = {
      status: 'synced',
      objectCounts: {},
      missingKinds: [],
    };
    const buildMs: number[] = [];
    const jsonMs: number[] = [];
    const decideMs: number[] = [];
    for (let k = 0; k < RUNS; k += 1) {
      const selected = entityMeshSelector(entities[k]);
      if (!selected.ok) throw new Error(selected.message);
      let t = performance.now();
      const built = buildClusterSecurity(
        cluster.name,
        sync,
        index,
        selected.selector,
      );
      buildMs.push(performance.now() - t);
      t = performance.now();
      JSON.stringify(built);
      jsonMs.push(performance.now() - t);
      const fromNs = nsName((k * 7) % NAMESPACES);
      const caller = svcName(k % SERVICES);
      t = performance.now();
      authorizeRequest(index, {
        source: {
          namespace: fromNs,
          labels: { app: caller, version: 'v1' },
          principal: principalOf(fromNs, caller),
        },
        destination: {
          namespace:
            entities[warmEntity].metadata.annotations[
              'backstage.io/kubernetes-namespace'
            ],
          labels: {
            app: entities[warmEntity].metadata.annotations[
              'backstage.io/kubernetes-label-selector'
            ].slice(4),
            version: 'v1',
          },
        },
        port: 8080,
        method: 'GET',
        path: '/',
      });
      decideMs.push(performance.now() - t);
    }

    const cold = summary(coldMs);
    const canI = summary(canIMs);
    const canIAlone = summary(canIAloneMs);
    const result = {
      bench: 'security-server',
      node: process.version,
      cpus: os.cpus().length,
      loadavg: { start: startLoad, end: loadavg() },
      backend: { run: backend.runner, nodeEnv: 'production' },
      mesh: {
        namespaces: NAMESPACES,
        services: NAMESPACES * SERVICES,
        workloads,
        peers: view.access.peers,
        entityWorkloads: view.workloads.length,
        inboundRows: view.access.inbound.length,
        outboundRows: view.access.outbound.length,
        policies: view.policies.length,
        responseBytes: Buffer.byteLength(first.text),
        metrics: view.observed?.metrics.status,
      },
      canIDecisions: decisions,
      sideBySide: {
        'GET …/security, cold (a new entity each run, its permission and catalog lookups warm: access matrix computed)':
          cold,
        'GET …/security, warm (same entity, same model generation)':
          summary(warmMs),
        'POST …/can-i, interleaved (a different caller each run, right after a cold view)':
          canI,
        'POST …/can-i, back to back (200 runs, callers cycling)': canIAlone,
        'HTTP floor: GET /.backstage/health/v1/readiness': summary(floorMs),
        'in-process: buildClusterSecurity (a new entity each run)':
          summary(buildMs),
        'in-process: JSON.stringify of that view': summary(jsonMs),
        'in-process: authorizeRequest for the can-i request': summary(decideMs),
      },
      targets: {
        accessMatrixUnder100Ms: cold.p95Ms !== null && cold.p95Ms < 100,
        canIUnder5Ms: canIAlone.p95Ms !== null && canIAlone.p95Ms < 5,
      },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  e => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exit(1);
  },
);
