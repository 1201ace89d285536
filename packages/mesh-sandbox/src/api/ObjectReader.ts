import { asVersion } from '../registry/asVersion';
import { apiVersionOf, ResourceType, storageKey } from '../registry/types';
import { FieldRequirement, matchesFields } from '../store/fieldSelector';
import { LabelSelector, matchesLabels } from '../store/labelSelector';
import { ObjectStore } from '../store/ObjectStore';
import { KubeObject } from '../store/types';
import { ApiError } from './ApiError';

export type ResourceVersionMatch = 'NotOlderThan' | 'Exact';

export interface ListQuery {
  labelSelector: LabelSelector;
  fieldSelector: FieldRequirement[];
  limit?: number;
  continueToken?: string;
  /** The `resourceVersion` parameter as sent (undefined when absent). */
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ObjectList {
  apiVersion: string;
  kind: string;
  metadata: {
    resourceVersion: string;
    continue?: string;
    remainingItemCount?: number;
  };
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
export function checkFieldSelector(
  type: ResourceType,
  requirements: FieldRequirement[],
): void {
  for (const requirement of requirements) {
    const supported =
      requirement.field === 'metadata.name' ||
      requirement.field === 'metadata.namespace' ||
      type.extraFieldSelectors.includes(requirement.field);
    if (!supported) {
      throw ApiError.badRequest(
        `field label not supported: ${requirement.field}`,
      );
    }
  }
}

export function matchesQuery(
  object: KubeObject,
  query: Pick<ListQuery, 'labelSelector' | 'fieldSelector'>,
): boolean {
  return (
    matchesLabels(query.labelSelector, object.metadata.labels) &&
    matchesFields(query.fieldSelector, object)
  );
}

function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(
      Buffer.from(token, 'base64').toString('utf8'),
    ) as ContinueToken;
    if (
      parsed.v !== 'meta.k8s.io/v1' ||
      typeof parsed.rv !== 'number' ||
      typeof parsed.start !== 'string'
    ) {
      throw new Error('bad token');
    }
    return parsed;
  } catch {
    throw ApiError.badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
}

/** Reads for get and list: selectors, paging with continue tokens, and the version the client asked for. */
export class ObjectReader {
  constructor(private readonly store: ObjectStore) {}

  get(
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const found = this.store.get(
      storageKey(type),
      type.namespaced ? namespace : undefined,
      name,
    );
    if (!found) {
      throw ApiError.notFound(type, name);
    }
    return asVersion(type, version, found);
  }

  list(
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    query: ListQuery,
  ): ObjectList {
    checkFieldSelector(type, query.fieldSelector);
    const resource = storageKey(type);
    const { revision, startAfter } = this.readPoint(type, query);
    // Objects at the read revision, in key order, frozen: nothing here copies them.
    const objects =
      revision === this.store.revision
        ? this.store.peekWhere(
            resource,
            type.namespaced ? namespace : undefined,
          )
        : this.store.peekAt(
            resource,
            type.namespaced ? namespace : undefined,
            revision,
          );
    const limit = query.limit && query.limit > 0 ? query.limit : undefined;
    const first =
      startAfter === undefined ? 0 : firstIndexAfter(objects, startAfter);
    const selective =
      query.labelSelector.length > 0 || query.fieldSelector.length > 0;
    const page: KubeObject[] = [];
    let next = first;
    for (
      ;
      next < objects.length && (limit === undefined || page.length < limit);
      next += 1
    ) {
      if (!selective || matchesQuery(objects[next], query))
        page.push(objects[next]);
    }
    const metadata: ObjectList['metadata'] = {
      resourceVersion: String(revision),
    };
    const more = selective
      ? anyMatchFrom(objects, next, query)
      : next < objects.length;
    if (limit && more) {
      const token: ContinueToken = {
        v: 'meta.k8s.io/v1',
        rv: revision,
        start: objectKey(page[page.length - 1]),
      };
      metadata.continue = Buffer.from(JSON.stringify(token)).toString('base64');
      // Like the apiserver: the count is known only when no selector filters the rest.
      if (!selective) metadata.remainingItemCount = objects.length - next;
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

  /**
   * The revision a list reads at and where its page starts, from resourceVersion,
   * resourceVersionMatch and continue, with the apiserver's validation and errors.
   * Unset or "0" reads the newest state; a revision without Exact is "not older than", which the
   * newest state always satisfies unless the revision is in the future; Exact reads history.
   */
  private readPoint(
    type: ResourceType,
    query: ListQuery,
  ): { revision: number; startAfter?: string } {
    const {
      resourceVersion: rv,
      resourceVersionMatch: match,
      continueToken,
    } = query;
    const hasRv = rv !== undefined && rv !== '';
    if (match !== undefined && match !== '') {
      if (match !== 'NotOlderThan' && match !== 'Exact') {
        throw invalidListOptions(
          'resourceVersionMatch',
          `Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`,
          'FieldValueNotSupported',
        );
      }
      if (continueToken)
        throw invalidListOptions(
          'resourceVersionMatch',
          'Forbidden: resourceVersionMatch is forbidden when continue is provided',
          'FieldValueForbidden',
        );
      if (!hasRv)
        throw invalidListOptions(
          'resourceVersionMatch',
          'Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
          'FieldValueForbidden',
        );
      if (match === 'Exact' && rv === '0')
        throw invalidListOptions(
          'resourceVersionMatch',
          'Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
          'FieldValueForbidden',
        );
    }
    if (continueToken) {
      if (hasRv && rv !== '0')
        throw ApiError.badRequest(
          'specifying resource version is not allowed when using continue',
        );
      const token = decodeContinue(continueToken);
      // Later pages read at the first page's revision, so the whole list is one consistent snapshot.
      return {
        revision: this.checkedRevision(type, token.rv, true),
        startAfter: token.start,
      };
    }
    if (!hasRv || rv === '0') return { revision: this.store.revision };
    const requested = Number(rv);
    if (!/^\d+$/.test(rv) || !Number.isSafeInteger(requested)) {
      throw ApiError.badRequest(
        `invalid resource version: strconv.ParseUint: parsing "${rv}": invalid syntax`,
      );
    }
    if (requested > this.store.revision)
      throw ApiError.resourceVersionTooLarge(requested, this.store.revision);
    return {
      revision:
        match === 'Exact'
          ? this.checkedRevision(type, requested, false)
          : this.store.revision,
    };
  }

  private checkedRevision(
    type: ResourceType,
    revision: number,
    forContinue: boolean,
  ): number {
    const compacted = this.store.compactedRevision(storageKey(type));
    if (revision < compacted) {
      throw ApiError.expired(
        forContinue
          ? 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.'
          : `too old resource version: ${revision} (${compacted})`,
      );
    }
    return revision;
  }
}

/** Whether an object at or after `from` matches (a later page exists), without copying the rest. */
function anyMatchFrom(
  objects: readonly KubeObject[],
  from: number,
  query: ListQuery,
): boolean {
  for (let i = from; i < objects.length; i += 1)
    if (matchesQuery(objects[i], query)) return true;
  return false;
}

/** The first index whose key sorts after `key` (objects are in key order). */
function firstIndexAfter(objects: readonly KubeObject[], key: string): number {
  let low = 0;
  let high = objects.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (objectKey(objects[mid]) <= key) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** ValidateListOptions' failure: 422 Invalid on the ListOptions kind of meta.k8s.io. */
function invalidListOptions(
  field: string,
  message: string,
  reason: string,
): ApiError {
  return ApiError.invalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', [
    { reason, field, message },
  ]);
}
