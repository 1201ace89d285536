import { analyzeCommand, ANALYZE_USAGE } from './commands/analyzeCommand';
import { canICommand, CAN_I_USAGE } from './commands/canICommand';
import {
  prometheusRulesCommand,
  PROMETHEUS_RULES_USAGE,
} from './commands/prometheusRulesCommand';
import { traceCommand, TRACE_USAGE } from './commands/traceCommand';
import { CliIO } from './io';
import { MissingFileError } from './loadManifests';
import { UsageError } from './parseArgs';

const USAGE = `usage:
  ${ANALYZE_USAGE}
  ${TRACE_USAGE}
  ${CAN_I_USAGE}
  ${PROMETHEUS_RULES_USAGE}

exit codes: 0 ok; 1 analyze found errors, trace found no route, can-i denied; 2 usage errors and unreadable files
`;

type Command = (argv: string[], io: CliIO) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  analyze: { run: analyzeCommand, usage: ANALYZE_USAGE },
  trace: { run: traceCommand, usage: TRACE_USAGE },
  'can-i': { run: canICommand, usage: CAN_I_USAGE },
  'prometheus-rules': {
    run: prometheusRulesCommand,
    usage: PROMETHEUS_RULES_USAGE,
  },
};

/**
 * The whole CLI as a function, so tests run it in-process. Returns the exit code: 0 fine,
 * 1 findings at Error level (or a denied/failed check), 2 usage errors and unreadable files.
 */
export async function run(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`meshport: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`usage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof MissingFileError) {
      io.stderr(`meshport ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
