import {
  indexKindOf,
  KubeObject,
  MeshIndex,
  MeshIndexOptions,
} from '@meshport/plugin-mesh-common';
import { ClusterCacheEvent } from '../cache/ClusterCache';

/** What a live model is built for: a registered mesh, or one cluster that belongs to no mesh. */
export interface MeshModelSpec {
  /** The mesh's name, or `cluster:<name>` for a cluster outside every mesh. */
  key: string;
  mesh?: string;
  clusters: string[];
  options: MeshIndexOptions;
}

/**
 * One live model: mesh-common's MeshIndex for a mesh, fed one watch event at a time by its member
 * clusters' caches. Objects are filed with their cluster, so the same namespace/name in two
 * member clusters stays two objects. Views memoise on `generation`, which every change bumps.
 */
export class MeshModel {
  readonly index: MeshIndex;
  private changedAt = Date.now();
  private readonly listeners = new Set<(generation: number) => void>();

  constructor(
    readonly spec: MeshModelSpec,
    initial: Array<{ cluster: string; objects: KubeObject[] }>,
  ) {
    this.index = new MeshIndex(spec.options);
    for (const { cluster, objects } of initial)
      for (const o of objects) this.index.upsert(o, cluster);
  }

  get key(): string {
    return this.spec.key;
  }

  get generation(): number {
    return this.index.generation;
  }

  /** When the model last changed (epoch ms). */
  get lastChangeAt(): number {
    return this.changedAt;
  }

  hasCluster(cluster: string): boolean {
    return this.spec.clusters.includes(cluster);
  }

  /** Called after each applied event with the new generation (the bench times event → generation). */
  onChange(listener: (generation: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  apply(cluster: string, event: ClusterCacheEvent): void {
    switch (event.type) {
      case 'upsert':
        this.index.upsert(event.object, cluster);
        break;
      case 'delete':
        this.index.remove(
          {
            apiVersion: event.object.apiVersion,
            kind: event.object.kind,
            namespace: event.object.metadata.namespace,
            name: event.object.metadata.name,
          },
          cluster,
        );
        break;
      case 'reset': {
        // A relist replaces the kind wholesale: drop what the cluster had of it, then file the list.
        for (const old of this.index.all(
          indexKindOf({ apiVersion: event.apiVersion, kind: event.kind }),
          cluster,
        )) {
          this.index.remove(
            {
              apiVersion: old.apiVersion,
              kind: old.kind,
              namespace: old.metadata.namespace,
              name: old.metadata.name,
            },
            cluster,
          );
        }
        for (const o of event.objects) this.index.upsert(o, cluster);
        break;
      }
      default:
        return;
    }
    this.changedAt = Date.now();
    for (const l of this.listeners) l(this.index.generation);
  }
}
