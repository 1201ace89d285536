import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startSandbox } from '../sandbox/startSandbox';
import { Sandbox, SandboxOptions } from '../sandbox/types';

const run = promisify(execFile);

/** The machine's kubectl: suites that judge the sandbox with it skip, saying so, when it is absent. */
export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
export const hasKubectl = existsSync(KUBECTL);

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface KubectlSession {
  sandbox(): Sandbox;
  /** Runs kubectl against the session's cluster; resolves with the exit code instead of rejecting (diff exits 1 on changes). */
  kubectlResult(...args: string[]): Promise<KubectlResult>;
  /** Runs kubectl and returns stdout; a non-zero exit throws with kubectl's stderr. */
  kubectl(...args: string[]): Promise<string>;
  /** kubectl's argument prefix for this session (kubeconfig and cache), for long-running commands like `get -w`. */
  baseArgs(): string[];
  /** Writes a file in the session's temp dir and returns its path. */
  file(name: string, text: string): Promise<string>;
}

/**
 * Registers beforeAll/afterAll hooks for a suite that drives one demo sandbox with kubectl,
 * with its own temp dir (and kubectl discovery cache) removed afterwards.
 */
export function useKubectlSession(
  suite: string,
  options: SandboxOptions = {},
): KubectlSession {
  let sandbox: Sandbox | undefined;
  let workDir = '';
  if (!hasKubectl) {
    // eslint-disable-next-line no-console
    console.warn(
      `${suite} skipped: ${KUBECTL} not found (set KUBECTL to its path to run it)`,
    );
  }
  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'meshport-kubectl-'));
    sandbox = await startSandbox({ podReadyDelayMs: 50, ...options });
  });
  afterAll(async () => {
    await sandbox?.stop();
    await fs.rm(workDir, { recursive: true, force: true });
  });

  const kubectlResult = async (...args: string[]): Promise<KubectlResult> => {
    const kubeconfig = sandbox!.cluster('sandbox').kubeconfigPath;
    try {
      const { stdout, stderr } = await run(
        KUBECTL,
        [
          '--kubeconfig',
          kubeconfig,
          '--cache-dir',
          path.join(workDir, 'cache'),
          ...args,
        ],
        { timeout: 30_000 },
      );
      return { stdout, stderr, code: 0 };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; code?: number };
      return {
        stdout: e.stdout ?? '',
        stderr: e.stderr ?? '',
        code: typeof e.code === 'number' ? e.code : -1,
      };
    }
  };
  return {
    sandbox: () => sandbox!,
    baseArgs: () => [
      '--kubeconfig',
      sandbox!.cluster('sandbox').kubeconfigPath,
      '--cache-dir',
      path.join(workDir, 'cache'),
    ],
    kubectlResult,
    async kubectl(...args) {
      const result = await kubectlResult(...args);
      if (result.code !== 0)
        throw new Error(
          `kubectl ${args.join(' ')} failed (${result.code}): ${result.stderr}`,
        );
      return result.stdout;
    },
    async file(name, text) {
      const target = path.join(workDir, name);
      await fs.writeFile(target, text);
      return target;
    },
  };
}
