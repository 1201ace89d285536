import { MeshIndex } from '@meshport/plugin-mesh-common';
import { CliIO } from './io';
import { loadManifests } from './loadManifests';
import { readMeshConfig } from './meshConfig';
import { UsageError } from './parseArgs';

/**
 * Loads files into an index for the commands that ask the engines a question (trace, can-i).
 * YAML problems do not stop them; they are told on stderr so the answer is not trusted blindly.
 */
export function loadIndex(
  files: string[],
  meshConfigFile: string | undefined,
  io: CliIO,
): { index: MeshIndex; trustDomain?: string } {
  if (files.length === 0) throw new UsageError('no files given');
  const mesh = meshConfigFile ? readMeshConfig(meshConfigFile) : {};
  const loaded = loadManifests(files);
  for (const p of loaded.problems) io.stderr(`warning: ${p.message}\n`);
  return {
    index: MeshIndex.build(
      loaded.objects.map(o => o.object),
      { rootNamespace: mesh.rootNamespace, trustDomain: mesh.trustDomain },
    ),
    trustDomain: mesh.trustDomain,
  };
}

export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new UsageError(
      `--port must be a number from 1 to 65535, not "${value}"`,
    );
  return n;
}

export function parseHeaders(
  values: string[] | undefined,
): Record<string, string> | undefined {
  if (!values) return undefined;
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    if (i <= 0) throw new UsageError(`--header must be name=value, not "${v}"`);
    out[v.slice(0, i).trim().toLowerCase()] = v.slice(i + 1);
  }
  return out;
}

export function parseFormat(value: string | undefined): 'json' | 'text' {
  const f = value ?? 'text';
  if (f !== 'json' && f !== 'text')
    throw new UsageError(`--format must be json or text, not ${f}`);
  return f;
}
