import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  buildClusterTraffic,
  ClusterTraffic,
  entityMeshSelector,
  EntityMeshSelector,
  EntityTraffic,
  resolveWorkload,
  RequestSource,
  RouteTrace,
  traceRequest,
  TraceRequestBody,
} from '@meshport/plugin-mesh-common';
import { ClusterCacheManager } from '../cache/ClusterCacheManager';
import { entityClusters } from '../model/entityClusters';
import { GenerationMemo } from '../model/GenerationMemo';
import { MeshModel } from '../model/MeshModel';
import { MeshModelRegistry } from '../model/MeshModelRegistry';
import { ModelFindings } from '../model/ModelFindings';

/**
 * Answers the Traffic tab from the live models: the routing resources that affect an entity, in
 * words, with their findings (memoised per model generation), and the route tracer.
 */
export class EntityTrafficService {
  private readonly memo = new GenerationMemo<ClusterTraffic>();

  constructor(
    private readonly models: MeshModelRegistry,
    private readonly caches: ClusterCacheManager,
    private readonly findings: ModelFindings,
  ) {}

  private selectorOf(entity: Entity): EntityMeshSelector {
    const resolved = entityMeshSelector(entity);
    if (!resolved.ok) throw new InputError(resolved.message);
    return resolved.selector;
  }

  private clusterTraffic(
    entityRef: string,
    cluster: string,
    model: MeshModel,
    selector: EntityMeshSelector,
  ): ClusterTraffic {
    const sync = this.caches.syncState(cluster);
    const traffic = this.memo.get(entityRef, cluster, model, () =>
      buildClusterTraffic({
        cluster,
        sync,
        index: model.index,
        selector,
        findingsOf: resource => this.findings.forResource(model, resource),
      }),
    );
    return { ...traffic, sync };
  }

  getTraffic(entity: Entity): EntityTraffic {
    const selector = this.selectorOf(entity);
    const entityRef = stringifyEntityRef(entity);
    return {
      entityRef,
      clusters: entityClusters(this.models, selector).map(
        ({ cluster, model }) =>
          this.clusterTraffic(entityRef, cluster, model, selector),
      ),
      generatedAt: new Date().toISOString(),
    };
  }

  /** Which route a request takes, as `meshport trace --format json` answers it. */
  trace(entity: Entity, body: TraceRequestBody): RouteTrace {
    const selector = this.selectorOf(entity);
    const targets = entityClusters(this.models, selector);
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
    let host = body.host;
    if (!host) {
      const traffic = this.clusterTraffic(
        stringifyEntityRef(entity),
        target.cluster,
        target.model,
        selector,
      );
      host = traffic.services[0]?.host;
      if (!host)
        throw new InputError(
          `host: the entity has no Service in cluster ${target.cluster}; give the host to trace`,
        );
    }
    let source: RequestSource | undefined;
    if (body.from)
      source = this.sourceOf(body.from, target.model, target.cluster);
    return traceRequest(target.model.index, {
      host,
      port: body.port,
      method: body.method,
      path: body.path,
      headers: body.headers,
      protocol: body.protocol,
      source,
    });
  }

  /** `ns/name` (a Pod, controller or Service) or `gateway:ns/name`. */
  private sourceOf(
    from: string,
    model: MeshModel,
    cluster: string,
  ): RequestSource {
    if (from.startsWith('gateway:')) {
      const ref = from.slice('gateway:'.length);
      if (!/^[a-z0-9-]+\/[a-z0-9.-]+$/.test(ref))
        throw new InputError(`from: "${from}" must be gateway:namespace/name`);
      return { gateway: ref };
    }
    const parts = from.split('/');
    if (parts.length !== 2 || parts.some(p => p.length === 0))
      throw new InputError(
        `from: "${from}" must be namespace/name (a Pod, Deployment or Service) or gateway:namespace/name`,
      );
    const [namespace, name] = parts;
    const w = resolveWorkload(model.index, namespace, name, cluster);
    if (!w)
      throw new InputError(
        `from: no Pod, Deployment or Service named ${name} in namespace ${namespace} in cluster ${cluster}`,
      );
    return w.pod
      ? { pod: w.pod, namespace: w.namespace }
      : { namespace: w.namespace, labels: w.labels };
  }
}
