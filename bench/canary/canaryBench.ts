/*
 * 100 concurrent canaries on one backend (issue #13, point 7): is each step's analysis judged within
 * its interval, and how many Prometheus queries does a step cost? The sandbox plays a generated mesh
 * (default 10 namespaces × 10 services, versions v1 and v2, traffic running), a real Prometheus
 * scrapes it every 5 s, and the backend — bundled, NODE_ENV=production, SQLite in memory (or
 * PostgreSQL with --postgres) — reaches Prometheus through a counting proxy on loopback, so every
 * query it sends is timed and attributed to the canary it measures. One canary per Service (v1 → v2, 10/20/30/40/50 %, checks success
 * rate ≥ 90 % and p99 ≤ 5,000 ms, threshold 5) is started at once; the bench polls until none is
 * progressing, reads every canary's history and prints one JSON document (progress on stderr).
 *
 * Per judged step: lateness = event.at − (previous event.at + interval). The controller stamps a
 * step's event when it commits, after its queries and its write, so lateness is the wait for a
 * tick and a free worker plus the step's own duration; the step's queries, seen at the proxy,
 * split it into wait (due → first query), checks (first query → last answer) and write + commit
 * (last answer → event). Side by side: Prometheus query latency at the proxy (the floor of a step's
 * checks) and the backend's HTTP floor (readiness route) sampled during the run.
 *   npm run bench:canary -- [--namespaces 10] [--services 10] [--interval 15] [--tick 1]
 *                           [--concurrency 16] [--minutes 6] [--scrape 5] [--rate 5] [--postgres]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { startSandbox } from '../../packages/mesh-sandbox/src/sandbox/startSandbox';
import { listWatchedObjects } from '../lib/listWatchedObjects';
import {
  findPrometheus,
  startPrometheus,
} from '../../packages/mesh-sandbox/src/prometheus/startPrometheus';
import type {
  CanaryEvent,
  CanaryRecord,
  StartCanaryRequest,
} from '../../plugins/mesh-common/src/api/canaryTypes';
import { analyze, MeshIndex } from '../../plugins/mesh-common/src';
import {
  BackendClient,
  loadavg,
  numberFlag,
  timingSummary,
  sleep,
  startBackend,
  waitFor,
  benchMeshClusters,
  waitForClusterSynced,
} from '../lib/backendHarness';

const NAMESPACES = numberFlag('--namespaces', 10, 1);
const SERVICES = numberFlag('--services', 10, 1);
const INTERVAL_S = numberFlag('--interval', 15, 1);
const TICK_S = numberFlag('--tick', 1, 1);
const MINUTES = numberFlag('--minutes', 6, 1);
const SCRAPE_S = numberFlag('--scrape', 5, 1);
const RATE = numberFlag('--rate', 5, 0.1);
/** Absent: the backend's default (16), not written into the config. */
const CONCURRENCY = process.argv.includes('--concurrency')
  ? numberFlag('--concurrency', 16, 1)
  : undefined;
/**
 * `--postgres` runs the backend on PostgreSQL, as app-config.production.yaml does, in databases of
 * its own (a random prefix, dropped at the end) on $CANARY_BENCH_POSTGRES or the local server;
 * by default SQLite in memory, as the other benches (knex gives it a single connection).
 */
const POSTGRES = process.argv.includes('--postgres')
  ? (process.env.CANARY_BENCH_POSTGRES ??
    'postgresql://postgres@127.0.0.1:5432')
  : undefined;
const STEP_WEIGHTS = [10, 20, 30, 40, 50];
const THRESHOLD = 5;
const POLL_MS = 5000;
const log = (line: string) => process.stderr.write(`[canary-bench] ${line}\n`);

const nsName = (i: number) => `mesh-${String(i).padStart(3, '0')}`;
const svcName = (j: number) => `svc-${String(j).padStart(3, '0')}`;
/** Epoch milliseconds with sub-millisecond resolution, comparable with the backend's Date. */
const nowMs = () => performance.timeOrigin + performance.now();
/**
 * A judged step: the controller's verdict after running the checks. A step paused because its
 * write failed ran its checks too (its event carries them); one paused because someone else edited
 * the route did not (no checks, no queries) and is not a judged step.
 */
const isJudged = (e: CanaryEvent) =>
  e.actor === 'controller' &&
  (['advanced', 'held', 'promoted', 'rolled-back'].includes(e.verdict) ||
    e.checks.length > 0);

interface Target {
  namespace: string;
  service: string;
  entity: string;
  /** `generateMesh` makes the last service of a namespace a TCP database (no HTTP metrics). */
  tcp: boolean;
}

function targets(): Target[] {
  const out: Target[] = [];
  for (let i = 0; i < NAMESPACES; i += 1)
    for (let j = 0; j < SERVICES; j += 1)
      out.push({
        namespace: nsName(i),
        service: svcName(j),
        entity: `${nsName(i)}-${svcName(j)}`,
        tcp: j === SERVICES - 1 && SERVICES > 2,
      });
  return out;
}

/**
 * The catalog: one Component per Service, and the guest as a member of platform-admins (the mesh
 * admins), as catalog/people.yaml has it, so the guest may start a canary on any entity.
 */
function catalogDocuments(list: Target[]): unknown[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'platform-admins', namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'guest', namespace: 'default' },
      spec: { memberOf: ['group:default/platform-admins'] },
    },
    ...list.map(t => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: t.entity,
        namespace: 'default',
        annotations: {
          'backstage.io/kubernetes-label-selector': `app=${t.service}`,
          'backstage.io/kubernetes-namespace': t.namespace,
          'meshport.io/mesh': 'bench',
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/platform-admins',
      },
    })),
  ];
}

/** One request the backend sent to Prometheus, as the proxy saw it. */
interface ProxiedQuery {
  path: string;
  startMs: number;
  endMs: number;
  status: number;
  /** `namespace/workload-regex` of a canary check's query, else undefined. */
  key?: string;
}

/**
 * A counting HTTP proxy in front of Prometheus (loopback): forwards everything, records the query
 * API calls (`/api/v1/query`, `/api/v1/query_range`) with their arrival, answer and the canary
 * they measure (`destination_workload_namespace` and `destination_workload` of the PromQL).
 */
async function startCountingProxy(upstream: string) {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const queries: ProxiedQuery[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const startMs = nowMs();
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://proxy');
      const isQuery =
        url.pathname === '/api/v1/query' ||
        url.pathname === '/api/v1/query_range';
      let key: string | undefined;
      if (isQuery) {
        const expr =
          url.searchParams.get('query') ??
          new URLSearchParams(body.toString('utf8')).get('query') ??
          '';
        const ns = /destination_workload_namespace="([^"]+)"/.exec(expr)?.[1];
        const workload = /destination_workload=~"([^"]+)"/.exec(expr)?.[1];
        if (ns && workload) key = `${ns}/${workload}`;
      }
      const up = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          agent,
          headers: { ...req.headers, host: target.host },
        },
        upRes => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
          upRes.on('end', () => {
            if (isQuery)
              queries.push({
                path: url.pathname,
                startMs,
                endMs: nowMs(),
                status: upRes.statusCode ?? 0,
                key,
              });
          });
        },
      );
      up.on('error', e => {
        if (isQuery)
          queries.push({
            path: url.pathname,
            startMs,
            endMs: nowMs(),
            status: 0,
            key,
          });
        if (!res.headersSent) res.writeHead(502);
        res.end(String(e));
      });
      up.end(body);
    });
  });
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    async stop() {
      for (const s of sockets) s.destroy();
      agent.destroy();
      await new Promise(r => server.close(() => r(undefined)));
    },
  };
}

const CLOCK_TICKS = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

/** utime + stime of a process, in seconds, from /proc/<pid>/stat; undefined when it is gone. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start at field 3, the state.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** The pid of the Prometheus this bench started: the one whose TSDB is in our own temp dir. */
function prometheusPid(dataDir: string): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes(`--storage.tsdb.path=${dataDir}`)) return Number(entry);
    } catch {
      // gone, or not ours to read
    }
  }
  return undefined;
}

const summary = (xs: number[]) => ({ n: xs.length, ...timingSummary(xs) });

/** Runs `fn` over `items`, at most `limit` at a time. */
async function pool<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

/**
 * What one write-path preview computes besides the cluster's dry run, in-process on the cluster's
 * objects: a private copy of the model (ChangeService.copyIndex: every cached object upserted into
 * a new MeshIndex) and every analyzer over it (then over the live model too, when its generation
 * moved since the last look, as it does after every apply). Synchronous work on the backend's one
 * event loop, so concurrent writes queue behind each other.
 */
async function previewAnalysisInProcess(
  cluster: { name: string; apiUrl: string; caData?: string; token: string },
  runs: number,
) {
  const objects = await listWatchedObjects(cluster);
  const copyMs: number[] = [];
  const analyzeMs: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    let t = performance.now();
    const index = new MeshIndex();
    for (const o of objects) index.upsert(o, cluster.name);
    copyMs.push(performance.now() - t);
    t = performance.now();
    analyze(index);
    analyzeMs.push(performance.now() - t);
  }
  return { objects: objects.length, copyMs, analyzeMs };
}

/** The backend's database: SQLite in memory, or PostgreSQL databases of this run's own. */
async function benchDatabase(): Promise<{
  config: Record<string, unknown>;
  description: string;
  drop: () => Promise<void>;
}> {
  if (!POSTGRES)
    return {
      config: { client: 'better-sqlite3', connection: ':memory:' },
      description: 'SQLite in memory (one knex connection)',
      drop: async () => undefined,
    };
  const prefix = `canary_bench_${randomBytes(4).toString('hex')}_`;
  const admin = knexFactory({
    client: 'pg',
    connection: POSTGRES,
    pool: { min: 0, max: 1 },
  });
  try {
    await admin.raw('select 1');
  } catch (e) {
    await admin.destroy();
    throw new Error(
      `--postgres: cannot reach PostgreSQL at ${POSTGRES.replace(/\/\/[^@]*@/, '//…@')}: ${(e as Error).message}`,
    );
  }
  return {
    config: { client: 'pg', connection: POSTGRES, prefix },
    description: `PostgreSQL (databases ${prefix}*)`,
    async drop() {
      try {
        const rows = (
          await admin.raw(
            'select datname from pg_database where datname like ?',
            [`${prefix}%`],
          )
        ).rows as Array<{ datname: string }>;
        for (const { datname } of rows)
          await admin.raw('drop database if exists ?? with (force)', [datname]);
      } finally {
        await admin.destroy();
      }
    },
  };
}

/** Everything the bench started, stopped once, in reverse order, on exit or on a signal. */
const stops: Array<() => Promise<void>> = [];
let tmpDir: string | undefined;
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    log(`${signal}: stopping everything the bench started`);
    cleanup().finally(() => process.exit(130));
  });

async function main() {
  const startLoad = loadavg();
  // Fail early and plainly: the bench measures against a real Prometheus, never without one.
  if (!findPrometheus())
    throw new Error(
      "bench:canary needs a Prometheus binary: none on the PATH (nor $PROMETHEUS). Install Debian's: apt-get install -y --no-install-recommends prometheus",
    );
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-canary-bench-'));
  tmpDir = tmp;
  const list = targets();
  log(
    `sandbox: ${NAMESPACES} namespaces × ${SERVICES} services × 2 versions, ${RATE} requests/s into each namespace`,
  );
  const sandbox = await startSandbox({
    clusters: [
      {
        name: 'canary',
        scenario: 'empty',
        mesh: {
          namespaces: NAMESPACES,
          services: SERVICES,
          versions: 2,
          ratePerNamespace: RATE,
        },
      },
    ],
    stateDir: path.join(tmp, 'sandbox'),
    tls: true,
    podReadyDelayMs: 0,
    traffic: { tickMs: 1000, rateMultiplier: 1, seed: 1 },
  });
  stops.push(() => sandbox.stop());
  const cluster = sandbox.cluster('canary');

  const promDir = path.join(tmp, 'prometheus');
  const prometheus = await startPrometheus({
    targets: [cluster.metricsUrl],
    scrapeIntervalSeconds: SCRAPE_S,
    dir: promDir,
  });
  stops.push(() => prometheus.stop());
  const promPid = prometheusPid(path.join(promDir, 'data'));
  log(
    `${prometheus.version} at ${prometheus.url}, scraping every ${SCRAPE_S} s`,
  );
  const proxy = await startCountingProxy(prometheus.url);
  stops.push(() => proxy.stop());

  const catalogFile = path.join(tmp, 'catalog.yaml');
  fs.writeFileSync(
    catalogFile,
    catalogDocuments(list)
      .map(e => JSON.stringify(e))
      .join('\n---\n'),
  );
  const database = await benchDatabase();
  stops.push(database.drop);
  log(
    `bundling and starting the backend (NODE_ENV=production, ${database.description})`,
  );
  const backend = await startBackend(
    port => ({
      app: { title: 'Meshport bench', baseUrl: 'http://127.0.0.1:3000' },
      organization: { name: 'bench' },
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { port, host: '127.0.0.1' },
        database: database.config,
      },
      auth: {
        environment: 'development',
        providers: {
          guest: {
            dangerouslyAllowOutsideDevelopment: true,
            userEntityRef: 'user:default/guest',
          },
        },
      },
      permission: {
        enabled: true,
        meshAdmins: ['group:default/platform-admins'],
        allowAllOtherPermissions: true,
      },
      catalog: {
        rules: [{ allow: ['Component', 'Location', 'User', 'Group'] }],
        locations: [{ type: 'file', target: catalogFile }],
      },
      mesh: {
        encryptionKey: randomBytes(32).toString('base64url'),
        allowPrivateClusterUrls: true,
        canary: {
          tickSeconds: TICK_S,
          ...(CONCURRENCY !== undefined ? { concurrency: CONCURRENCY } : {}),
        },
        ...benchMeshClusters(cluster, {
          title: 'canary bench',
          prometheusUrl: proxy.url,
        }),
      },
    }),
    tmp,
  );
  stops.push(() => backend.stop());
  const api = backend.client;

  await waitForClusterSynced(api);
  await waitFor(
    'the catalog to hold the guest and every entity',
    5 * 60_000,
    async () => {
      const r = await api.request(
        'GET',
        '/api/catalog/entities/by-name/user/default/guest',
      );
      if (r.status !== 200) return undefined;
      for (const t of list)
        if (
          (
            await api.request(
              'GET',
              `/api/catalog/entities/by-name/component/default/${t.entity}`,
            )
          ).status !== 200
        )
          return undefined;
      return true;
    },
    1000,
  );
  // Signed in at readiness, before the catalog had the User: sign in again to get its membership.
  await api.signInAsGuest();
  const refresh = await api.request(
    'GET',
    '/api/auth/guest/refresh?env=development',
    undefined,
    { 'X-Requested-With': 'XMLHttpRequest' },
  );
  const ownership = (
    JSON.parse(refresh.text) as {
      backstageIdentity?: { identity?: { ownershipEntityRefs?: string[] } };
    }
  ).backstageIdentity?.identity?.ownershipEntityRefs;
  if (!ownership?.includes('group:default/platform-admins'))
    throw new Error(
      `the guest does not own group:default/platform-admins (ownership: ${JSON.stringify(ownership)}); it could not start canaries`,
    );

  // Every canary's workloads need a rate over the checks' window (30 s) before the first step.
  log('waiting for Prometheus to hold the v2 workloads and 40 s of scrapes');
  const sawData = await waitFor(
    'v2 request series in Prometheus',
    5 * 60_000,
    async () => {
      const res = await fetch(`${prometheus.url}/api/v1/query`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          query:
            'count(istio_requests_total{reporter="destination",destination_workload=~"svc-[0-9]+-v2"})',
        }).toString(),
      });
      const body = (await res.json()) as {
        data?: { result?: Array<{ value: [number, string] }> };
      };
      const n = Number(body.data?.result?.[0]?.value[1] ?? 0);
      return n > 0 ? n : undefined;
    },
    2000,
  );
  log(`${sawData} v2 request series; letting the window fill`);
  await sleep(40_000);

  // Started concurrently, each on its own socket.
  const starter = new BackendClient(backend.client.port, list.length + 8);
  starter.token = api.token;
  const plan = {
    stepWeights: STEP_WEIGHTS,
    intervalSeconds: INTERVAL_S,
    threshold: THRESHOLD,
    checks: [
      { kind: 'success-rate' as const, minPercent: 90 },
      { kind: 'latency-p99' as const, maxMs: 5000 },
    ],
  };
  const runLoadStart = loadavg();
  const cpuStart = {
    backend: cpuSeconds(backend.pid),
    prometheus: cpuSeconds(promPid),
    bench: process.cpuUsage(),
  };
  const runStartMs = nowMs();
  log(`starting ${list.length} canaries at once`);
  const started = await Promise.all(
    list.map(async t => {
      const body: StartCanaryRequest = {
        entityRef: `component:default/${t.entity}`,
        namespace: t.namespace,
        service: t.service,
        stableVersion: 'v1',
        canaryVersion: 'v2',
        plan,
      };
      const s = nowMs();
      const r = await starter.request('POST', '/api/mesh/canaries', body);
      const endMs = nowMs();
      const ms = endMs - s;
      let id: string | undefined;
      let error: string | undefined;
      if (r.status === 201) id = (JSON.parse(r.text) as CanaryRecord).id;
      else error = `${r.status} ${r.text.slice(0, 300)}`;
      return { target: t, ms, endMs, status: r.status, id, error };
    }),
  );
  const startStatuses: Record<string, number> = {};
  for (const s of started)
    startStatuses[s.status] = (startStatuses[s.status] ?? 0) + 1;
  const failedStarts = started.filter(s => !s.id);
  if (failedStarts.length)
    log(
      `${failedStarts.length} did not start, e.g. ${failedStarts[0].target.namespace}/${failedStarts[0].target.service}: ${failedStarts[0].error}`,
    );
  const running = started.filter(s => s.id);
  log(
    `${running.length} started; polling every ${POLL_MS / 1000} s (cap ${MINUTES} min)`,
  );

  // No canary can finish before interval × steps: until then one canary is read per round (for
  // progress and the route's latency), so the polling does not load the backend it measures;
  // after that every unfinished one is. One readiness request per round is the HTTP floor.
  const states = new Map<string, string>();
  const pollMs: number[] = [];
  const floorMs: number[] = [];
  const deadline = runStartMs + MINUTES * 60_000;
  const earliestFinish = runStartMs + INTERVAL_S * STEP_WEIGHTS.length * 1000;
  const finishTimes: number[] = [];
  let round = 0;
  for (;;) {
    const open = running.filter(s => {
      const st = states.get(s.id!);
      return st === undefined || st === 'progressing';
    });
    if (open.length === 0 || nowMs() > deadline) break;
    await sleep(POLL_MS);
    round += 1;
    const f = nowMs();
    await api.request('GET', '/.backstage/health/v1/readiness');
    floorMs.push(nowMs() - f);
    const polled =
      nowMs() < earliestFinish ? [open[round % open.length]] : open;
    await pool(polled, 8, async s => {
      const t = nowMs();
      const r = await api.request('GET', `/api/mesh/canaries/${s.id}`);
      pollMs.push(nowMs() - t);
      if (r.status !== 200) return;
      const rec = JSON.parse(r.text) as CanaryRecord;
      if (states.get(s.id!) !== rec.state && rec.state !== 'progressing')
        finishTimes.push(Date.parse(rec.finishedAt ?? rec.updatedAt));
      states.set(s.id!, rec.state);
    });
    const counts: Record<string, number> = {};
    for (const st of states.values()) counts[st] = (counts[st] ?? 0) + 1;
    const one = states.get(polled[0].id!);
    log(
      `${((nowMs() - runStartMs) / 1000).toFixed(0)} s: ${polled.length === open.length ? JSON.stringify(counts) : `one of them: ${one}`}, load ${loadavg().join(' ')}`,
    );
  }
  const runEndMs = nowMs();
  const lastFinishMs = Math.max(runStartMs, ...finishTimes);
  const cpuEnd = {
    backend: cpuSeconds(backend.pid),
    prometheus: cpuSeconds(promPid),
    bench: process.cpuUsage(cpuStart.bench),
  };
  const runLoadEnd = loadavg();

  // Every canary's history, read once at the end.
  const records = await pool(running, 8, async s => {
    const r = await api.request('GET', `/api/mesh/canaries/${s.id}`);
    if (r.status !== 200)
      throw new Error(
        `GET canary ${s.id}: ${r.status} ${r.text.slice(0, 300)}`,
      );
    return { target: s.target, record: JSON.parse(r.text) as CanaryRecord };
  });

  const outcome: Record<string, number> = {};
  for (const { record } of records)
    outcome[record.state] = (outcome[record.state] ?? 0) + 1;
  const tcpOutcome: Record<string, number> = {};
  for (const { target, record } of records)
    if (target.tcp)
      tcpOutcome[record.state] = (tcpOutcome[record.state] ?? 0) + 1;

  // Queries sent while the canaries ran, by the canary they measure.
  const inRun = proxy.queries.filter(
    q => q.startMs >= runStartMs && q.startMs <= runEndMs,
  );
  const byKey = new Map<string, ProxiedQuery[]>();
  for (const q of inRun)
    if (q.key) {
      const arr = byKey.get(q.key) ?? [];
      arr.push(q);
      byKey.set(q.key, arr);
    }

  const latenessMs: number[] = [];
  const stepMs: number[] = [];
  const waitMs: number[] = [];
  const checksMs: number[] = [];
  const writeMs: number[] = [];
  const queriesPerStepSeen: Record<string, number> = {};
  const verdicts: Record<string, number> = {};
  const failedCheckReasons: Record<string, number> = {};
  const dueMs: number[] = [];
  let judged = 0;
  let withinInterval = 0;
  let latest: { lateMs: number; canary: string; step: number } | undefined;
  for (const { target, record } of records) {
    const ownQueries = (
      byKey.get(`${target.namespace}/${target.service}-v2`) ?? []
    ).sort((a, b) => a.startMs - b.startMs);
    const events: CanaryEvent[] = [...record.events].sort(
      (a, b) => a.seq - b.seq,
    );
    for (let k = 1; k < events.length; k += 1) {
      const e = events[k];
      if (!isJudged(e)) continue;
      judged += 1;
      verdicts[e.verdict] = (verdicts[e.verdict] ?? 0) + 1;
      for (const c of e.checks)
        if (!c.ok) {
          const why = `${c.name}: ${(c.reason ?? 'failed').replace(/[\d.]+/g, 'N')}`;
          failedCheckReasons[why] = (failedCheckReasons[why] ?? 0) + 1;
        }
      const prevAt = Date.parse(events[k - 1].at);
      const at = Date.parse(e.at);
      const due = prevAt + INTERVAL_S * 1000;
      const late = at - due;
      dueMs.push(due);
      latenessMs.push(late);
      if (late < INTERVAL_S * 1000) withinInterval += 1;
      if (!latest || late > latest.lateMs)
        latest = {
          lateMs: late,
          canary: `${target.namespace}/${target.service}`,
          step: e.step,
        };
      // This step's queries: sent after the previous event, answered before this one.
      const qs = ownQueries.filter(q => q.startMs > prevAt && q.startMs <= at);
      queriesPerStepSeen[qs.length] = (queriesPerStepSeen[qs.length] ?? 0) + 1;
      if (qs.length) {
        const first = Math.min(...qs.map(q => q.startMs));
        const last = Math.max(...qs.map(q => q.endMs));
        waitMs.push(first - due);
        checksMs.push(last - first);
        writeMs.push(at - last);
        stepMs.push(at - first);
      }
    }
  }
  const canaryQueries = inRun.filter(q => q.key).length;
  // Canaries that neither promoted nor rolled back, with what their history says, and what the
  // backend logged about canaries (the controller logs steps that failed, pauses and outcomes).
  const unfinished = records
    .filter(({ record }) => !['promoted', 'rolled-back'].includes(record.state))
    .map(({ target, record }) => ({
      canary: `${target.namespace}/${target.service}`,
      state: record.state,
      message: record.message,
      lastEvents: [...record.events]
        .sort((a, b) => a.seq - b.seq)
        .slice(-3)
        .map(e => `${e.at} ${e.verdict} @${e.weight}%: ${e.message}`),
    }));
  const canaryLogLines = fs
    .readFileSync(backend.logFile, 'utf8')
    .split('\n')
    .filter(l => /Canary [0-9a-f-]{36}/.test(l) && !/ started by /.test(l));
  const notOutcome = canaryLogLines.filter(
    l => !/: (promoted|rolled-back)\b/.test(l),
  );
  // How bunched the work was: starts spread over the POSTs' duration, and steps due per second.
  const startedAts = records.map(({ record }) =>
    Date.parse(
      record.events.find(e => e.verdict === 'started')?.at ?? record.createdAt,
    ),
  );
  // Where a start's time went: before its canary was recorded (preview, dry run, apply), and
  // between that and its response arriving.
  const startedAtById = new Map(
    records.map(({ record }, k) => [record.id, startedAts[k]]),
  );
  const beforeRecordedMs: number[] = [];
  const afterRecordedMs: number[] = [];
  for (const s of running) {
    const at = startedAtById.get(s.id!);
    if (at === undefined) continue;
    beforeRecordedMs.push(at - runStartMs);
    afterRecordedMs.push(s.endMs - at);
  }
  const duePerSecond = new Map<number, number>();
  for (const d of dueMs) {
    const k = Math.floor(d / 1000);
    duePerSecond.set(k, (duePerSecond.get(k) ?? 0) + 1);
  }
  log(
    "timing a preview's model copy and analysis in-process (the run is over)",
  );
  const inProcess = await previewAnalysisInProcess(cluster, 10);
  const promLatency = summary(inRun.map(q => q.endMs - q.startMs));
  const wallS = (runEndMs - runStartMs) / 1000;
  const cpu = (a?: number, b?: number) =>
    a === undefined || b === undefined
      ? null
      : {
          seconds: Number((b - a).toFixed(2)),
          percentOfOneCore: Number(((100 * (b - a)) / wallS).toFixed(1)),
        };
  const lateness = summary(latenessMs);
  const startMs = summary(started.map(s => s.ms));
  const result = {
    bench: 'canary',
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadavg: {
      start: startLoad,
      canariesStart: runLoadStart,
      canariesEnd: runLoadEnd,
      end: loadavg(),
    },
    prometheus: prometheus.version,
    backend: {
      run: backend.runner,
      nodeEnv: 'production',
      database: database.description,
      tickSeconds: TICK_S,
      concurrency: CONCURRENCY ?? '16 (default)',
    },
    mesh: {
      namespaces: NAMESPACES,
      services: list.length,
      tcpServices: list.filter(t => t.tcp).length,
      versions: ['v1', 'v2'],
      ratePerNamespace: RATE,
      scrapeIntervalSeconds: SCRAPE_S,
    },
    plan: { ...plan, windowSeconds: Math.max(INTERVAL_S, 30) },
    canaries: {
      requested: list.length,
      started: running.length,
      startStatuses,
      startErrors: failedStarts.slice(0, 5).map(s => s.error),
      outcome,
      outcomeOfTcpServices: tcpOutcome,
      unfinished,
      stillProgressingAtCap: outcome.progressing ?? 0,
      wallSeconds: Number(wallS.toFixed(1)),
      lastFinishedAfterSeconds: Number(
        ((lastFinishMs - runStartMs) / 1000).toFixed(1),
      ),
      leastPossibleSeconds: INTERVAL_S * STEP_WEIGHTS.length,
    },
    'POST /api/mesh/canaries, all at once (ms)': startMs,
    'start, POST sent → started event (ms)': summary(beforeRecordedMs),
    'start, started event → response received (ms)': summary(afterRecordedMs),
    startedEventsSpreadSeconds: Number(
      ((Math.max(...startedAts) - Math.min(...startedAts)) / 1000).toFixed(1),
    ),
    steps: {
      judged,
      verdicts,
      failedCheckReasons,
      'lateness: event.at − (previous event.at + interval), ms': lateness,
      withinInterval: `${withinInterval} of ${judged}`,
      mostStepsDueInOneSecond: Math.max(0, ...duePerSecond.values()),
      latestStep: latest,
      'derived from the proxy: wait, due → first query (ms)': summary(waitMs),
      'derived from the proxy: checks, first query → last answer (ms)':
        summary(checksMs),
      'derived from the proxy: write + commit, last answer → event (ms)':
        summary(writeMs),
      'derived from the proxy: step duration, first query → event (ms)':
        summary(stepMs),
      stepsWithNQueries: queriesPerStepSeen,
    },
    prometheusQueries: {
      duringRun: inRun.length,
      ofCanaryChecks: canaryQueries,
      other: inRun.length - canaryQueries,
      statuses: inRun.reduce<Record<string, number>>((acc, q) => {
        acc[q.status] = (acc[q.status] ?? 0) + 1;
        return acc;
      }, {}),
      perJudgedStep: judged
        ? Number((canaryQueries / judged).toFixed(2))
        : null,
      allPerJudgedStep: judged
        ? Number((inRun.length / judged).toFixed(2))
        : null,
      expectedPerStep: plan.checks.length,
    },
    sideBySide: {
      "Prometheus query at the proxy (the floor of a step's checks)":
        promLatency,
      'HTTP floor: GET /.backstage/health/v1/readiness, once per poll round':
        summary(floorMs),
      [`in-process: copy of the model, ${inProcess.objects} objects into a new MeshIndex (a preview's copyIndex)`]:
        summary(inProcess.copyMs),
      'in-process: analyze() over that copy (every validator and analyzer; a preview runs it once or twice)':
        summary(inProcess.analyzeMs),
      'GET /api/mesh/canaries/:id (the polling: one per round until the earliest finish, then every open one)':
        summary(pollMs),
    },
    backendLog: {
      canaryLines: canaryLogLines.length,
      otherThanOutcomes: notOutcome.length,
      examples: notOutcome.slice(0, 5).map(l => l.slice(0, 600)),
    },
    cpuDuringRun: {
      wallSeconds: Number(wallS.toFixed(1)),
      backend: cpu(cpuStart.backend, cpuEnd.backend),
      prometheus: cpu(cpuStart.prometheus, cpuEnd.prometheus),
      'bench process (sandbox API, traffic, proxy, polling)': {
        seconds: Number(
          ((cpuEnd.bench.user + cpuEnd.bench.system) / 1e6).toFixed(2),
        ),
        percentOfOneCore: Number(
          (
            (100 * (cpuEnd.bench.user + cpuEnd.bench.system)) /
            1e6 /
            wallS
          ).toFixed(1),
        ),
      },
    },
    targets: {
      everyStepWithinItsInterval: judged > 0 && withinInterval === judged,
      queriesPerStepAsExpected:
        judged > 0 && canaryQueries === judged * plan.checks.length,
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main()
  .then(
    () => 0,
    e => {
      process.stderr.write(`${e.stack ?? e}\n`);
      return 1;
    },
  )
  .then(async code => {
    await cleanup();
    process.exit(code);
  });
