import {
  DEFAULT_RECORDED_WINDOWS,
  meshRecordingRuleGroups,
  parseWindow,
  recordingRulesYaml,
  windowName,
} from '@meshport/plugin-mesh-common';
import { CliIO } from '../io';
import { flag, parseArgs, UsageError } from '../parseArgs';

export const PROMETHEUS_RULES_USAGE = `meshport prometheus-rules [--windows ${DEFAULT_RECORDED_WINDOWS.map(
  windowName,
).join(
  ',',
)}] [--interval 30s] [--format rules|prometheusrule] [--name N] [--namespace NS]`;

function duration(text: string, what: string): number {
  const seconds = parseWindow(text);
  if (seconds === undefined)
    throw new UsageError(
      `${what} "${text}" is not a duration of 10s to 24h such as 30s, 5m or 1h`,
    );
  return seconds;
}

/**
 * `meshport prometheus-rules`: prints the recording rules that let Meshport's graphs and charts
 * read precomputed series on a large mesh, as a Prometheus rule file or a PrometheusRule resource.
 */
export function prometheusRulesCommand(argv: string[], io: CliIO): number {
  const args = parseArgs(argv, [
    'windows',
    'interval',
    'format',
    'name',
    'namespace',
  ]);
  if (args.positionals.length)
    throw new UsageError(
      `unexpected argument "${args.positionals[0]}"\nusage: ${PROMETHEUS_RULES_USAGE}`,
    );
  const windowsArg = flag(args, 'windows');
  const windows = windowsArg
    ? windowsArg.split(',').map(w => duration(w, '--windows:'))
    : DEFAULT_RECORDED_WINDOWS;
  const intervalArg = flag(args, 'interval');
  const format = flag(args, 'format') ?? 'rules';
  if (format !== 'rules' && format !== 'prometheusrule')
    throw new UsageError(
      `--format must be rules or prometheusrule, not "${format}"`,
    );
  const groups = meshRecordingRuleGroups(windows, {
    intervalSeconds: intervalArg
      ? duration(intervalArg, '--interval')
      : undefined,
  });
  io.stdout(
    recordingRulesYaml(groups, {
      format,
      name: flag(args, 'name'),
      namespace: flag(args, 'namespace'),
    }),
  );
  return 0;
}
