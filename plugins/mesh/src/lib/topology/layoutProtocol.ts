import { LayoutEdge, LayoutNode } from './layout';

/**
 * Messages between the page and the layout worker. Positions travel as Float32Arrays whose
 * buffers are transferred, not copied: 2,000 nodes are 16 kB per frame.
 */

/** Lay out this graph; `previous` holds `[x, y]` pairs in the order of `previousIds`. */
export interface LayoutRequest {
  type: 'layout';
  run: number;
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  previousIds: string[];
  previous: Float32Array;
}

export interface LayoutStop {
  type: 'stop';
}

export type LayoutMessage = LayoutRequest | LayoutStop;

/** Positions of run `run`'s nodes, in the order it sent them; `done` on the last frame. */
export interface LayoutFrame {
  type: 'positions';
  run: number;
  positions: Float32Array;
  done: boolean;
}
