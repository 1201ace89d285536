import { ApiError } from '../api/ApiError';
import { StoreEvent } from '../store/types';
import { InProcessClient } from './InProcessClient';
import { WorkQueue } from './WorkQueue';

export interface ControllerContext {
  client: InProcessClient;
  log(line: string): void;
}

/**
 * The shape every simulated controller shares: store events map to keys, keys go
 * through a work queue, and `reconcile` makes the world match the desired state.
 */
export abstract class Controller {
  protected readonly queue: WorkQueue;
  private unsubscribe?: () => void;

  constructor(
    protected readonly context: ControllerContext,
    readonly name: string,
  ) {
    this.queue = new WorkQueue(
      key => this.reconcile(key),
      (key, error, willRetry) => {
        // Conflicts are routine between controllers and are retried quietly.
        if (!(error instanceof ApiError && error.code === 409) || !willRetry) {
          context.log(
            `${name}: ${key}: ${(error as Error).message ?? String(error)}${willRetry ? ' (retrying)' : ''}`,
          );
        }
      },
    );
  }

  start(): void {
    this.unsubscribe = this.context.client.store.subscribe(event =>
      this.onEvent(event),
    );
    this.resync();
  }

  stop(): void {
    this.unsubscribe?.();
    this.queue.stop();
  }

  protected get client(): InProcessClient {
    return this.context.client;
  }

  /** Queue keys for objects that existed before the controller started. */
  protected abstract resync(): void;

  protected abstract onEvent(event: StoreEvent): void;

  protected abstract reconcile(key: string): void;
}
