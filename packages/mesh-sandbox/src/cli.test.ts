import { ChildProcess, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(40_000);

const packageDir = path.resolve(__dirname, '..');

/** Runs the CLI the way `npm run sandbox` does (tsx), collecting its output. */
function startCli(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: packageDir, env: { ...process.env, INIT_CWD: packageDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', chunk => (output += chunk.toString()));
  child.stderr!.on('data', chunk => (output += chunk.toString()));
  const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
  return { child, output: () => output, exited };
}

describe('meshport-sandbox CLI', () => {
  it('prints endpoints, writes the ready marker, and exits cleanly on SIGTERM', async () => {
    const out = await fs.mkdtemp(path.join(os.tmpdir(), 'meshport-cli-'));
    const cli = startCli(['--out', out, '--scenario', 'empty', '--clusters', '2', '--http']);
    try {
      const deadline = Date.now() + 30_000;
      while (!cli.output().includes('ready:') && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      expect(cli.output()).toMatch(/^sandbox\thttp:\/\/127\.0\.0\.1:\d+\t.*sandbox\.kubeconfig$/m);
      expect(cli.output()).toMatch(/^sandbox-2\thttp:\/\/127\.0\.0\.1:\d+\t/m);
      const endpoints = JSON.parse(await fs.readFile(path.join(out, 'endpoints.json'), 'utf8'));
      expect(endpoints.clusters.map((c: { name: string }) => c.name)).toEqual(['sandbox', 'sandbox-2']);
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
      await expect(fs.access(path.join(out, 'endpoints.json'))).rejects.toThrow();
      await expect(fs.access(path.join(out, 'sandbox', 'token'))).resolves.toBeUndefined();
    } finally {
      cli.child.kill('SIGKILL');
      await fs.rm(out, { recursive: true, force: true });
    }
  });

  it('explains bad flags and exits with status 2', async () => {
    const cli = startCli(['--clusters', 'lots']);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain('meshport-sandbox: --clusters must be a whole number from 1 to 50, got "lots"');
    expect(cli.output()).toContain('Usage: meshport-sandbox');
  });
});
