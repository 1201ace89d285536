import { StoreError } from './StoreError';
import { deepFreeze } from '../util/deepFreeze';
import { KubeObject, StoreEvent, WatchEventType } from './types';

export type StoreListener = (event: StoreEvent) => void;

export interface StoreWatchOptions {
  /** Storage key `<group>/<plural>`. */
  resource: string;
  /** Only events for objects in this namespace. */
  namespace?: string;
  /**
   * Replay recorded events newer than this revision before live ones.
   * Undefined means live events only.
   */
  sinceRevision?: number;
}

/** The recorded events of one resource, like the apiserver's per-resource watch cache. */
interface ResourceHistory {
  events: StoreEvent[];
  /** Revision of the newest event dropped from the window: watches from before it must relist. */
  compactedRevision: number;
}

interface Watcher {
  options: StoreWatchOptions;
  listener: StoreListener;
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/**
 * An in-memory etcd for one cluster: every write takes the next value of a single
 * cluster-wide revision counter, and each resource keeps a bounded window of its
 * events so watches can resume from a resourceVersion or learn that it expired (410).
 *
 * Stored objects are deep-frozen and events share them with every listener (copying a
 * large CRD once per listener dominated start-up); get and list hand out copies.
 */
export class ObjectStore {
  private currentRevision = 0;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  /** resource → namespace → keys, so namespaced reads do not scan (or sort) the whole resource. */
  private readonly namespaceIndex = new Map<string, Map<string, Set<string>>>();
  private readonly histories = new Map<string, ResourceHistory>();
  private readonly watchers = new Set<Watcher>();
  private readonly subscribers = new Set<StoreListener>();

  constructor(private readonly historyLimit = 1000) {}

  /** The newest revision written (what a list reports as its resourceVersion). */
  get revision(): number {
    return this.currentRevision;
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.objects.get(resource)?.get(objectKey(namespace, name));
    return found ? structuredClone(found) : undefined;
  }

  /** Objects of a resource in key order (namespace, then name), like an etcd range read. */
  list(resource: string, namespace?: string): KubeObject[] {
    return this.listWhere(resource, namespace, () => true);
  }

  /**
   * Like list, but `matches` sees the stored (frozen) objects first and only those it accepts are
   * copied: controllers looking for a few owned objects in a big namespace copy only those.
   */
  listWhere(resource: string, namespace: string | undefined, matches: (object: KubeObject) => boolean): KubeObject[] {
    const byKey = this.objects.get(resource);
    if (!byKey) {
      return [];
    }
    const keys = namespace === undefined ? [...byKey.keys()] : [...(this.namespaceIndex.get(resource)?.get(namespace ?? '') ?? [])];
    keys.sort();
    const result: KubeObject[] = [];
    for (const key of keys) {
      const object = byKey.get(key)!;
      if (matches(object)) {
        result.push(structuredClone(object));
      }
    }
    return result;
  }

  private indexKey(resource: string, namespace: string | undefined, key: string, present: boolean): void {
    let byNamespace = this.namespaceIndex.get(resource);
    if (!byNamespace) {
      byNamespace = new Map();
      this.namespaceIndex.set(resource, byNamespace);
    }
    let keys = byNamespace.get(namespace ?? '');
    if (!keys) {
      keys = new Set();
      byNamespace.set(namespace ?? '', keys);
    }
    if (present) keys.add(key);
    else keys.delete(key);
  }

  /**
   * The stored objects of a resource without copying them, in no particular order. They are
   * deep-frozen: read, do not change (for simulations that read the whole cluster often).
   */
  peekAll(resource: string): readonly KubeObject[] {
    const byKey = this.objects.get(resource);
    return byKey ? [...byKey.values()] : [];
  }

  /** The newest revision of a resource that fell out of its history window (0 if none did). */
  compactedRevision(resource: string): number {
    return this.histories.get(resource)?.compactedRevision ?? 0;
  }

  /** Counts objects without copying them (for remainingItemCount and quick checks). */
  count(resource: string): number {
    return this.objects.get(resource)?.size ?? 0;
  }

  create(resource: string, object: KubeObject): KubeObject {
    const name = requireName(object);
    const key = objectKey(object.metadata.namespace, name);
    const byKey = this.resourceMap(resource);
    if (byKey.has(key)) {
      throw new StoreError('AlreadyExists', `${name} already exists`);
    }
    const stored = this.stamp(object);
    byKey.set(key, stored);
    this.indexKey(resource, object.metadata.namespace, key, true);
    this.record('ADDED', resource, stored);
    return structuredClone(stored);
  }

  /**
   * Replaces an object. With expectedResourceVersion, the write fails with Conflict
   * unless the stored object is still at that version (optimistic concurrency).
   */
  update(resource: string, object: KubeObject, expectedResourceVersion?: string): KubeObject {
    const name = requireName(object);
    const key = objectKey(object.metadata.namespace, name);
    const byKey = this.resourceMap(resource);
    const previous = byKey.get(key);
    if (!previous) {
      throw new StoreError('NotFound', `${name} not found`);
    }
    if (expectedResourceVersion !== undefined && previous.metadata.resourceVersion !== expectedResourceVersion) {
      throw new StoreError('Conflict', `${name} has resourceVersion ${previous.metadata.resourceVersion}`);
    }
    const stored = this.stamp(object);
    byKey.set(key, stored);
    this.record('MODIFIED', resource, stored, previous);
    return structuredClone(stored);
  }

  delete(
    resource: string,
    namespace: string | undefined,
    name: string,
    expectedResourceVersion?: string,
  ): KubeObject {
    const key = objectKey(namespace, name);
    const byKey = this.resourceMap(resource);
    const previous = byKey.get(key);
    if (!previous) {
      throw new StoreError('NotFound', `${name} not found`);
    }
    if (expectedResourceVersion !== undefined && previous.metadata.resourceVersion !== expectedResourceVersion) {
      throw new StoreError('Conflict', `${name} has resourceVersion ${previous.metadata.resourceVersion}`);
    }
    byKey.delete(key);
    this.indexKey(resource, namespace, key, false);
    // Like etcd, the deletion itself is a revision; watchers see the last state at that revision.
    const tombstone = this.stamp(previous);
    this.record('DELETED', resource, tombstone, previous);
    return structuredClone(tombstone);
  }

  /**
   * Streams events of one resource. Recorded events after `sinceRevision` are replayed
   * synchronously before this returns, so no event can fall between replay and live delivery.
   * Throws StoreError('Expired') when the window no longer reaches back to `sinceRevision`.
   */
  watch(options: StoreWatchOptions, listener: StoreListener): () => void {
    if (options.sinceRevision !== undefined) {
      const history = this.histories.get(options.resource);
      const compacted = history?.compactedRevision ?? 0;
      if (options.sinceRevision < compacted) {
        throw new StoreError('Expired', `too old resource version: ${options.sinceRevision} (${compacted})`);
      }
      for (const event of history?.events ?? []) {
        if (event.revision > options.sinceRevision && inNamespace(event, options.namespace)) {
          listener(event);
        }
      }
    }
    const watcher: Watcher = { options, listener };
    this.watchers.add(watcher);
    return () => {
      this.watchers.delete(watcher);
    };
  }

  /** Every event of every resource, for the simulated controllers. Events are frozen: read, do not change. */
  subscribe(listener: StoreListener): () => void {
    this.subscribers.add(listener);
    return () => {
      this.subscribers.delete(listener);
    };
  }

  private resourceMap(resource: string): Map<string, KubeObject> {
    let byKey = this.objects.get(resource);
    if (!byKey) {
      byKey = new Map();
      this.objects.set(resource, byKey);
    }
    return byKey;
  }

  private stamp(object: KubeObject): KubeObject {
    this.currentRevision += 1;
    const copy = structuredClone(object);
    copy.metadata = { ...copy.metadata, resourceVersion: String(this.currentRevision) };
    return deepFreeze(copy);
  }

  private record(type: WatchEventType, resource: string, object: KubeObject, previous?: KubeObject): void {
    const event: StoreEvent = deepFreeze({ type, resource, revision: this.currentRevision, object, previous });
    let history = this.histories.get(resource);
    if (!history) {
      history = { events: [], compactedRevision: 0 };
      this.histories.set(resource, history);
    }
    history.events.push(event);
    while (history.events.length > this.historyLimit) {
      history.compactedRevision = history.events.shift()!.revision;
    }
    for (const watcher of [...this.watchers]) {
      if (watcher.options.resource === resource && inNamespace(event, watcher.options.namespace)) {
        watcher.listener(event);
      }
    }
    for (const subscriber of [...this.subscribers]) {
      subscriber(event);
    }
  }
}

function requireName(object: KubeObject): string {
  const name = object.metadata?.name;
  if (!name) {
    throw new Error('object has no metadata.name');
  }
  return name;
}

function inNamespace(event: StoreEvent, namespace: string | undefined): boolean {
  return namespace === undefined || event.object.metadata.namespace === namespace;
}
