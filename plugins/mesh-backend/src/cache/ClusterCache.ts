import { LoggerService } from '@backstage/backend-plugin-api';
import {
  apiVersionOf,
  ClusterSyncState,
  kindPath,
  KubeObject,
  WATCHED_KINDS,
  WatchedKind,
} from '@meshport/plugin-mesh-common';
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterConnection } from '../cluster/ClusterConnection';
import { KubeHttpClient } from '../cluster/KubeHttpClient';
import { describeNetworkError } from '../cluster/testClusterConnection';
import { loadKubernetesClient } from './loadKubernetesClient';
import { NamespacedObjectMap } from './NamespacedObjectMap';

interface Informer {
  on(verb: 'add' | 'update' | 'delete', cb: (o: KubeObject) => void): void;
  on(verb: 'error' | 'connect', cb: (err?: unknown) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface KindState {
  kind: WatchedKind;
  version?: string;
  /** The list that found the served version, handed to the informer as its first list. */
  probeList?: ListResult;
  objects: NamespacedObjectMap;
  listed: boolean;
  missing: boolean;
  watching: boolean;
  informer?: Informer;
  retryTimer?: NodeJS.Timeout;
  failures: number;
}

export interface ClusterCacheOptions {
  /** Upper bound of the reconnect backoff. */
  maxBackoffMs?: number;
  /** How often to look again for kinds the cluster did not serve (CRDs installed later). */
  missingKindRecheckMs?: number;
}

type ListResult = {
  metadata: { resourceVersion: string };
  items: KubeObject[];
};

/**
 * What a cache tells its listeners, in order: one object added or changed, one deleted, or every
 * object of one kind replaced after a (re)list. The live mesh model is fed from these alone.
 */
export type ClusterCacheEvent =
  | { type: 'upsert'; object: KubeObject }
  | { type: 'delete'; object: KubeObject }
  | { type: 'reset'; kind: string; apiVersion: string; objects: KubeObject[] };

export type ClusterCacheListener = (
  cluster: string,
  event: ClusterCacheEvent,
) => void;

/** Page size of initial lists: big clusters are listed in pages, as kubectl and informers do. */
const LIST_PAGE_SIZE = 500;

/**
 * Cached objects are plain JSON without managedFields: they are a third of a typical object's
 * size and nothing in Meshport reads them.
 */
function toCached(
  o: KubeObject,
  apiVersion: string,
  kind: WatchedKind,
): KubeObject {
  const { managedFields: _managed, ...metadata } =
    o.metadata as KubeObject['metadata'] & { managedFields?: unknown };
  if (kind.metadataOnly) {
    // Secrets: only that they exist (and their type) matters to the analyzers; their data (TLS
    // keys) never stays in Meshport's memory.
    return {
      apiVersion,
      kind: kind.kind,
      metadata,
      ...('type' in o ? { type: (o as { type?: unknown }).type } : {}),
    } as KubeObject;
  }
  return { ...o, apiVersion, kind: kind.kind, metadata };
}

class ListError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

/**
 * One cluster's watched cache: an informer (list + watch) per kind Meshport reads, with the
 * objects held as plain JSON, sync state for the views, and reconnect with exponential backoff
 * when the cluster goes away. Views read snapshots from here; they never call the cluster.
 */
export class ClusterCache {
  private readonly kinds: KindState[];
  private readonly http: KubeHttpClient;
  private kubeConfig?: KubeConfig;
  private stopped = false;
  private lastEventAt?: Date;
  private lastSyncedAt?: Date;
  private lastError?: { message: string; at: Date };
  private staleSince?: Date;
  private readonly maxBackoffMs: number;
  private readonly recheckMs: number;
  private readonly listeners = new Set<ClusterCacheListener>();

  constructor(
    readonly connection: ClusterConnection,
    private readonly logger: LoggerService,
    options: ClusterCacheOptions = {},
  ) {
    this.http = new KubeHttpClient(connection);
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.recheckMs = options.missingKindRecheckMs ?? 300_000;
    this.kinds = WATCHED_KINDS.map(kind => ({
      kind,
      objects: new NamespacedObjectMap(),
      listed: false,
      missing: false,
      watching: false,
      failures: 0,
    }));
  }

  get name(): string {
    return this.connection.name;
  }

  /** Calls `listener` for every change from now on; returns the function that stops it. */
  subscribe(listener: ClusterCacheListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: ClusterCacheEvent): void {
    for (const l of this.listeners) {
      try {
        l(this.name, event);
      } catch (e) {
        this.logger.error(
          `Cluster ${this.name}: a cache listener failed: ${(e as Error).message}`,
        );
      }
    }
  }

  /** Every cached object of every kind; shared, callers must not mutate them. */
  allObjects(): KubeObject[] {
    return this.kinds.flatMap(s => s.objects.values());
  }

  /** The client for this cluster's API server, with its registered credentials; for the write path. */
  get client(): KubeHttpClient {
    return this.http;
  }

  async start(): Promise<void> {
    const k8s = await loadKubernetesClient();
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: this.name,
          server: this.connection.apiUrl,
          caData: this.connection.caData
            ? Buffer.from(this.connection.caData).toString('base64')
            : undefined,
          skipTLSVerify: this.connection.insecureSkipTlsVerify,
        },
      ],
      users: [{ name: 'meshport', token: this.connection.token }],
      contexts: [{ name: this.name, cluster: this.name, user: 'meshport' }],
      currentContext: this.name,
    });
    this.kubeConfig = kc;
    await Promise.all(this.kinds.map(s => this.startKind(s)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of this.kinds) {
      clearTimeout(s.retryTimer);
      await s.informer?.stop().catch(() => undefined);
    }
    this.http.close();
  }

  private noteEvent() {
    this.lastEventAt = new Date();
    if (!this.lastSyncedAt && this.kinds.every(s => s.listed || s.missing)) {
      this.lastSyncedAt = this.lastEventAt;
      this.logger.info(
        `Cluster ${this.name} synced: ${this.kinds.reduce((n, s) => n + s.objects.size, 0)} objects`,
      );
    }
  }

  private noteError(s: KindState, e: unknown) {
    const detail =
      e instanceof ListError
        ? e.message
        : describeNetworkError(e, this.connection.apiUrl);
    this.lastError = { message: `${s.kind.plural}: ${detail}`, at: new Date() };
    this.staleSince ??= this.lastError.at;
  }

  private async list(s: KindState, version: string): Promise<ListResult> {
    const apiVersion = apiVersionOf(s.kind, version);
    const items: KubeObject[] = [];
    let resourceVersion = '';
    let continueToken: string | undefined;
    do {
      const query = new URLSearchParams({ limit: String(LIST_PAGE_SIZE) });
      if (s.kind.fieldSelector)
        query.set('fieldSelector', s.kind.fieldSelector);
      if (continueToken) query.set('continue', continueToken);
      const reply = await this.http.get(
        `${kindPath(s.kind, version)}?${query}`,
      );
      if (reply.status !== 200) {
        let message = `listing answered ${reply.status}`;
        try {
          message =
            `listing answered ${reply.status}: ${(JSON.parse(reply.body) as { message?: string }).message ?? ''}`.trim();
        } catch {
          // Not a Status object; keep the code only.
        }
        throw new ListError(message, reply.status);
      }
      const page = JSON.parse(reply.body) as {
        metadata?: { resourceVersion?: string; continue?: string };
        items?: KubeObject[];
      };
      // Items of a typed list carry no apiVersion/kind: restore them so snapshots are self-describing.
      for (const o of page.items ?? [])
        items.push(toCached(o, apiVersion, s.kind));
      // Every page reads the first page's snapshot; its resourceVersion is the list's.
      resourceVersion ||= page.metadata?.resourceVersion ?? '';
      continueToken = page.metadata?.continue || undefined;
    } while (continueToken);
    s.objects.replaceAll(items);
    s.listed = true;
    s.failures = 0;
    if (this.kinds.every(k => k.failures === 0)) this.staleSince = undefined;
    this.noteEvent();
    this.emit({ type: 'reset', kind: s.kind.kind, apiVersion, objects: items });
    return { metadata: { resourceVersion }, items };
  }

  /** Finds the first served version, then runs an informer on it. */
  private async startKind(s: KindState): Promise<void> {
    if (this.stopped) return;
    for (const version of s.kind.versions) {
      try {
        s.probeList = await this.list(s, version);
        s.version = version;
        s.missing = false;
        break;
      } catch (e) {
        if (e instanceof ListError && e.statusCode === 404) continue;
        if (e instanceof ListError && e.statusCode === 403) {
          // A token without rights on one kind (Secrets, typically) still serves every other kind:
          // the kind is reported as missing rather than failing the whole cluster.
          this.logger.warn(
            `Cluster ${this.name}: ${s.kind.plural} are forbidden to Meshport's token; analyzers that need them will not see them`,
          );
          break;
        }
        this.noteError(s, e);
        this.scheduleRetry(s, () => this.startKind(s));
        return;
      }
    }
    if (!s.version) {
      s.missing = true;
      this.noteEvent();
      s.retryTimer = setTimeout(() => this.startKind(s), this.recheckMs);
      return;
    }
    this.runInformer(s);
  }

  private runInformer(s: KindState) {
    void loadKubernetesClient().then(k8s => {
      if (this.stopped || !this.kubeConfig || !s.version) return;
      const version = s.version;
      const apiVersion = apiVersionOf(s.kind, version);
      // Our list() returns plain JSON (string timestamps); the informer only needs metadata and items.
      const listFn = (() => {
        // The first list was already made to find the version; later (re)lists go to the server.
        const probed = s.probeList;
        s.probeList = undefined;
        return probed ? Promise.resolve(probed) : this.list(s, version);
      }) as unknown as Parameters<typeof k8s.makeInformer>[2];
      // ListWatch rather than makeInformer: only it takes a field selector (the mesh-config ConfigMap).
      const informer = new k8s.ListWatch(
        kindPath(s.kind, version),
        new k8s.Watch(this.kubeConfig),
        listFn,
        false,
        undefined,
        s.kind.fieldSelector,
      ) as unknown as Informer;
      const upsert = (o: KubeObject) => {
        const plain = toCached(
          JSON.parse(JSON.stringify(o)) as KubeObject,
          apiVersion,
          s.kind,
        );
        s.objects.set(plain);
        this.noteEvent();
        this.emit({ type: 'upsert', object: plain });
      };
      informer.on('add', upsert);
      informer.on('update', upsert);
      informer.on('delete', o => {
        s.objects.delete(o);
        this.noteEvent();
        this.emit({ type: 'delete', object: toCached(o, apiVersion, s.kind) });
      });
      informer.on('connect', () => {
        s.watching = true;
      });
      informer.on('error', err => {
        s.watching = false;
        if (this.stopped) return;
        this.noteError(s, err);
        this.logger.warn(
          `Cluster ${this.name}: watch of ${s.kind.plural} failed; retrying with backoff`,
        );
        // A fresh informer lists again, so the cache also drops what was deleted while away,
        // and a successful list is what clears the error state.
        void informer.stop().catch(() => undefined);
        this.scheduleRetry(s, () => this.runInformer(s));
      });
      s.informer = informer;
      informer.start().catch(e => this.noteError(s, e));
    });
  }

  private scheduleRetry(s: KindState, retry: () => unknown) {
    if (this.stopped) return;
    s.failures++;
    const delay = Math.min(
      this.maxBackoffMs,
      500 * 2 ** Math.min(s.failures - 1, 10),
    );
    clearTimeout(s.retryTimer);
    s.retryTimer = setTimeout(() => {
      if (!this.stopped) void retry();
    }, delay);
  }

  syncState(): ClusterSyncState {
    const objectCounts: Record<string, number> = {};
    for (const s of this.kinds)
      if (!s.missing) objectCounts[s.kind.plural] = s.objects.size;
    const failing = this.kinds.some(s => s.failures > 0);
    const allListed = this.kinds.every(s => s.listed || s.missing);
    let status: ClusterSyncState['status'] = 'syncing';
    if (this.stopped) status = 'stopped';
    else if (failing) status = 'error';
    else if (allListed) status = 'synced';
    return {
      status,
      lastEventAt: this.lastEventAt?.toISOString(),
      lastSyncedAt: this.lastSyncedAt?.toISOString(),
      staleSince: this.staleSince?.toISOString(),
      lastError: this.lastError
        ? {
            message: this.lastError.message,
            at: this.lastError.at.toISOString(),
          }
        : undefined,
      objectCounts,
      missingKinds: this.kinds.filter(s => s.missing).map(s => s.kind.plural),
    };
  }
}
