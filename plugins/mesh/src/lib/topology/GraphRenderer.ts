import {
  GraphEdge,
  GraphNode,
  UnobservedDependency,
} from '@meshport/plugin-mesh-common';
import { LabelSpace } from './LabelSpace';
import { edgeLabel } from './formatRed';
import {
  BADGE_COLOUR,
  HEALTH_COLOURS,
  HIGHLIGHT_COLOUR,
  LIGHT_PALETTE,
  RendererPalette,
  UNDECLARED_DASH,
  UNOBSERVED_COLOUR,
  UNOBSERVED_DASH,
} from './graphStyle';
import { groupKey, Point } from './layout';
import { SpatialGrid } from './SpatialGrid';

/** What a point on the canvas is over. */
export type GraphHit = { kind: 'node' | 'edge'; id: string };

/** How the graph is shown: selection, Find and Hide results, labels. */
export interface RendererView {
  selected?: GraphHit;
  /** Elements not drawn at all (Hide); an edge is also hidden when either end is. */
  hiddenNodes?: ReadonlySet<string>;
  hiddenEdges?: ReadonlySet<string>;
  /** Find's matches, highlighted with everything else dimmed; absent when nothing is being found. */
  foundNodes?: ReadonlySet<string>;
  foundEdges?: ReadonlySet<string>;
  /** Rate, 5xx share and p95 on every visible edge. */
  edgeLabels?: boolean;
  /** Node names at any zoom (by default only from `LABEL_ZOOM` up). */
  nodeLabels?: boolean;
}

/** The subset of CanvasRenderingContext2D the renderer uses (tests pass a recording fake). */
export type Context2D = Pick<
  CanvasRenderingContext2D,
  | 'save'
  | 'restore'
  | 'setTransform'
  | 'clearRect'
  | 'beginPath'
  | 'closePath'
  | 'moveTo'
  | 'lineTo'
  | 'arc'
  | 'arcTo'
  | 'rect'
  | 'fill'
  | 'stroke'
  | 'fillText'
  | 'strokeText'
  | 'setLineDash'
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'globalAlpha'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
  | 'lineCap'
  | 'lineJoin'
  | 'drawImage'
>;

/** The canvas the renderer draws on: a DOM canvas, or anything with its size fields and a context. */
export interface CanvasLike {
  width: number;
  height: number;
  style?: { width: string; height: string };
  getContext(kind: '2d'): Context2D | null;
}

/** Height of an 11 px label with its halo, in screen pixels. */
const LABEL_HEIGHT = 13;

/**
 * An 11 px sans-serif label's width, estimated rather than measured: `measureText` for thousands of
 * labels a frame would cost more than the drawing, and the estimate only decides which labels fit.
 */
function textWidth(text: string): number {
  return text.length * 6.2 + 4;
}

/** A node's radius in world units; the entity's own nodes are drawn larger. */
export const NODE_RADIUS = 10;
const FOCUS_RADIUS = 13;
/** From this zoom up, node names are drawn without being asked. */
export const LABEL_ZOOM = 0.75;
const MIN_ZOOM = 0.02;
const MAX_ZOOM = 4;
/**
 * How far zoom-to-fit may enlarge. An entity's neighbourhood is often a handful of nodes: at 1.5×
 * it sat in the middle quarter of the canvas with room for few edge labels. Names and labels are
 * drawn at a fixed screen size, so only the discs and boxes grow; past 2.5× two nodes look like
 * buttons rather than a graph.
 */
const MAX_FIT_ZOOM = 2.5;
/** Hit tolerance around nodes and edges, in screen pixels. */
const NODE_SLOP = 3;
const EDGE_SLOP = 5;
/** Sideways offset of the two edges of a pair that call each other, so both stay visible. */
const PAIR_OFFSET = 4;
const BOX_PADDING = 26;
const CLUSTER_PADDING = 22;
/** Edges per stroked path (see drawEdges). */
const EDGE_CHUNK = 64;

interface SceneCache {
  canvas: OffscreenCanvas;
  ctx: Context2D;
  /** CSS pixels drawn beyond each side of the view. */
  margin: number;
  /** The transform the cache was drawn with. */
  k: number;
  tx: number;
  ty: number;
}

interface Box {
  key: string;
  label: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Draws a topology graph on a canvas and answers "what is under the pointer". Built for size:
 * all edges of one style go into one path, all nodes of one colour into another, elements off
 * screen are skipped, labels are drawn only when zoomed in or asked for, and a frame is drawn
 * only after something changed. It knows nothing of React, so the benchmark drives it directly.
 */
export class GraphRenderer {
  /** Frames drawn so far (the benchmark's fps counter). */
  frames = 0;
  /** Called after every drawn frame. */
  onFrame?: (renderer: GraphRenderer) => void;

  private readonly ctx: Context2D | null;
  private nodes: GraphNode[] = [];
  private edges: GraphEdge[] = [];
  private unobserved: Array<{ source: number; target: number }> = [];
  private index = new Map<string, number>();
  private edgeEnds = new Int32Array(0);
  /** 1 where the reverse edge exists: such pairs are drawn side by side. */
  private paired = new Uint8Array(0);
  private positions = new Float32Array(0);
  private view: RendererView = {};
  private hover?: GraphHit;
  private palette: RendererPalette = LIGHT_PALETTE;
  private width = 300;
  private height = 150;
  private dpr = 1;
  private k = 1;
  private tx = 150;
  private ty = 75;
  /** Fit the graph to the canvas on every new set of positions until the user pans or zooms. */
  private autoFit = true;
  private frameRequest?: number;
  private readonly nodeGrid = new SpatialGrid(NODE_RADIUS * 4);
  private readonly edgeGrid = new SpatialGrid(NODE_RADIUS * 8);
  private gridsStale = true;
  private sceneDirty = true;
  private cache?: SceneCache;

  constructor(private readonly canvas: CanvasLike) {
    this.ctx = canvas.getContext('2d');
    this.width = canvas.width;
    this.height = canvas.height;
    this.tx = this.width / 2;
    this.ty = this.height / 2;
  }

  /** Replaces the graph; positions of nodes that stay are kept, new nodes wait for `setPositions`. */
  setGraph(
    nodes: GraphNode[],
    edges: GraphEdge[],
    unobserved: UnobservedDependency[] = [],
  ): void {
    const old = this.positionMap();
    this.nodes = nodes;
    this.index = new Map(nodes.map((n, i) => [n.id, i]));
    const kept = edges.filter(
      e => this.index.has(e.source) && this.index.has(e.target),
    );
    this.edges = kept;
    this.edgeEnds = new Int32Array(kept.length * 2);
    const pairs = new Set(kept.map(e => `${e.source}\u0000${e.target}`));
    this.paired = new Uint8Array(kept.length);
    kept.forEach((e, i) => {
      this.edgeEnds[2 * i] = this.index.get(e.source)!;
      this.edgeEnds[2 * i + 1] = this.index.get(e.target)!;
      if (pairs.has(`${e.target}\u0000${e.source}`)) this.paired[i] = 1;
    });
    this.unobserved = unobserved.flatMap(u => {
      const s = u.from !== undefined ? this.index.get(u.from) : undefined;
      const t = u.to !== undefined ? this.index.get(u.to) : undefined;
      return s !== undefined && t !== undefined && s !== t
        ? [{ source: s, target: t }]
        : [];
    });
    this.positions = new Float32Array(nodes.length * 2).fill(NaN);
    nodes.forEach((n, i) => {
      const p = old.get(n.id);
      if (p) {
        this.positions[2 * i] = p.x;
        this.positions[2 * i + 1] = p.y;
      }
    });
    if (this.hover && !this.hitExists(this.hover)) this.hover = undefined;
    this.gridsStale = true;
    this.invalidate();
  }

  /** Node positions: a Float32Array `[x0, y0, …]` in `setGraph`'s node order, or a map by id. */
  setPositions(positions: Float32Array | Map<string, Point>): void {
    if (positions instanceof Map) {
      this.nodes.forEach((n, i) => {
        const p = positions.get(n.id);
        if (p) {
          this.positions[2 * i] = p.x;
          this.positions[2 * i + 1] = p.y;
        }
      });
    } else {
      this.positions.set(positions.subarray(0, this.positions.length));
    }
    this.gridsStale = true;
    if (this.autoFit) this.fitNow();
    this.invalidate();
  }

  /** Current positions by node id (to seed the next layout after a refresh). */
  positionMap(): Map<string, Point> {
    const out = new Map<string, Point>();
    this.nodes.forEach((n, i) => {
      const x = this.positions[2 * i];
      const y = this.positions[2 * i + 1];
      if (Number.isFinite(x) && Number.isFinite(y)) out.set(n.id, { x, y });
    });
    return out;
  }

  setView(view: RendererView): void {
    this.view = view;
    this.gridsStale = true;
    this.invalidate();
  }

  setPalette(palette: RendererPalette): void {
    this.palette = palette;
    this.invalidate();
  }

  setHover(hit: GraphHit | undefined): void {
    if (hit?.id === this.hover?.id && hit?.kind === this.hover?.kind) return;
    this.hover = hit;
    this.invalidate();
  }

  /** Sets the canvas's CSS size; the backing store follows the device pixel ratio, for sharp lines. */
  resize(width: number, height: number, devicePixelRatio?: number): void {
    const dpr =
      devicePixelRatio ??
      (typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1);
    // Keep the world point at the centre where it was.
    this.tx += (width - this.width) / 2;
    this.ty += (height - this.height) / 2;
    this.width = width;
    this.height = height;
    this.dpr = dpr;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    if (this.canvas.style) {
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    if (this.autoFit) this.fitNow();
    this.invalidate();
  }

  /** The current pan and zoom: screen = world × k + (tx, ty). */
  get transform(): { k: number; tx: number; ty: number } {
    return { k: this.k, tx: this.tx, ty: this.ty };
  }

  panBy(dx: number, dy: number): void {
    this.autoFit = false;
    this.tx += dx;
    this.ty += dy;
    this.invalidate(false);
  }

  /** Zooms by `factor` keeping the world point under screen point (x, y) in place. */
  zoomAt(x: number, y: number, factor: number): void {
    this.autoFit = false;
    const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.k * factor));
    const f = k / this.k;
    this.tx = x - (x - this.tx) * f;
    this.ty = y - (y - this.ty) * f;
    this.k = k;
    this.invalidate();
  }

  /** Zooms to show every visible node, and keeps doing so as the layout settles. */
  fit(): void {
    this.autoFit = true;
    this.fitNow();
    this.invalidate();
  }

  /** Screen position of a node's centre, or undefined when it has none yet. */
  screenPosition(id: string): Point | undefined {
    const i = this.index.get(id);
    if (i === undefined) return undefined;
    const x = this.positions[2 * i];
    const y = this.positions[2 * i + 1];
    if (!Number.isFinite(x)) return undefined;
    return { x: x * this.k + this.tx, y: y * this.k + this.ty };
  }

  /** The node or edge under a screen point (CSS pixels from the canvas's top left); nodes win. */
  hitTest(sx: number, sy: number): GraphHit | undefined {
    if (this.gridsStale) this.rebuildGrids();
    const x = (sx - this.tx) / this.k;
    const y = (sy - this.ty) / this.k;
    let best: GraphHit | undefined;
    let bestD = Infinity;
    const nodeSlop = NODE_SLOP / this.k;
    for (const i of this.nodeGrid.query(x, y, FOCUS_RADIUS + nodeSlop)) {
      const d = Math.hypot(
        this.positions[2 * i] - x,
        this.positions[2 * i + 1] - y,
      );
      if (d <= this.radius(i) + nodeSlop && d < bestD) {
        bestD = d;
        best = { kind: 'node', id: this.nodes[i].id };
      }
    }
    if (best) return best;
    const edgeSlop = EDGE_SLOP / this.k;
    // Segments are filed at samples half a cell apart: any point of one is within a quarter cell of a sample.
    const reach = edgeSlop + this.edgeGrid.cellSize / 4;
    for (const i of this.edgeGrid.query(x, y, reach)) {
      const seg = this.edgeSegment(i);
      if (!seg) continue;
      const d = distanceToSegment(x, y, seg);
      if (d <= edgeSlop && d < bestD) {
        bestD = d;
        best = { kind: 'edge', id: this.edges[i].id };
      }
    }
    return best;
  }

  /**
   * Asks for a frame; several changes before the next animation frame draw once. `sceneChanged`
   * false (a pan) lets the frame reuse the cached scene, shifted.
   */
  invalidate(sceneChanged = true): void {
    if (sceneChanged) this.sceneDirty = true;
    if (this.frameRequest !== undefined) return;
    if (typeof requestAnimationFrame === 'undefined') {
      this.render();
      return;
    }
    this.frameRequest = requestAnimationFrame(() => {
      this.frameRequest = undefined;
      this.render();
    });
  }

  /** Stops any pending frame (call when the canvas goes away). */
  dispose(): void {
    if (
      this.frameRequest !== undefined &&
      typeof cancelAnimationFrame !== 'undefined'
    )
      cancelAnimationFrame(this.frameRequest);
    this.frameRequest = undefined;
    this.onFrame = undefined;
  }

  /** Draws a frame now. */
  render(): void {
    const ctx = this.ctx;
    if (!ctx) return;
    const cache = this.sceneCache();
    if (cache) {
      if (this.sceneDirty || !this.cacheCovers(cache)) this.renderCache(cache);
      // A pan moves the cached scene: one image copy per frame, however large the graph.
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
      ctx.drawImage(
        cache.canvas as CanvasImageSource,
        Math.round((this.tx - cache.tx - cache.margin) * this.dpr),
        Math.round((this.ty - cache.ty - cache.margin) * this.dpr),
      );
    } else {
      this.drawScene(ctx);
    }
    this.sceneDirty = false;
    this.frames += 1;
    this.onFrame?.(this);
  }

  /**
   * The offscreen canvas frames are drawn from: the scene rendered with a margin on every side, so
   * panning copies it instead of redrawing thousands of edges (the trick that makes cytoscape.js
   * pan smoothly too). Absent where OffscreenCanvas is (jsdom): then every frame draws the scene.
   */
  private sceneCache(): SceneCache | undefined {
    if (typeof OffscreenCanvas === 'undefined') return undefined;
    const margin = Math.round(Math.max(this.width, this.height) / 4);
    const w = Math.round((this.width + 2 * margin) * this.dpr);
    const h = Math.round((this.height + 2 * margin) * this.dpr);
    if (
      !this.cache ||
      this.cache.canvas.width !== w ||
      this.cache.canvas.height !== h
    ) {
      const canvas = new OffscreenCanvas(w, h);
      const ctx = canvas.getContext('2d') as Context2D | null;
      if (!ctx) return undefined;
      this.cache = { canvas, ctx, margin, k: NaN, tx: NaN, ty: NaN };
    }
    return this.cache;
  }

  private cacheCovers(cache: SceneCache): boolean {
    return (
      cache.k === this.k &&
      Math.abs(this.tx - cache.tx) <= cache.margin &&
      Math.abs(this.ty - cache.ty) <= cache.margin
    );
  }

  /** Draws the scene into the cache as if the canvas were `margin` larger on every side. */
  private renderCache(cache: SceneCache): void {
    const { tx, ty, width, height } = this;
    this.tx = tx + cache.margin;
    this.ty = ty + cache.margin;
    this.width = width + 2 * cache.margin;
    this.height = height + 2 * cache.margin;
    try {
      this.drawScene(cache.ctx, cache.canvas.width, cache.canvas.height);
    } finally {
      this.tx = tx;
      this.ty = ty;
      this.width = width;
      this.height = height;
    }
    cache.k = this.k;
    cache.tx = tx;
    cache.ty = ty;
  }

  private drawScene(
    ctx: Context2D,
    deviceWidth = this.canvas.width,
    deviceHeight = this.canvas.height,
  ): void {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, deviceWidth, deviceHeight);
    const { k, dpr } = this;
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * this.tx, dpr * this.ty);
    ctx.lineJoin = 'round';
    const visibleNode = this.visibleNodes();
    const visibleEdge = this.visibleEdges(visibleNode);
    const boxes = this.groupBoxes(visibleNode);
    this.drawBoxes(ctx, boxes);
    this.drawEdges(ctx, visibleEdge);
    this.drawUnobserved(ctx, visibleNode);
    this.drawNodes(ctx, visibleNode);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.drawLabels(ctx, visibleNode, visibleEdge, boxes);
  }

  // ——— geometry ———

  private radius(i: number): number {
    return this.nodes[i].focus ? FOCUS_RADIUS : NODE_RADIUS;
  }

  private hitExists(hit: GraphHit): boolean {
    return hit.kind === 'node'
      ? this.index.has(hit.id)
      : this.edges.some(e => e.id === hit.id);
  }

  /** An edge as drawn: between the nodes' rims, shifted sideways when its reverse exists. */
  private edgeSegment(
    i: number,
  ): { x1: number; y1: number; x2: number; y2: number } | undefined {
    const s = this.edgeEnds[2 * i];
    const t = this.edgeEnds[2 * i + 1];
    const sx = this.positions[2 * s];
    const sy = this.positions[2 * s + 1];
    const tx = this.positions[2 * t];
    const ty = this.positions[2 * t + 1];
    if (!Number.isFinite(sx) || !Number.isFinite(tx)) return undefined;
    const len = Math.hypot(tx - sx, ty - sy);
    if (s === t || len < 1e-6) {
      // A node calling itself: a short stroke above it, so it can still be seen and picked.
      const r = this.radius(s);
      return { x1: sx - r, y1: sy - r - 6, x2: sx + r, y2: sy - r - 6 };
    }
    const ux = (tx - sx) / len;
    const uy = (ty - sy) / len;
    const off = this.paired[i] ? PAIR_OFFSET : 0;
    const ox = -uy * off;
    const oy = ux * off;
    const rs = this.radius(s);
    const rt = this.radius(t) + 2;
    return {
      x1: sx + ux * rs + ox,
      y1: sy + uy * rs + oy,
      x2: tx - ux * rt + ox,
      y2: ty - uy * rt + oy,
    };
  }

  private visibleNodes(): Uint8Array {
    const hidden = this.view.hiddenNodes;
    const out = new Uint8Array(this.nodes.length);
    this.nodes.forEach((n, i) => {
      out[i] =
        Number.isFinite(this.positions[2 * i]) && !hidden?.has(n.id) ? 1 : 0;
    });
    return out;
  }

  private visibleEdges(visibleNode: Uint8Array): Uint8Array {
    const hidden = this.view.hiddenEdges;
    const out = new Uint8Array(this.edges.length);
    this.edges.forEach((e, i) => {
      out[i] =
        visibleNode[this.edgeEnds[2 * i]] &&
        visibleNode[this.edgeEnds[2 * i + 1]] &&
        !hidden?.has(e.id)
          ? 1
          : 0;
    });
    return out;
  }

  private rebuildGrids(): void {
    this.nodeGrid.clear();
    this.edgeGrid.clear();
    const visibleNode = this.visibleNodes();
    const visibleEdge = this.visibleEdges(visibleNode);
    for (let i = 0; i < this.nodes.length; i++) {
      if (visibleNode[i])
        this.nodeGrid.insertPoint(
          i,
          this.positions[2 * i],
          this.positions[2 * i + 1],
        );
    }
    for (let i = 0; i < this.edges.length; i++) {
      const seg = visibleEdge[i] ? this.edgeSegment(i) : undefined;
      if (seg) this.edgeGrid.insertSegment(i, seg.x1, seg.y1, seg.x2, seg.y2);
    }
    this.gridsStale = false;
  }

  private fitNow(): void {
    const visible = this.visibleNodes();
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let i = 0; i < this.nodes.length; i++) {
      if (!visible[i]) continue;
      const x = this.positions[2 * i];
      const y = this.positions[2 * i + 1];
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
    if (x0 === Infinity) return;
    const margin = BOX_PADDING + CLUSTER_PADDING + 2 * NODE_RADIUS + 20;
    const k = Math.min(
      MAX_FIT_ZOOM,
      Math.max(
        MIN_ZOOM,
        Math.min(
          this.width / (x1 - x0 + 2 * margin),
          this.height / (y1 - y0 + 2 * margin),
        ),
      ),
    );
    this.k = k;
    this.tx = this.width / 2 - ((x0 + x1) / 2) * k;
    this.ty = this.height / 2 - ((y0 + y1) / 2) * k;
  }

  /** The world rectangle on screen, widened by `margin` world units. */
  private viewport(margin: number) {
    return {
      x0: -this.tx / this.k - margin,
      y0: -this.ty / this.k - margin,
      x1: (this.width - this.tx) / this.k + margin,
      y1: (this.height - this.ty) / this.k + margin,
    };
  }

  /** Namespace boxes around their visible nodes, and cluster boxes around those (when clusters are named). */
  private groupBoxes(visible: Uint8Array): {
    namespaces: Box[];
    clusters: Box[];
  } {
    const ns = new Map<string, Box>();
    const clusterOf = new Map<string, string>();
    this.nodes.forEach((n, i) => {
      if (!visible[i]) return;
      const x = this.positions[2 * i];
      const y = this.positions[2 * i + 1];
      const key = groupKey(n);
      const pad = BOX_PADDING;
      const box = ns.get(key);
      if (!box) {
        ns.set(key, {
          key,
          label: n.namespace,
          x0: x - pad,
          y0: y - pad,
          x1: x + pad,
          y1: y + pad,
        });
        if (n.cluster) clusterOf.set(key, n.cluster);
      } else {
        box.x0 = Math.min(box.x0, x - pad);
        box.y0 = Math.min(box.y0, y - pad);
        box.x1 = Math.max(box.x1, x + pad);
        box.y1 = Math.max(box.y1, y + pad);
      }
    });
    const clusters = new Map<string, Box>();
    for (const box of ns.values()) {
      const c = clusterOf.get(box.key);
      if (!c) continue;
      const pad = CLUSTER_PADDING;
      const cb = clusters.get(c);
      if (!cb)
        clusters.set(c, {
          key: c,
          label: `cluster ${c}`,
          x0: box.x0 - pad,
          y0: box.y0 - pad,
          x1: box.x1 + pad,
          y1: box.y1 + pad,
        });
      else {
        cb.x0 = Math.min(cb.x0, box.x0 - pad);
        cb.y0 = Math.min(cb.y0, box.y0 - pad);
        cb.x1 = Math.max(cb.x1, box.x1 + pad);
        cb.y1 = Math.max(cb.y1, box.y1 + pad);
      }
    }
    return { namespaces: [...ns.values()], clusters: [...clusters.values()] };
  }

  // ——— drawing ———

  private drawBoxes(
    ctx: Context2D,
    boxes: { namespaces: Box[]; clusters: Box[] },
  ) {
    const px = 1 / this.k;
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
    ctx.lineWidth = 1.5 * px;
    ctx.strokeStyle = this.palette.clusterBox;
    ctx.beginPath();
    for (const b of boxes.clusters) roundedRect(ctx, b, 18);
    ctx.stroke();
    ctx.fillStyle = this.palette.namespaceFill;
    ctx.strokeStyle = this.palette.namespaceBox;
    ctx.lineWidth = px;
    ctx.beginPath();
    for (const b of boxes.namespaces) roundedRect(ctx, b, 12);
    ctx.fill();
    ctx.stroke();
  }

  private dimmed(kind: 'node' | 'edge', id: string): boolean {
    const found = kind === 'node' ? this.view.foundNodes : this.view.foundEdges;
    if (!this.view.foundNodes && !this.view.foundEdges) return false;
    return !found?.has(id);
  }

  private drawEdges(ctx: Context2D, visible: Uint8Array) {
    const vp = this.viewport(NODE_RADIUS * 2);
    // One path per look (colour × dashed × dimmed): a few strokes for thousands of edges.
    const buckets = new Map<string, number[]>();
    for (let i = 0; i < this.edges.length; i++) {
      if (!visible[i]) continue;
      const seg = this.edgeSegment(i);
      if (!seg || !segmentInView(seg, vp)) continue;
      const e = this.edges[i];
      const key = `${HEALTH_COLOURS[e.health.status]}|${e.undeclared ? 1 : 0}|${this.dimmed('edge', e.id) ? 1 : 0}`;
      let list = buckets.get(key);
      if (!list) buckets.set(key, (list = []));
      list.push(i);
    }
    const screenWidth = Math.min(2.5, Math.max(1, 1.5 * this.k));
    const width = screenWidth / this.k;
    const head = Math.max(4, 7 * Math.min(1, this.k)) / this.k;
    ctx.lineCap = 'butt';
    for (const [key, list] of buckets) {
      const [colour, dashed, dim] = key.split('|');
      ctx.globalAlpha = dim === '1' ? 0.15 : 0.85;
      ctx.strokeStyle = colour;
      ctx.fillStyle = colour;
      ctx.lineWidth = width;
      ctx.setLineDash(
        dashed === '1' ? UNDECLARED_DASH.map(d => d / this.k) : [],
      );
      // Stroked in chunks: the rasteriser's cost for one path grows faster than linearly with
      // its crossing segments (measured: 3,000 edges in one path took 29 ms a frame, in chunks far less).
      for (let c = 0; c < list.length; c += EDGE_CHUNK) {
        const chunk = list.slice(c, c + EDGE_CHUNK);
        ctx.beginPath();
        for (const i of chunk) {
          const s = this.edgeSegment(i)!;
          ctx.moveTo(s.x1, s.y1);
          ctx.lineTo(s.x2, s.y2);
        }
        ctx.stroke();
      }
      ctx.setLineDash([]);
      for (let c = 0; c < list.length; c += EDGE_CHUNK) {
        ctx.beginPath();
        for (const i of list.slice(c, c + EDGE_CHUNK))
          arrowhead(ctx, this.edgeSegment(i)!, head);
        ctx.fill();
      }
    }
    ctx.globalAlpha = 1;
    const marked: Array<[GraphHit | undefined, string, number]> = [
      [this.hover, this.palette.text, 1.5],
      [this.view.selected, HIGHLIGHT_COLOUR, 3],
    ];
    for (const [hit, colour, w] of marked) {
      if (hit?.kind !== 'edge') continue;
      const i = this.edges.findIndex(e => e.id === hit.id);
      const seg = i >= 0 && visible[i] ? this.edgeSegment(i) : undefined;
      if (!seg) continue;
      ctx.strokeStyle = colour;
      ctx.fillStyle = colour;
      ctx.lineWidth = (screenWidth + w) / this.k;
      ctx.beginPath();
      ctx.moveTo(seg.x1, seg.y1);
      ctx.lineTo(seg.x2, seg.y2);
      ctx.stroke();
      ctx.beginPath();
      arrowhead(ctx, seg, head * 1.3);
      ctx.fill();
    }
  }

  private drawUnobserved(ctx: Context2D, visibleNode: Uint8Array) {
    if (this.unobserved.length === 0) return;
    ctx.globalAlpha = this.view.foundNodes ? 0.3 : 0.9;
    ctx.strokeStyle = UNOBSERVED_COLOUR;
    ctx.lineWidth = 2 / this.k;
    ctx.lineCap = 'round';
    ctx.setLineDash(UNOBSERVED_DASH.map(d => d / this.k));
    ctx.beginPath();
    for (const u of this.unobserved) {
      if (!visibleNode[u.source] || !visibleNode[u.target]) continue;
      ctx.moveTo(
        this.positions[2 * u.source],
        this.positions[2 * u.source + 1],
      );
      ctx.lineTo(
        this.positions[2 * u.target],
        this.positions[2 * u.target + 1],
      );
    }
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.lineCap = 'butt';
    ctx.globalAlpha = 1;
  }

  private drawNodes(ctx: Context2D, visible: Uint8Array) {
    const vp = this.viewport(FOCUS_RADIUS * 2);
    const onScreen: number[] = [];
    const buckets = new Map<string, number[]>();
    for (let i = 0; i < this.nodes.length; i++) {
      if (!visible[i]) continue;
      const x = this.positions[2 * i];
      const y = this.positions[2 * i + 1];
      if (x < vp.x0 || x > vp.x1 || y < vp.y0 || y > vp.y1) continue;
      onScreen.push(i);
      const n = this.nodes[i];
      const key = `${HEALTH_COLOURS[n.health.status]}|${this.dimmed('node', n.id) ? 1 : 0}`;
      let list = buckets.get(key);
      if (!list) buckets.set(key, (list = []));
      list.push(i);
    }
    for (const [key, list] of buckets) {
      const [colour, dim] = key.split('|');
      ctx.globalAlpha = dim === '1' ? 0.2 : 1;
      ctx.fillStyle = colour;
      ctx.beginPath();
      for (const i of list) this.nodeShape(ctx, i, 0);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
    const px = 1 / this.k;
    const rings: Array<[(i: number) => boolean, string, number]> = [
      [i => !!this.nodes[i].focus, this.palette.focusRing, 2.5],
      [i => !!this.view.foundNodes?.has(this.nodes[i].id), HIGHLIGHT_COLOUR, 3],
      [
        i => this.hover?.kind === 'node' && this.hover.id === this.nodes[i].id,
        this.palette.text,
        1.5,
      ],
      [
        i =>
          this.view.selected?.kind === 'node' &&
          this.view.selected.id === this.nodes[i].id,
        HIGHLIGHT_COLOUR,
        4,
      ],
    ];
    for (const [test, colour, w] of rings) {
      const list = onScreen.filter(test);
      if (list.length === 0) continue;
      ctx.strokeStyle = colour;
      ctx.lineWidth = w * px;
      ctx.beginPath();
      for (const i of list) this.nodeShape(ctx, i, (w / 2 + 1) * px);
      ctx.stroke();
    }
    // A dot at the top right: Istio configuration applies to this node (the side panel says which).
    const badged = onScreen.filter(i => this.nodes[i].badges.length > 0);
    if (badged.length > 0) {
      ctx.fillStyle = BADGE_COLOUR;
      ctx.beginPath();
      for (const i of badged) {
        const r = this.radius(i);
        const x = this.positions[2 * i] + r * 0.75;
        const y = this.positions[2 * i + 1] - r * 0.75;
        ctx.moveTo(x + 4, y);
        ctx.arc(x, y, 4, 0, 2 * Math.PI);
      }
      ctx.fill();
    }
  }

  /** A node's outline by kind: circle for workloads and apps, triangle for services, square outside the mesh, diamond for gateways. */
  private nodeShape(ctx: Context2D, i: number, grow: number) {
    const x = this.positions[2 * i];
    const y = this.positions[2 * i + 1];
    const r = this.radius(i) + grow;
    switch (this.nodes[i].kind) {
      case 'service':
        ctx.moveTo(x, y - r * 1.2);
        ctx.lineTo(x + r * 1.1, y + r * 0.8);
        ctx.lineTo(x - r * 1.1, y + r * 0.8);
        ctx.closePath();
        break;
      case 'external':
      case 'unknown':
        ctx.moveTo(x - r * 0.9, y - r * 0.9);
        ctx.rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
        break;
      case 'gateway':
        ctx.moveTo(x, y - r * 1.2);
        ctx.lineTo(x + r * 1.2, y);
        ctx.lineTo(x, y + r * 1.2);
        ctx.lineTo(x - r * 1.2, y);
        ctx.closePath();
        break;
      default:
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
  }

  /** Text in screen space (the transform is the device pixel ratio only), so it stays crisp at any zoom. */
  private drawLabels(
    ctx: Context2D,
    visibleNode: Uint8Array,
    visibleEdge: Uint8Array,
    boxes: { namespaces: Box[]; clusters: Box[] },
  ) {
    const { k, tx, ty } = this;
    ctx.globalAlpha = 1;
    ctx.lineWidth = 3;
    ctx.strokeStyle = this.palette.textHalo;
    ctx.fillStyle = this.palette.text;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.font = '600 11px sans-serif';
    // Names and boxes are always drawn; edge labels only where they cover none of these. Nodes do
    // not count: on a short edge the label would never fit between its two ends.
    const space = new LabelSpace(this.width, this.height);
    for (const b of [...boxes.clusters, ...boxes.namespaces]) {
      const x = b.x0 * k + tx + 6;
      const y = b.y0 * k + ty - 2;
      if (x > this.width || y < 0 || y > this.height + 12) continue;
      ctx.strokeText(b.label, x, y);
      ctx.fillText(b.label, x, y);
      space.take(x, y - LABEL_HEIGHT, x + textWidth(b.label), y);
    }

    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.font = '11px sans-serif';
    const allNames = this.view.nodeLabels || k >= LABEL_ZOOM;
    for (let i = 0; i < this.nodes.length; i++) {
      if (!visibleNode[i]) continue;
      const n = this.nodes[i];
      // Found, focused and selected nodes are named at every zoom: they are what the user looks for.
      const wanted =
        allNames ||
        n.focus ||
        this.view.foundNodes?.has(n.id) ||
        (this.view.selected?.kind === 'node' && this.view.selected.id === n.id);
      if (!wanted) continue;
      const cx = this.positions[2 * i] * k + tx;
      const y = (this.positions[2 * i + 1] + this.radius(i)) * k + ty + 3;
      if (cx < -80 || cx > this.width + 80 || y < -14 || y > this.height)
        continue;
      ctx.strokeText(n.name, cx, y);
      ctx.fillText(n.name, cx, y);
      const half = textWidth(n.name) / 2;
      space.take(cx - half, y, cx + half, y + LABEL_HEIGHT);
    }
    if (this.view.edgeLabels) {
      ctx.textBaseline = 'middle';
      const labelled: Array<{ i: number; x: number; y: number }> = [];
      for (let i = 0; i < this.edges.length; i++) {
        if (!visibleEdge[i]) continue;
        const seg = this.edgeSegment(i);
        if (!seg) continue;
        const x = ((seg.x1 + seg.x2) / 2) * k + tx;
        const y = ((seg.y1 + seg.y2) / 2) * k + ty;
        if (x < -100 || x > this.width + 100 || y < -10 || y > this.height + 10)
          continue;
        labelled.push({ i, x, y });
      }
      // The busiest edges first: where labels would collide, theirs are the ones shown.
      labelled.sort((a, b) => this.edges[b.i].rps - this.edges[a.i].rps);
      for (const { i, x, y } of labelled) {
        const text = edgeLabel(this.edges[i]);
        const half = textWidth(text) / 2;
        const h = LABEL_HEIGHT / 2;
        // At the middle of the edge, else just above or below it.
        const at = [y, y - LABEL_HEIGHT, y + LABEL_HEIGHT].find(ly =>
          space.claim(x - half, ly - h, x + half, ly + h),
        );
        if (at === undefined) continue;
        ctx.strokeText(text, x, at);
        ctx.fillText(text, x, at);
      }
    }
  }
}

function roundedRect(
  ctx: Context2D,
  b: { x0: number; y0: number; x1: number; y1: number },
  r: number,
) {
  ctx.moveTo(b.x0 + r, b.y0);
  ctx.arcTo(b.x1, b.y0, b.x1, b.y1, r);
  ctx.arcTo(b.x1, b.y1, b.x0, b.y1, r);
  ctx.arcTo(b.x0, b.y1, b.x0, b.y0, r);
  ctx.arcTo(b.x0, b.y0, b.x1, b.y0, r);
  ctx.closePath();
}

function arrowhead(
  ctx: Context2D,
  s: { x1: number; y1: number; x2: number; y2: number },
  size: number,
) {
  const len = Math.hypot(s.x2 - s.x1, s.y2 - s.y1);
  if (len < 1e-6) return;
  const ux = (s.x2 - s.x1) / len;
  const uy = (s.y2 - s.y1) / len;
  const bx = s.x2 - ux * size;
  const by = s.y2 - uy * size;
  const w = size * 0.5;
  ctx.moveTo(s.x2, s.y2);
  ctx.lineTo(bx - uy * w, by + ux * w);
  ctx.lineTo(bx + uy * w, by - ux * w);
  ctx.closePath();
}

function segmentInView(
  s: { x1: number; y1: number; x2: number; y2: number },
  vp: { x0: number; y0: number; x1: number; y1: number },
): boolean {
  return !(
    Math.max(s.x1, s.x2) < vp.x0 ||
    Math.min(s.x1, s.x2) > vp.x1 ||
    Math.max(s.y1, s.y2) < vp.y0 ||
    Math.min(s.y1, s.y2) > vp.y1
  );
}

function distanceToSegment(
  x: number,
  y: number,
  s: { x1: number; y1: number; x2: number; y2: number },
): number {
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  const l2 = dx * dx + dy * dy;
  const t =
    l2 === 0
      ? 0
      : Math.max(0, Math.min(1, ((x - s.x1) * dx + (y - s.y1) * dy) / l2));
  return Math.hypot(x - (s.x1 + t * dx), y - (s.y1 + t * dy));
}
