import { asVersion } from '../registry/asVersion';
import { apiVersionOf, ResourceType, storageKey } from '../registry/types';
import { ObjectStore } from '../store/ObjectStore';
import { StoreError } from '../store/StoreError';
import { KubeObject } from '../store/types';
import { ApiError } from './ApiError';
import { ListQuery, matchesQuery } from './ObjectReader';
import { filterWatchEvent, WatchEvent, WatchEventType } from './watchEvents';

export interface WatchRequest {
  type: ResourceType;
  version: string;
  namespace?: string;
  query: Pick<ListQuery, 'labelSelector' | 'fieldSelector'>;
  /** The `resourceVersion` parameter as sent: undefined, '', '0' or a revision. */
  resourceVersion?: string;
  sendInitialEvents?: boolean;
  allowBookmarks: boolean;
  bookmarkIntervalMs: number;
  timeoutMs: number;
}

/** Where a watch writes its events; the HTTP layer backs it with a chunked response. */
export interface WatchSink {
  send(event: WatchEvent): void;
  end(): void;
}

const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

/**
 * One watch: optional initial state, replay from a resourceVersion, live events,
 * periodic BOOKMARKs, and the timeout after which the client re-establishes the watch.
 */
export class WatchSession {
  private unsubscribe?: () => void;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(
    private readonly store: ObjectStore,
    private readonly request: WatchRequest,
    private readonly sink: WatchSink,
  ) {}

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Starts streaming. A malformed resourceVersion throws ApiError before anything is sent. */
  start(): void {
    const { type, namespace, query, resourceVersion } = this.request;
    const scopeNamespace = type.namespaced ? namespace : undefined;
    let since: number;
    const initialState =
      this.request.sendInitialEvents ||
      resourceVersion === undefined ||
      resourceVersion === '' ||
      resourceVersion === '0';
    if (!initialState) {
      since = Number(resourceVersion);
      if (!Number.isInteger(since) || since < 0) {
        throw ApiError.badRequest(
          `resourceVersion: Invalid value: "${resourceVersion}": invalid resource version`,
        );
      }
    } else {
      since = this.store.revision;
      for (const object of this.store.list(storageKey(type), scopeNamespace)) {
        if (matchesQuery(object, query)) {
          this.emit('ADDED', object);
        }
      }
      if (this.request.sendInitialEvents && this.request.allowBookmarks) {
        this.bookmark(true);
      }
    }
    try {
      this.unsubscribe = this.store.watch(
        {
          resource: storageKey(type),
          namespace: scopeNamespace,
          sinceRevision: since,
        },
        event => {
          const visible = filterWatchEvent(event, query);
          if (visible) {
            this.emit(visible.type, visible.object);
          }
        },
      );
    } catch (error) {
      if (error instanceof StoreError && error.reason === 'Expired') {
        // Like the apiserver: the watch opens, reports 410 as an ERROR event, and ends.
        this.sink.send({
          type: 'ERROR',
          object: ApiError.expired(
            error.message,
          ).toStatus() as unknown as KubeObject,
        });
        this.close();
        return;
      }
      throw error;
    }
    if (this.request.allowBookmarks && this.request.bookmarkIntervalMs > 0) {
      this.timers.push(
        setInterval(
          () => this.bookmark(false),
          this.request.bookmarkIntervalMs,
        ),
      );
    }
    this.timers.push(setTimeout(() => this.close(), this.request.timeoutMs));
  }

  close(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.unsubscribe?.();
    this.timers.forEach(timer => clearTimeout(timer));
    this.timers = [];
    this.sink.end();
  }

  private emit(type: WatchEventType, object: KubeObject): void {
    if (!this.closed) {
      this.sink.send({
        type,
        object: asVersion(this.request.type, this.request.version, object),
      });
    }
  }

  /** A BOOKMARK tells the client it has seen everything up to the current revision. */
  private bookmark(initialEventsEnd: boolean): void {
    if (this.closed) {
      return;
    }
    this.sink.send({
      type: 'BOOKMARK',
      object: {
        kind: this.request.type.kind,
        apiVersion: apiVersionOf(this.request.type.group, this.request.version),
        metadata: {
          resourceVersion: String(this.store.revision),
          ...(initialEventsEnd
            ? { annotations: { [INITIAL_EVENTS_END]: 'true' } }
            : {}),
        },
      },
    });
  }
}
