/**
 * jsdom has no layout and no `ResizeObserver`, so recharts' `ResponsiveContainer` measures 0 × 0
 * and draws nothing. This observer reports a fixed content box as soon as an element is observed,
 * which is what a browser does on `observe()`, so the charts render at that size.
 * Returns a function that puts the previous `ResizeObserver` (usually none) back.
 */
export function fixedSizeResizeObserver(width = 600, height = 140) {
  const previous = globalThis.ResizeObserver;
  class FixedSizeResizeObserver {
    constructor(private readonly callback: ResizeObserverCallback) {}
    observe(target: Element) {
      this.callback(
        [
          {
            target,
            contentRect: { width, height } as DOMRectReadOnly,
          } as ResizeObserverEntry,
        ],
        this as unknown as ResizeObserver,
      );
    }
    unobserve() {}
    disconnect() {}
  }
  globalThis.ResizeObserver =
    FixedSizeResizeObserver as unknown as typeof ResizeObserver;
  return () => {
    globalThis.ResizeObserver = previous;
  };
}
