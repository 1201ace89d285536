import { promises as fs } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { KubeObject } from '../store/types';

/** Reading Kubernetes manifests: multi-document YAML or JSON files, or directories of them. */

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Parses one file's text; `kind: List` documents are flattened into their items. */
export function parseManifests(text: string, source: string): KubeObject[] {
  let documents: unknown[];
  try {
    documents = yaml.loadAll(text);
  } catch (error) {
    throw new Error(`${source}: not valid YAML: ${(error as Error).message}`);
  }
  const objects: KubeObject[] = [];
  documents.forEach((document, index) => {
    if (document === null || document === undefined) return;
    if (
      !isObject(document) ||
      typeof document.apiVersion !== 'string' ||
      typeof document.kind !== 'string'
    ) {
      throw new Error(
        `${source}: document ${index + 1} is not a Kubernetes object (it needs apiVersion and kind)`,
      );
    }
    if (
      document.kind === 'List' ||
      (document.kind.endsWith('List') && Array.isArray(document.items))
    ) {
      objects.push(
        ...((document.items as unknown[]) ?? [])
          .filter(isObject)
          .map(item => item as KubeObject),
      );
      return;
    }
    objects.push({
      ...document,
      metadata: isObject(document.metadata) ? document.metadata : {},
    } as KubeObject);
  });
  return objects;
}

async function filesUnder(target: string): Promise<string[]> {
  const stat = await fs.stat(target).catch(() => undefined);
  if (!stat) {
    throw new Error(`manifest path ${target} does not exist`);
  }
  if (stat.isFile()) {
    return [target];
  }
  const entries = await fs.readdir(target, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .sort((a, b) => a.name.localeCompare(b.name))
      .filter(
        entry =>
          entry.isDirectory() ||
          MANIFEST_EXTENSIONS.has(path.extname(entry.name)),
      )
      .map(entry => filesUnder(path.join(target, entry.name))),
  );
  return nested.flat();
}

/** Reads files and directories (recursively, in name order) into objects, in document order. */
export async function readManifests(paths: string[]): Promise<KubeObject[]> {
  const objects: KubeObject[] = [];
  for (const target of paths) {
    for (const file of await filesUnder(target)) {
      objects.push(...parseManifests(await fs.readFile(file, 'utf8'), file));
    }
  }
  return objects;
}
