import { ChildProcess, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(40_000);

const packageDir = path.resolve(__dirname, '..');

/** Runs the CLI the way `npm run sandbox` does (tsx), collecting its output. */
function startCli(args: string[]): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', ...args],
    {
      cwd: packageDir,
      env: { ...process.env, INIT_CWD: packageDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', chunk => (output += chunk.toString()));
  child.stderr!.on('data', chunk => (output += chunk.toString()));
  const exited = new Promise<number | null>(resolve =>
    child.on('exit', code => resolve(code)),
  );
  return { child, output: () => output, exited };
}

describe('meshport-sandbox CLI', () => {
  it('prints API and metrics endpoints, writes the ready marker, and exits cleanly on SIGTERM', async () => {
    const out = await fs.mkdtemp(path.join(os.tmpdir(), 'meshport-cli-'));
    const cli = startCli([
      '--out',
      out,
      '--scenario',
      'empty',
      '--clusters',
      '2',
      '--http',
      '--scale',
      'small',
      '--pod-ready-delay',
      '20',
    ]);
    try {
      const deadline = Date.now() + 30_000;
      while (!cli.output().includes('ready:') && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      expect(cli.output()).toMatch(
        /^sandbox\thttp:\/\/127\.0\.0\.1:\d+\thttp:\/\/127\.0\.0\.1:\d+\/metrics\t.*sandbox\.kubeconfig$/m,
      );
      expect(cli.output()).toMatch(/^sandbox-2\thttp:\/\/127\.0\.0\.1:\d+\t/m);
      const endpoints = JSON.parse(
        await fs.readFile(path.join(out, 'endpoints.json'), 'utf8'),
      ) as { clusters: Array<{ name: string; metricsUrl: string }> };
      expect(endpoints.clusters.map(c => c.name)).toEqual([
        'sandbox',
        'sandbox-2',
      ]);
      // The generated mesh (--scale small) sends traffic through the gateway within seconds.
      const metricsUrl = endpoints.clusters[1].metricsUrl;
      let metrics = '';
      while (
        !/istio_requests_total\{[^}]*destination_service_namespace="mesh-000"/.test(
          metrics,
        ) &&
        Date.now() < deadline
      ) {
        metrics = await (await fetch(metricsUrl)).text();
        await new Promise(resolve => setTimeout(resolve, 200));
      }
      expect(metrics).toMatch(
        /istio_requests_total\{reporter="source",source_workload="istio-ingressgateway",.*destination_service="svc-000\.mesh-000\.svc\.cluster\.local".*response_code="200".*\} \d+/,
      );
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
      await expect(
        fs.access(path.join(out, 'endpoints.json')),
      ).rejects.toThrow();
      await expect(
        fs.access(path.join(out, 'sandbox', 'token')),
      ).resolves.toBeUndefined();
    } finally {
      cli.child.kill('SIGKILL');
      await fs.rm(out, { recursive: true, force: true });
    }
  });

  it('explains bad flags and exits with status 2', async () => {
    const cli = startCli(['--clusters', 'lots']);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain(
      'meshport-sandbox: --clusters must be a whole number from 1 to 50, got "lots"',
    );
    expect(cli.output()).toContain('Usage: meshport-sandbox');
  });
});
