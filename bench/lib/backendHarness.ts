/*
 * What the end-to-end benches share: a free port, the backend built for production (an esbuild
 * bundle of packages/backend, NODE_ENV=production) started as its own process group with a
 * generated app-config, a keep-alive HTTP client with the guest's token, waiting, quantiles and
 * the load average. Loopback only.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export const repoRoot = path.resolve(__dirname, '../..');
export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
export const loadavg = () => os.loadavg().map(n => Number(n.toFixed(2)));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

/** A numeric command-line flag (`--runs 30`) at least `min`, or `fallback` when absent. */
export function numberFlag(name: string, fallback: number, min = 0): number {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(argv[i + 1]);
  if (!Number.isFinite(n) || n < min)
    throw new Error(`${name} needs a number of at least ${min}`);
  return n;
}

/** p50, p95 and max of a set of timings, in milliseconds as measured. */
export function timingSummary(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return {
    p50Ms: quantile(s, 0.5),
    p95Ms: quantile(s, 0.95),
    maxMs: quantile(s, 1),
  };
}

/** The q-quantile of ascending samples, 2 decimals; null when there are none. */
export function quantile(sorted: number[], q: number): number | null {
  return sorted.length
    ? Number(
        sorted[
          Math.min(sorted.length - 1, Math.floor(q * sorted.length))
        ].toFixed(2),
      )
    : null;
}

export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  fn: () => Promise<T | undefined>,
  everyMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs / 1000}s waiting for ${what}`,
      );
    await sleep(everyMs);
  }
}

export interface ApiResponse {
  status: number;
  text: string;
}

/** A keep-alive client of one backend; `token` is sent as the bearer once set. */
export class BackendClient {
  token = '';
  private readonly agent: http.Agent;
  constructor(
    readonly port: number,
    maxSockets = 32,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /**
   * One request. A GET that finds its keep-alive socket closed by the server (idle past Node's 5 s
   * keepAliveTimeout while the bench did something else) is sent again once, on a fresh socket.
   */
  async request(
    method: string,
    p: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> {
    try {
      return await this.send(method, p, body, headers);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (method !== 'GET' || (code !== 'ECONNRESET' && code !== 'EPIPE'))
        throw e;
      return this.send(method, p, body, headers);
    }
  }

  private send(
    method: string,
    p: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<ApiResponse> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          path: p,
          method,
          agent: this.agent,
          headers: {
            ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
            ...(text
              ? {
                  'Content-Type': 'application/json',
                  'Content-Length': Buffer.byteLength(text),
                }
              : {}),
            ...headers,
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', d => chunks.push(d));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      req.setTimeout(60_000, () =>
        req.destroy(new Error(`timeout ${method} ${p}`)),
      );
      req.on('error', reject);
      req.end(text);
    });
  }

  /** Signs in as the guest (development auth environment). */
  async signInAsGuest(): Promise<void> {
    const refresh = await this.request(
      'GET',
      '/api/auth/guest/refresh?env=development',
      undefined,
      { 'X-Requested-With': 'XMLHttpRequest' },
    );
    if (refresh.status !== 200)
      throw new Error(
        `guest refresh: ${refresh.status} ${refresh.text.slice(0, 300)}`,
      );
    this.token = JSON.parse(refresh.text).backstageIdentity.token;
  }

  /** One request at a time, `runs` times: the route's own cost without queueing. */
  async sequential(method: string, p: string, runs: number, body?: unknown) {
    const xs: number[] = [];
    const statuses: Record<string, number> = {};
    for (let i = 0; i < runs; i += 1) {
      const s = performance.now();
      const r = await this.request(method, p, body);
      xs.push(performance.now() - s);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    }
    xs.sort((a, b) => a - b);
    return {
      runs,
      statuses,
      p50Ms: quantile(xs, 0.5),
      p95Ms: quantile(xs, 0.95),
      maxMs: Number((xs[xs.length - 1] ?? 0).toFixed(1)),
    };
  }
}

export interface RunningBackend {
  client: BackendClient;
  pid: number;
  logFile: string;
  runner: string;
  bundleBuildMs?: number;
  stop(): Promise<void>;
  tail(lines?: number): string;
}

/**
 * Bundles the backend ahead of time (bench/tabs/buildBackend.mjs) and starts it with NODE_ENV=production
 * and `config` (written as JSON, which is YAML) on a free port; resolves once it is ready and the guest
 * is signed in. `useTsx` runs the sources through tsx instead. `sourceRoot` bundles another checkout's
 * workspace packages (e.g. a worktree of an older commit) into `bundleFile`, for side-by-side runs.
 */
export async function startBackend(
  config: (port: number) => Record<string, unknown>,
  tmp: string,
  options: {
    useTsx?: boolean;
    sourceRoot?: string;
    bundleFile?: string;
    /** Node's own flags for this backend, before MESHPORT_BENCH_NODE_ARGS's. */
    nodeArgs?: string[];
  } = {},
): Promise<RunningBackend> {
  const port = await freePort();
  const configFile = path.join(tmp, 'app-config.yaml');
  fs.writeFileSync(configFile, JSON.stringify(config(port), null, 2), {
    mode: 0o600,
  });
  let args: string[];
  let runner: string;
  let bundleBuildMs: number | undefined;
  if (options.useTsx) {
    runner = 'tsx (node --import tsx packages/backend/src/index.ts)';
    args = [
      '--import',
      'tsx',
      path.join(repoRoot, 'packages/backend/src/index.ts'),
    ];
  } else {
    const { buildBackend } = (await import(
      path.join(repoRoot, 'bench/tabs/buildBackend.mjs')
    )) as {
      buildBackend: (o?: {
        sourceRoot?: string;
        outfile?: string;
      }) => Promise<{ bundlePath: string; buildMs: number }>;
    };
    const built = await buildBackend({
      sourceRoot: options.sourceRoot,
      outfile: options.bundleFile,
    });
    bundleBuildMs = built.buildMs;
    runner =
      'esbuild bundle, built ahead of time (workspace code in one CJS file; node_modules external, as published)';
    args = [built.bundlePath];
  }
  args.push('--config', configFile);
  // e.g. MESHPORT_BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the backend.
  const extra =
    process.env.MESHPORT_BENCH_NODE_ARGS?.split(' ').filter(Boolean);
  args.unshift(...(options.nodeArgs ?? []), ...(extra ?? []));
  const logFile = path.join(tmp, 'backend.log');
  const logFd = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: path.join(repoRoot, 'packages/backend'),
    env: { ...process.env, NODE_ENV: 'production', NODE_OPTIONS: '' },
    stdio: ['ignore', logFd, logFd],
    detached: true,
  });
  const kill = (signal: NodeJS.Signals) => {
    if (child.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', () => kill('SIGKILL'));
  const tail = (lines = 30) =>
    fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
  const client = new BackendClient(port);
  try {
    await waitFor(
      'backend readiness',
      120_000,
      async () => {
        if (child.exitCode !== null) throw new Error('exited');
        return (await client.request('GET', '/.backstage/health/v1/readiness'))
          .status === 200
          ? true
          : undefined;
      },
      250,
    );
  } catch (e) {
    process.stderr.write(`${tail()}\n`);
    kill('SIGKILL');
    throw e;
  }
  await client.signInAsGuest();
  return {
    client,
    pid: child.pid!,
    logFile,
    runner,
    bundleBuildMs,
    tail,
    async stop() {
      kill('SIGTERM');
      if (child.exitCode === null && child.signalCode === null)
        await Promise.race([
          new Promise(r => child.once('exit', r)),
          sleep(5000),
        ]);
      kill('SIGKILL');
    },
  };
}

/** What the benches need of a sandbox cluster to register it. */
export interface BenchCluster {
  name: string;
  apiUrl: string;
  caData?: string;
  token: string;
}

/**
 * A bench backend's app-config: in-memory SQLite, the guest sign-in (which Backstage refuses under
 * NODE_ENV=production without `dangerouslyAllowOutsideDevelopment`), permissions on with every other
 * permission allowed, the catalog reading `catalogFiles`, and `mesh` with a fresh encryption key and
 * private cluster URLs allowed (the sandbox is on 127.0.0.1).
 */
export function benchBackendConfig(
  port: number,
  o: { catalogFiles?: string[]; mesh: Record<string, unknown> },
) {
  return {
    app: { title: 'Meshport bench', baseUrl: 'http://127.0.0.1:3000' },
    organization: { name: 'bench' },
    backend: {
      baseUrl: `http://127.0.0.1:${port}`,
      listen: { port, host: '127.0.0.1' },
      database: { client: 'better-sqlite3', connection: ':memory:' },
    },
    auth: {
      environment: 'development',
      providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
    },
    permission: { enabled: true, allowAllOtherPermissions: true },
    catalog: {
      rules: [{ allow: ['Component', 'Location'] }],
      locations: (o.catalogFiles ?? []).map(target => ({
        type: 'file',
        target,
      })),
    },
    mesh: {
      encryptionKey: randomBytes(32).toString('base64url'),
      allowPrivateClusterUrls: true,
      ...o.mesh,
    },
  };
}

/**
 * The `mesh.clusters` and `mesh.meshes` config of a bench: its one sandbox cluster, in a mesh
 * `bench` whose metrics come from `prometheusUrl` when given.
 */
export function benchMeshClusters(
  cluster: BenchCluster,
  options: { title: string; prometheusUrl?: string },
) {
  return {
    clusters: [
      {
        name: cluster.name,
        title: options.title,
        apiUrl: cluster.apiUrl,
        caData: cluster.caData,
        token: cluster.token,
      },
    ],
    meshes: [
      {
        name: 'bench',
        title: 'Bench mesh',
        kind: 'external',
        controlPlaneCluster: cluster.name,
        revision: 'default',
        trustDomain: 'cluster.local',
        ...(options.prometheusUrl
          ? { prometheusUrl: options.prometheusUrl }
          : {}),
        members: [
          { cluster: cluster.name, role: 'primary', network: 'network1' },
        ],
      },
    ],
  };
}

/** Waits (up to 10 min: a large generated mesh takes a while to list) for the one cluster to sync. */
export async function waitForClusterSynced(api: BackendClient): Promise<void> {
  await waitFor('cluster synced', 10 * 60_000, async () => {
    const r = await api.request('GET', '/api/mesh/clusters');
    const items = JSON.parse(r.text).items as Array<{
      sync?: { status: string };
    }>;
    return items[0]?.sync?.status === 'synced' ? true : undefined;
  });
}
