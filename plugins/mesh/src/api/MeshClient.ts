import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  ApplyChangeResult,
  CanaryRecord,
  CanIAnswer,
  CanIRequest,
  ChangeExport,
  ChangeHistory,
  ChangePreview,
  ChangeRecord,
  ClusterSummary,
  EntityOverview,
  EntitySecurity,
  EntityTraffic,
  LiveResource,
  MeshGraph,
  MeshSummary,
  MetricsCharts,
  RegisterClusterRequest,
  PreviewChangeRequest,
  RegisterMeshRequest,
  RouteTrace,
  TraceRequestBody,
} from '@meshport/plugin-mesh-common';
import {
  ConnectionTestResult,
  EntityMetricsQuery,
  EntitySecurityQuery,
  EntityTopologyQuery,
  LiveResourceQuery,
  MeshApi,
  MeshEntityRef,
  MeshEntityTarget,
  MeshTopologyQuery,
} from './MeshApi';

function entityPath(entity: MeshEntityTarget): string {
  const ref = typeof entity === 'string' ? parseEntityRef(entity) : entity;
  return [ref.kind, ref.namespace, ref.name].map(encodeURIComponent).join('/');
}

/**
 * `?a=1&b=2` from the values that are set, in the order given (empty string when none is): the
 * backend's query schemas are strict, so an empty `window=` would be a 400 rather than the default.
 */
function queryString(
  entries: Array<[string, string | number | undefined]>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of entries) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Lists travel comma-separated (`namespace=a,b`), one parameter per filter, as the backend reads them. */
function joined(values: string[] | undefined): string | undefined {
  return values?.length ? values.join(',') : undefined;
}

/** Talks to the `mesh` backend plugin through `fetchApi`, which adds the signed-in user's token. */
export class MeshClient implements MeshApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listClusters(): Promise<ClusterSummary[]> {
    const body = await this.request<{ items: ClusterSummary[] }>(
      'GET',
      '/clusters',
    );
    return body.items;
  }

  registerCluster(request: RegisterClusterRequest): Promise<ClusterSummary> {
    return this.request<ClusterSummary>('POST', '/clusters', request);
  }

  testClusterConnection(
    request: RegisterClusterRequest,
  ): Promise<ConnectionTestResult> {
    return this.request<ConnectionTestResult>(
      'POST',
      '/clusters/connection-test',
      request,
    );
  }

  async deleteCluster(name: string): Promise<void> {
    await this.request<void>('DELETE', `/clusters/${encodeURIComponent(name)}`);
  }

  async listMeshes(): Promise<MeshSummary[]> {
    const body = await this.request<{ items: MeshSummary[] }>('GET', '/meshes');
    return body.items;
  }

  registerMesh(request: RegisterMeshRequest): Promise<MeshSummary> {
    return this.request<MeshSummary>('POST', '/meshes', request);
  }

  async deleteMesh(name: string): Promise<void> {
    await this.request<void>('DELETE', `/meshes/${encodeURIComponent(name)}`);
  }

  getEntityOverview(entity: MeshEntityRef): Promise<EntityOverview> {
    return this.request<EntityOverview>(
      'GET',
      `/entities/${entityPath(entity)}/overview`,
    );
  }

  getEntityTraffic(entity: MeshEntityRef): Promise<EntityTraffic> {
    return this.request<EntityTraffic>(
      'GET',
      `/entities/${entityPath(entity)}/traffic`,
    );
  }

  traceRequest(
    entity: MeshEntityRef,
    body: TraceRequestBody,
  ): Promise<RouteTrace> {
    return this.request<RouteTrace>(
      'POST',
      `/entities/${entityPath(entity)}/trace`,
      body,
    );
  }

  getEntitySecurity(
    entity: MeshEntityRef,
    query: EntitySecurityQuery = {},
  ): Promise<EntitySecurity> {
    const qs = queryString([['window', query.window]]);
    return this.request<EntitySecurity>(
      'GET',
      `/entities/${entityPath(entity)}/security${qs}`,
    );
  }

  canI(entity: MeshEntityRef, body: CanIRequest): Promise<CanIAnswer> {
    return this.request<CanIAnswer>(
      'POST',
      `/entities/${entityPath(entity)}/can-i`,
      body,
    );
  }

  previewChange(request: PreviewChangeRequest): Promise<ChangePreview> {
    return this.request<ChangePreview>('POST', '/changes/preview', request);
  }

  applyChange(id: string): Promise<ApplyChangeResult> {
    return this.request<ApplyChangeResult>(
      'POST',
      `/changes/${encodeURIComponent(id)}/apply`,
    );
  }

  revertChange(id: string): Promise<ChangePreview> {
    return this.request<ChangePreview>(
      'POST',
      `/changes/${encodeURIComponent(id)}/revert`,
    );
  }

  exportChange(id: string): Promise<ChangeExport> {
    return this.request<ChangeExport>(
      'GET',
      `/changes/${encodeURIComponent(id)}/export`,
    );
  }

  async getChangeHistory(entity: MeshEntityRef): Promise<ChangeRecord[]> {
    const body = await this.request<ChangeHistory>(
      'GET',
      `/entities/${entityPath(entity)}/history`,
    );
    return body.items;
  }

  getLiveResource(
    entity: MeshEntityRef,
    query: LiveResourceQuery,
  ): Promise<LiveResource> {
    const params = new URLSearchParams();
    // Fixed order, and no empty namespace for cluster-scoped kinds: the backend's schema is strict.
    for (const key of [
      'cluster',
      'apiVersion',
      'kind',
      'namespace',
      'name',
    ] as const) {
      const value = query[key];
      if (value) params.set(key, value);
    }
    return this.request<LiveResource>(
      'GET',
      `/entities/${entityPath(entity)}/resource?${params}`,
    );
  }

  getEntityTopology(
    entity: MeshEntityTarget,
    query: EntityTopologyQuery,
  ): Promise<MeshGraph> {
    const qs = queryString([
      ['window', query.window],
      ['hops', query.hops],
      ['graph', query.graph],
    ]);
    return this.request<MeshGraph>(
      'GET',
      `/entities/${entityPath(entity)}/topology${qs}`,
    );
  }

  getMeshTopology(mesh: string, query: MeshTopologyQuery): Promise<MeshGraph> {
    const qs = queryString([
      ['window', query.window],
      ['graph', query.graph],
      ['namespace', joined(query.namespaces)],
      ['cluster', joined(query.clusters)],
    ]);
    return this.request<MeshGraph>(
      'GET',
      `/meshes/${encodeURIComponent(mesh)}/topology${qs}`,
    );
  }

  getEntityMetrics(
    entity: MeshEntityTarget,
    query: EntityMetricsQuery,
  ): Promise<MetricsCharts> {
    const qs = queryString([
      ['window', query.window],
      ['cluster', query.cluster],
      ['namespace', query.namespace],
      ['workload', query.workload],
      ['service', query.service],
    ]);
    return this.request<MetricsCharts>(
      'GET',
      `/entities/${entityPath(entity)}/metrics${qs}`,
    );
  }

  async listEntityCanaries(entity: MeshEntityRef): Promise<CanaryRecord[]> {
    const body = await this.request<{ canaries: CanaryRecord[] }>(
      'GET',
      `/entities/${entityPath(entity)}/canaries`,
    );
    return body.canaries;
  }

  getCanary(id: string): Promise<CanaryRecord> {
    return this.request<CanaryRecord>(
      'GET',
      `/canaries/${encodeURIComponent(id)}`,
    );
  }

  promoteCanary(id: string, reason?: string): Promise<CanaryRecord> {
    return this.canaryAction(id, 'promote', reason);
  }

  abortCanary(id: string, reason?: string): Promise<CanaryRecord> {
    return this.canaryAction(id, 'abort', reason);
  }

  resumeCanary(id: string, reason?: string): Promise<CanaryRecord> {
    return this.canaryAction(id, 'resume', reason);
  }

  /**
   * The body is always a JSON object: the backend's schema is strict and wants `{}` rather than no
   * body; a blank reason is left out instead of being kept as an empty entry in the history.
   */
  private canaryAction(
    id: string,
    action: 'promote' | 'abort' | 'resume',
    reason?: string,
  ): Promise<CanaryRecord> {
    const trimmed = reason?.trim();
    return this.request<CanaryRecord>(
      'POST',
      `/canaries/${encodeURIComponent(id)}/${action}`,
      trimmed ? { reason: trimmed } : {},
    );
  }

  private async request<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('mesh');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : {
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          }),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    // 204 No Content (deletes) has no body to parse.
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }
}
