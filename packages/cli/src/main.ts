import { processIO } from './io';
import { run } from './run';

// Entry point for bin/meshport: the only place that touches process exit codes.
run(process.argv.slice(2), processIO).then(
  code => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(
      `meshport: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exitCode = 3;
  },
);
