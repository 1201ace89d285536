/**
 * jsdom has no layout, and CodeMirror measures text ranges after every update. Empty rectangles
 * are enough for it to render and lint; without them it logs a TypeError per measurement.
 */
export function stubRangeGeometry() {
  const emptyRect = {
    x: 0,
    y: 0,
    top: 0,
    left: 0,
    bottom: 0,
    right: 0,
    width: 0,
    height: 0,
    toJSON: () => ({}),
  };
  const emptyList = Object.assign([], { item: () => null });
  Range.prototype.getClientRects = () => emptyList as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect = () => emptyRect as DOMRect;
}
