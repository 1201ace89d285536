import { ResourceRegistry } from '../registry/ResourceRegistry';
import { apiVersionOf, ResourceType } from '../registry/types';

/** Discovery documents: the legacy per-group form and the aggregated form kubectl ≥ 1.30 asks for first. */

const VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(name: string, versions: string[]) {
  const gvs = versions.map(version => ({
    groupVersion: `${name}/${version}`,
    version,
  }));
  return { name, versions: gvs, preferredVersion: gvs[0] };
}

export function apiGroupList(registry: ResourceRegistry) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry
      .groups()
      .map(group => groupEntry(group.name, group.versions)),
  };
}

export function apiGroup(registry: ResourceRegistry, name: string) {
  const group = registry.groups().find(g => g.name === name);
  return group
    ? {
        kind: 'APIGroup',
        apiVersion: 'v1',
        ...groupEntry(group.name, group.versions),
      }
    : undefined;
}

function subresourcesOf(type: ResourceType) {
  const result: Array<{
    name: string;
    kind: string;
    group?: string;
    version?: string;
  }> = [];
  if (type.subresources.status) {
    result.push({ name: 'status', kind: type.kind });
  }
  if (type.subresources.scale) {
    result.push({
      name: 'scale',
      kind: 'Scale',
      group: 'autoscaling',
      version: 'v1',
    });
  }
  if (type.group === '' && type.plural === 'namespaces') {
    result.push({ name: 'finalize', kind: 'Namespace' });
  }
  return result;
}

export function apiResourceList(
  registry: ResourceRegistry,
  group: string,
  version: string,
) {
  const types = registry.resourcesIn(group, version);
  if (types.length === 0) {
    return undefined;
  }
  const resources = types.flatMap(type => [
    {
      name: type.plural,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: VERBS,
      ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
      ...(type.categories.length > 0 ? { categories: type.categories } : {}),
    },
    ...subresourcesOf(type).map(sub => ({
      name: `${type.plural}/${sub.name}`,
      singularName: '',
      namespaced: type.namespaced,
      ...(sub.group !== undefined
        ? { group: sub.group, version: sub.version }
        : {}),
      kind: sub.kind,
      verbs: sub.name === 'finalize' ? ['update'] : SUBRESOURCE_VERBS,
    })),
  ]);
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(group, version),
    resources,
  };
}

function discoveryResource(type: ResourceType, version: string) {
  return {
    resource: type.plural,
    responseKind: { group: type.group, version, kind: type.kind },
    scope: type.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: type.singular,
    verbs: VERBS,
    ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
    ...(type.categories.length > 0 ? { categories: type.categories } : {}),
    ...(subresourcesOf(type).length > 0
      ? {
          subresources: subresourcesOf(type).map(sub => ({
            subresource: sub.name,
            responseKind: {
              group: sub.group ?? type.group,
              version: sub.version ?? version,
              kind: sub.kind,
            },
            verbs: sub.name === 'finalize' ? ['update'] : SUBRESOURCE_VERBS,
          })),
        }
      : {}),
  };
}

/** `apidiscovery.k8s.io` APIGroupDiscoveryList for `/api` (core) or `/apis` (named groups). */
export function aggregatedDiscovery(
  registry: ResourceRegistry,
  scope: 'core' | 'apis',
  apiVersion: 'v2' | 'v2beta1',
) {
  const groups =
    scope === 'core' ? [{ name: '', versions: ['v1'] }] : registry.groups();
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items: groups.map(group => ({
      metadata: { name: group.name, creationTimestamp: null },
      versions: group.versions.map(version => ({
        version,
        resources: registry
          .resourcesIn(group.name, version)
          .map(type => discoveryResource(type, version)),
        freshness: 'Current',
      })),
    })),
  };
}
