/**
 * A uniform grid over world coordinates for hit-testing: every item is filed under the cells it
 * touches, and a query returns the items of the cells around a point. With cells about the size
 * of a node, a hover over 2,000 nodes and 6,000 edges looks at a handful of candidates.
 */
export class SpatialGrid {
  private readonly cells = new Map<number, number[]>();

  constructor(readonly cellSize: number) {}

  clear(): void {
    this.cells.clear();
  }

  /** Files item `index` under every cell within `radius` of (x, y). */
  insertPoint(index: number, x: number, y: number, radius = 0): void {
    const c0 = this.cell(x - radius);
    const c1 = this.cell(x + radius);
    const r0 = this.cell(y - radius);
    const r1 = this.cell(y + radius);
    for (let cx = c0; cx <= c1; cx++)
      for (let cy = r0; cy <= r1; cy++) this.add(cx, cy, index);
  }

  /** Files item `index` under the cells along a segment (sampled at half a cell, so none is skipped). */
  insertSegment(
    index: number,
    x1: number,
    y1: number,
    x2: number,
    y2: number,
  ): void {
    const length = Math.hypot(x2 - x1, y2 - y1);
    const steps = Math.max(1, Math.ceil(length / (this.cellSize / 2)));
    let lastKey = NaN;
    for (let s = 0; s <= steps; s++) {
      const t = s / steps;
      const cx = this.cell(x1 + (x2 - x1) * t);
      const cy = this.cell(y1 + (y2 - y1) * t);
      const key = this.key(cx, cy);
      if (key === lastKey) continue;
      lastKey = key;
      this.add(cx, cy, index);
    }
  }

  /** Items filed under any cell within `radius` of (x, y); may hold duplicates and near misses. */
  query(x: number, y: number, radius: number): number[] {
    const out: number[] = [];
    const c0 = this.cell(x - radius);
    const c1 = this.cell(x + radius);
    const r0 = this.cell(y - radius);
    const r1 = this.cell(y + radius);
    for (let cx = c0; cx <= c1; cx++)
      for (let cy = r0; cy <= r1; cy++) {
        const items = this.cells.get(this.key(cx, cy));
        if (items) for (const i of items) out.push(i);
      }
    return out;
  }

  private cell(v: number): number {
    return Math.floor(v / this.cellSize);
  }

  private key(cx: number, cy: number): number {
    // Two 21-bit signed cell coordinates in one number: far beyond any graph's extent.
    return (cx + 0x100000) * 0x200000 + (cy + 0x100000);
  }

  private add(cx: number, cy: number, index: number): void {
    const key = this.key(cx, cy);
    const items = this.cells.get(key);
    if (!items) this.cells.set(key, [index]);
    else if (items[items.length - 1] !== index) items.push(index);
  }
}
