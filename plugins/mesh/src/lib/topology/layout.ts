import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  Simulation,
  SimulationLinkDatum,
  SimulationNodeDatum,
} from 'd3-force';

/**
 * The topology graph's force layout, as plain functions over plain data so that the Web Worker,
 * the main-thread fallback (Jest, browsers without workers) and the benchmark all run the same
 * code. Positions are stable across refreshes: a node seen before starts where it was and is
 * pulled back there, so a 15-second refresh does not reshuffle the picture the user was reading.
 */

export interface Point {
  x: number;
  y: number;
}

/** What the layout needs of a node: its id and the groups (namespace inside cluster) it belongs to. */
export interface LayoutNode {
  id: string;
  cluster?: string;
  namespace: string;
}

export interface LayoutEdge {
  source: string;
  target: string;
}

export interface LayoutInput {
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  /** Where nodes were last time, by id; absent on the first layout. */
  previous?: Map<string, Point>;
}

/** One running layout: positions as `[x0, y0, x1, y1, …]` in the order of `ids`. */
export interface LayoutRun {
  ids: string[];
  /** The current positions (the same array each call; copy it to keep a snapshot). */
  positions: Float32Array;
  /** Runs up to `ticks` iterations; true when the layout has settled (nothing left to do). */
  step(ticks: number): boolean;
  readonly done: boolean;
}

/** Distance between neighbouring seeds in a group, and the spring length of an edge. */
const SPACING = 34;
const LINK_DISTANCE = 60;
/**
 * Half the least distance between two nodes' centres: a node (radius 10, 13 for the entity's own)
 * and the name drawn under it, so a neighbour below does not sit on the name. Without it, a node
 * added on refresh next to a known one could settle on its label (ratings v1 over ratings).
 */
const COLLIDE_RADIUS = 21;
/** Space between namespace discs, and around each cluster's block of namespaces. */
const GROUP_GAP = 80;
const CLUSTER_GAP = 160;
/** Golden angle: successive seeds of a group spread evenly around its centre (phyllotaxis). */
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/** The key of a node's namespace box; also used by the renderer to draw grouping boxes. */
export function groupKey(n: { cluster?: string; namespace: string }): string {
  return `${n.cluster ?? ''}\u0000${n.namespace}`;
}

/** A small deterministic number in [0, 1) from a string, so seeds do not change between runs. */
function hashUnit(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) / 4294967296;
}

function groupRadius(count: number): number {
  return SPACING * Math.sqrt(count) + SPACING;
}

/**
 * Where each namespace group sits when nothing is known about it: namespaces of a cluster packed
 * in a square-ish grid, clusters side by side in another grid, the whole centred on the origin.
 */
export function groupCentres(nodes: LayoutNode[]): Map<string, Point> {
  const clusters = new Map<string, Map<string, number>>();
  for (const n of nodes) {
    const c = n.cluster ?? '';
    let groups = clusters.get(c);
    if (!groups) clusters.set(c, (groups = new Map()));
    const k = groupKey(n);
    groups.set(k, (groups.get(k) ?? 0) + 1);
  }
  const blocks = [...clusters.keys()].sort().map(c => {
    const groups = [...clusters.get(c)!.entries()].sort(([a], [b]) =>
      a < b ? -1 : 1,
    );
    const cell =
      2 * Math.max(...groups.map(([, count]) => groupRadius(count))) +
      GROUP_GAP;
    const cols = Math.ceil(Math.sqrt(groups.length));
    const rows = Math.ceil(groups.length / cols);
    return { groups, cell, cols, width: cols * cell, height: rows * cell };
  });
  const blockCols = Math.ceil(Math.sqrt(blocks.length));
  const blockW = Math.max(0, ...blocks.map(b => b.width)) + CLUSTER_GAP;
  const blockH = Math.max(0, ...blocks.map(b => b.height)) + CLUSTER_GAP;
  const blockRows = Math.ceil(blocks.length / blockCols);
  const centres = new Map<string, Point>();
  blocks.forEach((b, bi) => {
    const bx = (bi % blockCols) * blockW - ((blockCols - 1) * blockW) / 2;
    const by =
      Math.floor(bi / blockCols) * blockH - ((blockRows - 1) * blockH) / 2;
    const rows = Math.ceil(b.groups.length / b.cols);
    b.groups.forEach(([key], gi) => {
      centres.set(key, {
        x: bx + ((gi % b.cols) - (b.cols - 1) / 2) * b.cell,
        y: by + (Math.floor(gi / b.cols) - (rows - 1) / 2) * b.cell,
      });
    });
  });
  return centres;
}

interface SimNode extends SimulationNodeDatum {
  index: number;
  /** Where the x/y forces pull it: its previous position when known, else its group's centre. */
  ax: number;
  ay: number;
  known: boolean;
}

/**
 * Initial positions, drawn at once before any simulation: known nodes where they were, a new
 * node beside a known neighbour (it most likely belongs there), anything else spiralled around
 * its group's centre. Also returns each group's centre, which the simulation pulls towards.
 */
export function seedLayout(input: LayoutInput): {
  positions: Float32Array;
  known: boolean[];
  centres: Map<string, Point>;
} {
  const { nodes, edges, previous } = input;
  const positions = new Float32Array(nodes.length * 2);
  const known = nodes.map(n => previous?.has(n.id) ?? false);
  const centres = groupCentres(nodes);
  // A group that has known members is centred where they are now, not where a fresh grid would put it.
  if (previous) {
    const sums = new Map<string, { x: number; y: number; n: number }>();
    nodes.forEach((node, i) => {
      if (!known[i]) return;
      const p = previous.get(node.id)!;
      const k = groupKey(node);
      const s = sums.get(k) ?? { x: 0, y: 0, n: 0 };
      s.x += p.x;
      s.y += p.y;
      s.n += 1;
      sums.set(k, s);
    });
    for (const [k, s] of sums) centres.set(k, { x: s.x / s.n, y: s.y / s.n });
  }

  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const neighbours: number[][] = nodes.map(() => []);
  for (const e of edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined || s === t) continue;
    neighbours[s].push(t);
    neighbours[t].push(s);
  }
  const seededInGroup = new Map<string, number>();
  nodes.forEach((node, i) => {
    const jitter = hashUnit(node.id);
    if (known[i]) {
      const p = previous!.get(node.id)!;
      positions[2 * i] = p.x;
      positions[2 * i + 1] = p.y;
      return;
    }
    const anchor = neighbours[i].find(j => known[j]);
    if (anchor !== undefined) {
      const p = previous!.get(nodes[anchor].id)!;
      const angle = jitter * 2 * Math.PI;
      positions[2 * i] = p.x + Math.cos(angle) * LINK_DISTANCE * 0.6;
      positions[2 * i + 1] = p.y + Math.sin(angle) * LINK_DISTANCE * 0.6;
      return;
    }
    const k = groupKey(node);
    const c = centres.get(k)!;
    // Members already there (known ones) take the inner rings; new ones spiral outside them.
    const j = seededInGroup.get(k) ?? 0;
    seededInGroup.set(k, j + 1);
    const r = SPACING * Math.sqrt(j + 0.5);
    const angle = j * GOLDEN_ANGLE + jitter * 0.5;
    positions[2 * i] = c.x + Math.cos(angle) * r;
    positions[2 * i + 1] = c.y + Math.sin(angle) * r;
  });
  return { positions, known, centres };
}

/**
 * Starts a layout. The first layout runs hot (alpha 1); a refresh with new nodes runs cool
 * (alpha 0.3) with known nodes pulled firmly to where they were; a refresh that adds nothing
 * does not move anything at all.
 */
export function startLayout(input: LayoutInput): LayoutRun {
  const { nodes, edges } = input;
  const seed = seedLayout(input);
  const positions = seed.positions;
  const ids = nodes.map(n => n.id);
  const knownCount = seed.known.filter(Boolean).length;
  if (nodes.length === 0 || knownCount === nodes.length) {
    return { ids, positions, step: () => true, done: true };
  }

  const simNodes: SimNode[] = nodes.map((n, i) => {
    const c = seed.centres.get(groupKey(n))!;
    const x = positions[2 * i];
    const y = positions[2 * i + 1];
    return seed.known[i]
      ? { index: i, x, y, ax: x, ay: y, known: true }
      : { index: i, x, y, ax: c.x, ay: c.y, known: false };
  });
  const index = new Map(ids.map((id, i) => [id, i]));
  const links: SimulationLinkDatum<SimNode>[] = [];
  for (const e of edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s !== undefined && t !== undefined && s !== t)
      links.push({ source: s, target: t });
  }

  const firstLayout = knownCount === 0;
  const simulation: Simulation<SimNode, undefined> = forceSimulation(simNodes)
    // No internal timer: the caller decides when to tick (worker batches, tests, the bench).
    .stop()
    .alpha(firstLayout ? 1 : 0.3)
    .alphaMin(firstLayout ? 0.005 : 0.01)
    .force(
      'link',
      forceLink<SimNode, SimulationLinkDatum<SimNode>>(links)
        .id(d => d.index)
        .distance(LINK_DISTANCE),
    )
    .force(
      'charge',
      // Barnes–Hut with a coarse theta and a distance cap: 2,000 nodes in a few ms per tick.
      forceManyBody<SimNode>().strength(-70).theta(0.9).distanceMax(500),
    )
    .force(
      'collide',
      // One pass per tick over a quadtree; measured +1.2 ms a tick at 1,000 nodes, +2.4 at 2,000.
      forceCollide<SimNode>(COLLIDE_RADIUS).strength(0.7).iterations(1),
    )
    .force(
      'x',
      forceX<SimNode>(d => d.ax).strength(d => (d.known ? 0.3 : 0.06)),
    )
    .force(
      'y',
      forceY<SimNode>(d => d.ay).strength(d => (d.known ? 0.3 : 0.06)),
    );

  const copyOut = () => {
    for (const n of simNodes) {
      positions[2 * n.index] = n.x!;
      positions[2 * n.index + 1] = n.y!;
    }
  };
  let done = false;
  return {
    ids,
    positions,
    get done() {
      return done;
    },
    step(ticks: number) {
      if (done) return true;
      for (let i = 0; i < ticks && !done; i++) {
        simulation.tick();
        done = simulation.alpha() < simulation.alphaMin();
      }
      copyOut();
      return done;
    },
  };
}

/** Runs a layout to the end at once: the main-thread fallback and the tests. */
export function runLayoutToEnd(
  input: LayoutInput,
  maxTicks = 1000,
): { ids: string[]; positions: Float32Array } {
  const run = startLayout(input);
  let ticks = 0;
  while (!run.step(50) && ticks < maxTicks) ticks += 50;
  return { ids: run.ids, positions: run.positions };
}

/** Positions as a map by id, to be passed as `previous` to the next layout. */
export function positionsById(
  ids: string[],
  positions: Float32Array,
  into: Map<string, Point> = new Map(),
): Map<string, Point> {
  ids.forEach((id, i) => {
    const x = positions[2 * i];
    const y = positions[2 * i + 1];
    if (Number.isFinite(x) && Number.isFinite(y)) into.set(id, { x, y });
  });
  return into;
}
