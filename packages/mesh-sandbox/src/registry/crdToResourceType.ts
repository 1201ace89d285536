import { KubeObject } from '../store/types';
import { sortByKubeVersionPriority } from './kubeVersionPriority';
import {
  JsonSchema,
  PrinterColumn,
  ResourceType,
  ScaleSubresource,
} from './types';

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: JsonSchema };
  subresources?: { status?: object; scale?: ScaleSubresource };
  additionalPrinterColumns?: PrinterColumn[];
}

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: {
    kind?: string;
    listKind?: string;
    plural?: string;
    singular?: string;
    shortNames?: string[];
    categories?: string[];
  };
  versions?: CrdVersion[];
}

/**
 * Reads a CustomResourceDefinition into the served resource type, or returns the
 * problems that make the apiserver reject it (as field paths with messages).
 */
export function crdToResourceType(crd: KubeObject): {
  type?: ResourceType;
  problems: string[];
} {
  const spec = (crd.spec ?? {}) as CrdSpec;
  const problems: string[] = [];
  const names = spec.names ?? {};
  if (!spec.group) problems.push('spec.group: Required value');
  if (!names.plural) problems.push('spec.names.plural: Required value');
  if (!names.kind) problems.push('spec.names.kind: Required value');
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    problems.push(
      `spec.scope: Unsupported value: "${spec.scope ?? ''}": supported values: "Cluster", "Namespaced"`,
    );
  }
  const versions = spec.versions ?? [];
  if (versions.length === 0)
    problems.push(
      'spec.versions: Invalid value: must have exactly one version marked as storage version',
    );
  const storage = versions.filter(v => v.storage);
  if (versions.length > 0 && storage.length !== 1) {
    problems.push(
      'spec.versions: Invalid value: must have exactly one version marked as storage version',
    );
  }
  if (
    spec.group &&
    names.plural &&
    crd.metadata.name !== `${names.plural}.${spec.group}`
  ) {
    problems.push(
      `metadata.name: Invalid value: "${crd.metadata.name}": must be spec.names.plural+"."+spec.group`,
    );
  }
  if (problems.length > 0) {
    return { problems };
  }
  const served = versions.filter(v => v.served);
  const schemas: Record<string, JsonSchema | undefined> = {};
  const printerColumns: Record<string, PrinterColumn[]> = {};
  for (const version of served) {
    schemas[version.name] = version.schema?.openAPIV3Schema;
    printerColumns[version.name] = version.additionalPrinterColumns ?? [];
  }
  // Subresources may differ per version; the sandbox serves the storage version's, which Istio keeps equal.
  const storageVersion = storage[0];
  return {
    problems,
    type: {
      group: spec.group!,
      versions: sortByKubeVersionPriority(served.map(v => v.name)),
      storageVersion: storageVersion.name,
      kind: names.kind!,
      listKind: names.listKind ?? `${names.kind}List`,
      plural: names.plural!,
      singular: names.singular ?? names.kind!.toLowerCase(),
      namespaced: spec.scope === 'Namespaced',
      shortNames: names.shortNames ?? [],
      categories: names.categories ?? [],
      subresources: {
        status: storageVersion.subresources?.status !== undefined,
        scale: storageVersion.subresources?.scale,
      },
      custom: true,
      extraFieldSelectors: [],
      schemas,
      printerColumns,
    },
  };
}
