import { Point, startLayout, LayoutRun } from './layout';
import { LayoutFrame, LayoutMessage } from './layoutProtocol';

export interface LayoutHostOptions {
  /**
   * Schedules the next batch and returns a cancel function. Absent: the layout runs to the end
   * synchronously and only the last frame is posted (the main-thread fallback).
   */
  schedule?: (next: () => void) => () => void;
  /** How long one batch of ticks may run before its frame is posted. */
  budgetMs?: number;
  now?: () => number;
}

/**
 * Runs layout requests in batches and posts each batch's positions. The worker wraps this around
 * its message port; the page uses it directly where there is no Worker. A new request cancels the
 * one in progress, so a refresh never waits behind an old layout.
 */
export function createLayoutHost(
  post: (frame: LayoutFrame) => void,
  options: LayoutHostOptions = {},
): { handle(message: LayoutMessage): void } {
  const budgetMs = options.budgetMs ?? 12;
  const now = options.now ?? (() => Date.now());
  let cancel: (() => void) | undefined;

  const stop = () => {
    cancel?.();
    cancel = undefined;
  };

  const pump = (run: number, layout: LayoutRun) => {
    cancel = undefined;
    const started = now();
    let done = false;
    // Ticks in small steps until the budget is spent: a frame about every 12 ms at any graph size.
    do {
      done = layout.step(5);
    } while (!done && now() - started < budgetMs);
    post({ type: 'positions', run, positions: layout.positions.slice(), done });
    if (!done && options.schedule)
      cancel = options.schedule(() => pump(run, layout));
  };

  return {
    handle(message) {
      stop();
      if (message.type === 'stop') return;
      const previous = new Map<string, Point>();
      message.previousIds.forEach((id, i) =>
        previous.set(id, {
          x: message.previous[2 * i],
          y: message.previous[2 * i + 1],
        }),
      );
      const layout = startLayout({
        nodes: message.nodes,
        edges: message.edges,
        previous,
      });
      if (options.schedule) {
        pump(message.run, layout);
        return;
      }
      while (!layout.step(50));
      post({
        type: 'positions',
        run: message.run,
        positions: layout.positions.slice(),
        done: true,
      });
    },
  };
}
