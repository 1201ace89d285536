import { asVersion } from '../registry/asVersion';
import { apiVersionOf, ResourceType, storageKey } from '../registry/types';
import { FieldRequirement, matchesFields } from '../store/fieldSelector';
import { LabelSelector, matchesLabels } from '../store/labelSelector';
import { ObjectStore } from '../store/ObjectStore';
import { KubeObject } from '../store/types';
import { ApiError } from './ApiError';

export interface ListQuery {
  labelSelector: LabelSelector;
  fieldSelector: FieldRequirement[];
  limit?: number;
  continueToken?: string;
}

export interface ObjectList {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: KubeObject[];
}

interface ContinueToken {
  v: 'meta.k8s.io/v1';
  rv: number;
  start: string;
}

function objectKey(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/** Checks that every field in a selector is one the resource can be selected by, as the apiserver does. */
export function checkFieldSelector(type: ResourceType, requirements: FieldRequirement[]): void {
  for (const requirement of requirements) {
    const supported =
      requirement.field === 'metadata.name' ||
      requirement.field === 'metadata.namespace' ||
      type.extraFieldSelectors.includes(requirement.field);
    if (!supported) {
      throw ApiError.badRequest(`field label not supported: ${requirement.field}`);
    }
  }
}

export function matchesQuery(object: KubeObject, query: Pick<ListQuery, 'labelSelector' | 'fieldSelector'>): boolean {
  return matchesLabels(query.labelSelector, object.metadata.labels) && matchesFields(query.fieldSelector, object);
}

function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as ContinueToken;
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string') {
      throw new Error('bad token');
    }
    return parsed;
  } catch {
    throw ApiError.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

/** Reads for get and list: selectors, paging with continue tokens, and the version the client asked for. */
export class ObjectReader {
  constructor(private readonly store: ObjectStore) {}

  get(type: ResourceType, version: string, namespace: string | undefined, name: string): KubeObject {
    const found = this.store.get(storageKey(type), type.namespaced ? namespace : undefined, name);
    if (!found) {
      throw ApiError.notFound(type, name);
    }
    return asVersion(type, version, found);
  }

  list(type: ResourceType, version: string, namespace: string | undefined, query: ListQuery): ObjectList {
    checkFieldSelector(type, query.fieldSelector);
    let listRevision = this.store.revision;
    let startAfter: string | undefined;
    if (query.continueToken) {
      const token = decodeContinue(query.continueToken);
      if (token.rv < this.store.compactedRevision(storageKey(type))) {
        throw ApiError.expired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        );
      }
      // Later pages report the first page's revision, so a watch started from it misses nothing.
      listRevision = token.rv;
      startAfter = token.start;
    }
    const matching = this.store
      .list(storageKey(type), type.namespaced ? namespace : undefined)
      .filter(object => startAfter === undefined || objectKey(object) > startAfter)
      .filter(object => matchesQuery(object, query));

    const limit = query.limit && query.limit > 0 ? query.limit : undefined;
    const page = limit ? matching.slice(0, limit) : matching;
    const metadata: ObjectList['metadata'] = { resourceVersion: String(listRevision) };
    if (limit && matching.length > limit) {
      const token: ContinueToken = { v: 'meta.k8s.io/v1', rv: listRevision, start: objectKey(page[page.length - 1]) };
      metadata.continue = Buffer.from(JSON.stringify(token)).toString('base64');
      metadata.remainingItemCount = matching.length - limit;
    }
    return {
      apiVersion: apiVersionOf(type.group, version),
      kind: type.listKind,
      metadata,
      items: page.map(object => {
        const served = asVersion(type, version, object);
        if (type.custom) {
          return served;
        }
        // Items of built-in lists carry no apiVersion/kind on the wire; clients take them from the list.
        const { apiVersion: _a, kind: _k, ...item } = served;
        return item as KubeObject;
      }),
    };
  }
}
