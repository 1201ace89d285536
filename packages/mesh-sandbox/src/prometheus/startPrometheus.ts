import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A real Prometheus (Debian's package) scraping the sandbox, for tests, benchmarks and `npm start`. */
export interface RunningPrometheus {
  url: string;
  /** What `prometheus --version` printed first, e.g. `prometheus, version 2.42.0 (…)`. */
  version: string;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** Prometheus-format endpoints (full URLs) to scrape. */
  targets: string[];
  scrapeIntervalSeconds?: number;
  /** The binary (default `prometheus` on the PATH, or $PROMETHEUS). */
  binary?: string;
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** Config and TSDB go here (default: a temporary directory, removed on stop). */
  dir?: string;
  /** Rule files (absolute paths) Prometheus loads, e.g. Meshport's recording rules. */
  ruleFiles?: string[];
}

/** The Prometheus binary to use, or undefined when none is installed. */
export function findPrometheus(
  binary = process.env.PROMETHEUS ?? 'prometheus',
): string | undefined {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? binary : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

/** One scrape job per target, so each keeps its own path; Prometheus adds `job` and `instance`. */
export function prometheusConfig(
  targets: string[],
  scrapeIntervalSeconds: number,
  ruleFiles: string[] = [],
): string {
  const jobs = targets.map((t, i) => {
    const u = new URL(t);
    return [
      `  - job_name: meshport-${i}`,
      `    scheme: ${u.protocol.replace(':', '')}`,
      `    metrics_path: ${JSON.stringify(u.pathname)}`,
      `    static_configs:`,
      `      - targets: [${JSON.stringify(u.host)}]`,
    ].join('\n');
  });
  return [
    'global:',
    `  scrape_interval: ${scrapeIntervalSeconds}s`,
    `  evaluation_interval: ${scrapeIntervalSeconds}s`,
    ...(ruleFiles.length
      ? ['rule_files:', ...ruleFiles.map(f => `  - ${JSON.stringify(f)}`)]
      : []),
    'scrape_configs:',
    ...jobs,
    '',
  ].join('\n');
}

export async function startPrometheus(
  options: PrometheusOptions,
): Promise<RunningPrometheus> {
  const binary = options.binary ?? findPrometheus();
  if (!binary)
    throw new Error(
      'no prometheus binary on the PATH (apt-get install -y --no-install-recommends prometheus)',
    );
  const version = (
    spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout ?? ''
  )
    .split('\n')[0]
    .trim();
  const ownDir = !options.dir;
  const dir =
    options.dir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'meshport-prom-')));
  await fs.mkdir(dir, { recursive: true });
  const configFile = path.join(dir, 'prometheus.yml');
  await fs.writeFile(
    configFile,
    prometheusConfig(
      options.targets,
      options.scrapeIntervalSeconds ?? 5,
      options.ruleFiles,
    ),
  );
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise(r => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null)
        child.kill('SIGKILL');
    }
    if (ownDir) await fs.rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`prometheus exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/-/ready`).then(
      r => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error('prometheus was not ready within 20 s');
    }
    await new Promise(r => setTimeout(r, 100));
  }
  return { url, version, stop };
}
