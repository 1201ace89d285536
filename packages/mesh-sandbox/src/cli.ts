#!/usr/bin/env -S npx tsx
import path from 'node:path';
import { CliUsageError } from './cli/CliUsageError';
import { parseCliArgs, USAGE } from './cli/parseCliArgs';
import { startSandbox } from './sandbox/startSandbox';
import { bookinfoUndeclaredCalls } from './traffic/bookinfoCallGraph';

/** `meshport-sandbox`: runs the sandbox until SIGINT/SIGTERM. */
async function main(): Promise<number> {
  let options;
  try {
    // npm runs package scripts in the package directory; INIT_CWD is where the user typed the command.
    options = parseCliArgs(
      process.argv.slice(2),
      process.env.INIT_CWD ?? process.cwd(),
    );
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`meshport-sandbox: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const log = (line: string) =>
    process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const sandbox = await startSandbox({
    clusters: options.clusters.map(c =>
      (c.scenario ?? 'demo') === 'demo'
        ? {
            ...c,
            callGraphs: [...(c.callGraphs ?? []), bookinfoUndeclaredCalls()],
          }
        : c,
    ),
    stateDir: options.stateDir,
    tls: options.tls,
    port: options.port,
    podReadyDelayMs: options.podReadyDelayMs,
    istioVersion: options.istioVersion,
    fixturesDir: options.fixturesDir,
    logger: log,
    logRequests: options.logRequests,
    metricsPort: options.metricsPort,
  });
  for (const cluster of sandbox.clusters) {
    process.stdout.write(
      `${cluster.name}\t${cluster.apiUrl}\t${cluster.metricsUrl}\t${cluster.kubeconfigPath}\n`,
    );
  }
  process.stdout.write(
    `ready: ${path.join(sandbox.stateDir, 'endpoints.json')}\n`,
  );
  if (!options.stateDir) {
    process.stdout.write(
      '(state is in a temporary directory and goes away on exit; use --out DIR to keep it)\n',
    );
  }

  await new Promise<void>(resolve => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log(`${signal} again: exiting without cleanup`);
        process.exit(1);
      }
      stopping = true;
      log(`${signal}: stopping`);
      void sandbox.stop().then(resolve, error => {
        log(`stop failed: ${(error as Error).message}`);
        resolve();
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return 0;
}

main().then(
  code => process.exit(code),
  error => {
    process.stderr.write(
      `meshport-sandbox: ${(error as Error).message ?? String(error)}\n`,
    );
    process.exit(1);
  },
);
