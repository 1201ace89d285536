import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  authorizeRequest,
  AuthzRequest,
  buildClusterSecurity,
  CanIAnswer,
  CanIRequest,
  ClusterSecurity,
  compareObservedAccess,
  entityMeshSelector,
  EntityMeshSelector,
  EntitySecurity,
  MetricSample,
  MetricsStatus,
  ObservedAccess,
  observedAccessQuery,
  principalOf,
  RateQuery,
  resolveWorkload,
} from '@meshport/plugin-mesh-common';
import {
  MetricsSource,
  MetricsUnavailableError,
} from '@meshport/plugin-mesh-node';
import { LRUCache } from 'lru-cache';
import { ClusterCacheManager } from '../cache/ClusterCacheManager';
import { MetricsSourceRegistry } from '../metrics/MetricsSourceRegistry';
import { entityClusters } from '../model/entityClusters';
import { GenerationMemo } from '../model/GenerationMemo';
import { MeshModel } from '../model/MeshModel';
import { MeshModelRegistry } from '../model/MeshModelRegistry';
import { ModelFindings } from '../model/ModelFindings';

export interface EntitySecurityServiceOptions {
  models: MeshModelRegistry;
  caches: ClusterCacheManager;
  findings: ModelFindings;
  metrics: MetricsSourceRegistry;
  /** How long observed samples are shared between viewers (`mesh.topology.cacheSeconds`); default 10. */
  cacheSeconds?: number;
  /** How long the observed-traffic query may take (`mesh.topology.queryTimeoutSeconds`); default 5. */
  queryTimeoutSeconds?: number;
}

const NOT_CONFIGURED_MESSAGE =
  'This mesh has no metrics source, so observed callers cannot be shown. Register it with ' +
  'prometheusUrl or metricsScrapeUrls, or set mesh.meshes[].prometheusUrl or .metricsScrapeUrls ' +
  'in app-config.';

/** What a metrics read gave: the samples, or why there are none. */
interface ObservedSamples {
  samples: MetricSample[];
  metrics: MetricsStatus;
}

/**
 * Answers the Security tab from the live models: effective mTLS per workload and port, the
 * security policies that apply in words with their findings, and the access matrix (memoised per
 * model generation); observed callers from the mesh's metrics source next to it; and "may A call
 * B" as `meshport can-i --format json` answers it.
 *
 * Metrics trouble never fails the view: `observed.metrics` says `unavailable` or
 * `not-configured`, with the reason. The samples (not the comparison) are shared between viewers
 * for `cacheSeconds`, so a policy change shows against the same traffic at once.
 */
export class EntitySecurityService {
  // A view carries access rows against every workload of its cluster (~0.5 MB at 1,000 workloads),
  // and stale generations linger until pushed out: keep far fewer than the small views' memos do.
  private readonly memo = new GenerationMemo<ClusterSecurity>(200);
  private readonly samples?: LRUCache<string, { value: ObservedSamples }>;
  private readonly inFlight = new Map<string, Promise<ObservedSamples>>();
  private readonly timeoutMs: number;

  constructor(private readonly options: EntitySecurityServiceOptions) {
    const cacheMs = (options.cacheSeconds ?? 10) * 1000;
    if (cacheMs > 0) this.samples = new LRUCache({ max: 2000, ttl: cacheMs });
    this.timeoutMs = (options.queryTimeoutSeconds ?? 5) * 1000;
  }

  private selectorOf(entity: Entity): EntityMeshSelector {
    const resolved = entityMeshSelector(entity);
    if (!resolved.ok) throw new InputError(resolved.message);
    return resolved.selector;
  }

  private clusterSecurity(
    entityRef: string,
    cluster: string,
    model: MeshModel,
    selector: EntityMeshSelector,
  ): ClusterSecurity {
    const sync = this.options.caches.syncState(cluster);
    const security = this.memo.get(entityRef, cluster, model, () =>
      buildClusterSecurity(cluster, sync, model.index, selector, {
        findingsOf: resource =>
          this.options.findings.forResource(model, resource),
      }),
    );
    return { ...security, sync };
  }

  async getSecurity(
    entity: Entity,
    q: { windowSeconds: number },
  ): Promise<EntitySecurity> {
    const selector = this.selectorOf(entity);
    const entityRef = stringifyEntityRef(entity);
    const clusters = await Promise.all(
      entityClusters(this.options.models, selector).map(
        async ({ cluster, model }) => {
          const security = this.clusterSecurity(
            entityRef,
            cluster,
            model,
            selector,
          );
          const observed = await this.observed(
            model,
            security,
            q.windowSeconds,
          );
          return observed ? { ...security, observed } : security;
        },
      ),
    );
    return { entityRef, clusters, generatedAt: new Date().toISOString() };
  }

  /** Observed callers of the cluster's entity workloads compared with the access rows. */
  private async observed(
    model: MeshModel,
    security: ClusterSecurity,
    windowSeconds: number,
  ): Promise<ObservedAccess | undefined> {
    // No workload here, nothing to observe (and an empty query would match every workload).
    if (security.workloads.length === 0) return undefined;
    const query = observedAccessQuery(windowSeconds, security.workloads);
    // Several clusters may run a workload of the same name; Istio tells them apart by cluster ID
    // (the registered names, as the topology's queries assume). One cluster: no filter, so a
    // single-cluster mesh keeping Istio's default ID ("Kubernetes") still shows its traffic.
    if (model.spec.clusters.length > 1)
      query.matchers = [
        ...(query.matchers ?? []),
        { label: 'destination_cluster', op: '=', value: security.cluster },
      ];
    const key = `${model.key}\u0000${JSON.stringify(query)}`;
    const read = await this.shared(key, () => this.readSamples(model, query));
    // Without a reading, "allowed but never seen" would claim an absence nobody looked for.
    if (read.metrics.status !== 'ok')
      return { windowSeconds, metrics: read.metrics, callers: [] };
    return compareObservedAccess(
      security.access.inbound,
      read.samples,
      security.workloads,
      { windowSeconds, metrics: read.metrics },
    );
  }

  /** One read per key at a time, reused for the TTL; failures (as status) are kept as briefly. */
  private async shared(
    key: string,
    compute: () => Promise<ObservedSamples>,
  ): Promise<ObservedSamples> {
    const known = this.samples?.get(key);
    if (known) return known.value;
    const running = this.inFlight.get(key);
    if (running) return running;
    const run = compute().then(value => {
      this.samples?.set(key, { value });
      return value;
    });
    this.inFlight.set(key, run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async readSamples(
    model: MeshModel,
    query: RateQuery,
  ): Promise<ObservedSamples> {
    const entry = model.spec.mesh
      ? this.options.metrics.forMesh(model.spec.mesh)
      : undefined;
    if (!entry || entry.state === 'not-configured')
      return {
        samples: [],
        metrics: {
          source: 'none',
          description: 'No metrics source',
          status: 'not-configured',
          message: NOT_CONFIGURED_MESSAGE,
        },
      };
    if (entry.state === 'failed')
      return {
        samples: [],
        metrics: {
          source: 'none',
          description: 'No metrics source',
          status: 'unavailable',
          message: entry.message,
        },
      };
    const source = entry.source;
    // Read after the queries: a source's description may change with them (Prometheus names the
    // recording rules it found on the first query).
    const base = () => ({
      source: source.type,
      description: source.description,
    });
    try {
      const result = await this.withTimeout(source, signal =>
        source.query(query, { signal }),
      );
      return {
        samples: result.samples,
        metrics: {
          ...base(),
          status: 'ok',
          ...(result.truncated ? { truncated: true } : {}),
        },
      };
    } catch (e) {
      if (!(e instanceof MetricsUnavailableError)) throw e;
      return {
        samples: [],
        metrics: { ...base(), status: 'unavailable', message: e.message },
      };
    }
  }

  /** Runs one source call under the timeout, aborting it when the time is up. */
  private async withTimeout<T>(
    source: MetricsSource,
    call: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new MetricsUnavailableError(
            `${source.description} did not answer within ${this.timeoutMs / 1000} s`,
          ),
        );
        abort.abort();
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([call(abort.signal), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * May `from` call `to`: the same request `meshport can-i` builds from its flags, decided by
   * `authorizeRequest` on the cluster's live model, so the JSON is the CLI's `--format json`.
   * `to` defaults to the entity's first workload, the port to the one it listens on.
   */
  canI(entity: Entity, body: CanIRequest): CanIAnswer {
    const selector = this.selectorOf(entity);
    const targets = entityClusters(this.options.models, selector);
    const target = body.cluster
      ? targets.find(t => t.cluster === body.cluster)
      : targets[0];
    if (!target) {
      throw new InputError(
        body.cluster
          ? `cluster: "${body.cluster}" is not one of the entity's clusters (${targets.map(t => t.cluster).join(', ') || 'none'})`
          : 'cluster: the entity is in no registered cluster',
      );
    }
    const { cluster, model } = target;
    const index = model.index;
    const trustDomain = index.trustDomain;

    let toRef: { namespace: string; name: string };
    if (body.to) toRef = splitRef(body.to);
    else {
      const first = this.clusterSecurity(
        stringifyEntityRef(entity),
        cluster,
        model,
        selector,
      ).workloads[0];
      if (!first)
        throw new InputError(
          `to: the entity has no workload in cluster ${cluster}; give the workload to ask about`,
        );
      toRef = { namespace: first.namespace, name: first.workload };
    }
    const to = resolveWorkload(index, toRef.namespace, toRef.name, cluster);
    if (!to)
      throw new InputError(
        `to: no Pod, Deployment or Service named ${toRef.name} in namespace ${toRef.namespace} in cluster ${cluster}`,
      );

    // `from` names a workload when one by that name exists, otherwise a service account.
    const fromRef = splitRef(body.from);
    const from = resolveWorkload(
      index,
      fromRef.namespace,
      fromRef.name,
      cluster,
    );
    let source: AuthzRequest['source'];
    if (from?.pod) source = { namespace: from.namespace, pod: from.pod };
    else if (from)
      source = {
        namespace: from.namespace,
        labels: from.labels,
        principal: principalOf(
          from.namespace,
          from.serviceAccount,
          trustDomain,
        ),
      };
    else {
      // The CLI, reading files, takes any name as a service account; the live model can say
      // when there is none, which is nearly always a typo.
      const known =
        index.get('ServiceAccount', fromRef.namespace, fromRef.name, cluster) ??
        (fromRef.name === 'default'
          ? index.namespace(fromRef.namespace, cluster)
          : undefined);
      if (!known)
        throw new InputError(
          `from: no Pod, Deployment, Service or ServiceAccount named ${fromRef.name} in namespace ${fromRef.namespace} in cluster ${cluster}`,
        );
      source = {
        namespace: fromRef.namespace,
        principal: principalOf(fromRef.namespace, fromRef.name, trustDomain),
      };
    }

    const destination: AuthzRequest['destination'] = to.pod
      ? { namespace: to.namespace, pod: to.pod }
      : {
          namespace: to.namespace,
          labels: to.labels,
          ...(to.service ? { service: to.service.metadata.name } : {}),
        };
    return authorizeRequest(index, {
      source,
      destination,
      port: body.port ?? to.port ?? 80,
      method: body.method,
      path: body.path,
      headers: body.headers,
      trustDomain,
    });
  }
}

/** `namespace/name`, which the request schema has checked. */
function splitRef(ref: string): { namespace: string; name: string } {
  const [namespace, name] = ref.split('/');
  return { namespace, name };
}
