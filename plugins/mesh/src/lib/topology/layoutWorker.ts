import { createLayoutHost } from './layoutHost';
import { LayoutFrame, LayoutMessage } from './layoutProtocol';

/**
 * The topology layout's Web Worker: the force simulation runs here so that panning, hovering
 * and React stay smooth while 2,000 nodes settle. Created by `createLayoutWorker`.
 */

// The repo's tsconfig has the DOM lib, not WebWorker (they conflict); this is all we use of the scope.
interface LayoutWorkerScope {
  onmessage: ((event: MessageEvent<LayoutMessage>) => void) | null;
  postMessage(message: LayoutFrame, transfer: Transferable[]): void;
}

const scope = self as unknown as LayoutWorkerScope;

const host = createLayoutHost(
  frame => scope.postMessage(frame, [frame.positions.buffer]),
  {
    schedule: next => {
      // A macrotask between batches lets a newer request (a refresh) arrive and cancel this one.
      const timer = setTimeout(next, 0);
      return () => clearTimeout(timer);
    },
    now: () => performance.now(),
  },
);

scope.onmessage = event => host.handle(event.data);
