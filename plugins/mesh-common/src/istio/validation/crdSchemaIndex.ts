import { crdSchemaData } from './crdSchemas.gen';
import { CrdKindVersion, SchemaNode } from './schemaTypes';
import { SchemaValidator } from './validateAgainstSchema';

export interface CrdLookup {
  /** The kind is defined by one of the known CRD groups (Istio's or the Gateway API's). */
  knownGroup: boolean;
  entry?: CrdKindVersion;
  schema?: SchemaNode;
  /** Versions the CRD serves for this kind, to say what to use instead. */
  servedVersions: string[];
}

const byKey = new Map<string, CrdKindVersion>();
const versionsByKind = new Map<string, string[]>();
const groups = new Set<string>();
for (const k of crdSchemaData.kinds) {
  byKey.set(`${k.group}/${k.version}/${k.kind}`, k);
  groups.add(k.group);
  const list = versionsByKind.get(`${k.group}/${k.kind}`) ?? [];
  if (k.served) list.push(k.version);
  versionsByKind.set(`${k.group}/${k.kind}`, list);
}

/** Finds the schema for an object's apiVersion and kind among the generated CRD schemas. */
export function lookupCrd(apiVersion: string, kind: string): CrdLookup {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const entry = byKey.get(`${group}/${version}/${kind}`);
  return {
    knownGroup: groups.has(group),
    entry,
    schema: entry ? crdSchemaData.schemas[entry.schema] : undefined,
    servedVersions: versionsByKind.get(`${group}/${kind}`) ?? [],
  };
}

/** The kinds (group and kind) that CRD schemas cover. */
export function crdKinds(): Array<{ group: string; kind: string }> {
  return [...versionsByKind.keys()].map(k => {
    const i = k.lastIndexOf('/');
    return { group: k.slice(0, i), kind: k.slice(i + 1) };
  });
}

export const crdValidator = new SchemaValidator(crdSchemaData.defs);
