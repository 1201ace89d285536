import path from 'node:path';
import { SandboxClusterSpec, SandboxScenario } from '../sandbox/types';
import { SCALE_PRESETS, ScaleName } from '../scale/generateMesh';
import { CliUsageError } from './CliUsageError';

export interface CliOptions {
  help: boolean;
  clusters: SandboxClusterSpec[];
  stateDir?: string;
  port: number;
  tls: boolean;
  podReadyDelayMs?: number;
  istioVersion?: string;
  fixturesDir?: string;
  logRequests: boolean;
  metricsPort: number;
}

export const USAGE = `Usage: meshport-sandbox [options]

Runs simulated Kubernetes clusters with Istio, each a Kubernetes API server on 127.0.0.1.

Options:
  --clusters N           number of clusters (default 1); named sandbox, sandbox-2, ...
  --name NAME            cluster name; repeat for several clusters, or give one base name with --clusters
  --out DIR              state directory: CA, keys, tokens, <name>.kubeconfig, endpoints.json
                         (default: a temporary directory removed on exit)
  --port BASE            cluster i listens on BASE+i (default 0: random free ports)
  --metrics-port BASE    cluster i serves /metrics on BASE+i (default 0: random free ports)
  --scale small|medium|large
                         also deploy a generated mesh in every cluster: small 3 namespaces x 4 services
                         x 2 versions, medium 10x10x2, large 40x20x3, with Istio config and traffic
  --http                 serve plain HTTP instead of HTTPS
  --scenario demo|empty  demo deploys Bookinfo into namespace bookinfo (default demo)
  --manifests PATH       also load these YAML files/directories into every cluster (repeatable)
  --pod-ready-delay MS   how long pods stay Pending before Running/Ready (default 1500)
  --istio-version V      simulated Istio version (default 1.27.1)
  --revision NAME=V      also install control-plane revision NAME running Istio V, as
                         istioctl install --revision does (repeatable)
  --tag TAG=REV          revision tag TAG pointing at REV, as istioctl tag set does (repeatable;
                         the tag "default" takes over istio-injection=enabled)
  --fixtures DIR         shared fixtures directory (default MESHPORT_FIXTURES_DIR or <repo>/../shared/fixtures)
  --log-requests         print every API request
  -h, --help             show this help
`;

const FLAGS_WITH_VALUES = new Set([
  '--scale',
  '--metrics-port',
  '--clusters',
  '--name',
  '--out',
  '--port',
  '--scenario',
  '--manifests',
  '--pod-ready-delay',
  '--istio-version',
  '--fixtures',
  '--revision',
  '--tag',
]);
const BOOLEAN_FLAGS = new Set(['--http', '--log-requests', '--help', '-h']);

function integer(
  flag: string,
  value: string,
  min: number,
  max: number,
): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new CliUsageError(
      `${flag} must be a whole number from ${min} to ${max}, got "${value}"`,
    );
  }
  return Number(value);
}

/** Parses the command line; relative paths resolve against `cwd` (npm's INIT_CWD when run through npm). */
export function parseCliArgs(argv: string[], cwd: string): CliOptions {
  const values = new Map<string, string[]>();
  const booleans = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (BOOLEAN_FLAGS.has(flag)) {
      if (eq > 0) throw new CliUsageError(`${flag} takes no value`);
      booleans.add(flag);
    } else if (FLAGS_WITH_VALUES.has(flag)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--')))
        throw new CliUsageError(`${flag} needs a value`);
      values.set(flag, [...(values.get(flag) ?? []), value]);
    } else {
      throw new CliUsageError(`unknown option "${arg}"`);
    }
  }
  const single = (flag: string) => {
    const given = values.get(flag);
    if (given && given.length > 1)
      throw new CliUsageError(`${flag} may be given only once`);
    return given?.[0];
  };

  const scenario = single('--scenario') ?? 'demo';
  if (scenario !== 'demo' && scenario !== 'empty') {
    throw new CliUsageError(
      `--scenario must be demo or empty, got "${scenario}"`,
    );
  }
  const scale = single('--scale');
  if (scale !== undefined && !(scale in SCALE_PRESETS)) {
    throw new CliUsageError(
      `--scale must be small, medium or large, got "${scale}"`,
    );
  }
  const mesh =
    scale === undefined ? undefined : SCALE_PRESETS[scale as ScaleName];
  const countText = single('--clusters');
  const count =
    countText === undefined
      ? undefined
      : integer('--clusters', countText, 1, 50);
  const names = values.get('--name') ?? [];
  let clusterNames: string[];
  if (names.length > 1) {
    if (count !== undefined && count !== names.length) {
      throw new CliUsageError(
        `--clusters ${count} does not match the ${names.length} names given with --name`,
      );
    }
    clusterNames = names;
  } else {
    const base = names[0] ?? 'sandbox';
    clusterNames = Array.from({ length: count ?? 1 }, (_, i) =>
      i === 0 ? base : `${base}-${i + 1}`,
    );
  }
  const manifests = (values.get('--manifests') ?? []).map(p =>
    path.resolve(cwd, p),
  );
  const out = single('--out');
  const portText = single('--port');
  const metricsPortText = single('--metrics-port');
  const delay = single('--pod-ready-delay');
  const fixtures = single('--fixtures');
  const pairs = (flag: string, shape: string) =>
    (values.get(flag) ?? []).map(text => {
      const [key, value, ...rest] = text.split('=');
      if (!key || !value || rest.length > 0)
        throw new CliUsageError(
          `${flag} must look like ${shape}, got "${text}"`,
        );
      return [key, value] as const;
    });
  const istioRevisions = pairs(
    '--revision',
    'NAME=VERSION (canary=1.28.0)',
  ).map(([name, version]) => ({ name, version }));
  const istioTags = Object.fromEntries(
    pairs('--tag', 'TAG=REVISION (stable=canary)'),
  );
  const istio = {
    ...(istioRevisions.length > 0 ? { istioRevisions } : {}),
    ...(Object.keys(istioTags).length > 0 ? { istioTags } : {}),
  };
  return {
    help: booleans.has('--help') || booleans.has('-h'),
    clusters: clusterNames.map(name => ({
      name,
      scenario: scenario as SandboxScenario,
      ...(manifests.length > 0 ? { manifests } : {}),
      ...(mesh ? { mesh } : {}),
      ...istio,
    })),
    stateDir: out === undefined ? undefined : path.resolve(cwd, out),
    port:
      portText === undefined
        ? 0
        : integer('--port', portText, 0, 65535 - clusterNames.length),
    tls: !booleans.has('--http'),
    podReadyDelayMs:
      delay === undefined
        ? undefined
        : integer('--pod-ready-delay', delay, 0, 600_000),
    istioVersion: single('--istio-version'),
    fixturesDir:
      fixtures === undefined ? undefined : path.resolve(cwd, fixtures),
    logRequests: booleans.has('--log-requests'),
    metricsPort:
      metricsPortText === undefined
        ? 0
        : integer(
            '--metrics-port',
            metricsPortText,
            0,
            65535 - clusterNames.length,
          ),
  };
}
