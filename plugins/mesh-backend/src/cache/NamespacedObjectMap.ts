import { KubeObject } from '@meshport/plugin-mesh-common';

/**
 * Objects of one kind, grouped by namespace, so a view scoped to one namespace reads only that
 * namespace instead of scanning the whole cluster. Cluster-scoped objects sit under ''.
 */
export class NamespacedObjectMap {
  private readonly byNamespace = new Map<string, Map<string, KubeObject>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  set(o: KubeObject): void {
    const ns = o.metadata.namespace ?? '';
    let inNs = this.byNamespace.get(ns);
    if (!inNs) {
      inNs = new Map();
      this.byNamespace.set(ns, inNs);
    }
    if (!inNs.has(o.metadata.name)) this.count++;
    inNs.set(o.metadata.name, o);
  }

  delete(o: { metadata: { namespace?: string; name: string } }): void {
    const ns = o.metadata.namespace ?? '';
    const inNs = this.byNamespace.get(ns);
    if (inNs?.delete(o.metadata.name)) {
      this.count--;
      if (inNs.size === 0) this.byNamespace.delete(ns);
    }
  }

  /** Replaces everything, as after a (re)list. */
  replaceAll(objects: KubeObject[]): void {
    this.byNamespace.clear();
    this.count = 0;
    objects.forEach(o => this.set(o));
  }

  /** Objects in one namespace, or in all when `namespace` is undefined. */
  values(namespace?: string): KubeObject[] {
    if (namespace !== undefined)
      return [...(this.byNamespace.get(namespace)?.values() ?? [])];
    const all: KubeObject[] = [];
    for (const inNs of this.byNamespace.values())
      for (const o of inNs.values()) all.push(o);
    return all;
  }
}
