import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_API_PROVIDED_BY,
  RELATION_CONSUMES_API,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  buildMeshGraph,
  catalogOverlay,
  chartQueries,
  decorateGraph,
  entityMeshSelector,
  EntityOverview,
  GraphNode,
  GraphType,
  HealthConfig,
  MeshGraph,
  MetricQuery,
  MetricRangeResult,
  MetricsCharts,
  MetricsStatus,
  DeclaredRelation,
  neighbourhood,
  RedSeries,
  toRedSeries,
  topologyQueries,
  TopologySamples,
} from '@meshport/plugin-mesh-common';
import {
  MetricsSource,
  MetricsUnavailableError,
} from '@meshport/plugin-mesh-node';
import { LRUCache } from 'lru-cache';
import { MeshStore } from '../database/MeshStore';
import {
  MeshMetricsEntry,
  MetricsSourceRegistry,
} from '../metrics/MetricsSourceRegistry';
import { entityClusters } from '../model/entityClusters';
import { MeshModel } from '../model/MeshModel';
import { MeshModelRegistry } from '../model/MeshModelRegistry';
import { EntityOverviewService } from './EntityOverviewService';
import {
  idleServiceNode,
  idleWorkloadNode,
  modelWorkloadsAndServices,
  ModelService,
  ModelWorkload,
  serviceNodeIdOf,
  withNodes,
  workloadNodeId,
} from './modelNodes';

/** An entity's own p99 latency objective (ms) for its nodes; `mesh.health.latencySloP99Ms` otherwise. */
export const ANNOTATION_LATENCY_SLO_P99_MS = 'meshport.io/latency-slo-p99-ms';

export interface MeshGraphQuery {
  windowSeconds: number;
  graphType: GraphType;
  namespaces?: string[];
  clusters?: string[];
}

export interface EntityGraphQuery {
  windowSeconds: number;
  graphType: GraphType;
  hops: number;
}

export interface ChartsQuery {
  windowSeconds: number;
  cluster?: string;
  namespace?: string;
  workload?: string;
  service?: string;
}

export interface TopologyServiceOptions {
  models: MeshModelRegistry;
  metrics: MetricsSourceRegistry;
  overviews: EntityOverviewService;
  store: Pick<MeshStore, 'getMesh'>;
  catalog: CatalogService;
  auth: AuthService;
  health: HealthConfig;
  /** How long answers are shared between viewers (`mesh.topology.cacheSeconds`); default 10. */
  cacheSeconds?: number;
  /** How long one metrics query may take (`mesh.topology.queryTimeoutSeconds`); default 5. */
  queryTimeoutSeconds?: number;
  /** How long the catalog's node → entity map is reused; default 30 s. */
  catalogCacheSeconds?: number;
}

/** Points a chart gets over its window. */
const CHART_POINTS = 60;

const NOT_CONFIGURED_MESSAGE =
  'This mesh has no metrics source. Register it with prometheusUrl (a Prometheus that scrapes ' +
  "Istio's standard metrics) or metricsScrapeUrls (Prometheus-format endpoints the backend " +
  'scrapes itself), or set mesh.meshes[].prometheusUrl or .metricsScrapeUrls in app-config.';

/** What an entity's nodes are: its workloads and Services, per cluster, from the Mesh tab's view. */
interface EntityParts {
  workloads: ModelWorkload[];
  services: ModelService[];
}

interface CatalogNodeMap {
  /** Node id → entity ref of the component whose annotations select it. */
  refs: Map<string, string>;
  /** Node id → the entity's latency objective, where it sets one. */
  slo: Map<string, number>;
}

/**
 * The Topology tab's and the admin page's graphs and charts: reads metrics through the mesh's
 * MetricsSource and hands everything else to mesh-common (queries, graph building, decoration,
 * neighbourhood, catalog overlay, charts). Metrics trouble never fails a request: the answer says
 * `unavailable` (or `not-configured`) with the reason and shows the model's nodes without traffic.
 *
 * Answers are shared between viewers asking the same question for `cacheSeconds`, and concurrent
 * identical questions share one set of source queries; callers check permission before asking.
 */
export class TopologyService {
  private readonly results?: LRUCache<string, { value: unknown }>;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly catalogMaps: LRUCache<string, { value: CatalogNodeMap }>;
  private readonly timeoutMs: number;

  constructor(private readonly options: TopologyServiceOptions) {
    const cacheMs = (options.cacheSeconds ?? 10) * 1000;
    if (cacheMs > 0) this.results = new LRUCache({ max: 2000, ttl: cacheMs });
    this.catalogMaps = new LRUCache({
      max: 100,
      ttl: Math.max(1, (options.catalogCacheSeconds ?? 30) * 1000),
    });
    this.timeoutMs = (options.queryTimeoutSeconds ?? 5) * 1000;
  }

  /** One computation per key at a time, and its result reused for the TTL. Failures are not kept. */
  private async shared<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const known = this.results?.get(key);
    if (known) return known.value as T;
    const running = this.inFlight.get(key);
    if (running) return running as Promise<T>;
    const run = compute().then(value => {
      this.results?.set(key, { value });
      return value;
    });
    this.inFlight.set(key, run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /**
   * Runs a batch of source calls in parallel, each under the timeout. When one fails the others
   * are aborted: the answer is `unavailable` already, so the source should stop working on it.
   */
  private async batch<T>(
    source: MetricsSource,
    calls: Array<(signal: AbortSignal) => Promise<T>>,
  ): Promise<T[]> {
    const all = new AbortController();
    const timers: NodeJS.Timeout[] = [];
    try {
      return await Promise.all(
        calls.map(call => {
          const own = new AbortController();
          const timeout = new Promise<never>((_, reject) => {
            timers.push(
              setTimeout(() => {
                reject(
                  new MetricsUnavailableError(
                    `${source.description} did not answer within ${this.timeoutMs / 1000} s`,
                  ),
                );
                own.abort();
              }, this.timeoutMs),
            );
          });
          return Promise.race([
            call(AbortSignal.any([all.signal, own.signal])),
            timeout,
          ]);
        }),
      );
    } catch (e) {
      all.abort();
      throw e;
    } finally {
      timers.forEach(clearTimeout);
    }
  }

  /** Like `batch`, but every call settles on its own: one slow query does not sink the others. */
  private async settle<T>(
    source: MetricsSource,
    calls: Array<(signal: AbortSignal) => Promise<T>>,
  ): Promise<PromiseSettledResult<T>[]> {
    return Promise.allSettled(
      calls.map(call => this.batch(source, [call]).then(([r]) => r)),
    );
  }

  private statusOf(
    entry: MeshMetricsEntry | undefined,
  ): MetricsStatus | undefined {
    if (!entry || entry.state === 'not-configured')
      return {
        source: 'none',
        description: 'No metrics source',
        status: 'not-configured',
        message: NOT_CONFIGURED_MESSAGE,
      };
    if (entry.state === 'failed')
      return {
        source: 'none',
        description: 'No metrics source',
        status: 'unavailable',
        message: entry.message,
      };
    return undefined;
  }

  /**
   * The graph from metrics alone (nodes and edges with traffic, no decoration), for a model's
   * mesh; shared by the mesh route and every entity graph in that mesh.
   */
  private rawGraph(model: MeshModel, q: MeshGraphQuery): Promise<MeshGraph> {
    const key = `raw\u0000${model.key}\u0000${q.graphType}\u0000${q.windowSeconds}\u0000${(q.namespaces ?? []).join(',')}\u0000${(q.clusters ?? []).join(',')}`;
    return this.shared(key, async () => {
      const entry = model.spec.mesh
        ? this.options.metrics.forMesh(model.spec.mesh)
        : undefined;
      const build = (samples: TopologySamples, metrics: MetricsStatus) =>
        buildMeshGraph(samples, {
          graphType: q.graphType,
          windowSeconds: q.windowSeconds,
          generatedAt: new Date().toISOString(),
          metrics,
        });
      const queries = topologyQueries({
        windowSeconds: q.windowSeconds,
        namespaces: q.namespaces,
        clusters: q.clusters,
      });
      const empty = Object.fromEntries(
        Object.keys(queries).map(k => [k, []]),
      ) as unknown as TopologySamples;
      const problem = this.statusOf(entry);
      if (problem || entry?.state !== 'ready') return build(empty, problem!);
      const source = entry.source;
      // Read after the queries: a source's description may change with them (Prometheus names the
      // recording rules it found on the first query).
      const base = () => ({
        source: source.type,
        description: source.description,
      });
      try {
        // The request rates make the graph; latency histograms and TCP bytes only add to it. On a
        // large mesh the histograms are the slow queries (20 buckets per series), so they may fail
        // or time out on their own: the graph then comes without them and says so.
        const optional = {
          latency: ['p50', 'p95', 'p99'],
          tcp: ['tcpSent', 'tcpReceived'],
        } as const;
        const keys = Object.keys(queries) as Array<keyof typeof queries>;
        const settled = await this.settle(
          source,
          keys.map(
            k => (signal: AbortSignal) =>
              source.query(queries[k] as MetricQuery, { signal }),
          ),
        );
        const failed = (k: keyof typeof queries) => {
          const r = settled[keys.indexOf(k)];
          return r.status === 'rejected' ? r.reason : undefined;
        };
        const required = failed('requests');
        if (required) throw required;
        const missing: string[] = [];
        const reasons: string[] = [];
        for (const [what, group] of Object.entries(optional)) {
          const reason = group.map(failed).find(r => r !== undefined);
          if (reason === undefined) continue;
          if (!(reason instanceof MetricsUnavailableError)) throw reason;
          missing.push(what);
          reasons.push(`${what} not shown: ${reason.message}`);
        }
        const samples = Object.fromEntries(
          keys.map((k, i) => {
            const r = settled[i];
            const lost = Object.entries(optional).some(
              ([what, group]) =>
                missing.includes(what) &&
                (group as readonly string[]).includes(k),
            );
            return [
              k,
              r.status === 'fulfilled' && !lost ? r.value.samples : [],
            ];
          }),
        ) as unknown as TopologySamples;
        const truncated = settled.some(
          r => r.status === 'fulfilled' && r.value.truncated,
        );
        return build(samples, {
          ...base(),
          status: 'ok',
          ...(truncated ? { truncated } : {}),
          ...(missing.length ? { missing, message: reasons.join('; ') } : {}),
        });
      } catch (e) {
        if (!(e instanceof MetricsUnavailableError)) throw e;
        return build(empty, {
          ...base(),
          status: 'unavailable',
          message: e.message,
        });
      }
    });
  }

  private decorate(
    graph: MeshGraph,
    model: MeshModel,
    slo: Map<string, number>,
    expectedProxyVersion: string | undefined,
  ): MeshGraph {
    const { health } = this.options;
    return decorateGraph(graph, {
      index: model.index,
      health,
      latencySloP99Ms: (node: GraphNode) =>
        slo.get(node.id) ?? health.latencySloP99Ms,
      expectedProxyVersion,
    });
  }

  private async expectedProxyVersion(model: MeshModel) {
    if (!model.spec.mesh) return undefined;
    return (await this.options.store.getMesh(model.spec.mesh))?.version;
  }

  /** The whole mesh's graph (admin page), optionally for some namespaces and clusters. */
  async meshGraph(mesh: string, q: MeshGraphQuery): Promise<MeshGraph> {
    const model = this.options.models.forMesh(mesh);
    if (!model) throw new NotFoundError(`No mesh named "${mesh}"`);
    const unknownCluster = q.clusters?.find(c => !model.hasCluster(c));
    if (unknownCluster)
      throw new InputError(
        `cluster: "${unknownCluster}" is not a member of mesh ${mesh} (${model.spec.clusters.join(', ')})`,
      );
    const key = `mesh\u0000${mesh}\u0000${q.graphType}\u0000${q.windowSeconds}\u0000${(q.namespaces ?? []).join(',')}\u0000${(q.clusters ?? []).join(',')}`;
    return this.shared(key, async () => {
      const raw = await this.rawGraph(model, q);
      let graph = raw;
      if (raw.metrics.status !== 'ok') {
        // Without metrics the graph is the model's workloads and Services, without traffic.
        const { workloads, services } = modelWorkloadsAndServices(model.index, {
          clusters: q.clusters?.length ? q.clusters : model.spec.clusters,
          namespaces: q.namespaces,
          domain: model.spec.options.domain ?? 'cluster.local',
        });
        graph = {
          ...raw,
          nodes: withNodes(raw, [
            ...workloads.map(w => idleWorkloadNode(q.graphType, w)),
            ...(q.graphType === 'service' ? services.map(idleServiceNode) : []),
          ]),
        };
      }
      const catalogMap = await this.catalogNodeMap(q.graphType);
      return this.withEntityRefs(
        this.decorate(
          graph,
          model,
          catalogMap.slo,
          await this.expectedProxyVersion(model),
        ),
        catalogMap.refs,
      );
    });
  }

  /** The entity's workloads and Services in each of its clusters, as the Mesh tab finds them. */
  private entityParts(entity: Entity): {
    parts: EntityParts;
    model: MeshModel;
  } {
    const resolved = entityMeshSelector(entity);
    if (!resolved.ok) throw new InputError(resolved.message);
    const targets = entityClusters(this.options.models, resolved.selector);
    const overview = this.options.overviews.getOverview(entity);
    const parts = this.partsOf(overview, targets);
    // The entity's mesh: its annotation, else the mesh of the first cluster it runs in.
    const withWorkloads = targets.find(t =>
      parts.workloads.some(w => w.cluster === t.cluster),
    );
    const model = (withWorkloads ?? targets[0])?.model;
    if (!model)
      throw new InputError('The entity is in no registered cluster or mesh');
    return { parts, model };
  }

  private partsOf(
    overview: EntityOverview,
    targets: Array<{ cluster: string; model: MeshModel }>,
  ): EntityParts {
    const workloads: ModelWorkload[] = [];
    const services: ModelService[] = [];
    for (const c of overview.clusters) {
      const model = targets.find(t => t.cluster === c.cluster)?.model;
      for (const w of c.workloads) {
        // Istio's labels come from the pods: the template's labels, not the controller's own.
        const object =
          w.kind === 'Pod'
            ? undefined
            : model?.index.get<{
                kind: string;
                apiVersion: string;
                metadata: { name: string };
                spec?: {
                  template?: {
                    metadata?: { labels?: Record<string, string> };
                  };
                };
              }>(w.kind, w.namespace, w.name, c.cluster);
        workloads.push({
          cluster: c.cluster,
          namespace: w.namespace,
          workload: w.name,
          labels: object?.spec?.template?.metadata?.labels ?? w.labels,
        });
      }
      for (const s of c.services)
        services.push({
          cluster: c.cluster,
          namespace: s.namespace,
          name: s.name,
          host: s.host,
        });
    }
    return { workloads, services };
  }

  private focusNodes(graphType: GraphType, parts: EntityParts): GraphNode[] {
    return [
      ...parts.workloads.map(w => idleWorkloadNode(graphType, w)),
      ...(graphType === 'service' ? parts.services.map(idleServiceNode) : []),
    ];
  }

  private nodeIdsOf(graphType: GraphType, parts: EntityParts): string[] {
    return [
      ...parts.workloads.map(w => workloadNodeId(graphType, w)),
      ...(graphType === 'service' ? parts.services.map(serviceNodeIdOf) : []),
    ];
  }

  /**
   * Which component each node belongs to, from every catalog component with Kubernetes
   * annotations, matched by the same entity selector as the tabs. Read with the plugin's own
   * credentials and reused for a short while: it is one catalog query for all viewers.
   */
  private async catalogNodeMap(graphType: GraphType): Promise<CatalogNodeMap> {
    const known = this.catalogMaps.get(graphType);
    if (known) return known.value;
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntities(
      {
        filter: [
          {
            [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]:
              CATALOG_FILTER_EXISTS,
          },
          {
            [`metadata.annotations.${ANNOTATION_KUBERNETES_LABEL_SELECTOR}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
        ],
      },
      { credentials },
    );
    const refs = new Map<string, string>();
    const slo = new Map<string, number>();
    for (const entity of items) {
      if (!entityMeshSelector(entity).ok) continue;
      let parts: EntityParts;
      try {
        parts = this.entityParts(entity).parts;
      } catch {
        // An entity naming an unregistered mesh selects nothing; its own tab says why.
        continue;
      }
      const ref = stringifyEntityRef(entity);
      const objective = Number(
        entity.metadata.annotations?.[ANNOTATION_LATENCY_SLO_P99_MS],
      );
      for (const id of this.nodeIdsOf(graphType, parts)) {
        if (!refs.has(id)) refs.set(id, ref);
        if (objective > 0 && !slo.has(id)) slo.set(id, objective);
      }
    }
    const value = { refs, slo };
    this.catalogMaps.set(graphType, { value });
    return value;
  }

  private withEntityRefs(
    graph: MeshGraph,
    refs: Map<string, string>,
  ): MeshGraph {
    return {
      ...graph,
      nodes: graph.nodes.map(n => {
        const entityRef = refs.get(n.id);
        return entityRef ? { ...n, entityRef } : n;
      }),
    };
  }

  /**
   * Dependencies the entity declares, in catalogOverlay's terms: `dependsOn` and `consumesApi`
   * from it (with each API's `apiProvidedBy`, so a call to the provider counts), `dependencyOf`
   * (its callers). API entities are read with the caller's credentials.
   */
  private async declared(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<DeclaredRelation[]> {
    const self = stringifyEntityRef(entity);
    const relations = entity.relations ?? [];
    const out: DeclaredRelation[] = [];
    for (const r of relations) {
      if (r.type === RELATION_DEPENDS_ON)
        out.push({
          fromEntityRef: self,
          toEntityRef: r.targetRef,
          relation: 'dependsOn',
        });
      if (r.type === RELATION_DEPENDENCY_OF)
        out.push({
          fromEntityRef: self,
          toEntityRef: r.targetRef,
          relation: 'dependencyOf',
        });
    }
    const apis = relations
      .filter(r => r.type === RELATION_CONSUMES_API)
      .map(r => r.targetRef);
    for (const api of apis)
      out.push({
        fromEntityRef: self,
        toEntityRef: api,
        relation: 'consumesApi',
      });
    if (apis.length > 0) {
      const { items } = await this.options.catalog.getEntitiesByRefs(
        { entityRefs: apis, fields: ['relations'] },
        { credentials },
      );
      items.forEach((api, i) => {
        for (const r of api?.relations ?? [])
          if (r.type === RELATION_API_PROVIDED_BY)
            out.push({
              fromEntityRef: apis[i],
              toEntityRef: r.targetRef,
              relation: 'apiProvidedBy',
            });
      });
    }
    return out;
  }

  /**
   * The entity's part of its mesh's graph: its nodes (with or without traffic) and everything
   * within `hops` edges, with the catalog's declared dependencies laid over it.
   */
  async entityGraph(
    entity: Entity,
    credentials: BackstageCredentials,
    q: EntityGraphQuery,
  ): Promise<MeshGraph> {
    const self = stringifyEntityRef(entity);
    const key = `entity\u0000${self}\u0000${q.graphType}\u0000${q.windowSeconds}\u0000${q.hops}`;
    // The declared relations are read per caller (the API entities are permission-checked).
    const declared = await this.declared(entity, credentials);
    const graph = await this.shared(key, async () => {
      const { parts, model } = this.entityParts(entity);
      const raw = await this.rawGraph(model, {
        windowSeconds: q.windowSeconds,
        graphType: q.graphType,
      });
      const focus = this.focusNodes(q.graphType, parts);
      const withFocus = { ...raw, nodes: withNodes(raw, focus) };
      const near = neighbourhood(
        withFocus,
        new Set(focus.map(n => n.id)),
        q.hops,
      );
      const catalogMap = await this.catalogNodeMap(q.graphType);
      const refs = new Map(catalogMap.refs);
      for (const n of focus) refs.set(n.id, self);
      const slo = new Map(catalogMap.slo);
      const own = Number(
        entity.metadata.annotations?.[ANNOTATION_LATENCY_SLO_P99_MS],
      );
      if (own > 0) for (const n of focus) slo.set(n.id, own);
      const decorated = this.decorate(
        near,
        model,
        slo,
        await this.expectedProxyVersion(model),
      );
      return { graph: this.withEntityRefs(decorated, refs), refs };
    });
    return catalogOverlay(graph.graph, {
      declared,
      nodeEntityRefs: graph.refs,
    });
  }

  /** RED charts in and out of one of the entity's workloads or Services. */
  async charts(entity: Entity, q: ChartsQuery): Promise<MetricsCharts> {
    if (!!q.workload === !!q.service)
      throw new InputError('Give one of workload or service');
    const { parts } = this.entityParts(entity);
    const resolved = entityMeshSelector(entity);
    const targets = resolved.ok
      ? entityClusters(this.options.models, resolved.selector)
      : [];
    const inScope = <T extends { cluster: string; namespace: string }>(x: T) =>
      (!q.cluster || x.cluster === q.cluster) &&
      (!q.namespace || x.namespace === q.namespace);
    let target:
      | {
          cluster: string;
          namespace: string;
          workload?: string;
          service?: string;
        }
      | undefined;
    if (q.workload) {
      const w = parts.workloads.find(
        x => inScope(x) && x.workload === q.workload,
      );
      if (!w)
        throw new NotFoundError(
          `workload: "${q.workload}" is not one of the entity's workloads (${[...new Set(parts.workloads.map(x => x.workload))].join(', ') || 'none'})`,
        );
      target = {
        cluster: w.cluster,
        namespace: w.namespace,
        workload: w.workload,
      };
    } else {
      const s = parts.services.find(x => inScope(x) && x.name === q.service);
      if (!s)
        throw new NotFoundError(
          `service: "${q.service}" is not one of the entity's Services (${[...new Set(parts.services.map(x => x.name))].join(', ') || 'none'})`,
        );
      target = { cluster: s.cluster, namespace: s.namespace, service: s.name };
    }
    const model = targets.find(t => t.cluster === target!.cluster)?.model;
    const entry = model?.spec.mesh
      ? this.options.metrics.forMesh(model.spec.mesh)
      : undefined;
    const stepSeconds = Math.max(1, Math.ceil(q.windowSeconds / CHART_POINTS));
    const key = `charts\u0000${model?.key}\u0000${JSON.stringify(target)}\u0000${q.windowSeconds}`;
    return this.shared(key, async () => {
      const emptySeries = (): RedSeries => ({
        rps: [],
        rps4xx: [],
        rps5xx: [],
        p50: [],
        p95: [],
        p99: [],
      });
      const answer = (
        metrics: MetricsStatus,
        inbound = emptySeries(),
        outbound = emptySeries(),
      ): MetricsCharts => ({
        windowSeconds: q.windowSeconds,
        stepSeconds,
        inbound,
        outbound,
        metrics,
      });
      const problem = this.statusOf(entry);
      if (problem || entry?.state !== 'ready') return answer(problem!);
      const source = entry.source;
      // Read after the queries: a source's description may change with them (Prometheus names the
      // recording rules it found on the first query).
      const base = () => ({
        source: source.type,
        description: source.description,
      });
      const end = new Date();
      const start = new Date(end.getTime() - q.windowSeconds * 1000);
      const series = async (direction: 'inbound' | 'outbound') => {
        // Each point is a rate over a few steps, so a point is never a single noisy sample.
        const queries = chartQueries({
          windowSeconds: Math.max(60, stepSeconds * 4),
          target: target!,
          direction,
        });
        const keys = Object.keys(queries) as Array<keyof RedSeries>;
        const results = await this.batch(
          source,
          keys.map(
            k => (signal: AbortSignal) =>
              source.queryRange(
                queries[k],
                { start, end, stepSeconds },
                { signal },
              ),
          ),
        );
        return {
          red: toRedSeries(
            Object.fromEntries(keys.map((k, i) => [k, results[i]])) as Record<
              keyof RedSeries,
              MetricRangeResult
            >,
          ),
          truncated: results.some(r => r.truncated),
        };
      };
      try {
        // A Service makes no calls of its own: only a workload has outbound charts.
        const [inbound, outbound] = await Promise.all([
          series('inbound'),
          target!.workload
            ? series('outbound')
            : { red: emptySeries(), truncated: false },
        ]);
        const truncated = inbound.truncated || outbound.truncated;
        return answer(
          { ...base(), status: 'ok', ...(truncated ? { truncated } : {}) },
          inbound.red,
          outbound.red,
        );
      } catch (e) {
        if (!(e instanceof MetricsUnavailableError)) throw e;
        return answer({ ...base(), status: 'unavailable', message: e.message });
      }
    });
  }
}
