import { cloneJson } from '../util/cloneJson';
import { StoreError } from './StoreError';
import { deepFreeze } from '../util/deepFreeze';
import { KubeObject, StoreEvent, WatchEventType } from './types';

export interface StoreWriteOptions {
  /** The caller will not touch the object again, so the store may freeze it instead of copying it. */
  handOver?: boolean;
}

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
 * large CRD once per listener dominated start-up); get and list hand out copies, while writes
 * and the peek reads return the frozen stored object itself.
 */
export class ObjectStore {
  private currentRevision = 0;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  /** resource → namespace → keys, so namespaced reads do not scan (or sort) the whole resource. */
  private readonly namespaceIndex = new Map<string, Map<string, Set<string>>>();
  /** resource → controller owner uid → keys of the objects it controls (the controllers' "owned by" reads). */
  private readonly ownerIndex = new Map<string, Map<string, Set<string>>>();
  /**
   * Sorted keys per `resource|namespace` (`*` for all), built on first read and dropped when a key is
   * added or removed: sorting 50k keys on every list dominated large lists.
   */
  private readonly sortedKeys = new Map<string, string[]>();
  private readonly histories = new Map<string, ResourceHistory>();
  private readonly watchers = new Set<Watcher>();
  private readonly subscribers = new Set<StoreListener>();

  constructor(private readonly historyLimit = 1000) {}

  /** The newest revision written (what a list reports as its resourceVersion). */
  get revision(): number {
    return this.currentRevision;
  }

  get(
    resource: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const found = this.objects.get(resource)?.get(objectKey(namespace, name));
    return found ? cloneJson(found) : undefined;
  }

  /** Objects of a resource in key order (namespace, then name), like an etcd range read. */
  list(resource: string, namespace?: string): KubeObject[] {
    return this.listWhere(resource, namespace, () => true);
  }

  /**
   * Like list, but `matches` sees the stored (frozen) objects first and only those it accepts are
   * copied: controllers looking for a few owned objects in a big namespace copy only those.
   */
  listWhere(
    resource: string,
    namespace: string | undefined,
    matches: (object: KubeObject) => boolean,
  ): KubeObject[] {
    return this.peekWhere(resource, namespace, matches).map(
      object => cloneJson(object) as KubeObject,
    );
  }

  /** The stored object itself, deep-frozen: for readers that only look (no copy). */
  peek(
    resource: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    return this.objects.get(resource)?.get(objectKey(namespace, name));
  }

  /** Like listWhere without the copies: the stored, deep-frozen objects in key order. */
  peekWhere(
    resource: string,
    namespace: string | undefined,
    matches: (object: KubeObject) => boolean = () => true,
  ): KubeObject[] {
    const byKey = this.objects.get(resource);
    if (!byKey) return [];
    const result: KubeObject[] = [];
    for (const key of this.keysInOrder(resource, namespace)) {
      const object = byKey.get(key)!;
      if (matches(object)) result.push(object);
    }
    return result;
  }

  /**
   * Keys of a resource (in one namespace, or all) in key order. The array is shared and cached until
   * a key is added or removed: callers must not change it.
   */
  keysInOrder(
    resource: string,
    namespace: string | undefined,
  ): readonly string[] {
    const cacheKey = `${resource}|${namespace ?? '*'}`;
    let keys = this.sortedKeys.get(cacheKey);
    if (!keys) {
      const source =
        namespace === undefined
          ? this.objects.get(resource)?.keys()
          : this.namespaceIndex.get(resource)?.get(namespace);
      keys = [...(source ?? [])].sort();
      this.sortedKeys.set(cacheKey, keys);
    }
    return keys;
  }

  /** The stored (frozen) objects whose controller owner reference has this uid, in key order. */
  peekOwnedBy(resource: string, ownerUid: string): KubeObject[] {
    const keys = this.ownerIndex.get(resource)?.get(ownerUid);
    const byKey = this.objects.get(resource);
    if (!keys || !byKey) return [];
    return [...keys].sort().map(key => byKey.get(key)!);
  }

  /**
   * The objects of a resource as they were at `revision`, in key order (frozen), for lists with
   * resourceVersionMatch=Exact: the current state with the recorded events after `revision` undone.
   * Throws StoreError('Expired') when the history window no longer reaches back that far.
   */
  peekAt(
    resource: string,
    namespace: string | undefined,
    revision: number,
  ): KubeObject[] {
    const history = this.histories.get(resource);
    if (revision < (history?.compactedRevision ?? 0)) {
      throw new StoreError(
        'Expired',
        `too old resource version: ${revision} (${history?.compactedRevision})`,
      );
    }
    const events = history?.events ?? [];
    if (events.length === 0 || events[events.length - 1].revision <= revision) {
      return this.peekWhere(resource, namespace);
    }
    const byKey = this.objects.get(resource) ?? new Map<string, KubeObject>();
    const changed = new Map<string, KubeObject | undefined>();
    for (
      let i = events.length - 1;
      i >= 0 && events[i].revision > revision;
      i -= 1
    ) {
      const event = events[i];
      if (!inNamespace(event, namespace)) continue;
      const key = objectKey(
        event.object.metadata.namespace,
        event.object.metadata.name!,
      );
      changed.set(key, event.type === 'ADDED' ? undefined : event.previous);
    }
    // Keys that exist now keep the cached order; only keys deleted since need sorting in.
    const restored = [...changed]
      .filter(([key, object]) => object && !byKey.has(key))
      .map(([key]) => key);
    const keys =
      restored.length === 0
        ? this.keysInOrder(resource, namespace)
        : [...this.keysInOrder(resource, namespace), ...restored].sort();
    const result: KubeObject[] = [];
    for (const key of keys) {
      const object = changed.has(key) ? changed.get(key) : byKey.get(key);
      if (object) result.push(object);
    }
    return result;
  }

  private indexKey(
    resource: string,
    namespace: string | undefined,
    key: string,
    present: boolean,
  ): void {
    this.sortedKeys.delete(`${resource}|*`);
    this.sortedKeys.delete(`${resource}|${namespace ?? ''}`);
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

  private indexOwner(
    resource: string,
    key: string,
    before: KubeObject | undefined,
    after: KubeObject | undefined,
  ): void {
    const was = controllerUid(before);
    const is = controllerUid(after);
    if (was === is) return;
    let byOwner = this.ownerIndex.get(resource);
    if (!byOwner) {
      byOwner = new Map();
      this.ownerIndex.set(resource, byOwner);
    }
    if (was) {
      const keys = byOwner.get(was);
      keys?.delete(key);
      if (keys?.size === 0) byOwner.delete(was);
    }
    if (is) {
      let keys = byOwner.get(is);
      if (!keys) {
        keys = new Set();
        byOwner.set(is, keys);
      }
      keys.add(key);
    }
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

  /**
   * Stores a new object. With `handOver`, the caller gives the object up: it is frozen in place
   * instead of copied (the API server's write path, which builds a private copy anyway).
   */
  create(
    resource: string,
    object: KubeObject,
    options: StoreWriteOptions = {},
  ): KubeObject {
    const name = requireName(object);
    const key = objectKey(object.metadata.namespace, name);
    const byKey = this.resourceMap(resource);
    if (byKey.has(key)) {
      throw new StoreError('AlreadyExists', `${name} already exists`);
    }
    const stored = this.stamp(object, options.handOver);
    byKey.set(key, stored);
    this.indexKey(resource, object.metadata.namespace, key, true);
    this.indexOwner(resource, key, undefined, stored);
    this.record('ADDED', resource, stored);
    return stored;
  }

  /**
   * Replaces an object. With expectedResourceVersion, the write fails with Conflict
   * unless the stored object is still at that version (optimistic concurrency).
   */
  update(
    resource: string,
    object: KubeObject,
    expectedResourceVersion?: string,
    options: StoreWriteOptions = {},
  ): KubeObject {
    const name = requireName(object);
    const key = objectKey(object.metadata.namespace, name);
    const byKey = this.resourceMap(resource);
    const previous = byKey.get(key);
    if (!previous) {
      throw new StoreError('NotFound', `${name} not found`);
    }
    if (
      expectedResourceVersion !== undefined &&
      previous.metadata.resourceVersion !== expectedResourceVersion
    ) {
      throw new StoreError(
        'Conflict',
        `${name} has resourceVersion ${previous.metadata.resourceVersion}`,
      );
    }
    const stored = this.stamp(object, options.handOver);
    byKey.set(key, stored);
    this.indexOwner(resource, key, previous, stored);
    this.record('MODIFIED', resource, stored, previous);
    return stored;
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
    if (
      expectedResourceVersion !== undefined &&
      previous.metadata.resourceVersion !== expectedResourceVersion
    ) {
      throw new StoreError(
        'Conflict',
        `${name} has resourceVersion ${previous.metadata.resourceVersion}`,
      );
    }
    byKey.delete(key);
    this.indexKey(resource, namespace, key, false);
    this.indexOwner(resource, key, previous, undefined);
    // Like etcd, the deletion itself is a revision; watchers see the last state at that revision.
    const tombstone = this.stamp(previous, true);
    this.record('DELETED', resource, tombstone, previous);
    return tombstone;
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
        throw new StoreError(
          'Expired',
          `too old resource version: ${options.sinceRevision} (${compacted})`,
        );
      }
      for (const event of history?.events ?? []) {
        if (
          event.revision > options.sinceRevision &&
          inNamespace(event, options.namespace)
        ) {
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

  /** Gives the object the next revision and freezes it; copies it first unless it was handed over (or is frozen already). */
  private stamp(object: KubeObject, handOver = false): KubeObject {
    this.currentRevision += 1;
    const copy = handOver ? { ...object } : cloneJson(object);
    copy.metadata = {
      ...copy.metadata,
      resourceVersion: String(this.currentRevision),
    };
    return deepFreeze(copy);
  }

  private record(
    type: WatchEventType,
    resource: string,
    object: KubeObject,
    previous?: KubeObject,
  ): void {
    const event: StoreEvent = deepFreeze({
      type,
      resource,
      revision: this.currentRevision,
      object,
      previous,
    });
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
      if (
        watcher.options.resource === resource &&
        inNamespace(event, watcher.options.namespace)
      ) {
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

function controllerUid(object: KubeObject | undefined): string | undefined {
  return object?.metadata.ownerReferences?.find(ref => ref.controller)?.uid;
}

function inNamespace(
  event: StoreEvent,
  namespace: string | undefined,
): boolean {
  return (
    namespace === undefined || event.object.metadata.namespace === namespace
  );
}
