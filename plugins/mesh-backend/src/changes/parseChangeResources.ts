import { InputError } from '@backstage/errors';
import {
  ChangeAction,
  KubeObject,
  PreviewChangeRequest,
  validateResource,
} from '@meshport/plugin-mesh-common';
import { parseAllDocuments } from 'yaml';
import { WATCHED_KINDS, WatchedKind } from '@meshport/plugin-mesh-common';

/** API groups the write path may change: mesh configuration, not workloads or the cluster. */
const WRITABLE_GROUPS = new Set([
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
  'extensions.istio.io',
  'gateway.networking.k8s.io',
]);

export interface ParsedResource {
  index: number;
  action: ChangeAction;
  object: KubeObject;
  kind: WatchedKind;
  /** The version written, from the manifest's apiVersion. */
  version: string;
  namespace: string;
  name: string;
}

const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
const versionOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion;

function readManifest(
  manifest: string | Record<string, unknown>,
  at: string,
): Record<string, unknown> {
  if (typeof manifest !== 'string') return manifest;
  const docs = parseAllDocuments(manifest).filter(
    d => d.contents !== null || d.errors.length > 0,
  );
  if (docs.length === 0) throw new InputError(`${at}: holds no YAML document`);
  if (docs.length > 1)
    throw new InputError(
      `${at}: holds ${docs.length} YAML documents; give each resource its own entry`,
    );
  const [doc] = docs;
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0];
    throw new InputError(
      `${at}: YAML error${line ? ` at line ${line.line}, column ${line.col}` : ''}: ${e.message.split('\n')[0]}`,
    );
  }
  const value = doc.toJS() as unknown;
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new InputError(`${at}: must be a YAML mapping (an object)`);
  return value as Record<string, unknown>;
}

/**
 * Turns the resources of a preview request into validated objects, or throws an InputError
 * (400) that names the resource and the field. Nothing is written before this passes.
 */
export function parseChangeResources(
  resources: PreviewChangeRequest['resources'],
): ParsedResource[] {
  const seen = new Set<string>();
  return resources.map((r, index) => {
    const at = `resources[${index}].manifest`;
    const raw = readManifest(r.manifest, at);
    const apiVersion = raw.apiVersion;
    const kindName = raw.kind;
    const metadata = raw.metadata as Record<string, unknown> | undefined;
    if (typeof apiVersion !== 'string' || apiVersion.length === 0)
      throw new InputError(`${at}.apiVersion is required`);
    if (typeof kindName !== 'string' || kindName.length === 0)
      throw new InputError(`${at}.kind is required`);
    if (!metadata || typeof metadata !== 'object')
      throw new InputError(`${at}.metadata is required`);
    if (typeof metadata.name !== 'string' || metadata.name.length === 0)
      throw new InputError(`${at}.metadata.name is required`);
    const group = groupOf(apiVersion);
    const kind = WATCHED_KINDS.find(
      k => k.kind === kindName && k.group === group,
    );
    if (!kind || !WRITABLE_GROUPS.has(group)) {
      throw new InputError(
        `${at}.kind: ${kindName} (${apiVersion}) is not mesh configuration Meshport may change; it writes Istio and Gateway API resources`,
      );
    }
    if (
      typeof metadata.namespace !== 'string' ||
      metadata.namespace.length === 0
    ) {
      throw new InputError(
        `${at}.metadata.namespace is required for ${kindName}`,
      );
    }
    const object = raw as unknown as KubeObject;
    const label = `${kindName} ${metadata.namespace}/${metadata.name}`;
    const key = `${group}/${kindName}/${metadata.namespace}/${metadata.name}`;
    if (seen.has(key))
      throw new InputError(`resources[${index}]: ${label} is listed twice`);
    seen.add(key);
    if (r.action === 'apply') {
      const errors = validateResource(object).filter(f => f.level === 'Error');
      if (errors.length > 0) {
        throw new InputError(
          `resources[${index}] (${label}): ${errors.map(e => e.message).join('; ')}`,
        );
      }
    }
    return {
      index,
      action: r.action,
      object,
      kind,
      version: versionOf(apiVersion),
      namespace: metadata.namespace,
      name: metadata.name,
    };
  });
}
