import { KubeObject } from '@meshport/plugin-mesh-common';
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';

/** Metadata the API server owns: noise in a diff, and never part of a manifest we write. */
const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The object as a person would write it: no status, no server-owned metadata, and no kubectl
 * last-applied annotation (a second copy of the object that would double every diff).
 */
export function cleanManifest(o: KubeObject): KubeObject {
  const metadata: Record<string, unknown> = { ...o.metadata };
  for (const k of SERVER_METADATA) delete metadata[k];
  if (o.metadata.annotations && LAST_APPLIED in o.metadata.annotations) {
    const { [LAST_APPLIED]: _last, ...rest } = o.metadata.annotations;
    if (Object.keys(rest).length > 0) metadata.annotations = rest;
    else delete metadata.annotations;
  }
  const { status: _status, ...rest } = o as KubeObject & { status?: unknown };
  return { ...rest, metadata: metadata as unknown as KubeObject['metadata'] };
}

/** YAML with keys in a stable order (apiVersion, kind, metadata first), so diffs show changes only. */
export function toYaml(o: KubeObject | undefined): string {
  if (!o) return '';
  const { apiVersion, kind, metadata, ...rest } = o as unknown as Record<
    string,
    unknown
  >;
  return stringify(
    { apiVersion, kind, metadata, ...rest },
    { sortMapEntries: false, lineWidth: 0 },
  );
}

/** A unified diff of two YAML texts, named after the resource (the diff library does the work). */
export function unifiedDiff(
  label: string,
  before: string,
  after: string,
): string {
  return createTwoFilesPatch(
    `a/${label}`,
    `b/${label}`,
    before,
    after,
    undefined,
    undefined,
    { context: 3 },
  );
}
