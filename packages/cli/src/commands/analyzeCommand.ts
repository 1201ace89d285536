import { analyze, Finding, MeshIndex } from '@meshport/plugin-mesh-common';
import { CliIO } from '../io';
import { lineOf, loadManifests, SourcedObject } from '../loadManifests';
import { readMeshConfig } from '../meshConfig';
import { flag, parseArgs, UsageError } from '../parseArgs';
import { formatFindingsText } from '../formatText';

export type LocatedFinding = Finding & { file?: string; line?: number };

export const ANALYZE_USAGE =
  'meshport analyze <files or dirs...> [--mesh-config FILE] [--format json|text]';

/** `meshport analyze`: exit 0 when clean or only warnings, 1 when any Error, 2 on usage errors. */
export function analyzeCommand(argv: string[], io: CliIO): number {
  const args = parseArgs(argv, ['mesh-config', 'format']);
  const format = flag(args, 'format') ?? 'text';
  if (format !== 'json' && format !== 'text')
    throw new UsageError(`--format must be json or text, not ${format}`);
  if (args.positionals.length === 0)
    throw new UsageError(`no files given\nusage: ${ANALYZE_USAGE}`);
  const meshConfigFile = flag(args, 'mesh-config');
  const mesh = meshConfigFile ? readMeshConfig(meshConfigFile) : {};

  const loaded = loadManifests(args.positionals);
  const index = MeshIndex.build(
    loaded.objects.map(o => o.object),
    { rootNamespace: mesh.rootNamespace },
  );
  const namespaces = new Set([
    'default',
    ...loaded.objects.map(o => o.object.metadata.namespace ?? 'default'),
  ]);
  const findings: LocatedFinding[] = [
    ...loaded.problems,
    ...locate(
      analyze(index, {
        extraNamespaces: [...namespaces],
        trustDomain: mesh.trustDomain,
      }),
      loaded.objects,
    ),
  ];

  if (format === 'json') {
    // The documented shape: resource is { kind, namespace, name }; file and line are extra.
    const out = findings.map(
      ({ resource: { kind, namespace, name }, ...rest }) => ({
        ...rest,
        resource: { kind, namespace, name },
      }),
    );
    io.stdout(`${JSON.stringify({ findings: out }, null, 2)}\n`);
  } else io.stdout(formatFindingsText(findings));
  return findings.some(f => f.level === 'Error') ? 1 : 0;
}

/** Adds the file and line each finding points at, when its resource came from a file. */
function locate(
  findings: Finding[],
  objects: SourcedObject[],
): LocatedFinding[] {
  // The last file that defines an object wins, as it does in the index (and for kubectl apply).
  const byRef = new Map<string, SourcedObject>();
  const key = (
    apiVersion: string | undefined,
    kind: string,
    ns: string,
    name: string,
  ) => `${apiVersion}/${kind}/${ns}/${name}`;
  for (const o of objects)
    byRef.set(
      key(
        o.object.apiVersion,
        o.object.kind,
        o.object.metadata.namespace ?? '',
        o.object.metadata.name,
      ),
      o,
    );
  return findings.map(f => {
    const r = f.resource;
    const src =
      byRef.get(key(r.apiVersion, r.kind, r.namespace, r.name)) ??
      byRef.get(key(r.apiVersion, r.kind, '', r.name));
    return src ? { ...f, file: src.file, line: lineOf(src, f.path) } : f;
  });
}
