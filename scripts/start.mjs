#!/usr/bin/env node
// `npm start`: the embedded default in one command — the sandbox cluster, the backend on 7007
// and the app on 3000 — with state (SQLite, sandbox CA and token, encryption key) in .meshport/.
// With a `prometheus` binary on the PATH (Debian: apt-get install prometheus) it also runs a real
// Prometheus scraping the sandbox, which the demo mesh's metrics then come from; without one the
// backend scrapes the sandbox itself. Ctrl-C stops them all. `npm start -- --no-sandbox` skips the
// sandbox (bring your own clusters in app-config.local.yaml).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stateDir = path.join(root, '.meshport');
const sandboxDir = path.join(stateDir, 'sandbox');
const prometheusDir = path.join(stateDir, 'prometheus');
const args = process.argv.slice(2);
const withSandbox = !args.includes('--no-sandbox');
const sandboxPort = process.env.MESHPORT_SANDBOX_PORT ?? '6443';
const children = [];
let stopping = false;

const colors = { sandbox: 35, prometheus: 34, backend: 36, app: 32, start: 33 };
function log(name, line) {
  process.stdout.write(`\x1b[${colors[name] ?? 0}m[${name}]\x1b[0m ${line}\n`);
}

function run(name, command, commandArgs, options = {}) {
  const child = spawn(command, commandArgs, {
    cwd: options.cwd ?? root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so Ctrl-C can stop the CLI and everything it forked
  });
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.on('data', chunk => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop();
      lines.forEach(l => log(name, l));
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log('start', `${name} exited (${signal ?? code}); stopping the rest`);
      stop(code || 1);
    }
  });
  children.push(child);
  return child;
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  log('start', 'stopping…');
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  setTimeout(() => {
    for (const child of children) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(code);
  }, 3000).unref();
  Promise.all(
    children.map(c =>
      c.exitCode !== null ? null : new Promise(r => c.once('exit', r)),
    ),
  ).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitForFile(file, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(file)) return;
    if (child.exitCode !== null)
      throw new Error(`the sandbox exited before it was ready`);
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(
    `the sandbox did not write ${file} within ${timeoutMs / 1000}s`,
  );
}

/** A stable per-checkout key: stored credentials stay readable across restarts. */
function encryptionKey() {
  const file = path.join(stateDir, 'encryption-key');
  if (!fs.existsSync(file))
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), {
      mode: 0o600,
    });
  return fs.readFileSync(file, 'utf8').trim();
}

const yamlString = s => JSON.stringify(s); // JSON strings are valid YAML scalars

/** The Prometheus binary on the PATH (or $PROMETHEUS) and its version, or undefined. */
function findPrometheus() {
  const binary = process.env.PROMETHEUS ?? 'prometheus';
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return undefined;
  // `prometheus, version 2.42.0+ds (branch: …)` → 2.42.0
  const version = /version (\d+\.\d+(?:\.\d+)?)/.exec(probe.stdout ?? '')?.[1];
  return { binary, version: version ?? 'unknown version' };
}

function portIsFree(port) {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePort(preferred) {
  if (await portIsFree(preferred)) return preferred;
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** One job per sandbox cluster, so each keeps its own metrics path; 5 s like a small real mesh. */
function prometheusConfig(endpoints) {
  const jobs = endpoints.clusters
    .filter(c => c.metricsUrl)
    .flatMap(c => {
      const url = new URL(c.metricsUrl);
      return [
        `  - job_name: ${yamlString(`sandbox-${c.name}`)}`,
        `    scheme: ${url.protocol.replace(':', '')}`,
        `    metrics_path: ${yamlString(url.pathname)}`,
        '    static_configs:',
        `      - targets: [${yamlString(url.host)}]`,
      ];
    });
  return [
    '# Generated by scripts/start.mjs on every start; do not edit.',
    'global:',
    '  scrape_interval: 5s',
    '  evaluation_interval: 5s',
    'scrape_configs:',
    ...jobs,
    '',
  ].join('\n');
}

/**
 * Runs Prometheus (config and TSDB under .meshport/prometheus, on 127.0.0.1:9090 or a free port)
 * as one of the children Ctrl-C stops; resolves with its URL once it is ready.
 */
async function startPrometheus(prometheus, endpoints) {
  fs.mkdirSync(path.join(prometheusDir, 'data'), { recursive: true });
  const configFile = path.join(prometheusDir, 'prometheus.yml');
  fs.writeFileSync(configFile, prometheusConfig(endpoints));
  const port = await freePort(
    Number(process.env.MESHPORT_PROMETHEUS_PORT ?? 9090),
  );
  const url = `http://127.0.0.1:${port}`;
  const child = run('prometheus', prometheus.binary, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${path.join(prometheusDir, 'data')}`,
    // The sandbox's history is only worth a day; it keeps .meshport small.
    '--storage.tsdb.retention.time=1d',
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ]);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error('prometheus exited before it was ready');
    const ready = await fetch(`${url}/-/ready`).then(
      r => r.ok,
      () => false,
    );
    if (ready) return url;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`prometheus was not ready on ${url} within 30s`);
}

/**
 * Where the demo mesh's metrics come from: a real Prometheus when one is installed, otherwise the
 * backend's direct-scrape source reading the sandbox's endpoints.
 */
async function startMetrics(endpoints) {
  const metricsUrls = endpoints.clusters.map(c => c.metricsUrl).filter(Boolean);
  if (metricsUrls.length === 0) {
    log(
      'start',
      'metrics: the sandbox serves none; the Topology tab will say so',
    );
    return {};
  }
  const clusters = `${metricsUrls.length} sandbox cluster${metricsUrls.length === 1 ? '' : 's'}`;
  const prometheus = findPrometheus();
  if (prometheus) {
    const prometheusUrl = await startPrometheus(prometheus, endpoints);
    log(
      'start',
      `metrics: Prometheus ${prometheus.version} at ${prometheusUrl} scraping ${clusters}`,
    );
    return { prometheusUrl };
  }
  log(
    'start',
    `metrics: no prometheus on PATH — the backend scrapes the ${clusters} directly (direct-scrape source): ${metricsUrls.join(', ')}`,
  );
  return { metricsScrapeUrls: metricsUrls };
}

function sandboxConfig(endpoints, metrics = {}) {
  const lines = [
    '# Generated by scripts/start.mjs on every start; do not edit.',
    'mesh:',
    `  encryptionKey: ${yamlString(encryptionKey())}`,
  ];
  if (endpoints) {
    lines.push('  clusters:');
    for (const c of endpoints.clusters) {
      lines.push(
        `    - name: ${c.name}`,
        `      title: ${yamlString(`${c.name} (simulated)`)}`,
        `      apiUrl: ${c.apiUrl}`,
      );
      if (c.caFile) lines.push(`      caFile: ${yamlString(c.caFile)}`);
      lines.push(
        `      tokenFile: ${yamlString(c.tokenFile)}`,
        '      labels:',
        '        meshport.io/sandbox: "true"',
      );
    }
    const primary = endpoints.clusters[0];
    lines.push(
      '  meshes:',
      '    - name: demo',
      '      title: Demo mesh (sandbox)',
      '      kind: external',
      `      controlPlaneCluster: ${primary.name}`,
      '      revision: default',
      '      trustDomain: cluster.local',
      ...(metrics.prometheusUrl
        ? [`      prometheusUrl: ${yamlString(metrics.prometheusUrl)}`]
        : []),
      ...(metrics.metricsScrapeUrls
        ? [
            '      metricsScrapeUrls:',
            ...metrics.metricsScrapeUrls.map(u => `        - ${yamlString(u)}`),
          ]
        : []),
      '      members:',
      ...endpoints.clusters.map(
        (c, i) =>
          `        - { cluster: ${c.name}, role: ${i === 0 ? 'primary' : 'remote'}, network: network1 }`,
      ),
      'kubernetes:',
      '  clusterLocatorMethods:',
      '    - type: config',
      '      clusters:',
      ...endpoints.clusters.flatMap(c => [
        `        - name: ${c.name}`,
        `          url: ${c.apiUrl}`,
        '          authProvider: serviceAccount',
        '          skipMetricsLookup: true # the sandbox runs no metrics-server',
        `          serviceAccountToken: ${yamlString(fs.readFileSync(c.tokenFile, 'utf8').trim())}`,
        ...(c.caFile
          ? [`          caFile: ${yamlString(c.caFile)}`]
          : ['          skipTLSVerify: true']),
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main() {
  fs.mkdirSync(path.join(stateDir, 'sqlite'), { recursive: true });
  let endpoints;
  if (withSandbox) {
    const endpointsFile = path.join(sandboxDir, 'endpoints.json');
    fs.rmSync(endpointsFile, { force: true });
    const sandbox = run('sandbox', process.execPath, [
      '--import',
      'tsx',
      'packages/mesh-sandbox/src/cli.ts',
      '--out',
      sandboxDir,
      '--port',
      sandboxPort,
    ]);
    await waitForFile(endpointsFile, sandbox, 60_000);
    endpoints = JSON.parse(fs.readFileSync(endpointsFile, 'utf8'));
  }
  const metrics = endpoints ? await startMetrics(endpoints) : {};
  const generated = path.join(stateDir, 'app-config.sandbox.yaml');
  fs.writeFileSync(generated, sandboxConfig(endpoints, metrics), {
    mode: 0o600,
  });

  const configArgs = ['--config', path.join(root, 'app-config.yaml')];
  if (fs.existsSync(path.join(root, 'app-config.local.yaml')))
    configArgs.push('--config', path.join(root, 'app-config.local.yaml'));
  configArgs.push('--config', generated);
  const cli = path.join(root, 'node_modules', '.bin', 'backstage-cli');
  run('backend', cli, ['package', 'start', ...configArgs], {
    cwd: path.join(root, 'packages', 'backend'),
    env: { NODE_ENV: 'development' },
  });
  run('app', cli, ['package', 'start', ...configArgs], {
    cwd: path.join(root, 'packages', 'app'),
    env: { BROWSER: 'none' },
  });
  log(
    'start',
    'Meshport is starting: the app on http://localhost:3000, the backend on http://localhost:7007. Ctrl-C stops everything.',
  );
}

main().catch(e => {
  log('start', `failed: ${e.message}`);
  stop(1);
});
