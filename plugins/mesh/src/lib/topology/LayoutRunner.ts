import { LayoutInput, seedLayout } from './layout';
import { createLayoutHost } from './layoutHost';
import { LayoutFrame, LayoutMessage, LayoutRequest } from './layoutProtocol';

/** Receives positions in the order of `ids`; `done` on the last frame of a run. */
export type LayoutFrameListener = (
  ids: string[],
  positions: Float32Array,
  done: boolean,
) => void;

export interface LayoutRunnerOptions {
  /** False forces the main-thread fallback even where workers exist (tests, the bench's baseline). */
  useWorker?: boolean;
}

interface Port {
  post(message: LayoutMessage): void;
  dispose(): void;
}

/**
 * Lays out graphs off the main thread and reports positions as they settle. The first frame of
 * every run is the seed layout, computed and reported synchronously, so the graph is drawn at once
 * and then animates as the worker's batches arrive. Without `Worker` (Jest's jsdom) the same layout
 * runs to the end on the main thread.
 */
export class LayoutRunner {
  private run = 0;
  private ids: string[] = [];
  private port?: Port;
  private portPromise?: Promise<Port>;
  private disposed = false;
  private lastRequest?: LayoutRequest;

  constructor(
    private readonly onFrame: LayoutFrameListener,
    private readonly options: LayoutRunnerOptions = {},
  ) {}

  /** Starts laying out `input`, cancelling any layout in progress. */
  layout(input: LayoutInput): void {
    if (this.disposed) return;
    const run = ++this.run;
    const ids = input.nodes.map(n => n.id);
    this.ids = ids;
    const seed = seedLayout(input);
    this.onFrame(ids, seed.positions, false);

    const previousIds = [...(input.previous?.keys() ?? [])];
    const previous = new Float32Array(previousIds.length * 2);
    previousIds.forEach((id, i) => {
      const p = input.previous!.get(id)!;
      previous[2 * i] = p.x;
      previous[2 * i + 1] = p.y;
    });
    const request: LayoutRequest = {
      type: 'layout',
      run,
      // Only what the layout reads: structured-cloning whole GraphNodes would cost more than the ticks.
      nodes: input.nodes.map(n => ({
        id: n.id,
        cluster: n.cluster,
        namespace: n.namespace,
      })),
      edges: input.edges.map(e => ({ source: e.source, target: e.target })),
      previousIds,
      previous,
    };
    this.lastRequest = request;
    this.getPort().then(port => {
      if (!this.disposed && run === this.run) port.post(request);
    });
  }

  dispose(): void {
    this.disposed = true;
    this.port?.dispose();
    this.port = undefined;
  }

  private receive = (frame: LayoutFrame) => {
    if (this.disposed || frame.run !== this.run) return;
    this.onFrame(this.ids, frame.positions, frame.done);
  };

  private getPort(): Promise<Port> {
    if (this.port) return Promise.resolve(this.port);
    if (!this.portPromise) {
      this.portPromise = this.openPort().then(port => {
        this.port = port;
        return port;
      });
    }
    return this.portPromise;
  }

  private async openPort(): Promise<Port> {
    if (this.options.useWorker !== false && typeof Worker !== 'undefined') {
      try {
        const { createLayoutWorker } = await import('./createLayoutWorker');
        const worker = createLayoutWorker();
        worker.onmessage = (event: MessageEvent<LayoutFrame>) =>
          this.receive(event.data);
        // The worker's script failed to load or threw: finish the current layout on this thread.
        worker.onerror = () => {
          worker.terminate();
          const fallback = this.mainThreadPort();
          this.port = fallback;
          this.portPromise = Promise.resolve(fallback);
          const request = this.lastRequest;
          if (!this.disposed && request?.run === this.run)
            fallback.post(request);
        };
        return {
          // Not transferred: the request is kept to be re-run here should the worker fail.
          post: message => worker.postMessage(message),
          dispose: () => worker.terminate(),
        };
      } catch {
        // A blocked worker (CSP, an old bundler) is no reason to show no graph: lay out here instead.
      }
    }
    return this.mainThreadPort();
  }

  private mainThreadPort(): Port {
    const host = createLayoutHost(this.receive);
    return { post: message => host.handle(message), dispose: () => {} };
  }
}
