import { createHash } from 'node:crypto';
import { ResourceRegistry } from '../registry/ResourceRegistry';
import { apiVersionOf, JsonSchema, ResourceType } from '../registry/types';

/**
 * OpenAPI v3 documents per group-version (`/openapi/v3/apis/<group>/<version>`).
 *
 * kubectl reads them to learn that the server does field validation (the `fieldValidation`
 * parameter on PATCH operations) and then leaves validation to the server; `kubectl explain`
 * reads the schemas. Custom resources carry their CRD schema; built-ins are published as
 * open objects, which makes kubectl fall back to its compiled-in types for strategic merge.
 */

type Document = Record<string, unknown>;

const cache = new WeakMap<
  ResourceRegistry,
  { key: string; documents: Map<string, Document>; hashes: Map<string, string> }
>();

function schemaName(type: ResourceType, version: string): string {
  const reversed =
    type.group === ''
      ? 'io.k8s.api.core'
      : type.group.split('.').reverse().join('.');
  return `${reversed}.${version}.${type.kind}`;
}

function queryParam(name: string, description: string) {
  return {
    name,
    in: 'query',
    description,
    schema: { type: 'string', uniqueItems: true },
  };
}

const WRITE_PARAMS = [
  queryParam(
    'dryRun',
    'When present, indicates that modifications should not be persisted. Valid value: All',
  ),
  queryParam(
    'fieldManager',
    'A name associated with the actor or entity that is making these changes.',
  ),
  queryParam(
    'fieldValidation',
    'How the server handles unknown or duplicate fields: Ignore, Warn or Strict.',
  ),
];

function operation(
  type: ResourceType,
  version: string,
  action: string,
  requestTypes?: string[],
) {
  const ref = { $ref: `#/components/schemas/${schemaName(type, version)}` };
  const writes = ['post', 'put', 'patch'].includes(action);
  return {
    operationId: `${action}${type.kind}`,
    parameters: writes ? WRITE_PARAMS : [],
    ...(requestTypes
      ? {
          requestBody: {
            content: Object.fromEntries(
              requestTypes.map(t => [t, { schema: ref }]),
            ),
            required: true,
          },
        }
      : {}),
    responses: {
      '200': {
        description: 'OK',
        content: { 'application/json': { schema: ref } },
      },
    },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': {
      group: type.group,
      version,
      kind: type.kind,
    },
  };
}

function pathsFor(
  type: ResourceType,
  version: string,
): Record<string, unknown> {
  const base =
    type.group === '' ? `/api/${version}` : `/apis/${type.group}/${version}`;
  const collection = type.namespaced
    ? `${base}/namespaces/{namespace}/${type.plural}`
    : `${base}/${type.plural}`;
  const pathParams = (withName: boolean) => [
    ...(withName
      ? [
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: { type: 'string', uniqueItems: true },
          },
        ]
      : []),
    ...(type.namespaced
      ? [
          {
            name: 'namespace',
            in: 'path',
            required: true,
            schema: { type: 'string', uniqueItems: true },
          },
        ]
      : []),
  ];
  const paths: Record<string, unknown> = {
    [collection]: {
      get: operation(type, version, 'list'),
      post: operation(type, version, 'post', [
        'application/json',
        'application/yaml',
      ]),
      delete: operation(type, version, 'deletecollection'),
      parameters: pathParams(false),
    },
    [`${collection}/{name}`]: {
      get: operation(type, version, 'get'),
      put: operation(type, version, 'put', [
        'application/json',
        'application/yaml',
      ]),
      patch: operation(type, version, 'patch', [
        'application/merge-patch+json',
      ]),
      delete: operation(type, version, 'delete'),
      parameters: pathParams(true),
    },
  };
  if (type.namespaced) {
    paths[`${base}/${type.plural}`] = { get: operation(type, version, 'list') };
  }
  return paths;
}

function schemaFor(type: ResourceType, version: string): JsonSchema {
  const gvk = [{ group: type.group, version, kind: type.kind }];
  const schema = type.schemas[version];
  if (schema) {
    return { ...schema, 'x-kubernetes-group-version-kind': gvk };
  }
  return {
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
    'x-kubernetes-group-version-kind': gvk,
  };
}

function buildDocument(
  registry: ResourceRegistry,
  group: string,
  version: string,
): Document {
  const types = registry.resourcesIn(group, version);
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.4' },
    paths: Object.assign({}, ...types.map(type => pathsFor(type, version))),
    components: {
      schemas: Object.fromEntries(
        types.map(type => [
          schemaName(type, version),
          schemaFor(type, version),
        ]),
      ),
    },
  };
}

function groupVersionPaths(registry: ResourceRegistry): string[] {
  return [
    'api/v1',
    ...registry
      .groups()
      .flatMap(group =>
        group.versions.map(
          version => `apis/${apiVersionOf(group.name, version)}`,
        ),
      ),
  ];
}

/** Documents are rebuilt only when the set of served kinds changes (CRDs added or removed). */
function documents(registry: ResourceRegistry) {
  const key = registry
    .all()
    .map(type => `${type.group}/${type.plural}:${type.versions.join(',')}`)
    .sort()
    .join(';');
  let entry = cache.get(registry);
  if (!entry || entry.key !== key) {
    entry = { key, documents: new Map(), hashes: new Map() };
    for (const path of groupVersionPaths(registry)) {
      const [, groupOrVersion, maybeVersion] = path.split('/');
      const document = path.startsWith('api/')
        ? buildDocument(registry, '', groupOrVersion)
        : buildDocument(registry, groupOrVersion, maybeVersion);
      entry.documents.set(path, document);
      entry.hashes.set(
        path,
        createHash('sha512')
          .update(JSON.stringify(document))
          .digest('hex')
          .toUpperCase()
          .slice(0, 128),
      );
    }
    cache.set(registry, entry);
  }
  return entry;
}

export function openApiV3Index(registry: ResourceRegistry) {
  const entry = documents(registry);
  return {
    paths: Object.fromEntries(
      [...entry.hashes.entries()].map(([path, hash]) => [
        path,
        { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` },
      ]),
    ),
  };
}

/** The document for `api/v1` or `apis/<group>/<version>`, or undefined if that group-version is not served. */
export function openApiV3Document(
  registry: ResourceRegistry,
  path: string,
): Document | undefined {
  return documents(registry).documents.get(path);
}
